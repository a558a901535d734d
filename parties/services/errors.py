"""The refusals of the parties' services: a change the rules do not allow."""

from django.utils.translation import gettext as _


class PartyError(Exception):
    """A change that the rules do not allow; the message is for the person who tried."""


class DuplicateOrganisation(PartyError):
    pass


class ContactBusy(PartyError):
    pass


class NotAllowed(PartyError):
    pass


class Conflict(PartyError):
    pass


def duplicate_message() -> str:
    return _(
        "An organisation with this organisation number is already a party to the agreement "
        "or has an application waiting for a decision."
    )


def busy_message() -> str:
    return _(
        "This email address is already the contact for another party. Use another address "
        "for this organisation."
    )
