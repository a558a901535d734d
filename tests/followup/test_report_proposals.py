"""The annual report's chapter on revision proposals: the public ones of the year."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from followup import revisions
from followup.models import ProposalPart, RevisionProposal
from followup.report.chapters import proposals as chapter
from steering.models import Meeting
from tests.conftest import _make_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SUBMITTER_EMAIL = "hemlig.inskickare@privat.test"


def sv(message: str, **values) -> str:
    with translation.override("sv"):
        text = translation.gettext(message)
    return text % values if values else text


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def make_proposal(agreement, contact, process_leader):
    submitter = _make_user(SUBMITTER_EMAIL)

    def make(wording, *, received, checked=True, by_party=True, **fields):
        proposal = revisions.propose(
            agreement,
            part=fields.pop("part", ProposalPart.VISION),
            proposed_wording=wording,
            rationale="Därför.",
            organisation=contact.party if by_party else None,
            by=submitter if by_party else process_leader,
            **fields,
        )
        if checked:
            proposal = revisions.check_proposal(proposal, by=process_leader)
        RevisionProposal.objects.filter(pk=proposal.pk).update(created_at=received)
        proposal.refresh_from_db()
        return proposal

    return make


def meeting(agreement, when: datetime.datetime) -> Meeting:
    return Meeting.objects.create(agreement=agreement, starts_at=when, place="Regionens hus")


@pytest.fixture
def proposals(agreement, make_proposal, process_leader):
    made = {
        "open": make_proposal("Öppet förslag.", received=at(2026, 4, 2)),
        "unchecked": make_proposal("Ogranskat förslag.", received=at(2026, 4, 3), checked=False),
        "next_year": make_proposal("Nästa års förslag.", received=at(2027, 1, 2)),
        "old_decided": make_proposal("Avgjort i fjol.", received=at(2025, 10, 1)),
        "decided_now": make_proposal(
            "Avgjort i år.",
            received=at(2025, 11, 1),
            part=ProposalPart.SECTION,
            section="Mål 3",
        ),
        "leader": make_proposal(
            "Processledarens förslag.", received=at(2026, 8, 1), by_party=False
        ),
    }
    revisions.decide_proposal(
        made["old_decided"],
        adopted=False,
        meeting=meeting(agreement, at(2025, 12, 4)),
        text="Avslås.",
        by=process_leader,
        number=3,
    )
    revisions.decide_proposal(
        made["decided_now"],
        adopted=True,
        meeting=meeting(agreement, at(2026, 3, 12)),
        text="Antas.",
        by=process_leader,
        number=4,
    )
    return made


def collect(agreement, year=2026, today=datetime.date(2027, 1, 15)) -> dict:
    with translation.override("sv"):
        return chapter.collect(agreement, year, today=today)


def render(agreement, data, year=2026) -> str:
    with translation.override("sv"):
        return render_to_string(
            "followup/report/proposals.html", {"agreement": agreement, "year": year, "data": data}
        )


def test_it_shows_the_public_proposals_received_by_the_years_end_and_not_decided_before(
    agreement, proposals
):
    data = collect(agreement)

    assert [p.proposed_wording for p in data["proposals"]] == [
        "Avgjort i år.",
        "Öppet förslag.",
        "Processledarens förslag.",
    ]
    html = render(agreement, data)
    assert "Ogranskat förslag." not in html
    assert "Nästa års förslag." not in html
    assert "Avgjort i fjol." not in html
    assert "Revideringsförslag som kommit in till och med 31 december 2026" in html


def test_it_says_up_to_which_day_proposals_are_counted_while_the_year_runs(agreement, proposals):
    html = render(agreement, collect(agreement, today=datetime.date(2026, 12, 7)))

    assert "Revideringsförslag som kommit in till och med 7 december 2026" in html
    assert "slutet av 2026" not in html


def test_it_names_the_party_or_the_process_leader_never_the_person(agreement, proposals, contact):
    html = render(agreement, collect(agreement))

    assert "Aktiva Föreningen" in html
    assert sv("The process leader") in html
    assert SUBMITTER_EMAIL not in html
    assert "processledare@region.test" not in html
    assert "Kontakt Person" not in html


def test_it_shows_the_part_the_status_and_the_decision(agreement, proposals):
    data = collect(agreement)
    html = render(agreement, data)

    assert '<th scope="row">Mål 3</th>' in html
    with translation.override("sv"):
        adopted = str(RevisionProposal.Status.ADOPTED.label)
        received = str(RevisionProposal.Status.RECEIVED.label)
    assert adopted in html
    assert received in html
    assert "12 mars 2026, § 4" in html
    counts = {row["status"]: row["count"] for row in data["per_status"]}
    assert counts == {"to_conference": 0, "received": 2, "adopted": 1, "rejected": 0}


def test_it_shows_the_wording_as_text(agreement, make_proposal):
    make_proposal('<script>alert("x")</script>\nNy rad.', received=at(2026, 5, 5))

    html = render(agreement, collect(agreement))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Ny rad." in html


def test_it_says_so_when_there_were_no_proposals(agreement):
    data = collect(agreement)

    assert data["total"] == 0
    assert sv(
        "No proposals to revise the agreement were open or decided in %(year)s.", year=2026
    ) in render(agreement, data)


def test_it_lists_the_proposals_as_sheets(agreement, proposals):
    with translation.override("sv"):
        sheets = chapter.sheets(collect(agreement))

    per_status, listed = sheets
    assert [row[1] for row in per_status.rows] == [0, 2, 1, 0]
    assert listed.rows[0][:3] == ["2025-11-01", "Mål 3", "Aktiva Föreningen"]
    assert listed.rows[0][4].endswith("§ 4")
    assert listed.rows[2][2] == sv("The process leader")
    assert all(SUBMITTER_EMAIL not in str(cell) for row in listed.rows for cell in row)


def test_it_reads_the_proposals_in_a_constant_number_of_queries(
    agreement, proposals, make_proposal, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as captured:
        chapter.collect(agreement, 2026)
    for number in range(6):
        make_proposal(f"Förslag {number}.", received=at(2026, 6, number + 1))

    with django_assert_max_num_queries(len(captured)):
        data = chapter.collect(agreement, 2026)
    assert data["total"] == 9
