"""A mail server that answers "451 try again later" delays an email; it never loses one
nor sends one twice. A real SMTP server on 127.0.0.1 and a real Celery worker on Redis."""

import collections
import datetime

import pytest
from celery.signals import task_retry
from django.utils import timezone

from audit.models import SentNotification
from common.outbox import TemporaryFailure
from steering.models import DecisionKind, PerCapsulamQuestion
from steering.tasks import send_steering_email
from tests.smtp import SMTPServer

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

KIND = "per_capsulam_question"


@pytest.fixture
def smtp(settings):
    """Start a server with smtp(refuse=…, stage=…); Django's SMTP backend sends to it."""
    started = []

    def start(**policy) -> SMTPServer:
        server = SMTPServer(**policy).__enter__()
        started.append(server)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


@pytest.fixture
def quick_retries(settings):
    """Retries after hundredths of a second instead of minutes."""
    settings.TASK_RETRY_BACKOFF = 0.01
    settings.TASK_RETRY_BACKOFF_MAX = 0.05


@pytest.fixture
def retries():
    """The retries the worker schedules, by task name."""
    seen = collections.Counter()

    def count(sender=None, **kwargs):
        seen[sender.name] += 1

    task_retry.connect(count, weak=False)
    yield seen
    task_retry.disconnect(count)


@pytest.fixture
def question(group, voters, process_leader):
    """An open question put between meetings; the four voting members are emailed."""
    return PerCapsulamQuestion.objects.create(
        agreement=group["chair"].agreement,
        title="Anta rutinen för utskick",
        proposal="Styrgruppen antar rutinen.",
        kind=DecisionKind.OTHER,
        deadline=timezone.now() + datetime.timedelta(days=5),
        put_by=process_leader,
    )


def members(voters) -> list[str]:
    return sorted(user.email for user in voters.values())


def claimed() -> list[str]:
    return sorted(SentNotification.objects.filter(kind=KIND).values_list("recipient", flat=True))


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_it_retries_until_the_server_takes_each_email_and_sends_none_twice(
    stage, question, voters, smtp, quick_retries, retries, celery_worker
):
    # The first run gets two emails through, then the server refuses the third; the first
    # retry is refused too; the second retry sends the third and fourth.
    server = smtp(refuse={3, 4}, stage=stage)

    result = send_steering_email.delay(KIND, question.pk)

    assert result.get(timeout=60) == 2  # the last run sent what was left
    assert retries[send_steering_email.name] == 2
    refused = server.refused
    assert [(r.attempt, r.stage) for r in refused] == [(3, stage), (4, stage)]
    assert refused[0].recipients == refused[1].recipients  # the same email, tried again
    delivered = collections.Counter(
        address for delivery in server.delivered for address in delivery.recipients
    )
    assert sorted(delivered) == members(voters)
    assert set(delivered.values()) == {1}
    assert all(
        "Anta rutinen för utskick" in delivery.message["subject"] for delivery in server.delivered
    )
    assert claimed() == members(voters)


def test_it_claims_nothing_while_the_server_refuses_so_a_later_run_sends_everything(
    question, voters, smtp, quick_retries, retries, celery_worker
):
    server = smtp(refuse=None)  # every attempt

    result = send_steering_email.delay(KIND, question.pk)
    result.get(timeout=60, propagate=False)

    assert result.failed() and isinstance(result.result, TemporaryFailure)
    # Retried as often as the task may, each time refused at the first email.
    assert retries[send_steering_email.name] == send_steering_email.max_retries
    assert server.attempts == send_steering_email.max_retries + 1
    assert server.delivered == []
    assert claimed() == []

    server.accept_all()
    assert send_steering_email.delay(KIND, question.pk).get(timeout=60) == 4

    delivered = sorted(a for delivery in server.delivered for a in delivery.recipients)
    assert delivered == members(voters)
    assert claimed() == members(voters)
