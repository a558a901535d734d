from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """What the follow-up adds to other apps it registers in `followup/hooks.py`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Every process (web, worker, shell) knows the tasks `followup.queue` finds by name.
        from followup import tasks  # noqa: F401
