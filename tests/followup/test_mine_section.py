"""The follow-up's section on /min-organisation/: the latest round's state for the party,
a way to the form, and a way to propose a revision."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from followup import services
from followup.mine_section import followup_section
from followup.models import Response


def today():
    """Today in Stockholm, asked when needed: a run that passes midnight sees the new day."""
    return timezone.localdate()


TODAY = today()
MINE = "/min-organisation/"


@pytest.fixture
def signed_in(client, contact):
    # Our own messages are English msgids; ask for English so the assertions do not
    # depend on how far the Swedish catalogue has come.
    client.cookies["django_language"] = "en"
    client.force_login(contact)
    return client


@pytest.fixture
def make_round(agreement):
    def make(*, opens_in: int, closes_in: int, year: int = TODAY.year):
        return services.new_round(
            agreement,
            year=year,
            opens=today() + datetime.timedelta(days=opens_in),
            closes=today() + datetime.timedelta(days=closes_in),
        )

    return make


def section(client) -> str:
    content = client.get(MINE).content.decode()
    start = content.find('<section aria-labelledby="followup-title">')
    if start == -1:
        return ""
    return content[start : content.index("</section>", start)]


def test_it_offers_only_a_revision_proposal_when_there_is_no_round(signed_in):
    assert signed_in.get(MINE).status_code == 200
    shown = section(signed_in)
    assert (
        gettext(
            "No follow-up round has been planned yet. The contact person gets an email "
            "when the next one opens."
        )
        in shown
    )
    assert 'href="/uppfoljning/' not in shown
    assert 'href="/min-organisation/forslag/"' in shown


def test_it_says_when_a_planned_round_opens_without_a_link_to_the_form(signed_in, make_round):
    round = make_round(opens_in=10, closes_in=40)

    shown = section(signed_in)

    assert "opens on" in shown
    assert round.get_absolute_url() not in shown
    assert reverse("followup:propose") in shown


def test_it_invites_the_party_to_answer_an_open_round(signed_in, make_round):
    round = make_round(opens_in=-1, closes_in=20)

    shown = section(signed_in)

    assert "is open until" in shown
    assert "Not started" in shown
    assert f'href="{round.get_absolute_url()}"' in shown
    assert f"Answer the follow-up of {round.year}" in shown
    # Looking at the page makes no response.
    assert not Response.objects.exists()


def test_it_shows_when_the_draft_was_saved(signed_in, contact, make_round):
    round = make_round(opens_in=-1, closes_in=20)
    response = services.response_for(round, contact.party)
    response = services.save_answers(response, {}, by=contact, submit=False)

    shown = section(signed_in)

    saved = timezone.localdate(response.saved_at)
    assert f"Saved {saved.day} {saved:%B} {saved.year}" in shown
    # The badge says "Draft saved"; the sentence beside it does not say it again.
    assert shown.count("Draft saved") == 1
    assert f"by {contact.email}" in shown
    assert f"Continue the follow-up of {round.year}" in shown


def test_it_shows_when_the_answers_were_submitted(signed_in, contact, make_round):
    round = make_round(opens_in=-1, closes_in=20)
    response = services.response_for(round, contact.party)
    answers = {
        question.pk: services.AnswerData(scale=3, yes_no=True)
        for question in services.questions_for(round, contact.party)
    }
    services.save_answers(response, answers, by=contact, submit=True)

    shown = section(signed_in)

    assert "Submitted " in shown
    assert f"See or change the answers for {round.year}" in shown


def test_it_links_to_the_answers_of_a_closed_round(signed_in, contact, make_round):
    round = make_round(opens_in=-30, closes_in=-2, year=TODAY.year - 1)
    Response.objects.create(round=round, organisation=contact.party)

    shown = section(signed_in)

    assert "closed on" in shown
    assert f"See the answers for {round.year}" in shown


def test_it_shows_nothing_for_a_party_that_is_not_active(contact, make_round):
    make_round(opens_in=-1, closes_in=20)
    contact.party.memberships.update(status="withdrawn", withdrawn_on=TODAY)
    request = RequestFactory().get(MINE)
    request.user = contact

    assert followup_section(request, contact.party) == ""


def test_it_shows_the_round_of_each_agreement_the_party_is_in(contact, make_round, agreement):
    """An organisation in two agreements answers two follow-ups from one account."""
    from agreements.models import Agreement
    from followup.models import FollowUpRound
    from parties.models import Membership

    round = make_round(opens_in=-1, closes_in=20)
    other = Agreement.objects.create(slug="bjorkvik", name="Björkviks överenskommelse")
    FollowUpRound.objects.create(
        agreement=other, year=round.year, opens=round.opens, closes=round.closes
    )
    Membership.objects.create(
        organisation=contact.party, agreement=other, status="active", joined_on=TODAY
    )
    request = RequestFactory().get(MINE)
    request.user = contact
    request.agreement = agreement  # A's page, as the routing middleware sets it

    html = followup_section(request, contact.party)

    assert other.name in html and agreement.name in html
    assert f'href="/bjorkvik/uppfoljning/{round.year}/"' in html
    assert f'href="/uppfoljning/{round.year}/"' in html


def test_it_takes_a_few_queries(contact, make_round, django_assert_max_num_queries):
    make_round(opens_in=-30, closes_in=-2, year=TODAY.year - 1)
    request = RequestFactory().get(MINE)
    request.user = contact

    # The party's memberships, the latest round (open, else next, else last), the response,
    # and the request's agreement (until the routing middleware gives the request its own).
    with django_assert_max_num_queries(6):
        html = followup_section(request, contact.party)
    assert "followup-title" in html
