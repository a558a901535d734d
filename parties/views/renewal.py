"""The contact person confirms that the party continues under a new version: one click.

The request is looked up among the signed-in contact's own party's requests, so no one
confirms for another party (they get a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.scoping import unscoped_view
from common.text import isolated_sentence
from parties.models import ContactPerson, RenewalRequest
from parties.services import NotAllowed, renewal


@login_required
@require_POST
@unscoped_view
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contact = ContactPerson.objects.current().filter(user=request.user).first()
    if contact is None:
        raise Http404("Not the contact person of a party")
    renewal_request = get_object_or_404(
        RenewalRequest.objects.filter(membership__organisation_id=contact.organisation_id), pk=pk
    )
    try:
        renewal.confirm(renewal_request, by=request.user)
    except NotAllowed as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request,
            isolated_sentence(
                _("Thank you. You have confirmed that %(name)s continues as a party."),
                name=contact.organisation.name,
            ),
        )
    return redirect("parties:mine")
