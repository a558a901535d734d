"""The link by which the holder of an existing account answers whether they are the
contact person an application named (see parties.confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.scoping import unscoped_view
from common.text import isolated_sentence
from parties import confirmation, confirmation_links, services


@login_required
@unscoped_view
def confirm_contact(request: HttpRequest, token: str) -> HttpResponse:
    """The holder of an existing account answers whether they are the contact person an
    application named."""
    contact = confirmation_links.contact_for_token(token)
    title = _("Confirm the contact role")
    if contact is None:
        return render(
            request,
            "parties/mine/unavailable.html",
            {
                "title": title,
                "message": _(
                    "The link is no longer valid. Open My organisation: if an application "
                    "still waits for your answer, you find a new link there."
                ),
            },
            status=410,
        )
    if contact.user_id != request.user.pk:
        return render(
            request,
            "parties/mine/unavailable.html",
            {
                "title": title,
                "message": isolated_sentence(
                    _(
                        "The link was sent to %(email)s. Sign out and sign in with the account "
                        "of that address to answer."
                    ),
                    email=contact.email,
                ),
            },
            status=403,
        )
    if not contact.awaits_confirmation or contact.ended_at is not None:
        return render(
            request,
            "parties/mine/unavailable.html",
            {
                "title": title,
                "message": _("You have already answered, or the application is no longer open."),
            },
        )
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "yes":
                contact = confirmation.confirm_contact(contact, user=request.user)
            elif answer == "no":
                confirmation.decline_contact(contact, user=request.user)
            else:
                error = _("Choose whether you are the organisation's contact person.")
        except services.PartyError as refused:
            error = str(refused)
        if error is None:
            if answer == "no":
                messages.success(
                    request,
                    _(
                        "Thank you. You are not the contact person; we have told the steering "
                        "group."
                    ),
                )
            elif contact.is_current:
                messages.success(
                    request,
                    isolated_sentence(
                        _("You are now the contact person for %(name)s."),
                        name=contact.organisation.name,
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. You become the contact person when the steering group "
                        "approves the application."
                    ),
                )
            return redirect("parties:mine")
    application = contact.applications.order_by("-pk").first()
    return render(
        request,
        "parties/mine/confirm_contact.html",
        {
            "contact": contact,
            "organisation": contact.organisation,
            "application": application,
            "error": error,
        },
        status=400 if error else 200,
    )
