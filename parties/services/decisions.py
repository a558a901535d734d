"""What every status change and decision of the steering group shares: the audit record,
the row locked for the decision, the required reason, and telling higher apps."""

from django.utils import timezone

from audit import trail
from audit.models import AuditEntry
from parties import extensions
from parties.models import Organisation
from parties.services.errors import NotAllowed


def record(obj, old: str, new: str, *, actor=None, reason: str = "") -> AuditEntry:
    """Write the audit record of one status change of `obj` (a party or one of its records)."""
    organisation = obj if isinstance(obj, Organisation) else obj.organisation
    return trail.record(obj, old, new, owner=organisation, actor=actor, reason=reason)


def locked_pending(model, obj, already_decided: str):
    """The row locked for the decision, if nobody has decided it yet."""
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if locked.status != model.Status.PENDING:
        raise NotAllowed(already_decided)
    return locked


def required_reason(reason: str | None, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(missing)
    return reason


def decide(decided, status: str, *, by, reason: str, when=None, citation=None) -> None:
    """Record the steering group's decision on an application or a change request."""
    decided.status = status
    decided.decided_at, decided.decided_by = when or timezone.now(), by
    decided.decision_reason = reason.strip()
    decided.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    record(decided, decided.Status.PENDING, status, actor=by, reason=decided.decision_reason)
    tell_decided(decided, status, by=by, citation=citation)


def tell_decided(decided, outcome: str, *, by, citation) -> None:
    """Let higher apps record the decision (a numbered paragraph) in this transaction."""
    extensions.decision_taken(decided, str(outcome), by=by, citation=citation)
