"""The contact person's revision proposal (/min-organisation/forslag/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Principle
from followup.models import ProposalPart, RevisionProposal

TEXT_MAX = 5000
SECTION_MAX = RevisionProposal._meta.get_field("section").max_length


def _text_errors(what_is_missing) -> dict:
    return {
        "required": what_is_missing,
        "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
    }


class ProposalForm(forms.Form):
    part = forms.ChoiceField(
        label=_("Which part of the agreement do you propose to change?"),
        choices=ProposalPart.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the part of the agreement the proposal is about."),
            "invalid_choice": _("Choose one of the parts in the list."),
        },
    )
    principle = forms.ModelChoiceField(
        label=_("Principle"),
        queryset=None,
        required=False,
        empty_label=_("Choose a principle"),
        help_text=_("Only when you chose “A principle” above."),
        error_messages={
            "invalid_choice": _("Choose one of the principles of the agreement in force."),
        },
    )
    section = forms.CharField(
        label=_("Which section"),
        max_length=SECTION_MAX,
        required=False,
        help_text=_("Only when you chose “Another section” above, for example “Goals”."),
        error_messages=_text_errors(_("Name the section the proposal is about.")),
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording"),
        max_length=TEXT_MAX,
        help_text=_("The text as you would like it to read. At most 5,000 characters."),
        error_messages=_text_errors(_("Write the wording you propose.")),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=TEXT_MAX,
        help_text=_("Why the agreement should change. At most 5,000 characters."),
        error_messages=_text_errors(_("Write why you propose the change.")),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        # Only the agreement in force: a principle of another one is “not one of the choices”.
        version = agreement.in_force
        self.fields["principle"].queryset = (
            version.principles.all() if version is not None else Principle.objects.none()
        )

    def clean(self) -> dict:
        data = super().clean()
        part = data.get("part")
        if part == ProposalPart.PRINCIPLE and not data.get("principle"):
            if "principle" not in self.errors:
                self.add_error("principle", _("Choose the principle the proposal is about."))
        if part == ProposalPart.SECTION and not data.get("section"):
            if "section" not in self.errors:
                self.add_error("section", _("Name the section the proposal is about."))
        return data
