"""How a decision taken in the parties admin names the meeting paragraph that took it."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from steering.models import Meeting


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        local = timezone.localtime(meeting.starts_at)
        return f"{local:%Y-%m-%d} {meeting.where}".strip()


def decision_form_fields() -> dict:
    """Provider for `parties.extensions.DECISION_FORM_FIELDS`."""
    agreement = Agreement.objects.current()
    recent = timezone.now() - datetime.timedelta(days=400)
    meetings = Meeting.objects.filter(agreement=agreement, starts_at__gte=recent).order_by(
        "-starts_at"
    )
    return {
        "meeting": MeetingChoiceField(
            queryset=meetings,
            required=False,
            label=_("Decided at the meeting (optional)"),
            empty_label=_("– no meeting –"),
            help_text=_(
                "Records the decision as a numbered paragraph of the meeting, cited on the "
                "receipt and in the party's history."
            ),
        ),
        "paragraph": forms.IntegerField(
            required=False,
            min_value=1,
            max_value=999,
            label=_("Paragraph (§)"),
            help_text=_("Leave empty for the next free number at the meeting."),
        ),
    }
