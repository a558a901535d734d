"""The outbox: an email is sent once per kind, record, recipient and occasion."""

import smtplib

import pytest
from django.core.mail import EmailMessage

from audit.models import SentNotification
from common import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(agreement):
    return agreement


def message(recipient="ledamot@styrgrupp.test"):
    return lambda: EmailMessage("Påminnelse", "Text", "noreply@test", [recipient])


def test_it_sends_a_retried_email_once(record, mailoutbox):
    sent = [
        outbox.send_once("mandate_ending", record, "Ledamot@Styrgrupp.test", message())
        for _ in range(3)
    ]
    assert sent == [True, False, False]
    assert len(mailoutbox) == 1
    row = SentNotification.objects.get()
    assert (row.recipient, row.subject, row.record) == (
        "ledamot@styrgrupp.test",
        "Påminnelse",
        record,
    )


def test_it_sends_a_reminder_again_for_a_new_occasion(record, mailoutbox):
    for occasion in ("2027-03-31", "2027-03-31", "2029-03-31"):
        outbox.send_once("mandate_ending", record, "a@test", message("a@test"), occasion=occasion)
    assert len(mailoutbox) == 2
    assert sorted(SentNotification.objects.values_list("occasion", flat=True)) == [
        "2027-03-31",
        "2029-03-31",
    ]


def test_it_keeps_separate_claims_per_recipient_and_kind(record, mailoutbox):
    outbox.send_once("a_kind", record, "a@test", message("a@test"))
    outbox.send_once("a_kind", record, "b@test", message("b@test"))
    outbox.send_once("another_kind", record, "a@test", message("a@test"))
    assert len(mailoutbox) == 3


def test_it_claims_nothing_when_the_mail_server_refuses(record, monkeypatch, mailoutbox):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("try later")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(outbox.TemporaryFailure):
        outbox.send_once("a_kind", record, "a@test", message("a@test"))
    assert not SentNotification.objects.exists()
    monkeypatch.undo()
    assert outbox.send_once("a_kind", record, "a@test", message("a@test")) is True
    assert len(mailoutbox) == 1


def test_it_shows_the_outbox_read_only_to_the_process_leader(
    record, as_user, process_leader, steering_member
):
    outbox.send_once("a_kind", record, "mottagare@test", message("mottagare@test"))
    row = SentNotification.objects.get()
    client = as_user(process_leader)
    listing = client.get("/admin/audit/sentnotification/")
    assert listing.status_code == 200
    assert "mottagare@test" in listing.content.decode()
    assert client.get(f"/admin/audit/sentnotification/{row.pk}/delete/").status_code == 403
    assert (
        client.post(
            f"/admin/audit/sentnotification/{row.pk}/change/", {"recipient": "x@test"}
        ).status_code
        == 403
    )
    assert as_user(steering_member).get("/admin/audit/sentnotification/").status_code == 403
