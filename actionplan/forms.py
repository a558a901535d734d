"""The contact person's progress update (/min-organisation/aktiviteter/<id>/)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan import services
from actionplan.models import Activity, Status

PROGRESS_ERRORS = {
    "required": _("Give the progress as a number from 0 to 100."),
    "invalid": _("Give the progress as a whole number from 0 to 100."),
    "min_value": _("Progress is a number from 0 to 100."),
    "max_value": _("Progress is a number from 0 to 100."),
}


class ProgressUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the activity's status."),
            "invalid_choice": _("Choose one of the statuses in the list."),
        },
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("A number from 0 to 100. Done sets 100; planned with no number given sets 0."),
        error_messages=PROGRESS_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    date = forms.DateField(
        label=_("Date"),
        # The example is set per form (see __init__): a date in the past, as the form asks.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        required=False,
        help_text=_("Shown on the activity's public page. Do not write personal data here."),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": activity.status,
                "progress": activity.progress,
                "date": timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)
        self.activity = activity
        # A future date is refused, so the example is one the form takes: a week ago.
        example = {"date": (timezone.localdate() - datetime.timedelta(days=7)).isoformat()}
        date = self.fields["date"]
        date.help_text = _("When it happened, for example %(date)s.") % example
        date.error_messages["required"] = _("Give the date, for example %(date)s.") % example
        date.error_messages["invalid"] = (
            _("Write the date as year-month-day, for example %(date)s.") % example
        )

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return date

    def clean(self) -> dict:
        data = super().clean()
        status = data.get("status")
        if status and "progress" not in self.errors:
            # The service's own rule, so the form and the service never disagree.
            try:
                data["progress"] = services.check_values(status, data.get("progress"))
            except services.PlanError as error:
                self.add_error("progress", str(error))
        return data
