from parties.models.application import Application, ChangeRequest
from parties.models.contact import ContactInvitation, ContactPerson
from parties.models.membership import Membership, MembershipQuerySet, active_membership
from parties.models.organisation import (
    ActivityArea,
    LegalForm,
    Municipality,
    Organisation,
)
from parties.models.renewal import RenewalRequest
from parties.models.withdrawal import Withdrawal

__all__ = [
    "ActivityArea",
    "Application",
    "ChangeRequest",
    "ContactInvitation",
    "ContactPerson",
    "LegalForm",
    "Membership",
    "MembershipQuerySet",
    "Municipality",
    "Organisation",
    "RenewalRequest",
    "Withdrawal",
    "active_membership",
]
