"""How people, statuses and an organisation's history are shown on the admin's pages."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from audit.labels import Labels
from parties import extensions

# ---- helpers ------------------------------------------------------------------------------


def person(user) -> str:
    """How a staff member or contact is named in lists: full name, else email."""
    if user is None:
        return "–"
    return user.get_full_name() or user.email or user.get_username()


def _by(entry, references: dict[int, str]) -> str:
    # A decision recorded without a person (between meetings) is the steering group's.
    if entry.actor_id is None and entry.pk in references:
        return str(_("The steering group"))
    return person(entry.actor)


def render_audit_trail(entries) -> str:
    """A record's status changes, newest first, with the statuses in words."""
    entries = list(entries)
    references = extensions.entry_references(entries)
    labels = Labels.collect()
    rows = [
        {
            "reference": references.get(entry.pk, ""),
            "at": entry.at,
            "subject": entry.subject,
            "old": labels.label(entry.subject_model, entry.old_status) or "–",
            "new": labels.label(entry.subject_model, entry.new_status),
            "actor": _by(entry, references),
            "reason": entry.reason,
        }
        for entry in entries
    ]
    return render_to_string("admin/parties/includes/audit_trail.html", {"rows": rows})
