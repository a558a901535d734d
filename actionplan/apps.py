from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    """What the action plan adds to other apps' pages it registers in `actionplan/hooks.py`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "actionplan"
    verbose_name = _("Action plan")
