"""How people, statuses and an organisation's history are shown on the admin's pages."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from parties import extensions
from parties.models import Application, ChangeRequest, Organisation

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
    "parties.organisation": dict(Organisation.Status.choices),
    "parties.application": dict(Application.Status.choices),
    "parties.changerequest": dict(ChangeRequest.Status.choices),
    "parties.withdrawal": WITHDRAWAL_STEPS,
}


def status_label(entry: AuditEntry, value: str) -> str:
    if not value:
        return "–"
    return str(STATUS_LABELS.get(entry.subject_model, {}).get(value, value))


def render_audit_trail(entries) -> str:
    entries = list(entries)
    references = extensions.entry_references(entries)
    rows = [
        {
            "reference": references.get(entry.pk, ""),
            "at": entry.at,
            "subject": entry.subject,
            "old": status_label(entry, entry.old_status),
            "new": status_label(entry, entry.new_status),
            "actor": person(entry.actor),
            "reason": entry.reason,
        }
        for entry in entries
    ]
    return render_to_string("admin/parties/includes/audit_trail.html", {"rows": rows})
