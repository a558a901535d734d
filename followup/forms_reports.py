"""The process leader's form on /rapporter/: which year's report to generate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from followup import reports


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

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.years = reports.years_for(agreement)
        self.fields["year"].widget.choices = [(year, str(year)) for year in self.years]

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
