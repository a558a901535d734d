"""The page where a voting member answers a question put between meetings."""

import datetime

import pytest
from django.utils import timezone

from steering import services
from steering.models import PerCapsulamAnswer, PerCapsulamQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(apply, voters, process_leader, agreement):
    return services.put_question(
        agreement,
        matter=apply("Föreningen Frågan"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )


def url(question) -> str:
    return f"/styrgrupp/per-capsulam/{question.pk}/"


def test_it_sends_a_visitor_to_sign_in(public, question):
    response = public.get(url(question))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_it_refuses_a_contact_person(as_user, contact, question):
    response = as_user(contact).get(url(question))
    assert response.status_code == 403
    assert as_user(contact).post(url(question), {"answer": "yes"}).status_code == 403
    assert not PerCapsulamAnswer.objects.exists()


def test_it_lets_staff_without_a_vote_read_but_not_answer(as_user, process_leader, question):
    client = as_user(process_leader)
    page = client.get(url(question))
    assert page.status_code == 200
    assert 'name="answer"' not in page.content.decode()
    assert client.post(url(question), {"answer": "yes"}).status_code == 400
    assert not PerCapsulamAnswer.objects.exists()


def test_it_saves_a_members_answer_and_shows_it_back(as_user, voters, question):
    client = as_user(voters["civil"])
    page = client.get(url(question))
    assert page.status_code == 200
    assert "Föreningen Frågan" in page.content.decode()

    response = client.post(url(question), {"answer": "yes", "comment": "Bra förening."})
    assert response.status_code == 302
    given = PerCapsulamAnswer.objects.get()
    assert (given.seat, given.answer, given.comment) == (
        question.agreement.seats.get(user=voters["civil"]),
        "yes",
        "Bra förening.",
    )
    again = client.get(url(question)).content.decode()
    assert "Bra förening." in again


def test_it_explains_a_missing_answer(as_user, voters, question):
    response = as_user(voters["civil"]).post(url(question), {"comment": "Hmm"})
    assert response.status_code == 400
    assert 'href="#id_answer"' in response.content.decode()
    assert not PerCapsulamAnswer.objects.exists()


def test_it_refuses_an_answer_after_the_deadline_with_a_message(as_user, voters, question):
    PerCapsulamQuestion.objects.filter(pk=question.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = as_user(voters["civil"])
    assert 'name="answer"' not in client.get(url(question)).content.decode()
    response = client.post(url(question), {"answer": "yes"})
    assert response.status_code == 400
    assert not PerCapsulamAnswer.objects.exists()


def test_it_answers_404_for_an_unknown_question(as_user, voters):
    assert as_user(voters["civil"]).get("/styrgrupp/per-capsulam/999999/").status_code == 404
