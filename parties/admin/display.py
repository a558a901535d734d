"""How people, statuses and an organisation's history are shown on the admin's pages."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from parties.models import Application, AuditEntry, ChangeRequest, Organisation

# ---- helpers ------------------------------------------------------------------------------


def person(user) -> str:
    """How a staff member or contact is named in lists: full name, else email."""
    if user is None:
        return "–"
    return user.get_full_name() or user.email or user.get_username()


WITHDRAWAL_STEPS = {
    "notice_given": _("Notice given"),
    "registered": _("Registered"),
}
STATUS_LABELS = {
    AuditEntry.Subject.ORGANISATION: dict(Organisation.Status.choices),
    AuditEntry.Subject.APPLICATION: dict(Application.Status.choices),
    AuditEntry.Subject.CHANGE_REQUEST: dict(ChangeRequest.Status.choices),
    AuditEntry.Subject.WITHDRAWAL: WITHDRAWAL_STEPS,
}


def status_label(entry: AuditEntry, value: str) -> str:
    if not value:
        return "–"
    return str(STATUS_LABELS.get(entry.subject, {}).get(value, value))


def render_audit_trail(entries) -> str:
    rows = [
        {
            "at": entry.at,
            "subject": entry.get_subject_display(),
            "old": status_label(entry, entry.old_status),
            "new": status_label(entry, entry.new_status),
            "actor": person(entry.actor),
            "reason": entry.reason,
        }
        for entry in entries
    ]
    return render_to_string("admin/parties/includes/audit_trail.html", {"rows": rows})
