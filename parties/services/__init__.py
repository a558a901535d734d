"""Every change of a party's status happens here: one function per change, one
transaction each, one audit record each. Admin actions, views, commands and tests
all call these functions.

One module per concept: `applications` (applying and the decision on it), `withdrawals`,
`changes` (of a party's details, name and number), `contacts` (the contact person and
the handover of the role); `decisions` and `errors` hold what they share. The public
functions are named here, so callers write `services.approve_application`.
"""

from parties.services.applications import (
    ApplicationData,
    approve_application,
    reject_application,
    submit_application,
)
from parties.services.changes import (
    PUBLIC_DETAIL_FIELDS,
    approve_change,
    reject_change,
    request_change,
    update_public_details,
)
from parties.services.contacts import (
    INVITATION_WINDOW,
    accept_contact_invitation,
    invitation_is_usable,
    invite_contact,
    make_contact_current,
    next_invitation_allowed_at,
    update_contact_details,
)
from parties.services.decisions import record
from parties.services.errors import (
    Conflict,
    ContactBusy,
    DuplicateOrganisation,
    NotAllowed,
    PartyError,
    duplicate_message,
)
from parties.services.withdrawals import (
    give_withdrawal_notice,
    register_withdrawal,
    register_written_withdrawal,
)

__all__ = [
    "INVITATION_WINDOW",
    "PUBLIC_DETAIL_FIELDS",
    "ApplicationData",
    "Conflict",
    "ContactBusy",
    "DuplicateOrganisation",
    "NotAllowed",
    "PartyError",
    "accept_contact_invitation",
    "approve_application",
    "approve_change",
    "duplicate_message",
    "give_withdrawal_notice",
    "invitation_is_usable",
    "invite_contact",
    "make_contact_current",
    "next_invitation_allowed_at",
    "record",
    "register_withdrawal",
    "register_written_withdrawal",
    "reject_application",
    "reject_change",
    "request_change",
    "submit_application",
    "update_contact_details",
    "update_public_details",
]
