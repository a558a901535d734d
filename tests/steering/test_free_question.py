"""A free yes/no question of the steering group's own, with attachments, put by the chair or
the process leader; its outcome is a decision like any other (issue 15, point 6)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from steering import services
from steering.demo_questions import _programme_pdf
from steering.matters import waiting_matters
from steering.models import Decision, Motion, PerCapsulamQuestion
from tests.steering.test_admin import english

pytestmark = pytest.mark.django_db

MOTIONS = "/admin/steering/motion/"
TITLE = "Utser styrgruppen Eva Ek till ordförande?"
TEXT = "Styrgruppen utser Eva Ek till ordförande för perioden 2027–2028."


def pdf(name: str = "Valberedningens förslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _programme_pdf(), content_type="application/pdf")


def form_data(**changes) -> dict:
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    return {
        "title": TITLE,
        "text": TEXT,
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "attachments": [pdf()],
        **changes,
    }


@pytest.fixture
def free_question(voters, agreement):
    return services.put_free_question(
        agreement,
        title=TITLE,
        text=TEXT,
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=voters["chair"],
        attachments=[pdf()],
    )


@pytest.mark.parametrize("who", ["chair", "process_leader"])
def test_it_lets_the_chair_or_process_leader_put_a_free_question_with_attachments(
    who, request, as_user, voters, mailoutbox, django_capture_on_commit_callbacks
):
    user = voters["chair"] if who == "chair" else request.getfixturevalue("process_leader")
    client = as_user(user)
    assert client.get(f"{MOTIONS}add/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{MOTIONS}add/", form_data())

    assert response.status_code == 302
    motion = Motion.objects.get()
    assert (motion.title, motion.text, motion.put_by) == (TITLE, TEXT, user)
    assert [a.name for a in motion.attachments.all()] == ["Valberedningens förslag.pdf"]
    question = PerCapsulamQuestion.objects.get()
    assert (question.matter, question.title, question.proposal) == (motion, TITLE, TEXT)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in voters.values())
    attachment_url = motion.attachments.get().get_absolute_url()
    assert all(attachment_url in m.body and TEXT in m.body for m in mailoutbox)


def test_it_refuses_an_ordinary_member_who_tries_to_put_a_free_question(as_user, voters):
    client = as_user(voters["civil"])
    assert client.get(f"{MOTIONS}add/").status_code == 403
    assert client.post(f"{MOTIONS}add/", form_data()).status_code == 403
    assert not Motion.objects.exists()


def test_it_refuses_an_attachment_that_is_not_a_pdf_and_saves_nothing(
    as_user, process_leader, agreement
):
    fake = SimpleUploadedFile("program.pdf", b"MZ not a pdf", content_type="application/pdf")

    response = english(as_user(process_leader)).post(
        f"{MOTIONS}add/", form_data(attachments=[fake])
    )

    assert response.status_code == 400
    assert "The file is not a PDF" in response.content.decode()
    assert not Motion.objects.exists() and not PerCapsulamQuestion.objects.exists()


def test_it_records_a_yes_as_a_numbered_decision_between_meetings(
    free_question, voters, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for user in voters.values():
            services.answer_question(free_question, user=user, answer="yes")

    decision = Decision.objects.get(question=free_question)
    assert decision.series == Decision.Series.PER_CAPSULAM
    assert (decision.text, decision.matter, decision.kind) == (TEXT, free_question.matter, "other")
    assert decision.recorded_by is None
    assert any(decision.paragraph in m.subject for m in mailoutbox)
    # Decided: no longer waiting.
    matters, _total = waiting_matters()
    assert free_question.matter not in [matter.record for matter in matters]


def test_it_leaves_a_free_question_a_member_said_no_to_waiting_for_the_meeting(
    free_question, voters
):
    services.answer_question(free_question, user=voters["civil"], answer="no")

    free_question.refresh_from_db()
    assert free_question.status == PerCapsulamQuestion.Status.TO_MEETING
    assert not Decision.objects.exists()
    matters, _total = waiting_matters()
    assert free_question.matter in [matter.record for matter in matters]


def test_it_shows_the_question_and_serves_its_attachments_only_to_the_group(
    free_question, as_user, voters, contact
):
    attached = free_question.matter.attachments.get()

    page = as_user(voters["civil"]).get(f"/styrgrupp/per-capsulam/{free_question.pk}/")
    assert TEXT in page.content.decode()
    assert attached.get_absolute_url() in page.content.decode()

    download = as_user(voters["civil"]).get(attached.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert as_user(contact).get(attached.get_absolute_url()).status_code == 403


def test_it_offers_the_free_question_on_the_start_page_only_to_who_may_put_it(
    as_user, voters, agreement
):
    link = f"{MOTIONS}add/"
    assert link in as_user(voters["chair"]).get("/admin/").content.decode()
    assert link not in as_user(voters["civil"]).get("/admin/").content.decode()
