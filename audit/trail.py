"""Writing the audit trail: the one function every service calls for a status change."""

from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry


def record(obj, old: str, new: str, *, owner=None, actor=None, reason: str = "") -> AuditEntry:
    """Write the audit record of one status change of `obj`.

    `owner` is the record whose history shows the change (a party for its application);
    by default the changed record itself. Call it inside the service's transaction.
    """
    entry_ = entry(obj, old, new, owner=owner, actor=actor, reason=reason)
    entry_.save()
    return entry_


def entry(obj, old: str, new: str, *, owner=None, actor=None, reason: str = "") -> AuditEntry:
    """The audit record `record` writes, unsaved: for a service that changes many records
    at once and inserts their records in one `bulk_create`."""
    owner = owner if owner is not None else obj
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        old_status=old,
        new_status=str(new),
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
    )
