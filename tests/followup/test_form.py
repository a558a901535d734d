"""The follow-up form at /uppfoljning/<year>/: who may answer, draft → submit → change →
closed, the questions of the party's sector only, and bad input refused with nothing saved."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import Answer, QuestionKind, Response


def today():
    """Today in Stockholm, asked when needed: a run that passes midnight sees the new day."""
    return timezone.localdate()


TODAY = today()
YEAR = TODAY.year


@pytest.fixture
def english(client):
    # Our own messages are English msgids; ask for English so the assertions do not
    # depend on how far the Swedish catalogue has come.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def make_round(agreement):
    def make(*, opens_in: int = -5, closes_in: int = 20, year: int = YEAR, **kwargs):
        return services.new_round(
            agreement,
            year=year,
            opens=today() + datetime.timedelta(days=opens_in),
            closes=today() + datetime.timedelta(days=closes_in),
            **kwargs,
        )

    return make


@pytest.fixture
def round_(make_round):
    return make_round(introduction="Berätta hur samverkan har gått under året.")


@pytest.fixture
def signed_in(english, contact):
    english.force_login(contact)
    return english


def url(round) -> str:
    return reverse("followup:form", args=[round.year])


def close(round) -> None:
    """The round's last day has passed."""
    round.closes = today() - datetime.timedelta(days=1)
    round.opens = min(round.opens, round.closes)
    round.save(update_fields=["opens", "closes"])


def questions(round, organisation):
    return services.questions_for(round, organisation)


def first_of(round, organisation, kind: str):
    return next(q for q in questions(round, organisation) if q.kind == kind)


def response_of(round, organisation) -> Response:
    return Response.objects.get(round=round, organisation=organisation)


def complete(round, organisation) -> dict:
    """POST data answering every question the party is asked."""
    data = {"response": str(services.response_for(round, organisation).pk)}
    for question in questions(round, organisation):
        name = f"q{question.pk}"
        data[name] = {
            QuestionKind.SCALE: "4",
            QuestionKind.YES_NO: "yes",
            QuestionKind.NUMBER: "3",
            QuestionKind.SHORT_TEXT: "Vårt gemensamma läger",
            QuestionKind.LONG_TEXT: "Fler möten.",
        }[question.kind]
    return data


def page(response) -> str:
    return response.content.decode()


# ---- who may and who may not ----------------------------------------------------------------


def test_the_url_is_the_contract():
    assert reverse("followup:form", args=[2027]) == "/uppfoljning/2027/"


def test_it_sends_an_anonymous_visitor_to_sign_in(public, round_):
    response = public.get(url(round_))

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


@pytest.mark.parametrize("persona", ["applicant", "steering_member", "process_leader"])
def test_it_sends_someone_who_is_no_partys_contact_to_my_organisation(
    request, as_user, round_, persona
):
    client = as_user(request.getfixturevalue(persona))

    assert client.get(url(round_)).url == reverse("parties:mine")
    posted = client.post(url(round_), {"action": "draft"})
    assert posted.status_code == 302
    assert posted.url == reverse("parties:mine")
    assert not Answer.objects.exists()


def test_it_shows_the_contact_the_form_with_their_sectors_questions(signed_in, contact, round_):
    response = signed_in.get(url(round_))

    assert response.status_code == 200
    content = page(response)
    assert "Berätta hur samverkan har gått under året." in content
    assert round_.closes.strftime("%-d") in content
    for question in round_.questions.all():
        shown = html.escape(question.text) in content
        assert shown == question.asked_of(contact.party.sector), question.text
    # Grouped by theme, each a fieldset with its legend, in question order.
    assert content.count('<fieldset class="theme"') == 3
    principles = content.index("<h2>Principerna</h2>")
    year = content.index(f"<h2>Samverkan under {round_.year}</h2>")
    assert principles < year < content.index("<h2>Erfarenheter och förslag</h2>")
    assert "Does not work at all" not in content  # the question's own labels win
    assert "1 – Fungerar inte alls" in content
    assert "5 – Fungerar mycket väl" in content
    assert "Cannot judge" in content
    assert 'name="action" value="draft"' in content
    assert 'name="action" value="submit"' in content
    assert "<script>" not in content  # no inline scripts
    assert "js/followup-draft.js" in content


def test_it_shows_a_public_bodys_questions_to_a_public_body(english, make_party, applicant, round_):
    party = make_party("Ängens kommun", sector="public", user=applicant)
    english.force_login(applicant)

    content = page(english.get(url(round_)))

    public_only = round_.questions.get(sector="public")
    civil_only = round_.questions.get(sector="civil_society")
    assert html.escape(public_only.text) in content
    assert html.escape(civil_only.text) not in content
    assert party.name in content


