"""A voting member answers a question put between meetings (per capsulam)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from steering import services
from steering.forms import AnswerForm
from steering.models import PerCapsulamAnswer, PerCapsulamQuestion


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
    status = 200
    if request.method == "POST":
        if seat is None:
            form.add_error(None, _("Only voting members of the steering group answer."))
        elif form.is_valid():
            try:
                services.answer_question(
                    question,
                    user=request.user,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
            except services.SteeringError as error:
                form.add_error(None, str(error))
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
        "counts": services.tally(question),
        "answers": question.answers.select_related("seat").order_by("seat__person_name"),
        "may_answer": seat is not None and question.is_open,
    }
    return render(request, "steering/answer.html", context, status=status)
