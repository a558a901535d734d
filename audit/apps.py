from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit trail and outbox")

    def ready(self) -> None:
        # Every app's hooks.py registers now, so a broken one fails at start, not on a page.
        from common import hooks

        hooks.discover()
