"""What the follow-up's admin pages show beside the fields: history, the outbox, labels."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry, SentNotification
from followup import invitations, reminders
from followup.models import Response
from parties.admin.display import render_audit_trail

EMAIL_KINDS = {
    invitations.INVITATION: _("Invitation"),
    reminders.REMINDER: _("Reminder"),
}


def email_kind(kind: str) -> str:
    return str(EMAIL_KINDS.get(kind, kind))


def history(obj: Model) -> str:
    """The record's status changes, newest first, as the parties' admin shows them."""
    return render_audit_trail(AuditEntry.objects.about(obj).select_related("actor", "content_type"))


def emails_sent(responses: list[Response]) -> dict[int, list[SentNotification]]:
    """{response pk: the emails sent about it, oldest first}: one query for any number."""
    sent = defaultdict(list)
    if not responses:
        return sent
    rows = SentNotification.objects.filter(
        content_type=ContentType.objects.get_for_model(Response),
        object_id__in=[response.pk for response in responses],
    ).order_by("sent_at", "pk")
    for row in rows:
        row.kind_label = email_kind(row.kind)
        sent[row.object_id].append(row)
    return sent


def take_over(obj: Model, made: Model) -> None:
    """Make the admin's unsaved `obj` the record a service `made`, so that the admin's
    messages and redirects after "add" point at the saved record."""
    for field in made._meta.concrete_fields:
        setattr(obj, field.attname, getattr(made, field.attname))
    obj._state.adding = False
