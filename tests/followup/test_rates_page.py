"""The response rate page of a follow-up round: who may see it, its figures counted by
hand, the parties that have not submitted with the emails sent to them, and its query count."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import SentNotification
from followup import invitations, services
from followup.models import Response

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The text of every table cell and definition, by the table's (or list's) id."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.texts: dict[str, str] = {}
        self._table = None
        self._row = None
        self._cell = None
        self._dd = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "dd" and attrs.get("id"):
            self._dd = attrs["id"]
            self.texts[self._dd] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "dd":
            self._dd = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._dd:
            self.texts[self._dd] += data


def parsed(response) -> Tables:
    tables = Tables()
    tables.feed(response.content.decode())
    return tables


def open_round(agreement, year=2026):
    today = timezone.localdate()
    return services.new_round(
        agreement,
        year=year,
        opens=today - datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=20),
    )


def answered(round, party, status):
    submitted = timezone.now() if status == Response.Status.SUBMITTED else None
    return Response.objects.create(
        round=round, organisation=party, status=status, submitted_at=submitted
    )


def url(round) -> str:
    return f"/admin/followup/followupround/{round.pk}/svarsfrekvens/"


@pytest.fixture
def counted(agreement, make_party, municipalities):
    """Five parties in two sectors and two municipalities: two submitted, one draft, two
    not started; and one that withdrew without answering, which is not counted."""
    first, second = municipalities[0], municipalities[1]
    round = open_round(agreement)
    parties = {
        "a": make_party("Alfa Förening", municipality=first),
        "b": make_party("Beta Kommun", sector="public", municipality=second),
        "c": make_party("Cirkel Förening", municipality=second),
        "d": make_party("Delta Förening", municipality=first),
        "e": make_party("Epsilon Region", sector="public", municipality=first),
        "w": make_party("Wilma Utträdd", municipality=first, status="withdrawn"),
    }
    S = Response.Status
    states = {"a": S.SUBMITTED, "b": S.SUBMITTED, "c": S.DRAFT, "d": S.NOT_STARTED}
    states |= {"e": S.NOT_STARTED, "w": S.NOT_STARTED}
    responses = {key: answered(round, parties[key], state) for key, state in states.items()}
    return {"round": round, "parties": parties, "responses": responses, "first": first}


def test_it_shows_the_figures_counted_by_hand(counted, as_user, process_leader, municipalities):
    page = as_user(process_leader).get(url(counted["round"]))

    assert page.status_code == 200
    found = parsed(page)
    assert "2" in found.texts["overall-submitted"] and "5" in found.texts["overall-submitted"]
    assert "40" in found.texts["overall-submitted"]
    assert found.texts["overall-drafts"].strip() == "1"
    assert found.texts["overall-not-started"].strip() == "2"

    civil, public = gettext("Civil society"), gettext("Public sector")
    by_sector = {row[0]: row[1:] for row in found.tables["by-sector-table"][1:]}
    # invited, submitted, rate, drafts, not started
    assert by_sector == {
        civil: ["3", "1", "33,3 %", "1", "1"],
        public: ["2", "1", "50,0 %", "0", "1"],
    }
    by_municipality = {row[0]: row[1:] for row in found.tables["by-municipality-table"][1:]}
    assert by_municipality == {
        municipalities[0].name: ["3", "1", "33,3 %", "0", "2"],
        municipalities[1].name: ["2", "1", "50,0 %", "1", "0"],
    }


def test_it_lists_the_parties_that_have_not_submitted_with_the_emails_sent(
    counted, as_user, process_leader
):
    response = counted["responses"]["d"]
    SentNotification.objects.create(
        kind=invitations.INVITATION,
        content_type=ContentType.objects.get_for_model(Response),
        object_id=response.pk,
        recipient="kontakt@delta.test",
        subject="Dags för uppföljningen 2026",
    )

    page = as_user(process_leader).get(url(counted["round"]))

    rows = parsed(page).tables["not-submitted-table"][1:]
    assert [row[0] for row in rows] == ["Cirkel Förening", "Delta Förening", "Epsilon Region"]
    by_party = {row[0]: row for row in rows}
    assert by_party["Cirkel Förening"][3] == gettext("Draft saved")
    assert by_party["Delta Förening"][3] == gettext("Not started")
    assert "Dags för uppföljningen 2026" in by_party["Delta Förening"][5]
    assert gettext("Invitation") in by_party["Delta Förening"][5]
    assert by_party["Epsilon Region"][5] == gettext("Nothing sent")
    # The contact's address is not the list's business; the party withdrew is not listed.
    assert "kontakt@delta.test" not in page.content.decode()
    assert "Wilma Utträdd" not in page.content.decode()


def test_it_links_the_page_from_the_round_and_the_list(counted, as_user, process_leader):
    client = as_user(process_leader)
    round = counted["round"]

    assert (
        url(round)
        in client.get(f"/admin/followup/followupround/{round.pk}/change/").content.decode()
    )
    listing = client.get("/admin/followup/followupround/").content.decode()
    assert url(round) in listing
    assert "2/5 (40" in listing


def test_it_lets_only_the_process_leader_see_the_page(
    counted, public, as_user, contact, steering_member, process_leader, admin_user
):
    target = url(counted["round"])

    assert public.get(target).status_code == 302
    assert as_user(contact).get(target).status_code == 302
    assert as_user(steering_member).get(target).status_code == 403
    assert as_user(process_leader).get(target).status_code == 200
    assert as_user(admin_user).get(target).status_code == 200


def test_it_hides_the_link_from_the_steering_group(counted, as_user, steering_member):
    round = counted["round"]
    client = as_user(steering_member)

    assert client.get("/admin/followup/followupround/").status_code == 200
    assert url(round) not in client.get("/admin/followup/followupround/").content.decode()
    page = client.get(f"/admin/followup/followupround/{round.pk}/change/")
    assert page.status_code == 200
    assert url(round) not in page.content.decode()


@pytest.mark.parametrize("parties", [3, 15])
def test_it_takes_the_same_queries_for_many_parties(
    parties,
    agreement,
    make_party,
    municipalities,
    as_user,
    process_leader,
    django_assert_max_num_queries,
):
    round = open_round(agreement)
    kind = ContentType.objects.get_for_model(Response)
    for number in range(parties):
        party = make_party(f"Part {number}", municipality=municipalities[number % 3])
        state = [Response.Status.NOT_STARTED, Response.Status.DRAFT, Response.Status.SUBMITTED]
        response = answered(round, party, state[number % 3])
        SentNotification.objects.create(
            kind=invitations.INVITATION,
            content_type=kind,
            object_id=response.pk,
            recipient=f"p{number}@part.test",
            subject="Inbjudan",
        )
    client = as_user(process_leader)

    with django_assert_max_num_queries(10):
        page = client.get(url(round))

    assert page.status_code == 200
