"""Finding the membership a service acts on: an organisation's participation in one agreement."""

from django.db.models import Q
from django.utils.translation import gettext as _

from parties.models import Membership, Organisation
from parties.services.errors import NotAllowed


def default_agreement():
    """The agreement a caller that names none means: the one in the current scope (the
    request's), else the installation's first with a published version."""
    from agreements.models import Agreement
    from common import scoping

    allowed = scoping.current_agreement_ids()
    if allowed not in (None, scoping.ALL) and len(allowed) == 1:
        return Agreement.objects.get(pk=next(iter(allowed)))
    return Agreement.objects.current()


def membership_of(party, agreement=None) -> Membership:
    """The membership `party` (a Membership, or an Organisation with `agreement`) stands for.

    An organisation without `agreement`: its only membership, else the one in the default
    agreement (`default_agreement`).
    """
    if isinstance(party, Membership):
        return party
    memberships = Membership._base_manager.filter(organisation=party)
    if agreement is None:
        only = list(memberships[:2])
        if len(only) == 1:
            return only[0]
        agreement = default_agreement()
    membership = memberships.filter(agreement=agreement).first()
    if membership is None:
        raise NotAllowed(_("The organisation is not a party to this agreement."))
    return membership


def live_anywhere(path: str = "organisation") -> Q:
    """Q: the organisation at `path` has a pending or active membership in some agreement."""
    return Q(
        **{
            f"{path}__in": Membership._base_manager.filter(
                status__in=Membership.LIVE_STATUSES
            ).values("organisation")
        }
    )


def is_live_anywhere(organisation: Organisation) -> bool:
    return Membership._base_manager.filter(
        organisation=organisation, status__in=Membership.LIVE_STATUSES
    ).exists()
