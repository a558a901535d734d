"""The follow-up form a party's contact person answers at /uppfoljning/<year>/.

The page always works on a party whose current contact the signed-in user is; the form
posts the response's id back, and an id that is not one of the user's is refused (403)
before anything is read from the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplan.services import parties_user_speaks_for
from followup import services
from followup.forms import FollowUpForm, scale_choices
from followup.models import Answer, FollowUpRound, Question, QuestionKind, Response, RoundStatus
from parties.models import Organisation

SAVED_TAG = "followup-saved"
DRAFT, SUBMIT = "draft", "submit"


def _response(round: FollowUpRound, organisation: Organisation, *, create: bool):
    # The status line names who saved and submitted: read them in the same query.
    response = (
        Response.objects.select_related("saved_by", "submitted_by")
        .filter(round=round, organisation=organisation)
        .first()
    )
    if response is None and create:
        response = services.response_for(round, organisation)
    return response


def _saved_now(request: HttpRequest) -> bool:
    """Whether this page follows a successful save (its message is shown now)."""
    return any(SAVED_TAG in message.extra_tags for message in messages.get_messages(request))


def _posted_response(request: HttpRequest, round: FollowUpRound, party_ids: list[int]):
    """The response the form posted back, if it is one of the user's parties'; else None."""
    posted = request.POST.get("response", "")
    if not (posted.isascii() and posted.isdigit()):
        return None
    return (
        Response.objects.select_related("organisation", "saved_by", "submitted_by")
        .filter(pk=int(posted), round=round, organisation_id__in=party_ids)
        .first()
    )


def _section(request: HttpRequest) -> str:
    """The fragment of the section whose own save button was pressed ("" for none)."""
    section = request.GET.get("avsnitt", "")
    return f"#avsnitt-{section}" if section.isascii() and section.isdigit() else ""


@login_required
def form(request: HttpRequest, year: int) -> HttpResponse:
    party_ids = parties_user_speaks_for(request.user)
    if not party_ids:
        # Not a party's contact: the parties app explains what the account can do.
        return redirect("parties:mine")
    round = services.round_for_year(year, request.agreement)
    if round is None:
        raise Http404(_("There is no follow-up for that year."))

    if request.method == "POST":
        response = _posted_response(request, round, party_ids)
        if response is None:
            raise PermissionDenied
        organisation = response.organisation
    else:
        # A user is the contact person of one party at most (a unique constraint).
        organisation = Organisation.objects.get(pk=party_ids[0])
        response = None

    today = timezone.localdate()
    status = round.status_on(today)
    context = {"round": round, "organisation": organisation}
    if status == RoundStatus.PLANNED:
        # Nothing can be saved before the round opens, whatever was posted.
        return render(request, "followup/not_open.html", context)
    if status == RoundStatus.CLOSED and request.method != "POST":
        return _closed(request, round, organisation, context)

    if response is None:
        response = _response(round, organisation, create=True)
    questions = services.questions_for(round, organisation)
    answers = {answer.question_id: answer for answer in response.answers.all()}
    is_submitted = response.status == Response.Status.SUBMITTED
    action = request.POST.get("action", DRAFT)
    posted_form = request.POST if request.method == "POST" else None
    form = FollowUpForm(
        posted_form,
        questions=questions,
        response_pk=response.pk,
        answers=answers,
        submit=is_submitted or action == SUBMIT,
    )
    closed_notice = ""
    if posted_form is not None and form.is_valid():
        try:
            services.save_answers(response, form.answers(), by=request.user, submit=form.submit)
        except services.RoundNotOpen as error:
            # Closed between loading the page and sending it: the typed answers stay in
            # the form, the saved draft is untouched.
            closed_notice = str(error)
        except services.FollowUpError as error:
            form.add_error(None, str(error))
        else:
            if is_submitted:
                messages.success(request, _("Your changes have been submitted."), SAVED_TAG)
            elif form.submit:
                messages.success(request, _("Your answers have been submitted."), SAVED_TAG)
            else:
                messages.success(request, _("Draft saved."), SAVED_TAG)
            return redirect(round.get_absolute_url() + _section(request))
    context.update(
        {
            "response": response,
            "form": form,
            "themes": form.themes(),
            "is_submitted": is_submitted,
            "closed_notice": closed_notice,
            "saved_now": posted_form is None and _saved_now(request),
            "draft_key": f"followup-{round.year}-{organisation.pk}",
            # Refused: the top of the page must say so, not read like a saved draft.
            "refused": bool(form.errors),
            "autosave": not is_submitted and not closed_notice,
        }
    )
    return render(
        request,
        "followup/form.html",
        context,
        # A form sent back with errors is a bad request (STYLE: "a 400 with a message").
        status=400 if form.errors else 200,
    )


@require_POST
def autosave(request: HttpRequest, year: int) -> JsonResponse:
    """Save the form as a draft while the person types (followup-draft.js); JSON answers.

    Only a response not yet submitted is saved this way: changes to a submitted one are
    sent in by "Save changes", never half-typed. CSRF-protected like every POST.
    """
    if not request.user.is_authenticated:
        return JsonResponse(
            {"message": _("Not saved: you have been signed out. Sign in again to save.")},
            status=401,
        )
    party_ids = parties_user_speaks_for(request.user)
    round = services.round_for_year(year, request.agreement)
    response = _posted_response(request, round, party_ids) if round and party_ids else None
    if response is None:
        return JsonResponse({"message": _("Not saved: this is not your party's form.")}, status=403)
    if response.status == Response.Status.SUBMITTED:
        return JsonResponse(
            {
                "message": _(
                    "Your answers have been submitted. "
                    "Press “Save changes” to send in what you change."
                )
            },
            status=409,
        )
    questions = services.questions_for(round, response.organisation)
    form = FollowUpForm(request.POST, questions=questions, response_pk=response.pk)
    if not form.is_valid():
        return JsonResponse(
            {
                "message": _("Not saved: correct the answers marked below, then save."),
                "errors": {
                    name: [str(error) for error in errors] for name, errors in form.errors.items()
                },
            },
            status=400,
        )
    try:
        saved = services.save_answers(response, form.answers(), by=request.user, submit=False)
    except services.FollowUpError as error:
        return JsonResponse({"message": str(error)}, status=409)
    when = timezone.localtime(saved.saved_at)
    return JsonResponse(
        {
            "saved_at": int(when.timestamp()),
            "message": _("Saved %(time)s. Not submitted yet.") % {"time": time_format(when, "H:i")},
        }
    )


def _closed(request: HttpRequest, round: FollowUpRound, organisation, context) -> HttpResponse:
    """The party's answers, read only, once the round has closed."""
    response = _response(round, organisation, create=False)
    questions = services.questions_for(round, organisation)
    answers = {answer.question_id: answer for answer in response.answers.all()} if response else {}
    themes: dict[str, list] = {}
    for question in questions:
        answer = answers.get(question.pk)
        themes.setdefault(question.theme, []).append(
            {
                "question": question,
                "value": _shown(question, answer),
                "comment": answer.comment if answer else "",
            }
        )
    context.update({"response": response, "themes": list(themes.items())})
    return render(request, "followup/closed.html", context)


def _shown(question: Question, answer: Answer | None) -> str:
    """An answer in words, as the party gave it ("" when not answered)."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.SCALE:
        if answer.cannot_judge:
            return _("Cannot judge")
        if answer.scale is None:
            return ""
        labels = dict(scale_choices(question))
        return str(labels.get(str(answer.scale), answer.scale))
    if question.kind == QuestionKind.YES_NO:
        return {True: _("Yes"), False: _("No")}.get(answer.yes_no, "")
    if question.kind == QuestionKind.NUMBER:
        return "" if answer.number is None else str(answer.number)
    return answer.text
