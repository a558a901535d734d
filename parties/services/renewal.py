"""Renewal of parties: when a version that starts a new period is adopted (its rule
`Version.renewal_required`), every party is asked to confirm that it takes part.

- `ask_for_renewal` makes one request per active party and emails its contact person
  after the transaction commits. Steering's adoption service calls it through the
  `version_adopted` hook (see `parties.hooks`), inside the transaction of the decision.
- The deadline is the new version's first day, but never sooner than `ANSWER_TIME`
  (30 days) after asking: a version adopted shortly before it starts still gives the
  parties a month.
- The contact person confirms with one click (`confirm`) or gives notice of withdrawal
  the usual way; `withdrawal_given` links the notice to the request.
- A request unanswered by its deadline is referred to the steering group
  (`refer_unanswered`, a periodic job), never withdrawn: the steering group decides,
  either registering a withdrawal or letting the party remain (`keep_party`). The ones
  waiting are `RenewalRequest.objects.awaiting_decision()`.
"""

import datetime

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit import trail
from audit.models import AuditEntry
from parties.models import Membership, Organisation, RenewalRequest, Withdrawal
from parties.services.decisions import record
from parties.services.errors import NotAllowed
from parties.services.memberships import membership_of

# Queued by name: the tasks' module runs the periodic jobs (parties.reminders) that
# import this one, so importing the task here would make a loop.
SEND_REQUESTS_TASK = "parties.tasks.send_renewal_requests"

# The least time a party has to answer.
ANSWER_TIME = datetime.timedelta(days=30)


def deadline_for(version, asked_on: datetime.date) -> datetime.date:
    """The last day to answer: the version's first day, at least `ANSWER_TIME` ahead."""
    return max(version.valid_from, asked_on + ANSWER_TIME)


@transaction.atomic
def ask_for_renewal(
    version, *, by=None, now: datetime.datetime | None = None
) -> list[RenewalRequest]:
    """Ask every active party to confirm its participation in `version`'s period.

    Returns the requests made now. Safe to call again: a party asked already is not asked
    twice. A party that has given notice of withdrawal already is recorded as answering
    with it, and not emailed. The requests and their audit records are inserted in bulk
    (this runs inside the adopting decision's transaction, for every party at once); one
    task emails the contact persons after the commit.
    """
    now = now or timezone.now()
    deadline = deadline_for(version, timezone.localdate(now))
    agreement_id = version.agreement_id
    asked_before = RenewalRequest._base_manager.filter(version=version).values("membership_id")
    active = Membership._base_manager.filter(
        agreement_id=agreement_id, status=Membership.Status.ACTIVE
    )
    notices = {
        notice.membership_id: notice
        for notice in Withdrawal._base_manager.filter(
            registered_at__isnull=True, membership__in=active
        )
    }
    made = RenewalRequest.objects.bulk_create(
        [
            RenewalRequest(
                membership=membership,
                version=version,
                asked_at=now,
                deadline=deadline,
                status=(
                    RenewalRequest.Status.WITHDRAWING
                    if membership.pk in notices
                    else RenewalRequest.Status.ASKED
                ),
                withdrawal=notices.get(membership.pk),
            )
            for membership in active.exclude(pk__in=asked_before)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        ]
    )
    _record_asked(made, by=by)
    if any(request.status == RenewalRequest.Status.ASKED for request in made):
        current_app.tasks[SEND_REQUESTS_TASK].delay_on_commit(version.pk)
    return made


def _record_asked(requests: list[RenewalRequest], *, by) -> None:
    """The audit record of each new request in the party's history, as `record` writes it,
    in one insert: a region may have thousands of parties."""
    AuditEntry.objects.bulk_create(
        [
            trail.entry(request, "", request.status, owner=request.organisation, actor=by)
            for request in requests
        ]
    )


def open_request_for(party: Membership | Organisation, agreement=None) -> RenewalRequest | None:
    """The request the party's contact person may answer now, if any (the newest)."""
    try:
        membership = membership_of(party, agreement)
    except NotAllowed:
        return None
    return (
        RenewalRequest._base_manager.filter(membership=membership)
        .filter(status__in=RenewalRequest.OPEN_STATUSES)
        .select_related("version")
        .order_by("-asked_at", "-pk")
        .first()
    )


@transaction.atomic
def confirm(request_or_organisation, *, by) -> RenewalRequest:
    """The party takes part in the new period: one click by its contact person.

    Also after the deadline, until the steering group has decided. A second click is
    refused with a message saying it is already confirmed.
    """
    if isinstance(request_or_organisation, (Organisation, Membership)):
        request = open_request_for(request_or_organisation)
        if request is None:
            raise NotAllowed(_("There is no request to confirm continued participation."))
    else:
        request = request_or_organisation
    request = (
        RenewalRequest._base_manager.select_for_update()
        .select_related("membership__organisation")
        .get(pk=request.pk)
    )
    if request.status == RenewalRequest.Status.CONFIRMED:
        raise NotAllowed(
            _("Continued participation was already confirmed on %(date)s.")
            % {"date": date_format(timezone.localdate(request.confirmed_at))}
        )
    if not request.is_open:
        raise NotAllowed(
            _("This request has been answered already: %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    if not request.membership.is_active:
        raise NotAllowed(_("Only a party to the agreement can confirm continued participation."))
    old = request.status
    request.status = RenewalRequest.Status.CONFIRMED
    request.confirmed_at, request.confirmed_by = timezone.now(), by
    request.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    record(request, old, request.status, actor=by)
    return request


def withdrawal_given(withdrawal: Withdrawal, *, by=None) -> None:
    """A notice of withdrawal answers the party's open requests. Call it inside the
    transaction that records the notice."""
    for request in (
        RenewalRequest.objects.select_for_update()
        .filter(membership_id=withdrawal.membership_id)
        .open()
    ):
        old = request.status
        request.status = RenewalRequest.Status.WITHDRAWING
        request.withdrawal = withdrawal
        request.save(update_fields=["status", "withdrawal"])
        record(request, old, request.status, actor=by)


def refer_unanswered(now: datetime.datetime | None = None) -> int:
    """Refer the requests unanswered past their deadline to the steering group; returns
    how many now. The party stays a party: the steering group decides. Each request in
    its own transaction, so a second run (or a racing one) refers nothing twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    referred = 0
    for pk in RenewalRequest.objects.past_deadline(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                RenewalRequest.objects.select_for_update()
                .select_related("membership__organisation")
                .past_deadline(today)
                .filter(pk=pk)
                .first()
            )
            if request is None:
                continue
            request.status = RenewalRequest.Status.REFERRED
            request.referred_at = now
            request.save(update_fields=["status", "referred_at"])
            record(
                request,
                RenewalRequest.Status.ASKED,
                request.status,
                reason=_("No answer by %(date)s.") % {"date": date_format(request.deadline)},
            )
            referred += 1
    return referred


@transaction.atomic
def keep_party(request: RenewalRequest, *, by, reason: str = "") -> RenewalRequest:
    """The steering group decides that a party that did not answer remains a party.

    (The other outcome is registering a withdrawal, `register_written_withdrawal`.)
    """
    request = (
        RenewalRequest.objects.select_for_update().awaiting_decision().filter(pk=request.pk).first()
    )
    if request is None:
        raise NotAllowed(_("This request does not wait for the steering group's decision."))
    old = request.status
    request.status = RenewalRequest.Status.KEPT
    request.decided_at, request.decided_by = timezone.now(), by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    record(request, old, request.status, actor=by, reason=reason.strip())
    return request
