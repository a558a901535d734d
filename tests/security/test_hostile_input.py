"""Hostile input against every public, contact-person and staff form and every filter.

Hypothesis lays generated payloads (script tags, SQL fragments, 100 kB text, NUL bytes,
right-to-left marks, emoji, random unicode, huge numbers, repeated parameters, invalid
UTF-8 in query strings) over a valid request. Whatever comes: never a 500 (the test client
raises the view's exception), never half-saved rows (the affected tables are either
unchanged or changed as a success changes them), and errors shown in Swedish.

Each example runs in a savepoint that is rolled back, so every payload meets the same
starting state. How many payloads each form received is written at the end of the module.
"""

import datetime
import io
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.admin.activities import ActivityForm
from actionplan.models import Activity, ActivityUpdate, Status
from actionplan.models import ActivityArea as PlanArea
from audit.models import AuditEntry
from followup import services as followup_services
from followup.models import (
    AnnualReport,
    Answer,
    FollowUpRound,
    Question,
    Response,
    RevisionProposal,
)
from parties.forms import ApplicationForm
from parties.models import (
    Application,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    Organisation,
    Withdrawal,
)
from steering import services as steering_services
from steering.models import Attendance, Decision, Meeting, PerCapsulamAnswer
from tests.actionplan import mine_builders
from tests.security import hostile

# The action plan builders' fixtures, for this module.
action_plan = mine_builders.action_plan
annual_plan = mine_builders.annual_plan
objective = mine_builders.objective
make_activity = mine_builders.make_activity

pytestmark = pytest.mark.django_db

RECEIVED: Counter = Counter()


