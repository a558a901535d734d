from django import forms
from django.utils.translation import gettext_lazy as _

from steering.models import PerCapsulamAnswer


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=PerCapsulamAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, no or abstain.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the steering group with your answer."),
    )
