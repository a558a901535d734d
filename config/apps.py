from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so its hooks connect in every process: the web, Celery
    workers and management commands alike."""

    name = "config"
    label = "portal"
    verbose_name = "Samverkan"

    def ready(self):
        from common.text import guard_text_fields

        # Imported for their receivers: the second factor for staff; when a person signed
        # in (staff sessions' limits); the Site's name.
        from config import mfa, sessions, sites  # noqa: F401
        from config.agreement_routing import connect_signals
        from config.pagecache import watch_database_writes

        # No form anywhere takes text with bidi controls or invisible format characters.
        guard_text_fields()

        # Saving or deleting an agreement reloads every process's routing table.
        connect_signals()

        # Every write to the database invalidates the cached public pages.
        watch_database_writes()
