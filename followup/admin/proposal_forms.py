"""The forms of the revision proposals' admin: the proposal itself, the conference it goes
to, the steering group's decision, and the list's filter on being public."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from followup.models import Conference, ProposalPart, RevisionProposal
from steering.models import Meeting


class ProposalForm(forms.ModelForm):
    class Meta:
        model = RevisionProposal
        fields = [
            "agreement",
            "part",
            "principle",
            "section",
            "proposed_wording",
            "rationale",
            "conference",
        ]

    def clean(self):
        data = super().clean()
        part = data.get("part")
        principle = data.get("principle")
        agreement = data.get("agreement") or getattr(self.instance, "agreement", None)
        if part == ProposalPart.PRINCIPLE:
            if principle is None and "principle" not in self.errors:
                self.add_error("principle", _("Choose the principle the proposal is about."))
            elif (
                principle is not None
                and agreement is not None
                and principle.version.agreement_id != agreement.pk
            ):
                self.add_error("principle", _("Choose a principle of the agreement in force."))
        elif part:
            data["principle"] = None
        if part and part != ProposalPart.SECTION:
            data["section"] = ""
        conference = data.get("conference")
        if conference is not None and agreement is not None:
            if conference.agreement_id != agreement.pk:
                self.add_error("conference", _("Choose a conference of this agreement."))
        return data


class ConferenceChoiceForm(forms.Form):
    conference = forms.ModelChoiceField(
        label=_("conference"),
        queryset=Conference.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
    )

    def __init__(self, *args, proposal: RevisionProposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = Conference.objects.filter(
            agreement_id=proposal.agreement_id
        ).order_by("-starts_at")
        self.fields["conference"].error_messages["invalid_choice"] = _(
            "Choose a conference of this agreement."
        )


class DecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("The steering group's meeting that took the decision."),
        error_messages={"required": _("Choose the meeting that took the decision.")},
    )
    number = forms.IntegerField(
        label=_("paragraph (§)"),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Leave empty for the next free number at the meeting."),
    )
    text = forms.CharField(
        label=_("the decision's wording"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Write the decision's wording.")},
    )

    def __init__(self, *args, proposal: RevisionProposal, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a held meeting whose minutes are not yet published takes decisions.
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(agreement_id=proposal.agreement_id)
            .taking_decisions()
            .order_by("-starts_at")
        )
        self.fields["meeting"].error_messages["invalid_choice"] = _(
            "Choose a meeting of this agreement's steering group."
        )


class PublicFilter(admin.SimpleListFilter):
    title = _("public")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_at__isnull=True)
        return queryset
