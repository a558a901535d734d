"""The demo serves two agreements: Region Norrådalen's (on the test client's host, unprefixed:
tests/demo_host.py) and Björkviks kommun's (under /bjorkvik/), each with its own parties,
steering group, action plan and follow-up and nothing of the other's; an organisation party
to both is on both registers; each staff login works in its own agreement only; the demo
contact person answers two follow-ups from one account."""

import pytest
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from agreements.models import Agreement, AgreementRole
from common.roles import PROCESS_LEADER
from followup import demo_bjorkvik as bjorkvik_demo
from followup import services as followup
from followup.models import Response
from parties import demo as party_demo
from parties.models import Membership
from steering.models import Decision, Meeting, Seat
from steering.rules import composition_problems

pytestmark = pytest.mark.django_db

B = "/bjorkvik"
BOTH = "Föreningen Grannskap Björkvik"  # the demo contact person's association
ONLY_REGION = "Lilleå Hembygdsgille"
ONLY_BJORKVIK = "Björkviks Idrottsallians"
WAITING_IN_BJORKVIK = bjorkvik_demo.OWN_PARTIES[-1][0]


@pytest.fixture
def region(demo_world):
    return Agreement.objects.get(slug="norradalen")


@pytest.fixture
def bjorkvik(demo_world):
    return Agreement.objects.get(slug="bjorkvik")


def _user(email: str):
    return get_user_model().objects.get(username=email)


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_bjorkvik_has_its_settings_and_one_version_in_force(bjorkvik):
    assert bjorkvik.level == "municipal"
    assert bjorkvik.region_name == "Björkviks kommun"
    assert bjorkvik.steering_address == bjorkvik_demo.SETTINGS["steering_email"]
    assert bjorkvik.controller["name"] == bjorkvik_demo.SETTINGS["controller_name"]
    version = bjorkvik.in_force
    assert version is not None and version.number == 1
    assert version.goals.count() == len(bjorkvik_demo.GOALS)
    assert version.principles.count() == len(bjorkvik_demo.PRINCIPLES)


def test_each_register_lists_its_own_parties_and_those_of_both(client, region, bjorkvik):
    # The open data: every party on one page (the register's pages list 25 at a time).
    regional = _page(client, "/undertecknare.json")
    municipal = _page(client, f"{B}/undertecknare.json")
    assert ONLY_BJORKVIK in _page(client, f"{B}/undertecknare/")
    for name in bjorkvik_demo.ALSO_REGIONAL:
        assert name in regional and name in municipal
    assert ONLY_REGION in regional and ONLY_REGION not in municipal
    for name, *_rest in bjorkvik_demo.OWN_PARTIES:
        assert name not in regional
    assert ONLY_BJORKVIK in municipal
    # The application waiting for Björkvik's steering group is on no register yet.
    assert WAITING_IN_BJORKVIK not in municipal
    statuses = dict(
        Membership.objects.filter(agreement=bjorkvik).values_list("organisation__name", "status")
    )
    assert statuses[WAITING_IN_BJORKVIK] == Membership.Status.PENDING
    assert sum(status == Membership.Status.ACTIVE for status in statuses.values()) == (
        len(bjorkvik_demo.ALSO_REGIONAL) + len(bjorkvik_demo.OWN_PARTIES) - 1
    )


def test_the_page_of_an_organisation_in_both_names_both_agreements(client, region, bjorkvik):
    for prefix in ("", B):
        page = _page(client, f"{prefix}/undertecknare/{slugify(BOTH)}/")
        assert region.name in page and bjorkvik.name in page


def test_each_steering_group_is_its_own(client, region, bjorkvik):
    regional = _page(client, "/styrgrupp/")
    municipal = _page(client, f"{B}/styrgrupp/")
    for _key, name, *_rest in bjorkvik_demo.SEATS:
        assert name in municipal and name not in regional
    region_chair = Seat.objects.for_agreement(region).current().get(role="chair").person_name
    assert region_chair in regional and region_chair not in municipal
    assert composition_problems(bjorkvik) == []
    assert Meeting.objects.filter(agreement=bjorkvik).held().exists()
    assert Meeting.objects.filter(agreement=bjorkvik).upcoming().exists()
    # The held meeting approved the applications of Björkvik's parties, in its own minutes.
    approved = Decision.objects.filter(agreement=bjorkvik, kind="application_approved")
    assert approved.count() == len(bjorkvik_demo.ALSO_REGIONAL) + len(bjorkvik_demo.OWN_PARTIES) - 1
    assert not Decision.objects.filter(agreement=region, text__contains="Björkviks Idrott")


def test_each_action_plan_is_its_own(client):
    regional = _page(client, "/handlingsplan/")
    municipal = _page(client, f"{B}/handlingsplan/")
    assert bjorkvik_demo.PLAN_TITLE in municipal and bjorkvik_demo.PLAN_TITLE not in regional
    for title, *_rest in bjorkvik_demo.ACTIVITIES:
        assert title in municipal and title not in regional
    assert "Dialogforum i varje kommun" in regional
    assert "Dialogforum i varje kommun" not in municipal


