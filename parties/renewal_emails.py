"""The emails of the renewal of parties: the request to confirm, and its reminder.

Both go to the party's current contact person and are claimed in the outbox: the request
once per request and address, the reminder once per deadline (a moved deadline is a new
occasion). See `parties.services.renewal` for the process.
"""

import datetime

from django.utils import timezone

from agreements.pages import agreement_address, agreement_link
from common.periodic import send_reminder
from parties.models import ContactPerson, RenewalRequest
from parties.renewal_links import links

# Email kinds in the outbox (the record is the RenewalRequest).
ASKED = "renewal_asked"
REMINDER = "renewal_reminder"

# How long before the deadline an unanswered request is reminded of.
REMINDER_BEFORE = datetime.timedelta(days=14)

TEMPLATES = "parties/email"


def _context(request: RenewalRequest, contact: ContactPerson) -> dict:
    paths = links(request.version)
    agreement = request.version.agreement
    return {
        "agreement": agreement,
        "request": request,
        "organisation": request.organisation,
        "version": request.version,
        "contact": contact,
        "deadline": request.deadline,
        "my_url": agreement_link(agreement, "parties:mine"),
        "version_url": agreement_address(agreement, paths["version_url"]),
        "changes_url": agreement_address(agreement, paths["changes_url"]),
    }


def _contacts(organisation_ids) -> dict[int, ContactPerson]:
    return {
        contact.organisation_id: contact
        for contact in ContactPerson.objects.current().filter(organisation_id__in=organisation_ids)
    }


def _send(
    requests, kind: str, template: str, *, extra=lambda request: {}, occasion=lambda request: ""
) -> int:
    """Email each request's party's current contact person once (per occasion); returns
    how many were sent now. Parties without a current contact are skipped."""
    contacts = _contacts([request.membership.organisation_id for request in requests])
    sent = 0
    for request in requests:
        contact = contacts.get(request.membership.organisation_id)
        if contact is None:
            continue
        context = {**_context(request, contact), **extra(request)}
        sent += send_reminder(
            kind,
            request,
            contact.email,
            f"{TEMPLATES}/{template}",
            context,
            occasion=occasion(request),
        )
    return sent


def send_asked(version_id: int) -> int:
    """Email the contact person of every party still asked about `version` the request to
    confirm, once each; returns how many were sent now.

    A request answered before its email went out is not asked again.
    """
    requests = list(
        RenewalRequest.objects.filter(version_id=version_id, status=RenewalRequest.Status.ASKED)
        .select_related("membership__organisation", "version__agreement")
        .order_by("pk")
    )
    return _send(requests, ASKED, "renewal_asked")


def remind_unanswered(now: datetime.datetime | None = None) -> int:
    """Remind the contact person of each request unanswered within 14 days of its
    deadline, once per deadline; returns how many emails were sent now.

    It looks at state, so a run missed is caught up by the next one until the deadline.
    """
    today = timezone.localdate(now or timezone.now())
    due = list(
        RenewalRequest.objects.unanswered()
        .filter(deadline__gte=today, deadline__lte=today + REMINDER_BEFORE)
        .select_related("membership__organisation", "version__agreement")
        .order_by("deadline", "pk")
    )
    return _send(
        due,
        REMINDER,
        "renewal_reminder",
        extra=lambda request: {"days_left": (request.deadline - today).days},
        occasion=lambda request: f"deadline {request.deadline.isoformat()}",
    )
