"""The contact person's own pages: the party's details, the contact role, withdrawal.

There are no ids in these URLs: every page works on the party whose current contact the
signed-in user is, so nobody can reach another party's pages.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.labels import Labels
from common.scoping import unscoped, unscoped_view
from common.text import isolated_sentence
from parties import confirmation_links, extensions, renewal_links, services
from parties.forms_mine import AcceptHandoverForm, DetailsForm, HandOverForm, WithdrawalForm
from parties.hooks import CONTACT_CODE
from parties.models import (
    Application,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    Membership,
    Organisation,
    Withdrawal,
)
from parties.requests import request_agreement
from parties.services import renewal
from parties.services.memberships import is_live_anywhere, live_anywhere


def _current_contact(request: HttpRequest) -> ContactPerson | None:
    return (
        ContactPerson.objects.current()
        .filter(user=request.user)
        .select_related("organisation", "organisation__municipality")
        .first()
    )


def _membership(request: HttpRequest, organisation: Organisation) -> Membership | None:
    """The organisation's membership in the request's agreement, or None."""
    return organisation.membership_in(request_agreement(request))


def _memberships(organisation: Organisation) -> list[dict]:
    """Every membership of the organisation, each with its open notice of withdrawal and
    latest application: a read across agreements."""
    with unscoped():
        memberships = list(
            Membership.objects.filter(organisation=organisation)
            .select_related("agreement")
            .order_by("agreement__pk")
        )
        notices = {
            notice.membership_id: notice
            for notice in Withdrawal.objects.unregistered().filter(membership__in=memberships)
        }
        applications: dict[int, Application] = {}
        for application in Application.objects.filter(membership__in=memberships).order_by(
            "submitted_at", "pk"
        ):
            applications[application.membership_id] = application
    return [
        {
            "membership": membership,
            "agreement": membership.agreement,
            "open_notice": notices.get(membership.pk),
            "application": applications.get(membership.pk),
            "can_withdraw": membership.is_active and membership.pk not in notices,
        }
        for membership in memberships
    ]


def _posted(request: HttpRequest):
    # Not `request.POST or None`: an empty POST must still be validated and show errors.
    return request.POST if request.method == "POST" else None


def _unavailable(request: HttpRequest, title: str, message: str) -> HttpResponse:
    """A page that explains why an action is not possible now (no form)."""
    return render(request, "parties/mine/unavailable.html", {"title": title, "message": message})


def _history(organisation: Organisation, user) -> list[dict]:
    """The party's audit trail, newest first, in words rather than codes."""
    rows = []
    entries = list(
        organisation.audit_entries.select_related("actor", "content_type").order_by("-at", "-pk")
    )
    references = extensions.entry_references(entries)
    labels = Labels.collect()
    for entry in entries:
        if CONTACT_CODE.fullmatch(entry.new_status):
            # A handover: the party is told that it happened, not the records' numbers.
            change = _("A new contact person took over")
        else:
            change = labels.change(entry)
        if entry.actor_id is None:
            # A decision recorded without a person (between meetings) is the group's.
            by = _("The steering group") if entry.pk in references else ""
        elif entry.actor_id == user.pk:
            by = _("You")
        elif entry.actor.is_staff:
            by = _("The steering group")
        else:
            by = _("The organisation's contact person")
        rows.append(
            {
                "at": entry.at,
                "subject": entry.subject,
                "change": change,
                "reason": entry.reason,
                "reference": references.get(entry.pk, ""),
                "by": by,
            }
        )
    return rows


def _open_invitations(organisation: Organisation) -> list[ContactInvitation]:
    return [
        invitation
        for invitation in organisation.contact_invitations.open().select_related("organisation")
        if services.invitation_is_usable(invitation)
    ]


def _pending_applications(request: HttpRequest) -> list[Application]:
    """Applications naming this user as contact person that wait for the steering group."""
    return list(
        Application.objects.filter(
            contact__in=ContactPerson.objects.pending().filter(
                user=request.user, awaits_confirmation=False
            ),
            status=Application.Status.PENDING,
        ).order_by("-submitted_at", "-pk")
    )


def _awaiting_confirmation(request: HttpRequest) -> list[dict]:
    """Contact roles that applications gave this account and that it has not answered."""
    return [
        {"contact": contact, "url": confirmation_links.path_for(contact)}
        for contact in ContactPerson.objects.awaiting_confirmation()
        .filter(live_anywhere(), user=request.user)
        .select_related("organisation")
        .order_by("-started_at")
    ]