def test_it_says_when_a_round_not_yet_open_opens(signed_in, make_round):
    round = make_round(opens_in=10, closes_in=40)

    response = signed_in.get(url(round))

    assert response.status_code == 200
    assert "opens on" in page(response)
    assert '<form method="post" class="form' not in page(response)


def test_it_is_a_404_when_there_is_no_round_that_year(signed_in, round_):
    assert signed_in.get(reverse("followup:form", args=[YEAR - 3])).status_code == 404


def test_it_keeps_the_page_to_a_few_queries(
    signed_in, contact, round_, django_assert_max_num_queries
):
    signed_in.post(url(round_), complete(round_, contact.party) | {"action": "draft"})
    for order in range(100, 130):
        round_.questions.create(
            order=order, theme="Extra", kind=QuestionKind.SHORT_TEXT, text=f"Fråga {order}"
        )

    with django_assert_max_num_queries(10):
        response = signed_in.get(url(round_))
    assert response.status_code == 200


# ---- another party ----------------------------------------------------------------------------


def test_it_refuses_an_answer_to_another_partys_response(signed_in, contact, make_party, round_):
    other = make_party("Bortre Föreningen")
    theirs = services.response_for(round_, other)
    data = complete(round_, other) | {"response": str(theirs.pk), "action": "submit"}

    response = signed_in.post(url(round_), data)

    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Response.Status.NOT_STARTED
    assert not Answer.objects.exists()


def test_it_refuses_a_post_without_the_response(signed_in, contact, round_):
    data = complete(round_, contact.party) | {"action": "submit"}
    del data["response"]

    assert signed_in.post(url(round_), data).status_code == 403
    assert not Answer.objects.exists()


# ---- draft, submit, change, closed ------------------------------------------------------------


def test_it_saves_a_draft_with_questions_left_unanswered(signed_in, contact, round_):
    number = first_of(round_, contact.party, QuestionKind.NUMBER)
    data = {
        "response": str(services.response_for(round_, contact.party).pk),
        f"q{number.pk}": "7",
        "action": "draft",
    }

    response = signed_in.post(url(round_), data, follow=True)

    assert response.redirect_chain == [(url(round_), 302)]
    content = page(response)
    assert "Draft saved." in content
    assert 'data-saved="1"' in content
    assert 'value="7"' in content
    saved = response_of(round_, contact.party)
    assert saved.status == Response.Status.DRAFT
    assert saved.saved_by == contact
    assert saved.answers.get(question=number).number == 7
    # The next visit is an ordinary one: the browser's copy is not cleared again.
    assert 'data-saved="0"' in page(signed_in.get(url(round_)))


def test_it_refuses_to_submit_with_a_required_question_unanswered(signed_in, contact, round_):
    required = first_of(round_, contact.party, QuestionKind.YES_NO)
    assert required.required
    data = complete(round_, contact.party) | {"action": "submit"}
    del data[f"q{required.pk}"]

    response = signed_in.post(url(round_), data)

    assert response.status_code == 400
    content = page(response)
    assert 'id="error-summary"' in content
    assert f'href="#id_q{required.pk}"' in content
    assert f'id="id_q{required.pk}_error"' in content
    assert "Answer this question before you submit." in content
    # What was typed is still there, and nothing was saved.
    assert "Vårt gemensamma läger" in content
    assert response_of(round_, contact.party).status == Response.Status.NOT_STARTED
    assert not Answer.objects.exists()


def test_it_submits_and_lets_the_party_change_its_answers_until_the_round_closes(
    signed_in, contact, round_
):
    data = complete(round_, contact.party)
    short = first_of(round_, contact.party, QuestionKind.SHORT_TEXT)

    submitted = signed_in.post(url(round_), data | {"action": "submit"}, follow=True)

    assert "Your answers have been submitted." in page(submitted)
    response = response_of(round_, contact.party)
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_by == contact
    content = page(submitted)
    assert 'value="draft"' not in content
    assert "Save changes" in content

    changed = signed_in.post(
        url(round_), data | {f"q{short.pk}": "Sommarlägret", "action": "submit"}, follow=True
    )

    assert "Your changes have been submitted." in page(changed)
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.get(question=short).text == "Sommarlägret"

    close(round_)
    closed = signed_in.get(url(round_))
    assert closed.status_code == 200
    content = page(closed)
    assert "closed on" in content
    assert "Sommarlägret" in content
    assert 'type="radio"' not in content
    assert "<textarea" not in content
    assert 'name="action"' not in content


