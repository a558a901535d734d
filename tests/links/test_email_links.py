"""Every email links to its own agreement's pages and speaks in its name (issue 17).

A is the `agreement` fixture's agreement, served on its own host name ("testserver"): its
links are there, unprefixed. B (`other_agreement`, /bjorkvik-test/) has no host name of its
own: its links are under its prefix on the installation's address (SITE_URL). A link of B
that pointed at an unprefixed address would be redirected to A, the default agreement.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests.scoping.world import SLUG

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def b_address(path: str) -> str:
    return f"{settings.SITE_URL}/{SLUG}{path}"


def a_address(agreement, path: str) -> str:
    return f"http://{agreement.domain}{path}"


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def assert_only_b(message, agreement):
    """Every link of B's email is B's (or the installation's: the admin, accounts)."""
    for link in links(message):
        assert (
            link.startswith(b_address("/"))
            or link.startswith(f"{settings.SITE_URL}/admin/")
            or link.startswith(f"{settings.SITE_URL}/konto/")
        ), link
        assert agreement.domain not in link, link


def sent_to(mailoutbox, address: str) -> list:
    return [message for message in mailoutbox if address in message.to]


# ---- follow-up invitations and reminders ---------------------------------------------------


def _open_round(agreement, year: int):
    from followup.models import FollowUpRound

    today = timezone.localdate()
    return FollowUpRound.objects.create(
        agreement=agreement,
        year=year,
        opens=today - DAY,
        closes=today + 10 * DAY,
        first_reminder_days=14,
        second_reminder_days=3,
    )


def test_a_follow_up_invitation_of_b_links_to_bs_form_and_names_b(
    agreement, other_agreement, make_party, mailoutbox
):
    from followup import invitations

    party = make_party("Björkviks schackklubb", agreement=other_agreement)
    round = _open_round(other_agreement, timezone.localdate().year + 5)

    invitations.invite(round, organisations=[party.pk])

    (message,) = sent_to(mailoutbox, party.contacts.get().email)
    assert b_address(f"/uppfoljning/{round.year}/") in message.body
    assert_only_b(message, agreement)
    assert "Samverkan Björkvik" in message.from_email
    assert message.reply_to == ["styrgruppen@bjorkvik.test"]
    assert "noreply@" in message.message()["From"]  # the name encoded for sending


def test_a_follow_up_invitation_of_a_links_to_as_own_host(
    agreement, other_agreement, make_party, mailoutbox
):
    from followup import invitations

    party = make_party("Regionens schackklubb")
    round = _open_round(agreement, timezone.localdate().year + 5)

    invitations.invite(round, organisations=[party.pk])

    (message,) = sent_to(mailoutbox, party.contacts.get().email)
    assert a_address(agreement, f"/uppfoljning/{round.year}/") in message.body
    assert SLUG not in message.body
    assert agreement.display_name in message.from_email


def test_a_follow_up_reminder_of_b_links_to_bs_form(
    agreement, other_agreement, make_party, mailoutbox
):
    from followup import invitations, reminders

    party = make_party("Björkviks bridgeklubb", agreement=other_agreement)
    round = _open_round(other_agreement, timezone.localdate().year + 5)
    invitations.invite(round, organisations=[party.pk])
    round.responses.update(invited_at=timezone.now() - 30 * DAY)
    mailoutbox.clear()

    assert reminders.remind_not_submitted() >= 1

    (message,) = sent_to(mailoutbox, party.contacts.get().email)
    assert b_address(f"/uppfoljning/{round.year}/") in message.body
    assert_only_b(message, agreement)


# ---- the steering group --------------------------------------------------------------------


def test_a_question_to_bs_steering_group_links_to_bs_answer_page_and_attachments(
    agreement, other_agreement, mailoutbox
):
    from steering import notifications

    question = other_agreement.content.question
    assert notifications.send("per_capsulam_question", question.pk) >= 1

    message = mailoutbox[0]
    assert b_address("/styrgrupp/") in message.body
    assert b_address(other_agreement.content.attachment.get_absolute_url()) in message.body
    assert_only_b(message, agreement)
    assert "Samverkan Björkvik" in message.from_email


def test_a_steering_reminder_of_b_links_to_bs_answer_page(agreement, other_agreement, mailoutbox):
    from django.urls import reverse

    from steering import reminders

    question = other_agreement.content.question
    now = question.deadline - DAY

    assert reminders.remind_unanswered_questions(now) >= 1

    (message,) = sent_to(mailoutbox, "ledamot@bjorkvik.test")
    assert b_address(reverse("steering:answer", args=[question.pk])) in message.body
    assert_only_b(message, agreement)


# ---- parties: applications, decisions, renewal ---------------------------------------------


def test_an_application_to_b_gets_a_receipt_and_a_decision_at_bs_address(
    agreement,
    other_agreement,
    public,
    application_payload,
    django_capture_on_commit_callbacks,
    mailoutbox,
    steering_member,
):
    from parties import services
    from parties.models import Application

    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(f"/{SLUG}/anslut/", application_payload)
    assert response.status_code == 302
    application = Application.objects.get(
        membership__organisation__org_number=application_payload["org_number"]
    )
    assert application.agreement == other_agreement

    (receipt,) = sent_to(mailoutbox, "vera@nygemenskap.test")
    assert b_address(f"/anslut/kvitto/{application.receipt_token}/") in receipt.body
    assert_only_b(receipt, agreement)
    assert "Samverkan Björkvik" in receipt.body  # signed by B's steering group
    (to_group,) = sent_to(mailoutbox, "styrgruppen@bjorkvik.test")
    assert_only_b(to_group, agreement)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(application, by=steering_member)

    (decision,) = sent_to(mailoutbox, "vera@nygemenskap.test")
    assert b_address(application.organisation.get_absolute_url()) in decision.body
    assert_only_b(decision, agreement)
    assert "Samverkan Björkvik" in decision.body


def test_an_application_to_a_gets_a_receipt_at_as_address(
    agreement,
    other_agreement,
    public,
    application_payload,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    from parties.models import Application

    with django_capture_on_commit_callbacks(execute=True):
        public.post("/anslut/", application_payload)
    application = Application.objects.get(
        membership__organisation__org_number=application_payload["org_number"]
    )

    (receipt,) = sent_to(mailoutbox, "vera@nygemenskap.test")
    assert a_address(agreement, f"/anslut/kvitto/{application.receipt_token}/") in receipt.body
    assert SLUG not in receipt.body


def test_a_renewal_request_of_b_links_to_bs_pages_and_names_b(
    agreement, other_agreement, make_party, mailoutbox
):
    from parties import renewal_emails
    from parties.models import RenewalRequest

    party = make_party("Björkviks scouter", agreement=other_agreement)
    version = other_agreement.content.version
    RenewalRequest.objects.create(
        membership=party.membership,
        version=version,
        deadline=timezone.localdate() + 30 * DAY,
    )

    # This party's request and the test world's party to both, asked about B's version too.
    assert renewal_emails.send_asked(version.pk) == 2

    (message,) = sent_to(mailoutbox, party.contacts.get().email)
    assert b_address("/min-organisation/") in message.body
    assert b_address(f"/overenskommelsen/versioner/{version.number}/") in message.body
    assert_only_b(message, agreement)
    assert "Samverkan Björkvik" in message.body


# ---- the action plan -----------------------------------------------------------------------


def test_an_action_plan_reminder_of_b_links_to_bs_update_page(
    agreement, other_agreement, make_party, mailoutbox
):
    from django.urls import reverse

    from actionplan import reminders

    activity = other_agreement.content.activity
    lead = make_party("Björkviks leda", agreement=other_agreement)
    activity.lead_party = lead
    activity.ends_on = timezone.localdate() + 5 * DAY
    activity.save(update_fields=["lead_party", "ends_on"])

    assert reminders.remind_activities_ending() >= 1

    (message,) = sent_to(mailoutbox, lead.contacts.get().email)
    assert b_address(reverse("actionplan:update", args=[activity.pk])) in message.body
    assert_only_b(message, agreement)


# ---- the annual report ---------------------------------------------------------------------


def test_the_annual_report_of_b_gives_bs_addresses(agreement, other_agreement):
    from followup.report.render import report_context

    year = timezone.localdate().year - 1
    contact = report_context(other_agreement, year)["contact"]
    assert contact["reports_url"] == b_address("/rapporter/")
    assert contact["steering_url"] == b_address("/styrgrupp/")
    assert contact["email"] == "styrgruppen@bjorkvik.test"

    contact = report_context(agreement, year)["contact"]
    assert contact["reports_url"] == a_address(agreement, "/rapporter/")


# ---- the one helper, inside a request of another agreement ---------------------------------


def test_the_helper_gives_the_agreements_own_address_inside_another_agreements_request(
    agreement, other_agreement
):
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from agreements.pages import agreement_address, agreement_link
    from common.outbox import absolute

    previous = get_script_prefix()
    set_script_prefix(f"/{SLUG}/")  # as the routing middleware does for B's pages
    try:
        assert agreement_link(agreement, "parties:mine") == a_address(
            agreement, "/min-organisation/"
        )
        assert agreement_link(other_agreement, "parties:mine") == b_address("/min-organisation/")
        assert agreement_address(other_agreement, reverse("parties:apply")) == b_address("/anslut/")
        assert absolute(reverse("admin:index")) == f"{settings.SITE_URL}/admin/"
    finally:
        set_script_prefix(previous)
