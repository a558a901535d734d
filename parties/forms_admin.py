"""Forms for the admin's decision pages (approve, reject, register).

Each form collects the one piece of text that goes into the audit record with the decision.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from parties import extensions

REASON_MAX_LENGTH = 2000


def _text_area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 5, "cols": 80, "class": "vLargeTextField"})


class CitingForm(forms.Form):
    """A decision form with the fields higher apps add (e.g. the meeting that decided)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.citation_fields = []
        for name, field in extensions.decision_form_fields().items():
            self.fields[name] = field
            self.citation_fields.append(name)

    def citation(self) -> dict:
        """What the added fields say; passed to the service, which passes it on.

        One dict for every record decided with this form, so that a receiver can use up a
        value meant for the first of them (a paragraph number) and leave the rest theirs.
        """
        if not hasattr(self, "_citation"):
            self._citation = {name: self.cleaned_data.get(name) for name in self.citation_fields}
        return self._citation


class DecisionForm(CitingForm):
    """Approving: a reason may be given; it is kept with the decision."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Kept with the decision in the organisation's history."),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=_text_area(),
    )

    def text(self) -> str:
        return self.cleaned_data["reason"]


class RejectionForm(DecisionForm):
    """Rejecting: the reason is required, and the contact person is told it."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Required. The reason is kept with the decision and sent to the organisation's "
            "contact person."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=_text_area(),
        error_messages={
            "required": _("Give a reason for the rejection. It is sent to the contact person.")
        },
    )


class RegistrationForm(CitingForm):
    """Registering a withdrawal: an optional note for the history."""

    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example the steering group's meeting where the notice was registered."),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=_text_area(),
    )

    def text(self) -> str:
        return self.cleaned_data["note"]
