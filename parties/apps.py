from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parties"
    verbose_name = _("Parties")

    def ready(self) -> None:
        from agreements import pages
        from parties import accounts  # noqa: F401 - connects the signal receivers
        from parties.home import home_figures

        if home_figures not in pages.HOME_PROVIDERS:
            pages.HOME_PROVIDERS.append(home_figures)
