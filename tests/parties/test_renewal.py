"""Renewal of parties: when a version that starts a new period is adopted, every party's
contact person confirms continued participation; the unanswered go to the steering group."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Version
from audit.models import SentNotification
from common.hooks import get_hooks
from parties import reminders, renewal_emails, services
from parties.models import ContactPerson, Membership, RenewalRequest
from parties.services import renewal
from tests.agreement_factory import make_version

pytestmark = pytest.mark.django_db

MINE = "/min-organisation/"
CHANGELIST = "/admin/parties/renewalrequest/"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def new_version(agreement):
    """Version 2, adopted, starting a new period in 60 days, whose rule asks for renewal."""
    starts = today() + 60 * DAY
    return make_version(
        agreement,
        2,
        title="Överenskommelse 2.0",
        status=Version.Status.ADOPTED,
        adopted_on=today(),
        valid_from=starts,
        valid_until=starts + 4 * 365 * DAY,
        review_due=starts + 3 * 365 * DAY,
        renewal_required=True,
    )


def adopt(version, by=None):
    """What steering's adoption service does: call every function on `version_adopted`."""
    for hook in get_hooks("version_adopted"):
        hook(version=version, decision=None, by=by)


def contact_user(organisation):
    return ContactPerson.objects.current().get(organisation=organisation).user


def confirm_url(request: RenewalRequest) -> str:
    return f"/min-organisation/fortsatt-deltagande/{request.pk}/"


# ---- asking -------------------------------------------------------------------------------


def test_it_asks_every_active_party_once_and_emails_each_contact_once(
    new_version, make_party, process_leader, mailoutbox, django_capture_on_commit_callbacks
):
    one, two = make_party("Första Föreningen"), make_party("Andra Föreningen")
    make_party("Sökande Föreningen", status="pending")
    make_party("Gamla Föreningen", status="withdrawn")

    with django_capture_on_commit_callbacks(execute=True):
        adopt(new_version, by=process_leader)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(new_version, by=process_leader)  # adopted twice, or the hook run again

    requests = RenewalRequest.objects.filter(version=new_version)
    assert {r.organisation for r in requests} == {one, two}
    assert {r.status for r in requests} == {RenewalRequest.Status.ASKED}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [contact_user(one).email, contact_user(two).email]
    )
    message = next(m for m in mailoutbox if m.to == [contact_user(one).email])
    assert "Första Föreningen" in message.subject
    assert "/min-organisation/" in message.body
    assert "/overenskommelsen/versioner/2/" in message.body
    # Each party's history says it was asked.
    assert one.audit_entries.filter(new_status="asked").count() == 1


def test_it_asks_nobody_when_the_version_does_not_require_renewal(
    new_version, make_party, mailoutbox, django_capture_on_commit_callbacks
):
    make_party("Första Föreningen")
    new_version.renewal_required = False
    new_version.save(update_fields=["renewal_required"])

    with django_capture_on_commit_callbacks(execute=True):
        adopt(new_version)

    assert not RenewalRequest.objects.exists()
    assert mailoutbox == []


def test_it_gives_until_the_new_period_starts_but_at_least_30_days(agreement, new_version):
    assert renewal.deadline_for(new_version, today()) == new_version.valid_from
    soon = make_version(
        agreement,
        3,
        status=Version.Status.ADOPTED,
        valid_from=today() + 5 * DAY,
        valid_until=today() + 900 * DAY,
        review_due=today() + 800 * DAY,
    )
    assert renewal.deadline_for(soon, today()) == today() + 30 * DAY


def test_it_sends_the_request_once_even_when_the_task_runs_again(
    new_version, make_party, mailoutbox
):
    make_party("Första Föreningen")
    renewal.ask_for_renewal(new_version)

    assert renewal_emails.send_asked(new_version.pk) == 1
    assert renewal_emails.send_asked(new_version.pk) == 0
    assert len(mailoutbox) == 1