def test_it_keeps_the_draft_when_the_round_closes_before_the_answers_are_sent(
    signed_in, contact, round_
):
    short = first_of(round_, contact.party, QuestionKind.SHORT_TEXT)
    data = complete(round_, contact.party)
    signed_in.post(url(round_), {"response": data["response"], f"q{short.pk}": "Utkastet"})
    close(round_)

    response = signed_in.post(
        url(round_), data | {f"q{short.pk}": "Det nya svaret", "action": "submit"}
    )

    assert response.status_code == 200
    content = page(response)
    assert html.escape(services.closed_message(round_)) in content
    assert "Det nya svaret" in content  # what was typed is not lost
    saved = response_of(round_, contact.party)
    assert saved.status == Response.Status.DRAFT
    assert saved.answers.get(question=short).text == "Utkastet"


def test_it_shows_the_answers_read_only_once_closed(signed_in, contact, round_):
    scale = first_of(round_, contact.party, QuestionKind.SCALE)
    response = services.response_for(round_, contact.party)
    signed_in.post(url(round_), {"response": str(response.pk), f"q{scale.pk}": "cannot_judge"})
    close(round_)

    content = page(signed_in.get(url(round_)))

    assert "Cannot judge" in content
    assert "Not answered" in content
    assert "<textarea" not in content


# ---- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (QuestionKind.SCALE, "7", "Choose a number from 1 to 5"),
        (QuestionKind.SCALE, "2.5", "Choose a number from 1 to 5"),
        (QuestionKind.NUMBER, "-1", "The number cannot be negative."),
        (QuestionKind.NUMBER, "10000001", "Give a number of at most"),
        (QuestionKind.NUMBER, "många", "Give a whole number"),
        (QuestionKind.YES_NO, "kanske", "Choose yes or no."),
        (QuestionKind.SHORT_TEXT, "x" * 301, "Write at most 300 characters (you wrote 301)."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(signed_in, contact, round_, kind, value, message):
    question = first_of(round_, contact.party, kind)
    data = complete(round_, contact.party) | {f"q{question.pk}": value, "action": "draft"}

    response = signed_in.post(url(round_), data)

    assert response.status_code == 400
    assert message in page(response)
    assert f'id="id_q{question.pk}_error"' in page(response)
    assert not Answer.objects.exists()
    assert response_of(round_, contact.party).status == Response.Status.NOT_STARTED


def test_it_refuses_a_100_kb_comment_with_a_message(signed_in, contact, round_):
    scale = first_of(round_, contact.party, QuestionKind.SCALE)
    data = complete(round_, contact.party) | {
        f"q{scale.pk}_comment": "ord " * 25_600,
        "action": "submit",
    }

    response = signed_in.post(url(round_), data)

    assert response.status_code == 400
    assert "Write at most 2000 characters" in page(response)
    assert not Answer.objects.exists()


def test_it_stores_a_script_tag_as_text_and_shows_it_escaped(signed_in, contact, round_):
    long = first_of(round_, contact.party, QuestionKind.LONG_TEXT)
    evil = '<script>alert("x")</script>'
    data = complete(round_, contact.party) | {f"q{long.pk}": evil, "action": "draft"}

    response = signed_in.post(url(round_), data, follow=True)

    assert response_of(round_, contact.party).answers.get(question=long).text == evil
    content = page(response)
    assert evil not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    close(round_)
    content = page(signed_in.get(url(round_)))
    assert evil not in content
    assert "&lt;script&gt;" in content


def test_it_explains_a_principle_question_and_links_to_the_principle(signed_in, contact, round_):
    question = next(q for q in questions(round_, contact.party) if q.principle_id)

    content = page(signed_in.get(url(round_)))

    principle = question.principle
    assert principle.summary in content
    assert f'href="{principle.get_absolute_url()}"' in content
    assert f"Read about the principle “{principle.name}”" in content
    assert f'aria-describedby="id_q{question.pk}_principle' in content


def test_it_calls_a_required_question_the_same_everywhere_in_swedish(client, contact, round_):
    client.cookies["django_language"] = "sv"
    client.force_login(contact)

    content = page(client.get(url(round_)))

    assert "(obligatoriskt)" in content
    assert "”obligatorisk”" not in content
    assert "obligatorisk)" not in content
