"""How the follow-up hears about changes in the parties app (the ``contact_person_saved``
hook, registered in `followup/hooks.py`)."""

from django.db import transaction


def contact_saved(*, contact, created: bool) -> None:
    """A party's current contact person is new (it joined, or the role was handed over):
    invite the party to the open rounds once the change commits. Already invited
    contacts get nothing: the outbox knows whom it has written to."""
    if not contact.is_current:
        return
    from followup.tasks import invite_party

    organisation_id = contact.organisation_id
    transaction.on_commit(lambda: invite_party.delay(organisation_id))