def test_bjorkviks_process_leader_sees_only_bjorkvik_in_the_admin(client, region, bjorkvik):
    leader = _user(bjorkvik_demo.PROCESS_LEADER_LOGIN)
    assert leader.groups.filter(name=PROCESS_LEADER).exists()
    assert set(AgreementRole.objects.filter(user=leader).values_list("agreement", flat=True)) == {
        bjorkvik.pk
    }
    client.force_login(leader)
    memberships = _page(client, "/admin/parties/membership/")
    assert ONLY_BJORKVIK in memberships and ONLY_REGION not in memberships
    seats = _page(client, "/admin/steering/seat/")
    assert "Lena Sjöberg" in seats
    assert "Birgitta Sandell" not in seats
    decisions = _page(client, "/admin/steering/decision/")
    assert ONLY_BJORKVIK in decisions and ONLY_REGION not in decisions
    theirs = Decision.objects.filter(agreement=region).first()
    assert client.get(f"/admin/steering/decision/{theirs.pk}/change/").status_code == 404
    ours = Decision.objects.filter(agreement=bjorkvik).first()
    assert client.get(f"/admin/steering/decision/{ours.pk}/change/").status_code == 200


def test_the_regions_staff_logins_work_in_the_region_only(region):
    for email in ("processledare@exempel.se", "styrgrupp@exempel.se"):
        agreements = AgreementRole.objects.filter(user=_user(email)).values_list(
            "agreement", flat=True
        )
        assert set(agreements) == {region.pk}
    steering = _user(bjorkvik_demo.STEERING_LOGIN)
    assert set(
        AgreementRole.objects.filter(user=steering).values_list("agreement__slug", flat=True)
    ) == {"bjorkvik"}
    assert Seat.objects.filter(user=steering, agreement__slug="bjorkvik").exists()


def test_the_contact_person_has_two_memberships_and_two_follow_ups(
    client, region, bjorkvik, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user = _user("kontakt@exempel.se")
    organisation = Membership.objects.get(
        agreement=bjorkvik, organisation__slug=slugify(BOTH)
    ).organisation
    assert organisation.contacts.filter(user=user, is_current=True).exists()
    client.force_login(user)
    page = _page(client, "/min-organisation/")
    assert region.name in page and bjorkvik.name in page
    for agreement in (region, bjorkvik):
        round = followup.latest_round(agreement)
        assert round.is_open
        response = Response.objects.get(round=round, organisation=organisation)
        assert response.status == Response.Status.NOT_STARTED
    assert page.count("Answer the follow-up of") == 2


def test_the_contact_person_answers_bjorkviks_round(client, region, bjorkvik):
    user = _user("kontakt@exempel.se")
    organisation = Membership.objects.get(
        agreement=bjorkvik, organisation__slug=slugify(BOTH)
    ).organisation
    round = followup.latest_round(bjorkvik)
    client.force_login(user)
    form = client.get(f"{B}/uppfoljning/{round.year}/")
    assert form.status_code == 200
    assert "followup/not_open.html" not in [t.name for t in form.templates]
    response = followup.response_for(round, organisation)
    data = {"response": str(response.pk), "action": "submit"}
    for question in followup.questions_for(round, organisation):
        data[f"q{question.pk}"] = {
            "scale": "4",
            "yes_no": "yes",
            "number": "3",
            "short_text": "Föreningsträffen i Norrbyn",
            "long_text": "Fler träffar i byarna.",
        }[question.kind]
    reply = client.post(f"{B}/uppfoljning/{round.year}/", data)
    assert reply.status_code == 302
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    # The region's round is still to answer.
    regional = Response.objects.get(round=followup.latest_round(region), organisation=organisation)
    assert regional.status == Response.Status.NOT_STARTED


def test_the_other_parties_of_bjorkvik_have_answered_some(bjorkvik):
    round = followup.latest_round(bjorkvik)
    statuses = list(Response.objects.filter(round=round).values_list("status", flat=True))
    assert Response.Status.SUBMITTED in statuses
    names = set(Response.objects.filter(round=round).values_list("organisation__name", flat=True))
    assert ONLY_REGION not in names and WAITING_IN_BJORKVIK not in names
    assert party_demo.CIVIL[1][0] == BOTH  # the association the demo contact person speaks for


def test_bjorkviks_receipts_cite_its_own_meeting(client, bjorkvik):
    from django.utils import translation

    from parties.models import Application

    approved = Application.objects.filter(
        membership__agreement=bjorkvik, status=Application.Status.APPROVED
    )
    assert approved.count() == len(bjorkvik_demo.ALSO_REGIONAL) + len(bjorkvik_demo.OWN_PARTIES) - 1
    for application in approved:
        decision = Decision.objects.about(application).get()
        assert decision.agreement == bjorkvik
        with translation.override("sv"):
            expected = decision.reference
        page = _page(client, f"{B}{application.get_absolute_url()}")
        assert expected in page
