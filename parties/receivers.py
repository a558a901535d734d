"""The parties app's own signal receivers: what it does when its records change.

Imported by `PartiesConfig.ready()`. Higher apps are told through hooks (`common.hooks`),
not by connecting to these models' signals themselves.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from common import hooks
from parties.models import ContactPerson


@receiver(post_save, sender=ContactPerson, dispatch_uid="parties_contact_person_saved")
def contact_person_saved(sender, instance, created: bool, **kwargs) -> None:
    """Every save of a contact person, inside the saving transaction."""
    for function in hooks.get_hooks("contact_person_saved"):
        function(contact=instance, created=created)
