"""Changes to a party's details: the public details its contact person changes at once, and
the name and organisation number, which change only when the steering group approves."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from parties.models import ActivityArea, ChangeRequest, Organisation
from parties.services.decisions import decide, locked_pending, record, required_reason
from parties.services.errors import DuplicateOrganisation, NotAllowed, duplicate_message
from parties.services.memberships import membership_of
from parties.tasks import notify

PUBLIC_DETAIL_FIELDS = ("legal_form", "municipality", "website", "description")


@transaction.atomic
def update_public_details(
    organisation: Organisation, *, by, details: dict, areas: list[ActivityArea]
) -> Organisation:
    """Apply the details a contact person may change at once."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name in PUBLIC_DETAIL_FIELDS:
        setattr(organisation, name, details[name])
    organisation.save()
    organisation.areas.set(areas)
    return organisation


@transaction.atomic
def request_change(
    organisation: Organisation, *, by, new_name: str, new_org_number: str, agreement=None
) -> ChangeRequest:
    """Name and organisation number change only when the steering group approves: the
    steering group of `agreement` (by default the request's; the organisation is a party
    to it)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    agreement = membership_of(organisation, agreement).agreement
    if ChangeRequest._base_manager.filter(
        organisation=organisation, status=ChangeRequest.Status.PENDING
    ).exists():
        raise NotAllowed(_("A change of name or number is already waiting for a decision."))
    if (
        new_org_number != organisation.org_number
        and Organisation.objects.filter(org_number=new_org_number).exists()
    ):
        raise DuplicateOrganisation(duplicate_message())
    change = ChangeRequest.objects.create(
        organisation=organisation,
        agreement=agreement,
        current_name=organisation.name,
        current_org_number=organisation.org_number,
        new_name=new_name,
        new_org_number=new_org_number,
        requested_by=by,
    )
    record(change, "", change.status, actor=by)
    notify("change_to_steering_group", change.pk)
    return change


def approve_change(
    change: ChangeRequest, *, by, reason: str = "", citation: dict | None = None
) -> ChangeRequest:
    try:
        with transaction.atomic():
            change = locked_pending(
                ChangeRequest, change, _("This change has already been decided.")
            )
            organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
            organisation.name = change.new_name
            organisation.org_number = change.new_org_number
            organisation.save(update_fields=["name", "org_number", "updated_at"])
            decide(change, ChangeRequest.Status.APPROVED, by=by, reason=reason, citation=citation)
            notify("change_decided", change.pk)
            return change
    except IntegrityError:
        raise DuplicateOrganisation(duplicate_message()) from None


@transaction.atomic
def reject_change(
    change: ChangeRequest, *, by, reason: str, citation: dict | None = None
) -> ChangeRequest:
    reason = required_reason(reason, _("Give a reason for rejecting the change."))
    change = locked_pending(ChangeRequest, change, _("This change has already been decided."))
    decide(change, ChangeRequest.Status.REJECTED, by=by, reason=reason, citation=citation)
    notify("change_decided", change.pk)
    return change
