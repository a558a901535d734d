"""Invitations to answer a follow-up round: who is asked, and the email each contact gets.

`invite` runs when a round opens (the task `send_invitations`), every hour while it is
open (new parties, new contact persons; `followup.reminders`), and when one party joins
or changes its contact person (`invite_party`). Each email is claimed in the outbox.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.pages import agreement_link
from audit.models import SentNotification
from audit.trail import record
from common import outbox
from followup.models import FollowUpRound, Response, RoundStatus
from parties.models import ContactPerson, Organisation

INVITATION = "followup_invitation"


def form_url(round: FollowUpRound) -> str:
    """The round's form, at its own agreement's address (agreements.pages)."""
    return agreement_link(round.agreement, "followup:form", round.year)


def current_contacts(organisation_ids) -> dict[int, ContactPerson]:
    contacts = (
        ContactPerson.objects.current()
        .filter(organisation_id__in=organisation_ids)
        .exclude(email="")
        .select_related("organisation")
    )
    return {contact.organisation_id: contact for contact in contacts}


def already_sent(kind: str, responses) -> set[tuple[int, str]]:
    """(response pk, recipient) pairs the outbox holds for `kind`, for any occasion."""
    rows = SentNotification.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(Response),
        object_id__in=[response.pk for response in responses],
    ).values_list("object_id", "recipient")
    return {(object_id, recipient) for object_id, recipient in rows}


def invite(
    round: FollowUpRound,
    *,
    organisations: list[int] | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Ask every active party (or those in `organisations`) to answer an open round.

    Makes the party's response (not started) and sends its current contact person the
    invitation, once per contact: a party that joins during the round is asked when it
    joins, and a new contact person gets the invitation too. Returns the emails sent.
    """
    now = now or timezone.now()
    if round.status_on(timezone.localdate(now)) != RoundStatus.OPEN:
        return 0
    parties = Organisation.objects.party_to(round.agreement_id)
    if organisations is not None:
        parties = parties.filter(pk__in=organisations)
    missing = parties.exclude(followup_responses__round=round).values_list("pk", flat=True)
    Response.objects.bulk_create(
        [Response(round=round, organisation_id=pk) for pk in missing], ignore_conflicts=True
    )
    if FollowUpRound.objects.filter(pk=round.pk, opened_at__isnull=True).update(opened_at=now):
        round.opened_at = now
        record(round, RoundStatus.PLANNED, RoundStatus.OPEN, reason=_("Invitations sent"))

    responses = list(
        round.responses.exclude(status=Response.Status.SUBMITTED)
        .filter(organisation__in=parties)
        .select_related("organisation")
        .order_by("pk")
    )
    contacts = current_contacts([response.organisation_id for response in responses])
    sent_before = already_sent(INVITATION, responses)
    invited: list[int] = []
    try:
        for response in responses:
            contact = contacts.get(response.organisation_id)
            if contact is None or (response.pk, contact.email.lower()) in sent_before:
                continue
            context = {
                "agreement": round.agreement,
                "round": round,
                "response": response,
                "organisation": response.organisation,
                "contact": contact,
                "form_url": form_url(round),
            }
            if outbox.send_once(
                INVITATION,
                response,
                contact.email,
                lambda context=context, contact=contact: outbox.compose(
                    "followup/email/invitation", context, contact.email
                ),
            ):
                invited.append(response.pk)
    finally:
        # One update for the run, also when the mail server stops it halfway: the
        # reminders count from the first invitation of every party that got one.
        Response.objects.filter(pk__in=invited, invited_at__isnull=True).update(invited_at=now)
    return len(invited)


def invite_party(organisation_id: int) -> int:
    """Invite one party to every open round (it joined, or its contact person changed)."""
    today = timezone.localdate()
    return sum(
        invite(round, organisations=[organisation_id])
        for round in FollowUpRound.objects.open_on(today).select_related("agreement").order_by("pk")
    )
