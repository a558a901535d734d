"""Autosave of the follow-up form (/uppfoljning/<year>/utkast/), the per-section save
buttons, and the top of the page after a refused "Submit"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import Answer, QuestionKind, Response
from followup.models.round import SHORT_TEXT_MAX

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(agreement):
    today = timezone.localdate()
    return services.new_round(
        agreement,
        year=today.year,
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def signed_in(client, contact):
    client.cookies["django_language"] = "en"
    client.force_login(contact)
    return client


def autosave_url(round) -> str:
    return reverse("followup:autosave", args=[round.year])


def form_url(round) -> str:
    return reverse("followup:form", args=[round.year])


def short_question(round, organisation):
    return next(
        q for q in services.questions_for(round, organisation) if q.kind == QuestionKind.SHORT_TEXT
    )


def draft_data(round, organisation, text="Vårt gemensamma läger") -> dict:
    response = services.response_for(round, organisation)
    return {"response": str(response.pk), f"q{short_question(round, organisation).pk}": text}


def test_it_saves_a_draft_as_the_person_types_and_says_when(signed_in, contact, round_):
    reply = signed_in.post(autosave_url(round_), draft_data(round_, contact.party))

    assert reply.status_code == 200
    saved = Response.objects.get(round=round_, organisation=contact.party)
    now = timezone.localtime(saved.saved_at).strftime("%H:%M")
    assert reply.json()["message"] == f"Saved {now}. Not submitted yet."
    assert saved.status == Response.Status.DRAFT
    assert saved.answers.get(question=short_question(round_, contact.party)).text == (
        "Vårt gemensamma läger"
    )


def test_it_refuses_an_autosave_without_the_csrf_token(contact, round_):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contact)

    reply = client.post(autosave_url(round_), draft_data(round_, contact.party))

    assert reply.status_code == 403
    assert not Answer.objects.exists()


def test_it_tells_a_signed_out_person_that_nothing_was_saved(client, contact, round_):
    client.cookies["django_language"] = "en"

    reply = client.post(autosave_url(round_), draft_data(round_, contact.party))

    assert reply.status_code == 401
    assert "signed out" in reply.json()["message"]
    assert not Answer.objects.exists()


def test_it_refuses_an_autosave_of_another_partys_response(signed_in, make_party, round_):
    other = make_party("Annan Förening")

    reply = signed_in.post(autosave_url(round_), draft_data(round_, other))

    assert reply.status_code == 403
    assert not Answer.objects.exists()


def test_it_never_autosaves_half_typed_changes_into_a_submitted_response(
    signed_in, contact, round_
):
    response = services.response_for(round_, contact.party)
    Response.objects.filter(pk=response.pk).update(status="submitted", submitted_at=timezone.now())

    reply = signed_in.post(autosave_url(round_), draft_data(round_, contact.party))

    assert reply.status_code == 409
    assert "Save changes" in reply.json()["message"]
    assert not Answer.objects.exists()


def test_it_refuses_a_too_long_text_with_a_message_and_saves_nothing(signed_in, contact, round_):
    data = draft_data(round_, contact.party, text="x" * (SHORT_TEXT_MAX + 1))

    reply = signed_in.post(autosave_url(round_), data)

    assert reply.status_code == 400
    body = reply.json()
    assert body["message"].startswith("Not saved")
    name = f"q{short_question(round_, contact.party).pk}"
    assert body["errors"][name] == [
        f"Write at most {SHORT_TEXT_MAX} characters (you wrote {SHORT_TEXT_MAX + 1})."
    ]
    assert not Answer.objects.exists()


def test_it_offers_a_save_button_in_every_section_and_returns_to_it(signed_in, contact, round_):
    page = signed_in.get(form_url(round_)).content.decode()
    sections = page.count('class="theme"')
    assert sections > 1
    # Every section but the last has its own; the last has the form's buttons.
    assert page.count('formaction="?avsnitt=') == sections - 1
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert f'data-autosave-url="{autosave_url(round_)}"' in page

    reply = signed_in.post(
        form_url(round_) + "?avsnitt=2", draft_data(round_, contact.party) | {"action": "draft"}
    )

    assert reply.status_code == 302
    assert reply["Location"] == form_url(round_) + "#avsnitt-2"
    assert Answer.objects.filter(text="Vårt gemensamma läger").exists()


def test_it_says_at_the_top_that_a_refused_submission_was_not_sent_in(signed_in, contact, round_):
    data = draft_data(round_, contact.party) | {"action": "draft"}
    signed_in.post(form_url(round_), data)

    reply = signed_in.post(form_url(round_), data | {"action": "submit"})

    assert reply.status_code == 400
    page = reply.content.decode()
    top = page[page.index('class="followup-status') : page.index('id="error-summary"')]
    assert "Not sent in" in top
    assert "were not submitted" in top
    assert "Saved " not in top and "Draft saved" not in top
    assert Response.objects.get(round=round_, organisation=contact.party).status == "draft"


def top_of(reply) -> str:
    page = reply.content.decode()
    return page[page.index('class="followup-status') : page.index('id="error-summary"')]


def test_it_says_at_the_top_that_a_refused_draft_was_not_saved(signed_in, contact, round_):
    data = draft_data(round_, contact.party, text="x" * (SHORT_TEXT_MAX + 1))

    reply = signed_in.post(form_url(round_), data | {"action": "draft"})

    assert reply.status_code == 400
    top = top_of(reply)
    assert "Not saved" in top and "Your draft was not saved" in top
    assert not Answer.objects.exists()


def test_it_says_that_refused_changes_leave_the_submitted_answers_standing(
    signed_in, contact, round_
):
    answers = {
        question.pk: services.AnswerData(scale=3, yes_no=True)
        for question in services.questions_for(round_, contact.party)
    }
    response = services.response_for(round_, contact.party)
    services.save_answers(response, answers, by=contact, submit=True)
    data = draft_data(round_, contact.party, text="x" * (SHORT_TEXT_MAX + 1))

    reply = signed_in.post(form_url(round_), data | {"action": "submit"})

    assert reply.status_code == 400
    top = top_of(reply)
    assert "Changes not sent in" in top
    assert "The answers you submitted before still stand." in top
