"""The process leader's form on /rapporter/: which year's report to generate, with the
chair's foreword and the method note the version is made with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from followup import reports
from followup.models import AnnualReport
from followup.models.report import FOREWORD_MAX


class ReportYearForm(forms.Form):
    # An integer with a select rather than a ChoiceField: a year outside the list gets
    # the service's own explanation (before the agreement, not begun yet), not a bare
    # "invalid choice".
    year = forms.IntegerField(
        label=_("Year"),
        widget=forms.Select,
        error_messages={
            "required": _("Choose the year the report is about."),
            "invalid": _("Choose one of the years in the list."),
        },
    )

    foreword = forms.CharField(
        label=_("Foreword by the chair"),
        required=False,
        max_length=FOREWORD_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "On the report's first pages, signed with the chair's name. Blank lines "
            "separate paragraphs. Leave it empty for a report without a foreword."
        ),
    )
    method_note = forms.CharField(
        label=_("Method note"),
        required=False,
        max_length=FOREWORD_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "How the figures were collected, in your words. The report adds the day the "
            "figures hold on and where each of them comes from."
        ),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.years = reports.years_for(agreement)
        self.fields["year"].widget.choices = [(year, str(year)) for year in self.years]
        if not self.is_bound and self.years:
            # Start from the texts of the newest version of the newest year: a new
            # version is usually the same report with its texts corrected.
            latest = (
                AnnualReport.objects.filter(agreement=agreement, year=self.years[0])
                .order_by("-version")
                .only("foreword", "method_note")
                .first()
            )
            if latest is not None:
                self.initial.setdefault("foreword", latest.foreword)
                self.initial.setdefault("method_note", latest.method_note)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        try:
            reports.check_year(self.agreement, year)
        except reports.ReportError as error:
            raise forms.ValidationError(str(error), code="year") from error
        if year not in self.years:
            # After the agreement's last year: check_year does not know about the end.
            raise forms.ValidationError(_("Choose one of the years in the list."), code="year")
        return year
