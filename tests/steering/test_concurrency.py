"""Answers racing on PostgreSQL: the matter is decided once (row locks, not luck)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from parties import services as party_services
from parties.models import Application
from parties.services import PartyError
from steering import services
from steering.models import Decision, Meeting, PerCapsulamAnswer, PerCapsulamQuestion

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_it_decides_once_when_the_last_two_answers_arrive_together(
    require_postgres, apply, voters, process_leader, agreement
):
    question = services.put_question(
        agreement,
        matter=apply("Föreningen Kapplöpningen"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=2),
        by=process_leader,
    )
    services.answer_question(question, user=voters["chair"], answer="yes")
    services.answer_question(question, user=voters["vice"], answer="yes")
    last = [voters["civil"], voters["public"]]
    barrier = threading.Barrier(len(last))
    errors: list[BaseException] = []

    def answer(user):
        try:
            barrier.wait(timeout=30)
            services.answer_question(question, user=user, answer="yes")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(user,)) for user in last]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert PerCapsulamAnswer.objects.filter(question=question).count() == 4
    assert PerCapsulamQuestion.objects.get(pk=question.pk).status == "decided"
    assert Decision.objects.filter(question=question).count() == 1
    assert Application.objects.get(pk=question.object_id).status == Application.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_it_records_one_decision_and_sends_one_email_when_two_members_approve_at_once(
    require_postgres, apply, steering_member, process_leader, agreement, settings, mailoutbox
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    application = apply("Föreningen Samtidigt")
    meeting = Meeting.objects.create(
        agreement=agreement, starts_at=timezone.now() - datetime.timedelta(hours=2), place="Ráðhús"
    )
    deciders = [steering_member, process_leader]
    barrier = threading.Barrier(len(deciders))
    refused: list[str] = []
    errors: list[BaseException] = []

    def approve(user):
        try:
            barrier.wait(timeout=30)
            party_services.approve_application(
                Application.objects.get(pk=application.pk),
                by=user,
                citation={"meeting": meeting},
            )
        except PartyError as error:
            refused.append(str(error))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(refused) == 1  # the second is told it has already been decided
    assert Application.objects.get(pk=application.pk).status == Application.Status.APPROVED
    assert Decision.objects.filter(meeting=meeting).count() == 1
    with translation.override("sv"):
        subject = translation.gettext("%(name)s is now a party to the agreement") % {
            "name": "Föreningen Samtidigt"
        }
    assert [email.subject for email in mailoutbox].count(subject) == 1
