"""The contact person's activities: the ones the party leads or is responsible for, and
a form to record progress on each.

Scoped to the parties the signed-in user speaks for: another party's activity is a 404,
so these pages never reveal what exists elsewhere.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from actionplan import services
from actionplan.forms import ProgressUpdateForm
from actionplan.participation import current_activities, party_activities
from agreements.pages import agreement_of


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    parties = services.parties_user_speaks_for(request.user)
    if not parties:
        # Not a party's contact: the parties app explains what the account can do.
        return redirect("parties:mine")
    annual_plan, found = current_activities(parties, agreement_of(request))
    return render(
        request,
        "actionplan/mine/activities.html",
        {"annual_plan": annual_plan, "activities": found},
    )


@login_required
def update(request: HttpRequest, pk: int) -> HttpResponse:
    parties = services.parties_user_speaks_for(request.user)
    if not parties:
        return redirect("parties:mine")
    theirs = party_activities(parties)
    agreement = agreement_of(request)
    if agreement is not None:  # under an agreement's address: its activities only
        theirs = theirs.filter(annual_plan__plan__agreement=agreement)
    activity = get_object_or_404(theirs, pk=pk)
    form = ProgressUpdateForm(request.POST if request.method == "POST" else None, activity=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_progress(
                activity,
                by=request.user,
                status=data["status"],
                progress=data["progress"],
                text=data["text"],
                date=data["date"],
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The progress of “%(title)s” has been saved.") % {"title": activity.title},
            )
            return redirect("actionplan:mine")
    updates = activity.updates.select_related("by_party")[:5]
    return render(
        request,
        "actionplan/mine/update.html",
        {"activity": activity, "form": form, "updates": updates},
        # A form sent back with errors is a bad request (STYLE: "a 400 with a message").
        status=400 if form.errors else 200,
    )
