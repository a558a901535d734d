"""The submitted versions of a party's response, what changed between them, and the receipt.

`keep` is called by `services.save_answers` in the transaction that submits; it writes a
version when the answers differ from the last one sent in, and queues the receipt to the
party's contact person once that transaction commits. The receipt is claimed in the outbox
per version, so a retried task sends it once.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.pages import agreement_address
from common import outbox
from followup.models import Answer, Question, QuestionKind, Response, SubmittedVersion
from followup.queue import task
from parties.models import ContactPerson

RECEIPT = "followup_receipt"
CANNOT_JUDGE = "cannot_judge"


def _value(question: Question, answer: Answer | None):
    """The answer as JSON keeps it; None when not answered."""
    if answer is None:
        return None
    if question.kind == QuestionKind.SCALE:
        return CANNOT_JUDGE if answer.cannot_judge else answer.scale
    if question.kind == QuestionKind.YES_NO:
        return answer.yes_no
    if question.kind == QuestionKind.NUMBER:
        return answer.number
    return answer.text or None


def shown(kind: str, value) -> str:
    """A kept answer in words ("–" when not answered)."""
    if value is None or value == "":
        return "–"
    if kind == QuestionKind.SCALE and value == CANNOT_JUDGE:
        return _("Cannot judge")
    if kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    return str(value)


def snapshot(questions: list[Question], answers: dict[int, Answer]) -> list[dict]:
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            {
                "question": question.pk,
                "theme": question.theme,
                "text": question.text,
                "kind": question.kind,
                "value": _value(question, answer),
                "comment": answer.comment if answer is not None else "",
            }
        )
    return rows


def keep(
    response: Response,
    questions: list[Question],
    *,
    by,
    now: datetime.datetime,
    receipt: bool = True,
) -> SubmittedVersion | None:
    """Keep the response's answers as its next submitted version, unless they are the same
    as the last version's. Call inside the submitting transaction, with the response locked."""
    answers = {answer.question_id: answer for answer in response.answers.all()}
    rows = snapshot(questions, answers)
    last = response.versions.order_by("-number").first()
    if last is not None and last.answers == rows:
        return None
    version = SubmittedVersion.objects.create(
        response=response,
        number=last.number + 1 if last else 1,
        submitted_at=now,
        submitted_by=by if by is not None and by.is_authenticated else None,
        answers=rows,
    )
    if receipt:
        task("send_receipt").delay_on_commit(version.pk)
    return version


@dataclass
class Change:
    question: str
    before: str
    after: str
    comment_before: str = ""
    comment_after: str = ""

    @property
    def comment_changed(self) -> bool:
        return self.comment_before != self.comment_after


def changes(version: SubmittedVersion, previous: SubmittedVersion | None) -> list[Change]:
    """What `version` changed compared with `previous` (every answer given, for the first)."""
    before = {row["question"]: row for row in previous.answers} if previous else {}
    found = []
    for row in version.answers:
        old = before.get(row["question"], {})
        old_value, old_comment = old.get("value"), old.get("comment", "")
        if previous is None and row["value"] is None and not row["comment"]:
            continue
        if previous is not None and old_value == row["value"] and old_comment == row["comment"]:
            continue
        found.append(
            Change(
                question=row["text"],
                before=shown(row["kind"], old_value) if previous else "",
                after=shown(row["kind"], row["value"]),
                comment_before=old_comment,
                comment_after=row["comment"],
            )
        )
    return found


@dataclass
class VersionShown:
    version: SubmittedVersion
    changes: list[Change]


def history(response: Response) -> list[VersionShown]:
    """The response's submitted versions, newest first, each with what it changed."""
    versions = list(response.versions.select_related("submitted_by").order_by("number"))
    shown_versions = [
        VersionShown(version, changes(version, versions[index - 1] if index else None))
        for index, version in enumerate(versions)
    ]
    return shown_versions[::-1]


def send_receipt(version_pk: int) -> bool:
    """Send the party's contact person the receipt of one submitted version, once."""
    version = (
        SubmittedVersion.objects.select_related(
            "response__round__agreement", "response__organisation", "submitted_by"
        )
        .filter(pk=version_pk)
        .first()
    )
    if version is None:
        return False
    response = version.response
    contact = (
        ContactPerson.objects.current()
        .filter(organisation=response.organisation)
        .exclude(email="")
        .first()
    )
    recipient = contact.email if contact else getattr(version.submitted_by, "email", "")
    if not recipient:
        return False
    context = {
        "agreement": response.round.agreement,
        "round": response.round,
        "organisation": response.organisation,
        "version": version,
        "name": contact.name if contact else "",
        "submitted_at": timezone.localtime(version.submitted_at),
        "rows": [
            {
                "theme": row["theme"],
                "text": row["text"],
                "value": shown(row["kind"], row["value"]),
                "comment": row["comment"],
            }
            for row in version.answers
        ],
        "form_url": agreement_address(response.round.agreement, response.round.get_absolute_url()),
    }
    return outbox.send_once(
        RECEIPT,
        version,
        recipient,
        lambda: outbox.compose("followup/email/receipt", context, recipient),
    )
