from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from agreements import pages as agreement_pages
        from followup import (
            home,
            home_reports,
            mine_section,
            receivers,
            tasks,  # noqa: F401 - registered by name for followup.queue
        )
        from followup import personal_data as followup_data
        from parties import extensions, personal_data
        from parties.models import ContactPerson

        post_save.connect(
            receivers.contact_saved,
            sender=ContactPerson,
            dispatch_uid="followup_invite_new_contact",
        )
        extensions.register(extensions.MINE_SECTIONS, mine_section.followup_section)
        extensions.register(agreement_pages.HOME_PROVIDERS, home.next_conference)
        extensions.register(agreement_pages.HOME_PROVIDERS, home_reports.latest_report)
        extensions.register(personal_data.PROVIDERS, followup_data.sections)
