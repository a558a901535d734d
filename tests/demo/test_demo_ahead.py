"""The demo never goes stale: loaded today, and loaded with the clock three years ahead, it
has a steering group seated, a follow-up round open or due, the next meeting and the next
conference ahead, and every demo login finds their work where they look for it."""

import datetime
import os

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from actionplan.models import ActionPlan
from agreements.models import Agreement
from followup import services as followup
from followup.models import AnnualReport, Conference
from parties.models import ContactPerson
from steering.models import DecisionKind, Meeting, PerCapsulamQuestion, Role, Seat
from steering.rules import composition_problems
from steering.voting import voting_seat_of
from tests.demo_host import serve_demo_here

pytestmark = pytest.mark.django_db


def _years_ahead(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@pytest.fixture(scope="module", params=[0, 3], ids=["today", "three-years-ahead"])
def moved_demo(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` with the clock `request.param` years ahead, once for the module's tests
    of that many years (as `demo_module`, in a transaction rolled back at the end). The
    clock stays there, ticking, while the tests run."""
    from django.db import transaction
    from django.test import override_settings

    from tests.conftest import _create_reference_data

    media_root = tmp_path_factory.mktemp("demo-media")
    ahead = _years_ahead(timezone.now(), request.param)
    with time_machine.travel(ahead, tick=True), django_db_blocker.unblock():
        # DEBUG: the demo's logins are made only then.
        with override_settings(MEDIA_ROOT=media_root, DEBUG=True), transaction.atomic():
            _create_reference_data()
            with open(os.devnull, "w") as quiet:
                call_command("seed_demo", stdout=quiet)
                serve_demo_here()
            yield media_root
            transaction.set_rollback(True)


@pytest.fixture
def loaded(moved_demo, db, settings):
    """The demo agreement, in this test's own savepoint on top of the module's demo."""
    settings.MEDIA_ROOT = moved_demo
    settings.DEBUG = True
    return Agreement.objects.current()


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_it_has_an_agreement_in_force_and_a_steering_group_seated(loaded, client):
    today = timezone.localdate()
    in_force = loaded.in_force
    assert in_force.valid_from <= today <= in_force.valid_until
    plan = ActionPlan.objects.get(agreement=loaded)
    assert plan.first_year <= today.year <= plan.last_year
    current = Seat.objects.for_agreement(loaded).current()
    assert current.filter(role=Role.CHAIR).count() == 1
    assert current.filter(role=Role.VICE_CHAIR).count() == 1
    assert current.ordinary().count() == 8
    assert composition_problems(loaded) == []

    page = client.get("/styrgrupp/").content.decode()
    assert current.get(role=Role.CHAIR).person_name in page


def test_it_has_a_round_open_or_due_and_the_next_meeting_and_conference_ahead(loaded, client):
    now = timezone.now()
    round = followup.latest_round(loaded)
    assert round is not None and round.closes >= timezone.localdate()
    meeting = Meeting.objects.filter(agreement=loaded).upcoming().first()
    assert meeting is not None and meeting.starts_at > now
    assert Meeting.objects.filter(agreement=loaded).held().exists()
    conference = Conference.objects.filter(agreement=loaded).upcoming().first()
    assert conference is not None and conference.starts_at > now
    assert client.get(f"/konferens/{conference.year}/").status_code == 200


def test_it_keeps_bjorkviks_group_seated_its_round_open_and_its_next_meeting_ahead(loaded):
    bjorkvik = Agreement.objects.get(slug="bjorkvik")
    assert bjorkvik.in_force is not None
    current = Seat.objects.for_agreement(bjorkvik).current()
    assert current.ordinary().count() == 5
    assert composition_problems(bjorkvik) == []
    round = followup.latest_round(bjorkvik)
    assert round is not None and round.is_open
    assert Meeting.objects.filter(agreement=bjorkvik).upcoming().exists()
    assert Meeting.objects.filter(agreement=bjorkvik).held().exists()


def test_it_lets_the_contact_person_open_their_page_and_the_follow_up(loaded, client):
    user = _user("kontakt@exempel.se")
    party = ContactPerson.objects.current().get(user=user).organisation
    assert party.is_active
    client.force_login(user)
    page = client.get("/min-organisation/")
    assert page.status_code == 200
    assert party.name in page.content.decode()

    round = followup.latest_round(loaded)
    form = client.get(f"/uppfoljning/{round.year}/")
    assert form.status_code == 200
    assert "followup/not_open.html" not in [t.name for t in form.templates]
    assert "<textarea" in form.content.decode() or 'type="radio"' in form.content.decode()


def test_it_lets_the_steering_member_see_what_waits_and_answer_a_question(loaded, client, settings):
    user = _user("styrgrupp@exempel.se")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    start = client.get("/admin/").content.decode()
    assert "matters waiting for a decision" in start
    assert "waiting for my answer" in start

    question = PerCapsulamQuestion.objects.open().get(
        agreement=loaded, kind=DecisionKind.APPLICATION_APPROVED
    )
    url = f"/styrgrupp/per-capsulam/{question.pk}/"
    assert url in start
    assert 'name="answer"' in client.get(url).content.decode()
    assert client.post(url, {"answer": "yes"}).status_code == 302
    assert question.answers.filter(seat__user=user, answer="yes").exists()


def test_it_lets_the_process_leader_reach_the_reports(loaded, client):
    client.force_login(_user("processledare@exempel.se"))
    page = client.get("/rapporter/")
    assert page.status_code == 200
    published = AnnualReport.objects.published().get(agreement=loaded)
    assert timezone.localdate().year - published.year in (0, 1)  # last year's or this
    assert f"/rapporter/{published.pk}/ladda-ner/" in page.content.decode()


def test_it_seats_the_group_again_when_a_later_run_finds_the_mandates_over(
    settings, reference_data
):
    """Loaded on the last day before the story moves (three years ahead), the demo's
    mandates run out a month later; `make run` on a later day seats the group again."""
    settings.DEBUG = True
    loaded_on = datetime.datetime(timezone.localdate().year + 3, 11, 30, 12, tzinfo=datetime.UTC)
    with time_machine.travel(loaded_on, tick=True) as traveller, open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()
        agreement = Agreement.objects.current()
        chair = Seat.objects.for_agreement(agreement).current().get(role=Role.CHAIR)
        assert chair.mandate_end < timezone.localdate() + datetime.timedelta(days=60)

        traveller.move_to(loaded_on + datetime.timedelta(days=90))
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()
        current = Seat.objects.for_agreement(agreement).current()
        assert current.get(role=Role.CHAIR).person_name == chair.person_name
        assert current.ordinary().count() == 8
        assert composition_problems(agreement) == []
        steering_login = _user("styrgrupp@exempel.se")
        assert voting_seat_of(steering_login, agreement) in current
        assert Meeting.objects.filter(agreement=agreement).upcoming().exists()
        questions = PerCapsulamQuestion.objects.open().filter(agreement=agreement)
        assert questions.count() == 2 and all(question.is_open for question in questions)
        answered = questions.get(kind=DecisionKind.APPLICATION_APPROVED).answers
        names = list(answered.values_list("seat__person_name", flat=True))
        assert len(names) == len(set(names))  # nobody answers twice from two mandates
        # Björkvik's group too, its steering login in its seat, its round still open.
        bjorkvik = Agreement.objects.get(slug="bjorkvik")
        assert Seat.objects.for_agreement(bjorkvik).current().ordinary().count() == 5
        assert composition_problems(bjorkvik) == []
        assert voting_seat_of(_user("styrgrupp@bjorkvik.exempel.se"), bjorkvik) is not None
        assert followup.latest_round(bjorkvik).is_open
