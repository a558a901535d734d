"""Invitations to answer a round: every active party's current contact once, a party that
joins during the round when it joins, a new contact person when the role is handed over."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from audit.models import SentNotification
from common.outbox import TemporaryFailure
from followup import invitations as followup_invitations
from followup import reminders, services
from followup.models import FollowUpRound, Response
from parties import services as parties
from tests.conftest import _make_user

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def invitation_subject(round: FollowUpRound) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("followup/email/invitation_subject.txt", {"round": round})
    return " ".join(text.split())


def invitations(mailoutbox, round: FollowUpRound) -> list[str]:
    """The addresses invited to `round`, one entry per email (other emails left out)."""
    subject = invitation_subject(round)
    return sorted(
        address for message in mailoutbox if message.subject == subject for address in message.to
    )


def contact_email(party) -> str:
    return party.contacts.get(is_current=True).email


@pytest.fixture
def planned(agreement, process_leader) -> FollowUpRound:
    return services.new_round(
        agreement,
        year=2027,
        opens=today() + 30 * DAY,
        closes=today() + 60 * DAY,
        by=process_leader,
    )


@pytest.fixture
def parties_of_all_kinds(make_party):
    return {
        "civil": make_party("Föreningen Aktiv"),
        "public": make_party("Kommunen Aktiv", sector="public"),
        "pending": make_party("Föreningen Väntar", status="pending"),
        "withdrawn": make_party("Föreningen Lämnat", status="withdrawn"),
    }


@pytest.fixture
def opened(planned, process_leader, parties_of_all_kinds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_now(planned, by=process_leader)
    return FollowUpRound.objects.get(pk=planned.pk)


def test_it_invites_every_active_partys_contact_once_when_the_round_is_opened(
    opened, parties_of_all_kinds, mailoutbox
):
    active = [parties_of_all_kinds["civil"], parties_of_all_kinds["public"]]

    assert invitations(mailoutbox, opened) == sorted(contact_email(p) for p in active)
    assert len(mailoutbox) == 2
    responses = Response.objects.filter(round=opened)
    assert sorted(r.organisation.name for r in responses) == sorted(p.name for p in active)
    assert all(r.status == Response.Status.NOT_STARTED and r.invited_at for r in responses)
    assert opened.opened_at is not None


def test_it_writes_the_invitation_with_the_form_link_and_the_closing_date(opened, mailoutbox):
    party = opened.responses.first().organisation
    (message,) = [m for m in mailoutbox if m.to == [contact_email(party)]]

    # The agreement has its own host name ("testserver"): the link is there, unprefixed.
    assert f"http://{opened.agreement.domain}/uppfoljning/{opened.year}/" in message.body
    assert party.name in message.body
    assert str(opened.closes.day) in message.body and str(opened.closes.year) in message.body


def test_it_sends_each_invitation_once_when_the_job_runs_three_times(opened, mailoutbox):
    assert [reminders.send_invitations() for _ in range(3)] == [0, 0, 0]
    assert len(mailoutbox) == 2
    assert SentNotification.objects.filter(kind=followup_invitations.INVITATION).count() == 2


def test_it_sends_invitations_once_from_the_job_when_nobody_opened_the_round_by_hand(
    agreement, make_party, mailoutbox
):
    party = make_party("Föreningen Tidig")
    round = services.new_round(
        agreement, year=2026, opens=today() - 1 * DAY, closes=today() + 30 * DAY
    )

    assert [reminders.send_invitations() for _ in range(3)] == [1, 0, 0]
    assert invitations(mailoutbox, round) == [contact_email(party)]
    assert FollowUpRound.objects.get(pk=round.pk).opened_at is not None


def test_it_invites_nobody_to_a_round_that_has_not_opened_or_has_closed(
    agreement, make_party, mailoutbox
):
    make_party("Föreningen Tidig")
    planned = services.new_round(
        agreement, year=2031, opens=today() + 1 * DAY, closes=today() + 30 * DAY
    )
    closed = services.new_round(
        agreement, year=2025, opens=today() - 60 * DAY, closes=today() - 1 * DAY
    )

    assert followup_invitations.invite(planned) == 0
    assert followup_invitations.invite(closed) == 0
    assert reminders.send_invitations() == 0
    assert mailoutbox == [] and not Response.objects.exists()


def test_it_invites_a_party_that_joins_during_the_round_when_it_is_approved(
    opened, apply, steering_member, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply("Föreningen Nykomling")
    assert not Response.objects.filter(organisation=application.organisation).exists()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        parties.approve_application(application, by=steering_member)

    assert invitations(mailoutbox, opened) == [application.contact.email]
    response = Response.objects.get(round=opened, organisation=application.organisation)
    assert response.invited_at is not None
    assert reminders.send_invitations() == 0


def test_it_invites_a_new_contact_person_and_does_not_write_to_the_old_one_again(
    opened, parties_of_all_kinds, mailoutbox, django_capture_on_commit_callbacks
):
    party = parties_of_all_kinds["civil"]
    old = party.contacts.get(is_current=True)
    newcomer = _make_user("ny.kontakt@aktiv.test")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = parties.invite_contact(party, by=old.user, email="ny.kontakt@aktiv.test")
    with django_capture_on_commit_callbacks(execute=True):
        parties.accept_contact_invitation(
            invitation, user=newcomer, name="Nora Ny", role="Ordförande", phone="070-000 11 22"
        )
    assert [reminders.send_invitations() for _ in range(2)] == [0, 0]

    assert invitations(mailoutbox, opened) == ["ny.kontakt@aktiv.test"]
    assert old.email not in [address for m in mailoutbox for address in m.to]
    # Still the party's one response, first invited at the opening.
    response = Response.objects.get(round=opened, organisation=party)
    assert (
        SentNotification.objects.filter(
            kind=followup_invitations.INVITATION, object_id=response.pk
        ).count()
        == 2
    )


def test_it_does_not_invite_the_new_contact_of_a_party_that_has_submitted(
    opened, parties_of_all_kinds, mailoutbox, django_capture_on_commit_callbacks
):
    party = parties_of_all_kinds["civil"]
    Response.objects.filter(round=opened, organisation=party).update(
        status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )
    old = party.contacts.get(is_current=True)
    newcomer = _make_user("ny.kontakt@aktiv.test")
    invitation = parties.invite_contact(party, by=old.user, email="ny.kontakt@aktiv.test")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        parties.accept_contact_invitation(
            invitation, user=newcomer, name="Nora Ny", role="Ordförande", phone=""
        )

    assert invitations(mailoutbox, opened) == []


def test_it_invites_a_party_without_a_contact_once_it_has_one(
    opened, make_party, mailoutbox, django_capture_on_commit_callbacks
):
    party = make_party("Föreningen Utan Kontakt")
    party.contacts.update(is_current=False, ended_at=timezone.now())
    assert reminders.send_invitations() == 0
    response = Response.objects.get(round=opened, organisation=party)
    assert response.invited_at is None

    newcomer = _make_user("forsta.kontakt@utan.test")
    with django_capture_on_commit_callbacks(execute=True):
        party.contacts.create(user=newcomer, name="Fia Först", email=newcomer.email)

    assert invitations(mailoutbox, opened).count("forsta.kontakt@utan.test") == 1
    assert len(mailoutbox) == 3  # the two at the opening, and this one
    response.refresh_from_db()
    assert response.invited_at is not None


def test_it_claims_nothing_when_the_mail_server_refuses_and_sends_on_the_next_run(
    agreement, make_party, mailoutbox
):
    party = make_party("Föreningen Tidig")
    round = services.new_round(agreement, year=2026, opens=today(), closes=today() + 30 * DAY)
    refuse = mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")
    )

    with refuse, pytest.raises(TemporaryFailure):
        reminders.send_invitations()
    assert not SentNotification.objects.filter(kind=followup_invitations.INVITATION).exists()
    assert Response.objects.get(round=round, organisation=party).invited_at is None

    assert reminders.send_invitations() == 1
    assert invitations(mailoutbox, round) == [contact_email(party)]
