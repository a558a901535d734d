from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage

from agreements.models import Agreement
from common.scoping import unscoped_view
from parties import extensions
from parties.forms import ApplicationForm
from parties.models import Application, ContactPerson
from parties.requests import request_agreement
from parties.services import (
    DuplicateOrganisation,
    PartyError,
    submit_application,
)

# One counter per address, shared by the check and the count after an accepted application.
RATE_LIMIT_GROUP = "parties.apply"


def _rate(group, request) -> str:
    return settings.APPLICATION_RATE_LIMIT


def _usage(request, *, count: bool) -> dict | None:
    """The address's accepted applications in the current window; `count` adds one."""
    return get_usage(
        request, group=RATE_LIMIT_GROUP, key="ip", rate=_rate, method="POST", increment=count
    )


def _seconds_left(request) -> int | None:
    """Seconds until the address may send again, or None when it may send now.

    Only accepted applications count: a form sent back with errors (a typo, a missing
    field) costs nothing, so a shared office address is not locked out by mistakes."""
    usage = _usage(request, count=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(usage["time_left"], 1)


def _typed_values(form: ApplicationForm) -> dict:
    """What the person typed, to show again without judging it."""
    return {bound.name: bound.data for bound in form if bound.name not in {"attachment"}}


def _limited(request, agreement: Agreement, form: ApplicationForm, seconds: int):
    # The typed values come back in an unbound form: at the limit nothing is checked, so
    # no list of fields to correct appears beside the notice.
    minutes = max(1, -(-seconds // 60))
    response = render(
        request,
        "parties/apply.html",
        {
            "form": ApplicationForm(initial=_typed_values(form), agreement=agreement),
            "agreement": agreement,
            "limited": {"minutes": minutes, "email": settings.STEERING_GROUP_EMAIL},
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _known_details(request) -> dict:
    """What the portal knows of the signed-in contact person's organisation, to start an
    application to another agreement from."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    contact = (
        ContactPerson.objects.current()
        .filter(user=user)
        .select_related("organisation", "organisation__municipality")
        .first()
    )
    if contact is None:
        return {}
    organisation = contact.organisation
    return {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "sector": organisation.sector,
        "legal_form": organisation.legal_form,
        "municipality": organisation.municipality.slug,
        "areas": [area.slug for area in organisation.areas.all()],
        "website": organisation.website,
        "description": organisation.description,
        "contact_name": contact.name,
        "contact_role": contact.role,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
    }


def apply(request):
    agreement = request_agreement(request)  # the address's (config.agreement_routing)
    if agreement is None or agreement.in_force is None:
        return render(request, "parties/apply_closed.html", status=404)
    status = 200
    notice = None
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, agreement=agreement)
        seconds = _seconds_left(request)
        if seconds is not None:
            return _limited(request, agreement, form, seconds)
        if form.is_valid():
            if form.is_spam:
                notice = _(
                    "Your application could not be sent. If you filled in a hidden field by "
                    "mistake, empty it and send again."
                )
                status = 400
            else:
                try:
                    application = submit_application(
                        form.to_data(), actor=request.user, agreement=agreement
                    )
                except DuplicateOrganisation as error:
                    form.add_error("org_number", str(error))
                except PartyError as error:
                    form.add_error(None, str(error))
                else:
                    _usage(request, count=True)
                    return redirect(application.get_absolute_url())
        if form.errors:
            status = 400
    else:
        form = ApplicationForm(initial=_known_details(request), agreement=agreement)
    return render(
        request,
        "parties/apply.html",
        {"form": form, "agreement": agreement, "notice": notice},
        status=status,
    )


@never_cache
@unscoped_view
def receipt(request, token: str):
    application = get_object_or_404(
        Application.objects.select_related("membership__organisation", "membership__agreement"),
        receipt_token=token,
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