def _form_status(form) -> int:
    # A form sent back with errors is a bad request (STYLE: "a 400 with a message").
    return 400 if form.errors else 200


@login_required
@unscoped_view
def overview(request: HttpRequest) -> HttpResponse:
    contact = _current_contact(request)
    if contact is None:
        return render(
            request,
            "parties/mine/not_contact.html",
            {
                "pending_applications": _pending_applications(request),
                "awaiting_confirmation": _awaiting_confirmation(request),
            },
        )
    organisation = contact.organisation
    membership = _membership(request, organisation)
    if membership is None and request_agreement(request) is None:
        membership = _only_live_membership(organisation)
    memberships = _memberships(organisation)
    here = next((m for m in memberships if membership and m["membership"].pk == membership.pk), {})
    open_notice = here.get("open_notice")
    # A request to confirm continued participation: the membership's in view, else the first
    # open one among the organisation's memberships.
    candidates = [membership] if membership else [row["membership"] for row in memberships]
    renewal_request = None
    for candidate in candidates:
        if candidate.is_active:
            renewal_request = renewal.open_request_for(candidate)
            if renewal_request is not None:
                break
    context = {
        # A request to confirm continued participation under a new version, while open.
        "renewal": renewal_request,
        "renewal_links": renewal_request and renewal_links.links(renewal_request.version),
        "contact": contact,
        "organisation": organisation,
        "areas": organisation.areas.all(),
        "membership": membership,
        "memberships": memberships,
        "application": here.get("application"),
        "pending_change": organisation.change_requests.filter(
            status=ChangeRequest.Status.PENDING
        ).first(),
        "open_notice": open_notice,
        "open_invitations": _open_invitations(organisation),
        "is_live": any(m["membership"].is_live for m in memberships),
        "is_live_here": membership is not None and membership.is_live,
        "can_withdraw": bool(here.get("can_withdraw")),
        "history": _history(organisation, request.user),
        "sections": extensions.mine_sections(request, organisation),
    }
    return render(request, "parties/mine/overview.html", context)


@login_required
@unscoped_view
def edit_details(request: HttpRequest) -> HttpResponse:
    contact = _current_contact(request)
    if contact is None:
        return redirect("parties:mine")
    organisation = contact.organisation
    if not is_live_anywhere(organisation):
        return _unavailable(
            request,
            _("Change the organisation's details"),
            _(
                "The organisation is no longer a party to the agreement and has no application "
                "pending, so its details cannot be changed here."
            ),
        )
    pending_change = organisation.change_requests.filter(
        status=ChangeRequest.Status.PENDING
    ).first()
    form = DetailsForm(
        _posted(request),
        organisation=organisation,
        contact=contact,
        name_change_pending=pending_change is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused change of name leaves everything else unsaved too.
            with transaction.atomic():
                change = None
                if form.name_or_number_changed:
                    change = services.request_change(
                        organisation,
                        by=request.user,
                        new_name=data["name"],
                        new_org_number=data["org_number"],
                    )
                services.update_public_details(
                    organisation,
                    by=request.user,
                    details=form.public_details(),
                    areas=list(data["areas"]),
                )
                services.update_contact_details(
                    contact,
                    name=data["contact_name"],
                    role=data["contact_role"],
                    phone=data["contact_phone"],
                )
        except services.PartyError as error:
            form.add_error(None, str(error))
        else:
            if change is not None:
                messages.success(
                    request,
                    _(
                        "Your details have been saved. The change of name or organisation "
                        "number waits for the steering group's approval."
                    ),
                )
            else:
                messages.success(request, _("Your details have been saved."))
            return redirect("parties:mine")
    return render(
        request,
        "parties/mine/edit.html",
        {"form": form, "organisation": organisation, "pending_change": pending_change},
        status=_form_status(form),
    )


def _own_emails(request: HttpRequest, contact: ContactPerson) -> set[str]:
    emails = set(EmailAddress.objects.filter(user=request.user).values_list("email", flat=True))
    return emails | {request.user.email, contact.email}


@login_required
@unscoped_view
def hand_over(request: HttpRequest) -> HttpResponse:
    contact = _current_contact(request)
    if contact is None:
        return redirect("parties:mine")
    organisation = contact.organisation
    if not is_live_anywhere(organisation):
        return _unavailable(
            request,
            _("Hand over the contact role"),
            _(
                "The organisation is no longer a party to the agreement and has no application "
                "pending, so the contact role cannot be handed over."
            ),
        )
    form = HandOverForm(_posted(request), own_emails=_own_emails(request, contact))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_contact(
                organisation, by=request.user, email=form.cleaned_data["email"]
            )
        except services.PartyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                isolated_sentence(
                    _(
                        "We have sent an invitation to %(email)s. You remain the contact person "
                        "until your colleague accepts it."
                    ),
                    email=invitation.email,
                ),
            )
            return redirect("parties:handover")
    return render(
        request,
        "parties/mine/hand_over.html",
        {
            "form": form,
            "organisation": organisation,
            "open_invitations": _open_invitations(organisation),
            "valid_for_days": ContactInvitation.VALID_FOR.days,
            "invitations_per_day": settings.CONTACT_INVITATIONS_PER_DAY,
        },
        status=_form_status(form),
    )


