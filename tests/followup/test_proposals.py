"""Revision proposals: the public list /overenskommelsen/forslag/ and the contact person's
form /min-organisation/forslag/."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Principle, Version
from audit.models import AuditEntry
from followup import revisions
from followup.models import ProposalPart, RevisionProposal
from steering.models import Meeting
from tests.agreement_factory import make_agreement
from tests.conftest import _make_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SUBMITTER_EMAIL = "hemlig.inskickare@privat.test"
LIST_URL = "/overenskommelsen/forslag/"
FORM_URL = "/min-organisation/forslag/"


def sv(message: str, **values) -> str:
    """The message as a Swedish visitor sees it (whatever the catalogue has come to)."""
    with translation.override("sv"):
        text = translation.gettext(message)
    return text % values if values else text


def test_urls_are_the_contract():
    assert reverse("followup:proposals") == LIST_URL
    assert reverse("followup:propose") == FORM_URL


# ---- the public list ------------------------------------------------------------------------


@pytest.fixture
def submitter(db):
    return _make_user(SUBMITTER_EMAIL)


@pytest.fixture
def meeting(agreement):
    # Held: only a meeting that has taken place records decisions.
    return Meeting.objects.create(
        agreement=agreement,
        starts_at=datetime.datetime(2026, 3, 12, 13, 0, tzinfo=STOCKHOLM),
        place="Regionens hus",
    )


@pytest.fixture
def make_proposal(agreement, contact, submitter, process_leader):
    def make(
        wording: str = "Ny formulering.",
        *,
        checked: bool = True,
        organisation="party",
        part: str = ProposalPart.VISION,
        **fields,
    ) -> RevisionProposal:
        proposal = revisions.propose(
            agreement,
            part=part,
            proposed_wording=wording,
            rationale=fields.pop("rationale", "Därför att det behövs."),
            organisation=contact.party if organisation == "party" else organisation,
            by=submitter if organisation == "party" else process_leader,
            **fields,
        )
        if checked:
            proposal = revisions.check_proposal(proposal, by=process_leader)
        return proposal

    return make


def test_it_lists_only_the_checked_proposals(public, make_proposal):
    make_proposal("Granskad formulering.")
    make_proposal("Ännu inte granskad formulering.", checked=False)

    response = public.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Granskad formulering." in html
    assert "Ännu inte granskad formulering." not in html


def test_it_names_the_party_or_the_process_leader_but_never_the_person(
    public, make_proposal, contact
):
    make_proposal("Från föreningen.")
    make_proposal("Från processledaren.", organisation=None)

    html = public.get(LIST_URL).content.decode()

    assert "Aktiva Föreningen" in html
    assert sv("The process leader") in html
    assert SUBMITTER_EMAIL not in html
    assert "hemlig.inskickare" not in html
    assert "processledare@region.test" not in html
    assert contact.email not in html
    assert "Kontakt Person" not in html


def test_it_shows_the_part_wording_rationale_and_received_date(public, make_proposal, agreement):
    principle = agreement.in_force.principles.get(slug="dialog")
    make_proposal(
        "Första stycket.\nAndra raden.",
        part=ProposalPart.PRINCIPLE,
        principle=principle,
        rationale="Dialogen behöver bli tydligare.",
    )
    make_proposal("Om målen.", part=ProposalPart.SECTION, section="Mål 3")

    html = public.get(LIST_URL).content.decode()

    assert f">{principle.name}</h3>" in html
    assert ">Mål 3</h3>" in html
    assert "Första stycket.<br>Andra raden." in html
    assert "Dialogen behöver bli tydligare." in html
    assert "<time datetime=" in html


def test_it_shows_the_text_as_text_never_as_markup(public, make_proposal):
    make_proposal('<script>alert("x")</script> **fet** <a href="https://x.se">länk</a>')

    html = public.get(LIST_URL).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "**fet**" in html
    assert '<a href="https://x.se">' not in html


def test_it_groups_the_proposals_by_status_newest_first(
    public, make_proposal, meeting, process_leader
):
    older = make_proposal("Äldre mottaget.")
    newer = make_proposal("Nyare mottaget.")
    to_conference = revisions.to_conference(make_proposal("Till konferensen."), by=process_leader)
    revisions.decide_proposal(
        make_proposal("Antaget förslag."),
        adopted=True,
        meeting=meeting,
        text="Styrgruppen antar förslaget.",
        by=process_leader,
        number=4,
    )
    assert to_conference.status == RevisionProposal.Status.TO_CONFERENCE

    html = public.get(LIST_URL).content.decode()

    headings = [
        html.index('id="status-to_conference-title"'),
        html.index('id="status-received-title"'),
        html.index('id="status-adopted-title"'),
    ]
    assert headings == sorted(headings)
    assert 'id="status-rejected-title"' not in html
    assert html.index("Nyare mottaget.") < html.index("Äldre mottaget.")
    assert headings[1] < html.index("Nyare mottaget.") < headings[2]
    assert headings[0] < html.index("Till konferensen.") < headings[1]
    assert headings[2] < html.index("Antaget förslag.")
    assert older.pk != newer.pk


def test_it_cites_the_decision_and_links_to_published_minutes(
    public, make_proposal, meeting, process_leader
):
    revisions.decide_proposal(
        make_proposal("Avslaget förslag."),
        adopted=False,
        meeting=meeting,
        text="Styrgruppen avslår förslaget.",
        by=process_leader,
        number=4,
    )

    html = public.get(LIST_URL).content.decode()
    assert "12 mars 2026, § 4" in html
    assert f'href="/styrgrupp/moten/{meeting.pk}/"' not in html

    meeting.minutes_checked_on = datetime.date(2026, 3, 20)
    meeting.minutes_published_at = datetime.datetime(2026, 3, 21, tzinfo=STOCKHOLM)
    meeting.save()

    html = public.get(LIST_URL).content.decode()
    assert f'href="/styrgrupp/moten/{meeting.pk}/"' in html


def test_it_shows_no_proposals_of_another_agreement(public, make_proposal, agreement):
    make_proposal("Till den gällande.")
    other = make_agreement(
        "kommunens",
        "Kommunens överenskommelse",
        region_name="Norrådalen",
        vision="v",
        purpose="p",
        status=Version.Status.DRAFT,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        review_due=datetime.date(2029, 6, 30),
    )
    proposal = make_proposal("Till kommunens.")
    RevisionProposal.objects.filter(pk=proposal.pk).update(agreement=other)

    html = public.get(LIST_URL).content.decode()

    assert "Till den gällande." in html
    assert "Till kommunens." not in html


def test_it_says_so_when_nothing_is_published(public, make_proposal):
    make_proposal("Inte granskat.", checked=False)

    html = public.get(LIST_URL).content.decode()

    assert sv("No proposals have been published yet.") in html


def test_it_lists_in_a_constant_number_of_queries(
    public, make_proposal, meeting, process_leader, make_party, django_assert_max_num_queries
):
    def add(count: int, start: int):
        for number in range(start, start + count):
            party = make_party(f"Förening {number}")
            proposal = make_proposal(f"Förslag {number}.", organisation=party)
            if number % 2:
                revisions.decide_proposal(
                    proposal, adopted=True, meeting=meeting, text="Antas.", by=process_leader
                )

    add(2, 0)
    with django_assert_max_num_queries(4) as two:
        assert public.get(LIST_URL).status_code == 200
    add(8, 2)
    with django_assert_max_num_queries(len(two.captured_queries)):
        html = public.get(LIST_URL).content.decode()
    assert html.count('class="card proposal"') == 10


# ---- the contact person's form: who may -----------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_sign_in(public, agreement):
    response = public.get(FORM_URL)

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


@pytest.mark.parametrize("persona", ["applicant", "steering_member", "process_leader"])
def test_it_sends_someone_who_is_no_partys_contact_to_my_organisation(
    request, as_user, agreement, persona
):
    client = as_user(request.getfixturevalue(persona))

    response = client.get(FORM_URL)
    assert response.status_code == 302
    assert response.url == "/min-organisation/"

    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 302
    assert not RevisionProposal.objects.exists()


def test_it_sends_the_contact_of_a_withdrawn_party_away(as_user, make_party):
    user = _make_user("kontakt@utträdd.test")
    make_party("Utträdda Föreningen", status="withdrawn", user=user)

    response = as_user(user).get(FORM_URL)

    assert response.status_code == 302
    assert response.url == "/min-organisation/"


# ---- the contact person's form: proposing ---------------------------------------------------


def valid_data(**changes) -> dict:
    data = {
        "part": ProposalPart.PURPOSE,
        "principle": "",
        "section": "",
        "proposed_wording": "Syftet ska också nämna barnens rättigheter.",
        "rationale": "Barnkonventionen är lag sedan 2020.",
    }
    data.update(changes)
    return data


def test_it_shows_the_form_and_what_happens_to_a_proposal(as_user, contact, agreement):
    response = as_user(contact).get(FORM_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="proposed_wording"' in html
    for principle in agreement.in_force.principles.all():
        assert f'<option value="{principle.pk}">{principle.name}</option>' in html
    assert "allmän handling" in html
    assert (
        sv(
            "Your proposal is published on the website under your organisation's name once the "
            "process leader has checked it. Your own name is not shown."
        )
        in html
    )


def test_it_saves_the_proposal_for_the_party_and_shows_it(as_user, contact, agreement):
    client = as_user(contact)

    response = client.post(FORM_URL, valid_data())

    assert response.status_code == 302
    assert response.url == FORM_URL
    proposal = RevisionProposal.objects.get()
    assert proposal.agreement == agreement
    assert proposal.organisation == contact.party
    assert proposal.proposed_by == contact
    assert proposal.part == ProposalPart.PURPOSE
    assert proposal.status == RevisionProposal.Status.RECEIVED
    assert not proposal.is_public
    entry = AuditEntry.objects.get(object_id=proposal.pk, content_type__model="revisionproposal")
    assert entry.actor == contact
    assert entry.new_status == RevisionProposal.Status.RECEIVED

    page = client.get(response.url)
    html = page.content.decode()
    assert (
        sv(
            "Thank you: your proposal has been received. It is published once the process "
            "leader has checked it."
        )
        in html
    )
    assert "Barnkonventionen är lag sedan 2020." in html
    assert sv("Not yet: the process leader checks it first") in html
    # …and not on the public page before the process leader has checked it.
    assert "Barnkonventionen" not in client.get(LIST_URL).content.decode()


def test_it_shows_the_partys_proposals_with_whether_they_are_published(
    as_user, contact, make_proposal
):
    make_proposal("Redan publicerat.")
    make_proposal("Väntar på granskning.", checked=False)

    html = as_user(contact).get(FORM_URL).content.decode()

    assert "Redan publicerat." in html
    assert "Väntar på granskning." in html
    assert html.count(sv("Not yet: the process leader checks it first")) == 1


def test_it_shows_the_partys_proposals_in_a_constant_number_of_queries(
    as_user, contact, make_proposal, meeting, process_leader, django_assert_max_num_queries
):
    client = as_user(contact)

    def add(count: int):
        for _number in range(count):
            revisions.decide_proposal(
                make_proposal(), adopted=False, meeting=meeting, text="Avslås.", by=process_leader
            )

    add(2)
    with django_assert_max_num_queries(10) as two:
        assert client.get(FORM_URL).status_code == 200
    add(8)
    with django_assert_max_num_queries(len(two.captured_queries)):
        html = client.get(FORM_URL).content.decode()
    assert html.count("12 mars 2026, § ") == 10


def test_it_does_not_show_another_partys_proposals(as_user, contact, make_party, make_proposal):
    make_proposal("Den andra föreningens förslag.", organisation=make_party("Andra Föreningen"))

    html = as_user(contact).get(FORM_URL).content.decode()

    assert "Den andra föreningens förslag." not in html


def test_it_saves_a_proposal_on_a_principle(as_user, contact, agreement):
    principle = agreement.in_force.principles.get(slug="dialog")

    response = as_user(contact).post(
        FORM_URL, valid_data(part=ProposalPart.PRINCIPLE, principle=principle.pk)
    )

    assert response.status_code == 302
    assert RevisionProposal.objects.get().principle == principle


def test_it_saves_a_proposal_on_another_section(as_user, contact):
    response = as_user(contact).post(
        FORM_URL, valid_data(part=ProposalPart.SECTION, section="Mål 2")
    )

    assert response.status_code == 302
    proposal = RevisionProposal.objects.get()
    assert proposal.section == "Mål 2"
    assert proposal.part_label == "Mål 2"


def test_it_stores_script_tags_as_text_and_shows_them_escaped(as_user, contact, process_leader):
    client = as_user(contact)
    wording = '<script>alert("x")</script>'

    client.post(FORM_URL, valid_data(proposed_wording=wording))

    proposal = RevisionProposal.objects.get()
    assert proposal.proposed_wording == wording
    html = client.get(FORM_URL).content.decode()
    assert wording not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    revisions.check_proposal(proposal, by=process_leader)
    assert wording not in client.get(LIST_URL).content.decode()


# ---- the contact person's form: bad input ---------------------------------------------------


def assert_refused(response, field: str, message: str):
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not RevisionProposal.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="revisionproposal").exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("proposed_wording", "Write the wording you propose."),
        ("rationale", "Write why you propose the change."),
    ],
)
def test_it_asks_for_the_texts(as_user, contact, field, message):
    response = as_user(contact).post(FORM_URL, valid_data(**{field: "   "}))

    assert_refused(response, field, sv(message))


def test_it_refuses_a_text_of_100_kilobytes(as_user, contact):
    response = as_user(contact).post(FORM_URL, valid_data(rationale="å" * 100_000))

    assert_refused(
        response,
        "rationale",
        sv(
            "Write at most %(limit_value)d characters (you wrote %(show_value)d).",
            limit_value=5000,
            show_value=100_000,
        ),
    )


def test_it_refuses_a_principle_of_another_agreement(as_user, contact):
    other = make_agreement(
        "kommunens",
        "Kommunens överenskommelse",
        region_name="Norrådalen",
        vision="v",
        purpose="p",
        status=Version.Status.DRAFT,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        review_due=datetime.date(2029, 6, 30),
    )
    foreign = Principle.objects.create(
        version=other.versions.get(),
        name="Kommunens princip",
        slug="kommunens",
        summary="s",
        description="d",
    )

    response = as_user(contact).post(
        FORM_URL, valid_data(part=ProposalPart.PRINCIPLE, principle=foreign.pk)
    )

    assert_refused(
        response, "principle", sv("Choose one of the principles of the agreement in force.")
    )


def test_it_asks_which_principle(as_user, contact):
    response = as_user(contact).post(FORM_URL, valid_data(part=ProposalPart.PRINCIPLE))

    assert_refused(response, "principle", sv("Choose the principle the proposal is about."))


def test_it_asks_which_section(as_user, contact):
    response = as_user(contact).post(FORM_URL, valid_data(part=ProposalPart.SECTION))

    assert_refused(response, "section", sv("Name the section the proposal is about."))


@pytest.mark.parametrize("part", ["preamble", ""])
def test_it_refuses_an_unknown_part(as_user, contact, part):
    response = as_user(contact).post(FORM_URL, valid_data(part=part))

    message = (
        "Choose one of the parts in the list."
        if part
        else "Choose the part of the agreement the proposal is about."
    )
    assert_refused(response, "part", sv(message))


def test_it_keeps_what_was_written_when_the_form_is_sent_back(as_user, contact):
    response = as_user(contact).post(
        FORM_URL,
        valid_data(part=ProposalPart.SECTION, proposed_wording="Min text som ska stå kvar."),
    )

    assert response.status_code == 400
    assert "Min text som ska stå kvar." in response.content.decode()
