"""A voting member answers a question put between meetings (per capsulam)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.downloads import download_response
from steering import services
from steering.briefing import brief
from steering.forms import AnswerForm
from steering.models import MotionAttachment, PerCapsulamAnswer, PerCapsulamQuestion


def why_closed(question: PerCapsulamQuestion) -> str:
    """Why an answer sent now is not saved, in words for the member; "" while open."""
    if question.is_open:
        return ""
    decision = getattr(question, "decision", None)
    if question.status == PerCapsulamQuestion.Status.DECIDED and decision is not None:
        return _(
            "Your answer was not saved: the question was decided on %(date)s (%(paragraph)s) "
            "before it reached us."
        ) % {
            "date": formats.date_format(decision.decided_on, "j F Y"),
            "paragraph": decision.paragraph,
        }
    if question.status == PerCapsulamQuestion.Status.TO_MEETING:
        return _(
            "Your answer was not saved: the question was sent to the next meeting on %(date)s."
        ) % {"date": formats.date_format(timezone.localtime(question.closed_at), "j F Y")}
    if question.status != PerCapsulamQuestion.Status.OPEN:
        return _("Your answer was not saved: the question has been closed.")
    return _("Your answer was not saved: the deadline for answers passed on %(deadline)s.") % {
        "deadline": formats.date_format(timezone.localtime(question.deadline), "j F Y, H:i")
    }


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the steering group's voting members (and staff, to read) see the question."""
    question = get_object_or_404(
        PerCapsulamQuestion.objects.select_related("agreement", "content_type"), pk=pk
    )
    seat = services.voting_seat_of(request.user, question.agreement)
    if seat is None and not request.user.is_staff:
        return render(request, "steering/answer_forbidden.html", status=403)
    mine = PerCapsulamAnswer.objects.filter(question=question, seat=seat).first() if seat else None
    initial = {"answer": mine.answer, "comment": mine.comment} if mine else None
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    status, refused = 200, ""
    if request.method == "POST":
        if seat is None:
            refused = _("Only voting members of the steering group answer.")
        elif refused := why_closed(question):
            pass
        elif form.is_valid():
            try:
                services.answer_question(
                    question,
                    user=request.user,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
            except services.SteeringError as error:
                # Closed between the page's check and the locked row's.
                question.refresh_from_db()
                refused = why_closed(question) or str(error)
            else:
                messages.success(request, _("Your answer has been saved."))
                return redirect("steering:answer", pk=question.pk)
        status = 400
    question.refresh_from_db()
    context = {
        "question": question,
        "seat": seat,
        "mine": mine,
        "form": form,
        "refused": refused,
        "brief": brief(question),
        "decision": getattr(question, "decision", None),
        "counts": services.tally(question),
        "answers": question.answers.select_related("seat").order_by("seat__person_name"),
        "may_answer": seat is not None and question.is_open,
    }
    return render(request, "steering/answer.html", context, status=status)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attachment of a question of the steering group's own, as a download: for the
    voting members and staff only."""
    attached = get_object_or_404(MotionAttachment.objects.select_related("motion"), pk=pk)
    agreement = attached.motion.agreement
    if services.voting_seat_of(request.user, agreement) is None and not request.user.is_staff:
        return render(request, "steering/answer_forbidden.html", status=403)
    try:
        handle = attached.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    # Checked as a PDF when stored; still a download, never shown in the portal's origin.
    return download_response(handle, filename=attached.name, content_type="application/pdf")