@login_required
@unscoped_view
def accept_handover(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        ContactInvitation.objects.select_related("organisation"), token=token
    )
    if not services.invitation_is_usable(invitation):
        return render(
            request,
            "parties/mine/invitation_gone.html",
            {"organisation": invitation.organisation},
            status=410,
        )
    # Tell the visitor before they fill in the form; the service decides in the end.
    right_account = EmailAddress.objects.filter(
        user=request.user, email__iexact=invitation.email, verified=True
    ).exists()
    form = AcceptHandoverForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_contact_invitation(
                invitation,
                user=request.user,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                phone=form.cleaned_data["phone"],
            )
        except services.PartyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                isolated_sentence(
                    _("You are now the contact person for %(name)s."),
                    name=invitation.organisation.name,
                ),
            )
            return redirect("parties:mine")
    return render(
        request,
        "parties/mine/accept_handover.html",
        {
            "form": form,
            "organisation": invitation.organisation,
            "right_account": right_account,
            "valid_until": invitation.created_at + invitation.VALID_FOR,
        },
        status=_form_status(form),
    )


def _chosen_membership(request: HttpRequest, organisation: Organisation) -> Membership | None:
    """The membership a withdrawal concerns: `?avtal=<agreement id>` among the organisation's
    own memberships (the overview lists every agreement), else the request's agreement."""
    chosen = request.GET.get("avtal", "")
    if chosen.isdigit():
        return Membership._base_manager.filter(
            organisation=organisation, agreement_id=int(chosen)
        ).first()
    if request_agreement(request) is None:
        return _only_live_membership(organisation)
    return _membership(request, organisation)


def _only_live_membership(organisation: Organisation) -> Membership | None:
    """At the organisation's own address, on no agreement's: its one live membership; with
    several, None (the overview lists each with its own link)."""
    live = list(
        Membership._base_manager.filter(
            organisation=organisation, status__in=Membership.LIVE_STATUSES
        )[:2]
    )
    return live[0] if len(live) == 1 else None


@login_required
@unscoped_view
def withdraw(request: HttpRequest) -> HttpResponse:
    contact = _current_contact(request)
    if contact is None:
        return redirect("parties:mine")
    organisation = contact.organisation
    membership = _chosen_membership(request, organisation)
    open_notice = (
        Withdrawal._base_manager.filter(membership=membership, registered_at__isnull=True).first()
        if membership is not None
        else None
    )
    if open_notice is not None:
        return _unavailable(
            request,
            _("Give notice of withdrawal"),
            _(
                "Notice of withdrawal was given on %(date)s. The steering group will register "
                "it; until then the organisation remains a party to the agreement."
            )
            % {"date": date_format(open_notice.notice_date)},
        )
    if membership is None or not membership.is_active:
        return _unavailable(
            request,
            _("Give notice of withdrawal"),
            _(
                "Only a party to the agreement can give notice of withdrawal. The organisation "
                "is not a party now (%(status)s)."
            )
            % {
                "status": membership.get_status_display()
                if membership
                else _("not a party to this agreement")
            },
        )
    form = WithdrawalForm(_posted(request), initial={"given_by_name": contact.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.give_withdrawal_notice(
                membership,
                by=request.user,
                given_by_name=form.cleaned_data["given_by_name"],
                reason=form.cleaned_data["reason"],
            )
        except services.PartyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your notice of withdrawal has been received. The steering group will "
                    "register it; until then the organisation remains a party to the agreement."
                ),
            )
            return redirect("parties:mine")
    return render(
        request,
        "parties/mine/withdraw.html",
        {
            "form": form,
            "organisation": organisation,
            "membership": membership,
            "today": timezone.localdate(),
        },
        status=_form_status(form),
    )
