"""The demo's question of the steering group's own: appointing the conference's host, put
by the chair between meetings with the programme draft attached, answered by some members.

Made with the models rather than `put_free_question`, so that seeding sends no email.
Idempotent: found again by its title.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from audit import trail
from steering import matters
from steering.models import (
    Motion,
    MotionAttachment,
    PerCapsulamAnswer,
    PerCapsulamQuestion,
    Seat,
)

TITLE = "Antar styrgruppen programmet för samverkanskonferensen?"
TEXT = (
    "Styrgruppen antar programmet för årets samverkanskonferens enligt bilagt utkast.\n\n"
    "Programmet har tagits fram av arbetsgruppen för konferensen efter styrgruppens möte i "
    "oktober. Det behöver antas nu för att inbjudan ska hinna skickas ut i tid."
)
ATTACHMENT_NAME = "Programutkast samverkanskonferensen.pdf"
DEADLINE_DAYS = 6


def _programme_pdf() -> bytes:
    """A one-page PDF saying what the attachment is (the demo's own, written here)."""
    text = b"Programutkast: samverkanskonferensen (demo)"
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def seed_free_question(agreement, seats: dict[str, Seat]) -> PerCapsulamQuestion | None:
    chair = seats.get("chair")
    if chair is None or chair.user is None:
        return None
    motion = Motion.objects.filter(agreement=agreement, title=TITLE).first()
    if motion is None:
        motion = Motion.objects.create(
            agreement=agreement, title=TITLE, text=TEXT, put_by=chair.user
        )
        attached = MotionAttachment(motion=motion, name=ATTACHMENT_NAME)
        attached.file.save("programutkast.pdf", ContentFile(_programme_pdf()), save=True)
    content_type = ContentType.objects.get_for_model(motion)
    question = PerCapsulamQuestion.objects.filter(
        content_type=content_type, object_id=motion.pk
    ).first()
    deadline = timezone.localtime().replace(
        hour=16, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=DEADLINE_DAYS)
    if question is None:
        question = PerCapsulamQuestion.objects.create(
            agreement=agreement,
            title=TITLE,
            proposal=TEXT,
            kind=matters.for_model(Motion).outcome("adopt").kind,
            content_type=content_type,
            object_id=motion.pk,
            deadline=deadline,
            put_by=chair.user,
        )
        trail.record(question, "", question.status, actor=chair.user, reason=TEXT)
    elif question.status == PerCapsulamQuestion.Status.OPEN and (
        question.deadline < timezone.now() + datetime.timedelta(days=1)
    ):
        question.deadline = deadline
        question.save(update_fields=["deadline"])
    answered = question.answers.filter(seat__person_name=chair.person_name).exists()
    if question.status == PerCapsulamQuestion.Status.OPEN and not answered:
        given, created = PerCapsulamAnswer.objects.get_or_create(
            question=question,
            seat=chair,
            defaults={"answer": PerCapsulamAnswer.Answer.YES, "answered_by": chair.user},
        )
        if created:
            trail.record(given, "", given.answer, owner=question, actor=chair.user)
    return question
