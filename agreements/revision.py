"""The revision of the agreement's text: a draft of the next version, copied from the one in
force, and the day an adopted version comes into force.

The steering group's adoption of a draft is a decision, so it lives in `steering.adoption`;
the draft taking up the conference's adopted proposals is `followup.drafting`.
Each operation runs in one transaction and writes its audit record there.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, Goal, Principle, Version
from audit import trail

# What a draft takes over from the version it replaces: its whole text and every rule.
COPIED_FIELDS = [
    "title",
    "introduction",
    "vision",
    "purpose",
    "valid_from",
    "valid_until",
    "review_due",
    "signing_sectors",
    "renewal_required",
    "steering_balanced",
    "steering_chairs_from_different_sectors",
    "steering_chair_mandate_months",
    "steering_max_seats_per_party",
    "quorum_percent",
    "quorum_each_sector",
    "per_capsulam_rule",
]
GOAL_FIELDS = ["order", "title", "description"]
PRINCIPLE_FIELDS = ["order", "name", "slug", "summary", "description"]

# A version that stops being in force when the next one starts.
ENDS_WHEN_REPLACED = [Version.Status.ACTIVE, Version.Status.UNDER_REVIEW]


class RevisionError(Exception):
    """A revision step that cannot be taken; the message says why, to the person."""


def draft_of(agreement: Agreement) -> Version | None:
    """The agreement's draft of its next version, if one is being prepared."""
    return agreement.versions.filter(status=Version.Status.DRAFT).order_by("-number").first()


def previous_version(version: Version) -> Version | None:
    """The version `version` is compared with: the one it replaces, else the one numbered
    before it."""
    if version.replaces_id:
        return version.replaces
    return (
        Version.objects.filter(agreement_id=version.agreement_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def start_draft(agreement: Agreement, *, by) -> Version:
    """Start the draft of the next version: a copy of the version in force (text, goals,
    principles, validity, who may sign and the steering group's rules), numbered after the
    highest, replacing the version in force. Refused while a draft exists."""
    # One draft at a time: two process leaders starting one at once wait for each other.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if existing := draft_of(agreement):
        raise RevisionError(
            _(
                "A draft of the next version already exists (version %(number)s). Edit it, "
                "or let the steering group adopt it, before you start another."
            )
            % {"number": existing.number}
        )
    source = agreement.in_force
    if source is None:
        raise RevisionError(_("There is no version in force to start a draft from."))
    highest = agreement.versions.aggregate(Max("number"))["number__max"] or 0
    draft = Version(
        agreement=agreement,
        number=highest + 1,
        status=Version.Status.DRAFT,
        replaces=source,
        **{field: getattr(source, field) for field in COPIED_FIELDS},
    )
    draft.signing_sectors = list(source.signing_sectors)
    draft.save()
    Goal.objects.bulk_create(
        Goal(version=draft, **{field: getattr(goal, field) for field in GOAL_FIELDS})
        for goal in source.goals.all()
    )
    Principle.objects.bulk_create(
        Principle(version=draft, **{field: getattr(p, field) for field in PRINCIPLE_FIELDS})
        for p in source.principles.all()
    )
    trail.record(
        draft,
        "",
        draft.status,
        actor=by,
        reason=_("Draft started from version %(number)s") % {"number": source.number},
    )
    return draft


def activate_due_versions(today: datetime.date | None = None) -> list[Version]:
    """Make every adopted version whose start date has come the active one, and the one it
    replaces (or any other still active) expired. Looks at state, so a missed day catches
    up and a second run does nothing."""
    today = today or timezone.localdate()
    activated = []
    due = Version.objects.filter(status=Version.Status.ADOPTED, valid_from__lte=today)
    for pk in due.order_by("valid_from", "number").values_list("pk", flat=True):
        if (version := _activate(pk, today)) is not None:
            activated.append(version)
    return activated


@transaction.atomic
def _activate(pk: int, today: datetime.date) -> Version | None:
    version = Version.objects.select_for_update().filter(pk=pk).first()
    if version is None or version.status != Version.Status.ADOPTED or version.valid_from > today:
        return None  # another run got there first
    reason = _("Version %(number)s came into force on %(date)s") % {
        "number": version.number,
        "date": version.valid_from.isoformat(),
    }
    # The one it replaces ends first: only one version of an agreement is active at a time.
    ending = (
        Version.objects.select_for_update()
        .filter(agreement_id=version.agreement_id, status__in=ENDS_WHEN_REPLACED)
        .exclude(pk=version.pk)
        .order_by("number")
    )
    if any(old.number > version.number for old in ending):
        return None  # a later version is already in force; this one never takes over
    for old in ending:
        previous = old.status
        old.status = Version.Status.EXPIRED
        old.save(update_fields=["status", "updated_at"])
        trail.record(old, previous, old.status, reason=reason)
    version.status = Version.Status.ACTIVE
    version.save(update_fields=["status", "updated_at"])
    trail.record(version, Version.Status.ADOPTED, version.status, reason=reason)
    return version
