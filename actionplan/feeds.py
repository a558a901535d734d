"""Atom feed of the action plan's progress updates, newest first.

No personal data: an entry names the activity, its new status and progress, what happened,
and on behalf of which party (or that the process leader made it), never who.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplan.models import ActivityUpdate
from agreements.pages import published_agreement

FEED_SIZE = 50


class ProgressFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Progress of the action plan")
    subtitle = gettext_lazy("How the activities of the action plan move, newest update first.")

    def get_object(self, request, *args, **kwargs):
        """The agreement the address names (config.agreement_routing)."""
        return published_agreement(request)

    # Absolute addresses from SITE_URL, as the register's feed: entry ids must stay the
    # same whichever host name the request came in on.
    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('actionplan:plan')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('actionplan:feed')}"

    def author_name(self) -> str:
        return settings.DATA_CONTROLLER["name"]

    def items(self, agreement):
        if agreement is None:
            return ActivityUpdate.objects.none()
        return (
            ActivityUpdate.objects.filter(activity__annual_plan__plan__agreement=agreement)
            .select_related("activity", "by_party")
            .only(
                "pk",
                "date",
                "text",
                "status",
                "progress",
                "created_at",
                "activity__id",
                "activity__title",
                "by_party__name",
            )
            .order_by("-date", "-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: ActivityUpdate) -> str:
        return _("%(activity)s: %(status)s, %(progress)s %%") % {
            "activity": item.activity.title,
            "status": item.get_status_display(),
            "progress": item.progress,
        }

    def item_link(self, item: ActivityUpdate) -> str:
        return f"{settings.SITE_URL}{item.activity.get_absolute_url()}#update-{item.pk}"

    def item_guid(self, item: ActivityUpdate) -> str:
        return self.item_link(item)

    def item_description(self, item: ActivityUpdate) -> str:
        # Sent as HTML; the text is plain text typed by a party or the process leader.
        on_behalf = (
            _("On behalf of %(party)s.") % {"party": item.by_party.name}
            if item.by_party
            else _("Recorded by the process leader.")
        )
        return linebreaks(item.text, autoescape=True) + f"<p>{escape(on_behalf)}</p>"

    def item_pubdate(self, item: ActivityUpdate) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item: ActivityUpdate) -> datetime.datetime:
        return item.created_at
