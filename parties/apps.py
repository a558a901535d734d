from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    """What the parties app adds to other apps it registers in `parties/hooks.py`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "parties"
    verbose_name = _("Parties")

    def ready(self) -> None:
        # The app's own receivers: an account's address counts as verified once its password
        # is set by link; a saved contact person is passed on to the hook.
        from parties import accounts, receivers  # noqa: F401
