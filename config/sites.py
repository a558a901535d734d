"""The name and address django.contrib.sites gives allauth's emails ("Hej från …!").

Nobody edits the Site row by hand: its name is the default agreement's name and its domain
the host of SITE_URL, written after every migrate and whenever an agreement is saved (so
`seed_demo` and a renamed agreement are covered too).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import connection
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from agreements.models import Agreement

# Site.name holds at most 50 characters; a longer title is cut at a word.
NAME_LENGTH = Site._meta.get_field("name").max_length


def site_name() -> str:
    """The installation's name: its default agreement's (settings.DEFAULT_AGREEMENT, else the
    oldest), or "Samverkan" before any is hosted. One Site serves every agreement."""
    agreements = Agreement.objects.order_by("pk")
    agreement = (
        settings.DEFAULT_AGREEMENT and agreements.filter(slug=settings.DEFAULT_AGREEMENT).first()
    ) or agreements.first()
    name = agreement.name if agreement else "Samverkan"
    if len(name) > NAME_LENGTH:
        name = name[: NAME_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return name


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def update_site() -> Site:
    site, _created = Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"name": site_name(), "domain": site_domain()}
    )
    Site.objects.clear_cache()
    return site


@receiver(post_migrate, dispatch_uid="samverkan_site_after_migrate")
def site_after_migrate(sender, app_config, using, **kwargs):
    # Once per migrate (the signal comes once per app with models), after django.contrib.sites
    # has made its example.com row.
    if app_config.label != "sites" or using != "default":
        return
    # A partial migrate (`migrate sites` on an empty database) has no agreements table yet.
    if Agreement._meta.db_table in connection.introspection.table_names():
        update_site()


@receiver(post_save, sender=Agreement, dispatch_uid="samverkan_site_after_agreement")
def site_after_agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        update_site()
