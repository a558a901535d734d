from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actionplan"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from actionplan import mine_section, sections
        from parties import extensions

        extensions.register(extensions.MINE_SECTIONS, mine_section.activities_section)
        extensions.register(extensions.ORGANISATION_SECTIONS, sections.party_activities)
