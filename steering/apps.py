from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    """What the steering group adds to other apps it registers in `steering/hooks.py`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = _("Steering group")

    def ready(self) -> None:
        # Every process knows the tasks the services queue by name.
        from steering import tasks  # noqa: F401