def test_it_records_a_notice_already_given_as_the_answer_and_does_not_ask(
    new_version, make_party, mailoutbox, django_capture_on_commit_callbacks
):
    leaving = make_party("Avgående Föreningen")
    notice = services.give_withdrawal_notice(
        leaving, by=contact_user(leaving), given_by_name="K", reason="Vi läggs ned."
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        adopt(new_version)

    request = RenewalRequest.objects.get(membership__organisation=leaving)
    assert request.status == RenewalRequest.Status.WITHDRAWING
    assert request.withdrawal == notice
    assert mailoutbox == []


# ---- the contact person's answer ----------------------------------------------------------


def test_it_shows_the_open_request_and_confirms_with_one_click(
    client, contact, new_version, make_party
):
    (request,) = renewal.ask_for_renewal(new_version)
    client.force_login(contact)

    page = client.get(MINE).content.decode()
    assert "Does the organisation continue as a party?" in page
    assert "Överenskommelse 2.0 (version 2)" in page
    assert 'href="/overenskommelsen/versioner/2/"' in page
    assert 'href="/min-organisation/uttrade/"' in page
    assert f'action="{confirm_url(request)}"' in page

    response = client.post(confirm_url(request), follow=True)

    assert response.redirect_chain[-1][0] == MINE
    page = response.content.decode()
    assert "You have confirmed that" in page
    assert "Does the organisation continue as a party?" not in page
    request.refresh_from_db()
    assert request.status == RenewalRequest.Status.CONFIRMED
    assert request.confirmed_by == contact
    assert "Continued participation confirmed" in page  # the history


def test_it_says_so_when_the_button_is_pressed_a_second_time(client, contact, new_version):
    (request,) = renewal.ask_for_renewal(new_version)
    client.force_login(contact)
    client.post(confirm_url(request))
    confirmed_at = RenewalRequest.objects.get().confirmed_at

    response = client.post(confirm_url(request), follow=True)

    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert RenewalRequest.objects.get().confirmed_at == confirmed_at
    assert contact.party.audit_entries.filter(new_status="confirmed").count() == 1


def test_it_does_not_let_another_partys_contact_confirm(client, contact, new_version, make_party):
    other = make_party("Andra Föreningen")
    renewal.ask_for_renewal(new_version)
    theirs = RenewalRequest.objects.get(membership__organisation=contact.party)
    client.force_login(contact_user(other))

    response = client.post(confirm_url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RenewalRequest.Status.ASKED


def test_it_refuses_a_get_and_a_visitor(client, contact, new_version):
    (request,) = renewal.ask_for_renewal(new_version)

    assert client.post(confirm_url(request))["Location"].startswith("/konto/")
    client.force_login(contact)
    assert client.get(confirm_url(request)).status_code == 405
    assert RenewalRequest.objects.get().status == RenewalRequest.Status.ASKED


def test_it_takes_a_notice_of_withdrawal_as_the_answer(client, contact, new_version):
    (request,) = renewal.ask_for_renewal(new_version)
    client.force_login(contact)

    client.post(
        "/min-organisation/uttrade/",
        {"given_by_name": "Sekreteraren", "reason": "Vi slutar.", "confirm": "on"},
    )

    request.refresh_from_db()
    assert request.status == RenewalRequest.Status.WITHDRAWING
    assert request.withdrawal.reason == "Vi slutar."
    assert "Does the organisation continue as a party?" not in client.get(MINE).content.decode()


# ---- reminders and the steering group -----------------------------------------------------


def test_it_reminds_the_unanswered_once_in_the_last_14_days(
    new_version, make_party, mailoutbox, django_capture_on_commit_callbacks
):
    waiting, answered = make_party("Väntande Föreningen"), make_party("Svarande Föreningen")
    # Asked 20 days ago with 30 days to answer: the deadline is in 10 days.
    with django_capture_on_commit_callbacks(execute=True):
        renewal.ask_for_renewal(new_version, now=timezone.now() - 20 * DAY)
    RenewalRequest.objects.filter(version=new_version).update(deadline=today() + 10 * DAY)
    renewal.confirm(answered, by=contact_user(answered))
    mailoutbox.clear()

    assert reminders.run("renewal_reminders") == 1
    assert reminders.run("renewal_reminders") == 0

    (message,) = mailoutbox
    assert message.to == [contact_user(waiting).email]
    assert "Väntande Föreningen" in message.subject
    assert "om 10 dagar" in message.body  # emails are in Swedish
    assert SentNotification.objects.filter(kind=renewal_emails.REMINDER).count() == 1


def test_it_does_not_remind_before_the_last_14_days(new_version, make_party, mailoutbox):
    make_party("Väntande Föreningen")
    renewal.ask_for_renewal(new_version)  # the deadline is 60 days away
    mailoutbox.clear()

    assert reminders.run("renewal_reminders") == 0
    assert mailoutbox == []


def test_it_refers_the_unanswered_to_the_steering_group_and_withdraws_nobody(
    new_version, make_party, as_user, steering_member
):
    silent, answered = make_party("Tysta Föreningen"), make_party("Svarande Föreningen")
    renewal.ask_for_renewal(new_version)
    renewal.confirm(answered, by=contact_user(answered))
    RenewalRequest.objects.update(deadline=today() - DAY)

    assert list(RenewalRequest.objects.awaiting_decision()) == [
        RenewalRequest.objects.get(membership__organisation=silent)
    ]
    assert reminders.run("renewal_referrals") == 1
    assert reminders.run("renewal_referrals") == 0

    request = RenewalRequest.objects.get(membership__organisation=silent)
    assert request.status == RenewalRequest.Status.REFERRED
    assert list(RenewalRequest.objects.awaiting_decision()) == [request]
    silent.refresh_from_db()
    assert silent.memberships.get().status == Membership.Status.ACTIVE
    assert not silent.memberships.get().withdrawals.exists()
    assert silent.audit_entries.filter(new_status="referred").exists()

    # The steering group sees who has not answered in the admin.
    response = as_user(steering_member).get(f"{CHANGELIST}?vantar=yes")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [request]
    assert "Tysta Föreningen" in response.content.decode()


def test_it_lets_a_late_contact_confirm_until_the_steering_group_has_decided(
    client, contact, new_version
):
    (request,) = renewal.ask_for_renewal(new_version)
    RenewalRequest.objects.update(deadline=today() - DAY)
    renewal.refer_unanswered()
    client.force_login(contact)
    assert "The deadline was" in client.get(MINE).content.decode()

    client.post(confirm_url(request))

    request.refresh_from_db()
    assert request.status == RenewalRequest.Status.CONFIRMED
    assert not RenewalRequest.objects.awaiting_decision().exists()


def test_it_records_the_steering_groups_decision_to_keep_a_silent_party(
    new_version, make_party, steering_member
):
    make_party("Tysta Föreningen")
    (request,) = renewal.ask_for_renewal(new_version)
    with pytest.raises(services.NotAllowed):
        renewal.keep_party(request, by=steering_member)  # the deadline has not passed
    RenewalRequest.objects.update(deadline=today() - DAY)
    renewal.refer_unanswered()

    renewal.keep_party(request, by=steering_member, reason="Beslut § 4")

    request.refresh_from_db()
    assert request.status == RenewalRequest.Status.KEPT
    assert not RenewalRequest.objects.awaiting_decision().exists()


def test_it_keeps_the_admin_list_read_only(new_version, make_party, as_user, process_leader):
    make_party("Första Föreningen")
    (request,) = renewal.ask_for_renewal(new_version)
    client = as_user(process_leader)

    assert client.get(f"{CHANGELIST}?status__exact=asked").status_code == 200
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    response = client.get(f"{CHANGELIST}{request.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_it_stops_waiting_once_the_steering_group_registers_a_withdrawal(
    new_version, make_party, steering_member
):
    silent = make_party("Tysta Föreningen")
    renewal.ask_for_renewal(new_version)
    RenewalRequest.objects.update(deadline=today() - DAY)
    renewal.refer_unanswered()

    services.register_written_withdrawal(
        silent,
        by=steering_member,
        given_by_name="Styrgruppen",
        reason="Inget svar; föreningen har upphört.",
        notice_date=today(),
    )

    request = RenewalRequest.objects.get(membership__organisation=silent)
    assert request.status == RenewalRequest.Status.WITHDRAWING
    assert not RenewalRequest.objects.awaiting_decision().exists()
    silent.refresh_from_db()
    assert silent.memberships.get().status == Membership.Status.WITHDRAWN


def test_it_runs_the_jobs_once_from_the_command(new_version, make_party, mailoutbox):
    make_party("Väntande Föreningen")
    renewal.ask_for_renewal(new_version, now=timezone.now() - 40 * DAY)
    RenewalRequest.objects.update(deadline=today() - DAY)
    out = StringIO()

    call_command("parties_reminders", stdout=out)

    assert "renewal_referrals: 1 requests referred to the steering group" in out.getvalue()
    assert "renewal_reminders: 0 emails sent" in out.getvalue()
    assert RenewalRequest.objects.get().status == RenewalRequest.Status.REFERRED


def test_it_links_to_what_the_new_version_changes(
    client, contact, new_version, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(contact)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.ask_for_renewal(new_version)
    page = client.get(MINE).content.decode()

    assert 'href="/overenskommelsen/versioner/2/andringar/"' in page
    assert "/overenskommelsen/versioner/2/andringar/" in mailoutbox[0].body
