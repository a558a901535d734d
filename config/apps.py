from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so its hooks connect in every process: the web, Celery
    workers and management commands alike."""

    name = "config"
    label = "portal"
    verbose_name = "Samverkan"

    def ready(self):
        from common.text import guard_text_fields
        from config import mfa  # noqa: F401  (connects the second-factor receivers)
        from config.pagecache import watch_database_writes

        # No form anywhere takes text with bidi controls or invisible format characters.
        guard_text_fields()

        # Every write to the database invalidates the cached public pages.
        watch_database_writes()
