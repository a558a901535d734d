"""Withdrawing from the agreement: the party's notice, and the steering group registering it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parties import extensions
from parties.models import Membership, Organisation, Withdrawal
from parties.services.decisions import record, tell_decided
from parties.services.errors import NotAllowed
from parties.services.memberships import membership_of
from parties.services.renewal import withdrawal_given
from parties.tasks import notify


@transaction.atomic
def give_withdrawal_notice(
    party: Membership | Organisation,
    *,
    by,
    agreement=None,
    given_by_name: str,
    reason: str,
    notice_date: datetime.date | None = None,
    tell_steering_group: bool = True,
) -> Withdrawal:
    """Notice of withdrawal from one agreement: `party` is the membership (or an
    organisation with `agreement`, see `membership_of`)."""
    membership = membership_of(party, agreement)
    membership = Membership._base_manager.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise NotAllowed(_("Only a party to the agreement can give notice of withdrawal."))
    if Withdrawal._base_manager.filter(membership=membership, registered_at__isnull=True).exists():
        raise NotAllowed(_("Notice of withdrawal has already been given."))
    withdrawal = Withdrawal.objects.create(
        membership=membership,
        notice_date=notice_date or timezone.localdate(),
        reason=reason.strip(),
        given_by=by,
        given_by_name=given_by_name.strip(),
    )
    record(withdrawal, "", "notice_given", actor=by, reason=withdrawal.reason)
    # The notice answers a request to confirm continued participation, if one is open.
    withdrawal_given(withdrawal, by=by)
    if tell_steering_group:
        notify("withdrawal_to_steering_group", withdrawal.pk)
    return withdrawal


@transaction.atomic
def register_withdrawal(
    withdrawal: Withdrawal, *, by, note: str = "", citation: dict | None = None
) -> Withdrawal:
    withdrawal = (
        Withdrawal._base_manager.select_for_update()
        .select_related("membership__organisation")
        .get(pk=withdrawal.pk)
    )
    if withdrawal.is_registered:
        raise NotAllowed(_("This withdrawal has already been registered."))
    membership = Membership._base_manager.select_for_update().get(pk=withdrawal.membership_id)
    now = timezone.now()
    withdrawal.registered_at, withdrawal.registered_by = now, by
    withdrawal.save(update_fields=["registered_at", "registered_by"])
    old = membership.status
    membership.status = Membership.Status.WITHDRAWN
    membership.withdrawn_on = timezone.localdate(now)
    membership.save(update_fields=["status", "withdrawn_on", "updated_at"])
    record(withdrawal, "notice_given", "registered", actor=by, reason=note)
    record(membership, old, membership.status, actor=by, reason=withdrawal.reason)
    # Higher apps end what the party held in this agreement (its seats) in this same
    # transaction.
    extensions.party_withdrawn(
        membership.organisation,
        on=membership.withdrawn_on,
        by=by,
        agreement=membership.agreement,
    )
    tell_decided(withdrawal, "registered", by=by, citation=citation)
    notify("withdrawal_registered", withdrawal.pk)
    return withdrawal


@transaction.atomic
def register_written_withdrawal(
    party: Membership | Organisation,
    *,
    by,
    agreement=None,
    given_by_name: str,
    reason: str,
    notice_date: datetime.date,
    citation: dict | None = None,
) -> Withdrawal:
    """A notice that reached the steering group on paper or by email, not through the
    portal: the steering group records it and registers it in one step."""
    if notice_date > timezone.localdate():
        raise NotAllowed(_("The date of the notice cannot be in the future."))
    withdrawal = give_withdrawal_notice(
        membership_of(party, agreement),
        by=by,
        given_by_name=given_by_name,
        reason=reason,
        notice_date=notice_date,
        tell_steering_group=False,
    )
    return register_withdrawal(
        withdrawal, by=by, note=_("Notice received in writing"), citation=citation
    )
