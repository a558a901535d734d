"""How the follow-up hears about changes in the parties app (the ``contact_person_saved``
hook, registered in `followup/hooks.py`)."""


def contact_saved(*, contact, created: bool) -> None:
    """A party's current contact person is new (it joined, or the role was handed over):
    invite the party to the open rounds once the change commits. Already invited
    contacts get nothing: the outbox knows whom it has written to."""
    if not contact.is_current:
        return
    from followup.tasks import invite_party

    invite_party.delay_on_commit(contact.organisation_id)
