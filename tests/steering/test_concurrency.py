"""Answers racing on PostgreSQL: the matter is decided once (row locks, not luck)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from parties.models import Application
from steering import services
from steering.models import Decision, PerCapsulamAnswer, PerCapsulamQuestion

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
