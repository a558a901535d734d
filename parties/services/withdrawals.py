"""Withdrawing from the agreement: the party's notice, and the steering group registering it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parties import extensions
from parties.models import Organisation, Withdrawal
from parties.services.decisions import record, tell_decided
from parties.services.errors import NotAllowed
from parties.services.renewal import withdrawal_given
from parties.tasks import notify


@transaction.atomic
def give_withdrawal_notice(
    organisation: Organisation,
    *,
    by,
    given_by_name: str,
    reason: str,
    notice_date: datetime.date | None = None,
    tell_steering_group: bool = True,
) -> Withdrawal:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Organisation.Status.ACTIVE:
        raise NotAllowed(_("Only a party to the agreement can give notice of withdrawal."))
    if organisation.withdrawals.unregistered().exists():
        raise NotAllowed(_("Notice of withdrawal has already been given."))
    withdrawal = Withdrawal.objects.create(
        organisation=organisation,
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
        Withdrawal.objects.select_for_update().select_related("organisation").get(pk=withdrawal.pk)
    )
    if withdrawal.is_registered:
        raise NotAllowed(_("This withdrawal has already been registered."))
    organisation = Organisation.objects.select_for_update().get(pk=withdrawal.organisation_id)
    now = timezone.now()
    withdrawal.registered_at, withdrawal.registered_by = now, by
    withdrawal.save(update_fields=["registered_at", "registered_by"])
    old = organisation.status
    organisation.status = Organisation.Status.WITHDRAWN
    organisation.withdrawn_on = timezone.localdate(now)
    organisation.save(update_fields=["status", "withdrawn_on", "updated_at"])
    record(withdrawal, "notice_given", "registered", actor=by, reason=note)
    record(organisation, old, organisation.status, actor=by, reason=withdrawal.reason)
    # Higher apps end what the party held (its seats) in this same transaction.
    extensions.party_withdrawn(organisation, on=organisation.withdrawn_on, by=by)
    tell_decided(withdrawal, "registered", by=by, citation=citation)
    notify("withdrawal_registered", withdrawal.pk)
    return withdrawal


@transaction.atomic
def register_written_withdrawal(
    organisation: Organisation,
    *,
    by,
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
        organisation,
        by=by,
        given_by_name=given_by_name,
        reason=reason,
        notice_date=notice_date,
        tell_steering_group=False,
    )
    return register_withdrawal(
        withdrawal, by=by, note=_("Notice received in writing"), citation=citation
    )