def hostile_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture(scope="module", autouse=True)
def _payload_summary(request):
    """After the module: how many payloads each form and filter received."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or not RECEIVED:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_sep("-", "hostile payloads received per form")
        for name, count in sorted(RECEIVED.items()):
            reporter.write_line(f"{count:5d}  {name}")
        reporter.write_line(f"{sum(RECEIVED.values()):5d}  in all")


# ---- what Swedish errors look like -----------------------------------------------------------


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def sv_admin_notes() -> tuple[str, ...]:
    with translation.override("sv"):
        return tuple(
            translation.ngettext(
                "Please correct the error below.", "Please correct the errors below.", n
            )
            for n in (1, 2)
        )


SUMMARY_HEADING = "There is a problem"


def test_it_has_the_error_headings_in_swedish():
    # Else the checks below would pass on English pages.
    assert sv(SUMMARY_HEADING) != SUMMARY_HEADING
    assert "Please correct" not in sv_admin_notes()[0]


def assert_swedish_summary(response) -> None:
    page = response.content.decode()
    assert sv(SUMMARY_HEADING) in page, page[:2000]
    assert 'class="error-summary"' in page


def assert_swedish_bad_request(response) -> None:
    """A filter's errors next to the form, or the site's own 400 page (a request Django
    refuses before the view: too many parameters)."""
    page = response.content.decode()
    # Every page loads error-summary.js; only a form with errors has the summary itself.
    if 'class="error-summary"' in page:
        assert_swedish_summary(response)
    else:
        assert f"<h1>{sv('Bad request')}</h1>" in page, page[:2000]
        assert sv("Bad request") != "Bad request"


def assert_swedish_admin_errors(response) -> None:
    page = response.content.decode()
    assert "errornote" in page
    assert any(note in page for note in sv_admin_notes()), page[:2000]


def assert_swedish_text(response) -> None:
    """A CSV/JSON 400: the filter's errors, not Django's English defaults."""
    body = response.content.decode()
    assert response["Content-Language"] == "sv"
    for english in ("Select a valid choice", "Ensure this value", "Enter a"):
        assert english not in body, body[:500]


# ---- one request in a savepoint that is rolled back -----------------------------------------


class _Undo(Exception):
    pass


@contextmanager
def rolled_back():
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def table(model) -> list[tuple]:
    return list(model.objects.order_by("pk").values_list())


@dataclass
class PostTarget:
    """A form: who posts it where, a valid payload, and what a success changes."""

    name: str
    client: object
    url: str
    payload: dict
    # Every table the form may write; an error leaves them all as they were.
    models: list
    # The tables a success must grow by one row each ("" when a success changes rows).
    grows: list = field(default_factory=list)
    admin: bool = False
    # Statuses besides success and the error page (e.g. 403 for a forged hidden id).
    also: tuple = ()

    def post(self, changes: dict, files: dict | None = None):
        RECEIVED[self.name] += 1
        data = {**self.payload, **changes, **(files or {})}
        with rolled_back():
            before = {model: table(model) for model in self.models}
            response = self.client.post(self.url, data)
            after = {model: table(model) for model in self.models}
            self.judge(response, before, after)
        return response

    def judge(self, response, before, after) -> None:
        status = response.status_code
        if status == 302:
            for model in self.grows:
                assert len(after[model]) == len(before[model]) + 1, model.__name__
            return
        assert after == before, "an error left rows changed"
        if status in self.also:
            return
        if self.admin:
            assert status == 200, status
            assert_swedish_admin_errors(response)
        else:
            assert status == 400, status
            assert_swedish_summary(response)


def swedish(client):
    client.cookies["django_language"] = "sv"
    return client


# ---- the application form (/anslut/) ---------------------------------------------------------

# Every field of the form but the honeypot, which only a robot fills in.
APPLY_FIELDS = [
    name for name in ApplicationForm.base_fields if name not in ("homepage", "attachment")
]


@pytest.fixture
def apply_form(client, application_payload, settings):
    settings.RATELIMIT_ENABLE = False
    return PostTarget(
        name="/anslut/",
        client=swedish(client),
        url="/anslut/",
        payload=application_payload,
        models=[Organisation, Application, ContactPerson, AuditEntry],
        grows=[Organisation, Application, ContactPerson],
    )


def make_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = make_pdf()
UPLOADS = {
    "pdf": PDF,
    "pdf_with_junk_after": PDF + b"\x00<script>alert(1)</script>" * 100,
    "broken_pdf": b"%PDF-1.7\n" + b"\xff\xfe\x00" * 500,
    "truncated_pdf": PDF[: len(PDF) // 2],
    "not_a_pdf": b"<html><script>alert(1)</script></html>",
    "empty": b"",
    "nul_bytes": b"\x00" * 4096,
}
UPLOAD_NAMES = [
    "beslut.pdf",
    "faktura\u202efdp.exe",
    "<script>.pdf",
    "'; DROP TABLE x; --.pdf",
    "😀" * 60 + ".pdf",
    "a" * 300 + ".pdf",
    "..%2f..%2fetc%2fpasswd.pdf",
]


@hostile_settings(35)
@given(changes=hostile.changes(APPLY_FIELDS))
def test_it_survives_hostile_applications(apply_form, changes):
    apply_form.post(changes)


@hostile_settings(25)
@given(
    changes=st.one_of(st.just({}), hostile.changes(APPLY_FIELDS, max_size=2)),
    upload=st.sampled_from(sorted(UPLOADS)),
    filename=st.sampled_from(UPLOAD_NAMES),
)
def test_it_survives_hostile_applications_with_a_file(apply_form, changes, upload, filename):
    apply_form.name = "/anslut/ (with a file)"
    attachment = SimpleUploadedFile(filename, UPLOADS[upload], content_type="application/pdf")
    apply_form.post(changes, files={"attachment": attachment})


def test_it_accepts_the_valid_application_with_a_pdf(apply_form):
    attachment = SimpleUploadedFile("beslut.pdf", PDF, content_type="application/pdf")
    response = apply_form.post({}, files={"attachment": attachment})
    assert response.status_code == 302


# ---- the filters: register and action plan --------------------------------------------------

REGISTER_FILTERS = ["q", "sektor", "kommun", "typ", "omrade", "ar", "page"]
PLAN_FILTERS = ["ar", "omrade", "aktivitetsomrade", "status", "part", "page"]


@pytest.fixture
def register_rows(make_party):
    make_party("Föreningen Ett", areas=("idrott",))
    make_party("Kommunen Två", sector="public")


@pytest.fixture
def plan_rows(contact, make_activity):
    make_activity("Dialogmöte", lead=contact.party, status=Status.ONGOING, progress=20)
    make_activity("Kurs", status=Status.PLANNED)


def get_filtered(client, name: str, url: str, *, data=None, raw: str | None = None):
    RECEIVED[name] += 1
    with rolled_back():
        extra = {"QUERY_STRING": raw} if raw is not None else {}
        response = client.get(url, data, **extra)
    status = response.status_code
    assert status in (200, 400), status
    if status == 400:
        if url.endswith("/"):
            assert_swedish_bad_request(response)
        else:
            assert_swedish_text(response)
    return response


REGISTER_URLS = ["/undertecknare/", "/undertecknare.csv", "/undertecknare.json"]
PLAN_URLS = ["/handlingsplan/", "/handlingsplan.csv", "/handlingsplan.json"]


@pytest.mark.parametrize("url", REGISTER_URLS)
@hostile_settings(20)
@given(changes=hostile.changes(REGISTER_FILTERS))
def test_it_survives_hostile_register_filters(client, register_rows, url, changes):
    get_filtered(swedish(client), f"{url} filters", url, data=changes)


@pytest.mark.parametrize("url", REGISTER_URLS)
@hostile_settings(20)
@given(raw=hostile.raw_query(REGISTER_FILTERS))
def test_it_survives_raw_register_query_strings(client, register_rows, url, raw):
    get_filtered(swedish(client), f"{url} raw query", url, raw=raw)


@pytest.mark.parametrize("url", PLAN_URLS)
@hostile_settings(20)
@given(changes=hostile.changes(PLAN_FILTERS))
def test_it_survives_hostile_action_plan_filters(client, plan_rows, url, changes):
    get_filtered(swedish(client), f"{url} filters", url, data=changes)


@pytest.mark.parametrize("url", PLAN_URLS)
@hostile_settings(20)
@given(raw=hostile.raw_query(PLAN_FILTERS))
def test_it_survives_raw_action_plan_query_strings(client, plan_rows, url, raw):
    get_filtered(swedish(client), f"{url} raw query", url, raw=raw)


@pytest.mark.parametrize("url", REGISTER_URLS + PLAN_URLS)
def test_it_answers_a_bad_filter_with_a_400_in_swedish(client, register_rows, plan_rows, url):
    response = get_filtered(
        swedish(client), f"{url} (one plain bad filter)", url, data={"status": "x", "sektor": "x"}
    )
    assert response.status_code == 400


# ---- the contact person's forms --------------------------------------------------------------


@pytest.fixture
def signed_in_contact(client, contact):
    client.force_login(contact)
    return swedish(client)


DETAILS_FIELDS = [
    "name",
    "org_number",
    "legal_form",
    "municipality",
    "areas",
    "website",
    "description",
    "contact_name",
    "contact_role",
    "contact_phone",
]


@pytest.fixture
def details_form(signed_in_contact, contact):
    party = contact.party
    return PostTarget(
        name="/min-organisation/uppgifter/",
        client=signed_in_contact,
        url="/min-organisation/uppgifter/",
        payload={
            "name": party.name,
            "org_number": party.org_number,
            "legal_form": party.legal_form,
            "municipality": party.municipality.slug,
            "areas": [area.slug for area in party.areas.all()],
            "website": "https://aktiva.exempel.se",
            "description": "Vi är aktiva.",
            "contact_name": "Sara Sekreterare",
            "contact_role": "Sekreterare",
            "contact_phone": "070-123 45 67",
        },
        models=[Organisation, ContactPerson, ChangeRequest, AuditEntry],
    )


@hostile_settings(30)
@given(changes=hostile.changes(DETAILS_FIELDS))
def test_it_survives_hostile_details(details_form, changes):
    details_form.post(changes)


@pytest.fixture
def handover_form(signed_in_contact):
    return PostTarget(
        name="/min-organisation/kontaktperson/",
        client=signed_in_contact,
        url="/min-organisation/kontaktperson/",
        payload={"email": "kollega@aktiva.test", "confirm": "on"},
        models=[ContactInvitation, ContactPerson, AuditEntry],
        grows=[ContactInvitation],
    )


@hostile_settings(25)
@given(changes=hostile.changes(["email", "confirm"]))
def test_it_survives_hostile_handovers(handover_form, changes):
    handover_form.post(changes)


@pytest.fixture
def withdrawal_form(signed_in_contact):
    return PostTarget(
        name="/min-organisation/uttrade/",
        client=signed_in_contact,
        url="/min-organisation/uttrade/",
        payload={"reason": "Vi lägger ner.", "given_by_name": "Sara", "confirm": "on"},
        models=[Withdrawal, Organisation, AuditEntry],
        grows=[Withdrawal],
    )


@hostile_settings(25)
@given(changes=hostile.changes(["reason", "given_by_name", "confirm"]))
def test_it_survives_hostile_withdrawals(withdrawal_form, changes):
    withdrawal_form.post(changes)


@pytest.fixture
def progress_form(signed_in_contact, contact, make_activity):
    activity = make_activity("Dialogmöte", lead=contact.party, status=Status.ONGOING, progress=20)
    return PostTarget(
        name="/min-organisation/aktiviteter/<pk>/",
        client=signed_in_contact,
        url=f"/min-organisation/aktiviteter/{activity.pk}/",
        payload={
            "status": "ongoing",
            "progress": "40",
            "date": timezone.localdate().isoformat(),
            "text": "Vi har haft två möten.",
        },
        models=[ActivityUpdate, Activity, AuditEntry],
        grows=[ActivityUpdate],
    )


@hostile_settings(40)
@given(changes=hostile.changes(["status", "progress", "date", "text"]))
def test_it_survives_hostile_progress_updates(progress_form, changes):
    progress_form.post(changes)


@pytest.fixture
def followup_form(signed_in_contact, contact, agreement):
    today = timezone.localdate()
    round = followup_services.new_round(
        agreement,
        year=today.year,
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=20),
    )
    response = followup_services.response_for(round, contact.party)
    questions = followup_services.questions_for(round, contact.party)
    payload = {"response": str(response.pk), "action": "draft"}
    for question in questions:
        payload[f"q{question.pk}"] = {
            "scale": "4",
            "yes_no": "yes",
            "number": "3",
        }.get(question.kind, "Fler möten.")
        if question.with_comment:
            payload[f"q{question.pk}_comment"] = "Bra."
    target = PostTarget(
        name="/uppfoljning/<year>/",
        client=signed_in_contact,
        url=f"/uppfoljning/{round.year}/",
        payload=payload,
        models=[Response, Answer, Question, FollowUpRound, AuditEntry],
        # A forged response id is refused before the form is read.
        also=(403,),
    )
    target.fields = [*payload, "action"]
    return target


@hostile_settings(40)
@given(data=st.data())
def test_it_survives_hostile_followup_answers(followup_form, data):
    changes = data.draw(hostile.changes(followup_form.fields, max_size=6))
    response = followup_form.post(changes)
    if response.status_code == 403:
        assert "response" in changes


@pytest.fixture
def proposal_form(signed_in_contact, agreement):
    return PostTarget(
        name="/min-organisation/forslag/",
        client=signed_in_contact,
        url="/min-organisation/forslag/",
        payload={
            "part": "principle",
            "principle": str(agreement.in_force.principles.first().pk),
            "section": "",
            "proposed_wording": "Parterna för en öppen dialog.",
            "rationale": "Förtydligande.",
        },
        models=[RevisionProposal, AuditEntry],
        grows=[RevisionProposal],
    )


@hostile_settings(40)
@given(changes=hostile.changes(["part", "principle", "section", "proposed_wording", "rationale"]))
def test_it_survives_hostile_proposals(proposal_form, changes):
    proposal_form.post(changes)


# ---- the steering group and the process leader ---------------------------------------------


@pytest.fixture
def per_capsulam_form(client, apply, voters, process_leader, agreement):
    question = steering_services.put_question(
        agreement,
        matter=apply("Föreningen Frågan"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )
    client.force_login(voters["civil"])
    return PostTarget(
        name="/styrgrupp/per-capsulam/<id>/",
        client=swedish(client),
        url=f"/styrgrupp/per-capsulam/{question.pk}/",
        payload={"answer": "yes", "comment": "Bra förening."},
        models=[PerCapsulamAnswer, AuditEntry],
        grows=[PerCapsulamAnswer],
    )


@hostile_settings(25)
@given(changes=hostile.changes(["answer", "comment"]))
def test_it_survives_hostile_per_capsulam_answers(per_capsulam_form, changes):
    per_capsulam_form.post(changes)


@pytest.fixture
def report_form(client, process_leader, agreement):
    client.force_login(process_leader)
    return PostTarget(
        name="/rapporter/",
        client=swedish(client),
        url="/rapporter/",
        payload={"year": str(agreement.in_force.valid_from.year)},
        models=[AnnualReport, AuditEntry],
        grows=[AnnualReport],
    )


@hostile_settings(25)
@given(changes=hostile.changes(["year"]))
def test_it_survives_hostile_report_years(report_form, changes):
    report_form.post(changes)


def admin_target(client, name: str, url: str, payload: dict, models, grows) -> PostTarget:
    """An admin add form, with the management forms its add page has."""
    page = client.get(url)
    assert page.status_code == 200
    management = {}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        management.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return PostTarget(
        name=name,
        client=client,
        url=url,
        payload={**management, **payload},
        models=models,
        grows=grows,
        admin=True,
    )


@pytest.fixture
def staff(client, process_leader):
    client.force_login(process_leader)
    return swedish(client)


@pytest.fixture
def meeting_form(staff, agreement):
    starts = timezone.localtime() + datetime.timedelta(days=10)
    return admin_target(
        staff,
        "admin: add a meeting",
        "/admin/steering/meeting/add/",
        {
            "agreement": str(agreement.pk),
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00:00",
            "ends_at_0": "",
            "ends_at_1": "",
            "place": "Kommunhuset",
            "online": "",
            "agenda": "1. Mötet öppnas",
            "minutes": "",
            "minutes_checked_by": "",
            "minutes_checked_on": "",
        },
        models=[Meeting, Attendance, Decision, AuditEntry],
        grows=[Meeting],
    )


MEETING_FIELDS = [
    "agreement",
    "starts_at_0",
    "starts_at_1",
    "ends_at_0",
    "ends_at_1",
    "place",
    "online",
    "agenda",
    "minutes",
    "minutes_checked_by",
    "minutes_checked_on",
]


@hostile_settings(25)
@given(changes=hostile.changes(MEETING_FIELDS))
def test_it_survives_hostile_meetings_in_the_admin(meeting_form, changes):
    meeting_form.post(changes)


@pytest.fixture
def round_form(staff, agreement):
    today = timezone.localdate()
    return admin_target(
        staff,
        "admin: add a follow-up round",
        "/admin/followup/followupround/add/",
        {
            "agreement": str(agreement.pk),
            "year": "2027",
            "opens": (today + datetime.timedelta(days=10)).isoformat(),
            "closes": (today + datetime.timedelta(days=40)).isoformat(),
            "introduction": "Välkommen till årets uppföljning.",
            "first_reminder_days": "14",
            "second_reminder_days": "3",
        },
        models=[FollowUpRound, Question, AuditEntry],
        grows=[FollowUpRound],
    )


ROUND_FIELDS = [
    "agreement",
    "year",
    "opens",
    "closes",
    "introduction",
    "first_reminder_days",
    "second_reminder_days",
]


@hostile_settings(25)
@given(changes=hostile.changes(ROUND_FIELDS))
def test_it_survives_hostile_rounds_in_the_admin(round_form, changes):
    round_form.post(changes)


@pytest.fixture
def admin_proposal_form(staff, agreement):
    return admin_target(
        staff,
        "admin: add a revision proposal",
        "/admin/followup/revisionproposal/add/",
        {
            "agreement": str(agreement.pk),
            "part": "principle",
            "principle": str(agreement.in_force.principles.first().pk),
            "section": "",
            "proposed_wording": "Parterna för en öppen dialog.",
            "rationale": "Förtydligande efter konferensen.",
            "conference": "",
        },
        models=[RevisionProposal, AuditEntry],
        grows=[RevisionProposal],
    )


@hostile_settings(25)
@given(
    changes=hostile.changes(
        ["agreement", "part", "principle", "section", "proposed_wording", "rationale", "conference"]
    )
)
def test_it_survives_hostile_proposals_in_the_admin(admin_proposal_form, changes):
    admin_proposal_form.post(changes)


@pytest.fixture
def activity_form(staff, annual_plan, objective, contact):
    return admin_target(
        staff,
        "admin: add an activity",
        "/admin/actionplan/activity/add/",
        {
            "annual_plan": str(annual_plan.pk),
            "objective": str(objective.pk),
            "area": str(PlanArea.objects.first().pk),
            "title": "Dialogforum",
            "description": "Ett forum.",
            "lead_party": str(contact.party.pk),
            "responsible": [str(contact.party.pk)],
            "starts_on": "",
            "ends_on": "",
            "status": "planned",
            "progress": "",
            "weight": "1",
            "perspectives": [],
        },
        models=[Activity, ActivityUpdate, AuditEntry],
        grows=[Activity],
    )


ACTIVITY_FIELDS = ActivityForm._meta.fields


@hostile_settings(25)
@given(changes=hostile.changes(ACTIVITY_FIELDS))
def test_it_survives_hostile_activities_in_the_admin(activity_form, changes):
    activity_form.post(changes)


@pytest.mark.parametrize("name", ["responsible", "perspectives"])
def test_it_refuses_a_huge_id_in_a_many_to_many_field_of_the_admin(activity_form, name):
    # SQLite cannot bind an id beyond 64 bits; the form refuses it before the database.
    activity_form.post({name: [str(10**20)]})
    activity_form.post({name: [str(-(10**30))]})


# ---- every valid payload succeeds, so the payloads above test more than the error path -----

TARGETS = [
    "apply_form",
    "details_form",
    "handover_form",
    "withdrawal_form",
    "progress_form",
    "followup_form",
    "proposal_form",
    "per_capsulam_form",
    "report_form",
    "meeting_form",
    "round_form",
    "admin_proposal_form",
    "activity_form",
]


@pytest.mark.parametrize("target", TARGETS)
def test_it_accepts_each_valid_payload(request, target):
    form = request.getfixturevalue(target)
    name = form.name
    form.name = "(each valid payload, once)"
    response = form.post({})
    form.name = name
    assert response.status_code == 302, response.content.decode()[:3000]


# ---- bidi controls and invisible characters (#15.24) ----------------------------------------

APPLY_TEXT_FIELDS = [
    "name",
    "description",
    "website",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "signatory_name",
    "signatory_role",
]


def _error_of(page: str, field: str) -> str:
    start = page.index(f'id="id_{field}_error"')
    return page[start : page.index("</div>", start)]


@pytest.mark.parametrize("field", APPLY_TEXT_FIELDS)
def test_it_refuses_a_right_to_left_override_in_every_text_field_of_the_application(
    apply_form, field
):
    value = str(apply_form.payload[field])
    hostile_value = value[:4] + "\u202e" + value[4:]
    response = apply_form.client.post("/anslut/", {**apply_form.payload, field: hostile_value})
    assert response.status_code == 400
    assert "ändrar skrivriktningen (U+202E)" in _error_of(response.content.decode(), field)
    assert not Organisation.objects.exists()


def test_it_refuses_invisible_characters_in_the_contact_persons_forms(signed_in_contact):
    response = signed_in_contact.post(
        "/min-organisation/uttrade/",
        {"reason": "Vi\u200b lägger ner.", "given_by_name": "Sara", "confirm": "on"},
    )
    assert response.status_code == 400
    assert "osynligt styrtecken (U+200B)" in _error_of(response.content.decode(), "reason")
    assert not Withdrawal.objects.exists()


def test_it_refuses_a_right_to_left_override_in_the_admin(meeting_form):
    response = meeting_form.client.post(
        meeting_form.url, {**meeting_form.payload, "place": "Kommun\u202ehuset"}
    )
    assert response.status_code == 200  # the admin shows its form again
    assert "ändrar skrivriktningen" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_isolates_a_name_inside_a_sentence(client, make_party):
    party = make_party("شركة العمل", status="withdrawn")
    page = client.get(party.get_absolute_url()).content.decode()
    assert "<bdi>شركة العمل</bdi> lämnade överenskommelsen den" in page
