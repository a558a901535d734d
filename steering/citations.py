"""How a decision taken in the parties admin names the meeting paragraph that took it."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import scoping
from steering.models import Meeting


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        local = timezone.localtime(meeting.starts_at)
        return f"{local:%Y-%m-%d} {meeting.where}".strip()


def _of_guarded_agreements(meetings):
    allowed = scoping.current_agreement_ids()
    if allowed == scoping.ALL:
        return meetings
    return meetings.filter(agreement__in=allowed or ())


def decision_form_fields() -> dict:
    """On the ``decision_form_fields`` hook: the meeting and paragraph that decided."""
    recent = timezone.now() - datetime.timedelta(days=400)
    # Only a held meeting whose minutes are not yet published takes decisions; the service
    # refuses the others too (steering.services.why_no_decisions). The form is the admin's:
    # the meetings of the agreements the guard lets the staff member see (common.scoping).
    meetings = (
        _of_guarded_agreements(Meeting.objects.filter(starts_at__gte=recent))
        .taking_decisions()
        .order_by("-starts_at")
    )
    return {
        "meeting": MeetingChoiceField(
            queryset=meetings,
            required=False,
            label=_("Decided at the meeting (optional)"),
            empty_label=_("– no meeting –"),
            help_text=_(
                "Records the decision as a numbered paragraph of the meeting, cited on the "
                "receipt and in the party's history. Only meetings that have been held and "
                "whose minutes are not yet published are listed."
            ),
            error_messages={
                "invalid_choice": _(
                    "Choose a meeting that has been held and whose minutes are not yet published."
                )
            },
        ),
        "paragraph": forms.IntegerField(
            required=False,
            min_value=1,
            max_value=999,
            label=_("Paragraph (§)"),
            help_text=_("Leave empty for the next free number at the meeting."),
        ),
    }
