from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from agreements.models import Agreement
from parties import extensions
from parties.forms import ApplicationForm
from parties.models import Application
from parties.services import (
    DuplicateOrganisation,
    PartyError,
    submit_application,
)


def _rate(group, request) -> str:
    return settings.APPLICATION_RATE_LIMIT


@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def apply(request):
    agreement = Agreement.objects.current()
    if agreement is None:
        return render(request, "parties/apply_closed.html", status=404)
    status = 200
    notice = None
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, agreement=agreement)
        if getattr(request, "limited", False):
            notice = _(
                "We have received many applications from your network in a short time. "
                "Wait an hour and try again, or email the steering group."
            )
            status = 429
        elif form.is_valid():
            if form.is_spam:
                notice = _(
                    "Your application could not be sent. If you filled in a hidden field by "
                    "mistake, empty it and send again."
                )
                status = 400
            else:
                try:
                    application = submit_application(form.to_data(), actor=request.user)
                except DuplicateOrganisation as error:
                    form.add_error("org_number", str(error))
                except PartyError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(application.get_absolute_url())
        if form.errors:
            status = 400
    else:
        form = ApplicationForm(agreement=agreement)
    return render(
        request,
        "parties/apply.html",
        {"form": form, "agreement": agreement, "notice": notice},
        status=status,
    )


@never_cache
def receipt(request, token: str):
    application = get_object_or_404(
        Application.objects.select_related("organisation"), receipt_token=token
    )
    response = render(
        request,
        "parties/receipt.html",
        {
            "application": application,
            "decision_reference": extensions.decision_reference(application),
        },
    )
    # The token is a secret: keep it out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
