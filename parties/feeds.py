"""Atom feed of the newest parties, with the register's filters."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from parties.filters import RegisterFilter, register_filter
from parties.models import Organisation
from parties.requests import request_agreement

FEED_SIZE = 50


class NewPartiesFeed(Feed):
    feed_type = Atom1Feed
    title = _("New parties to the agreement")
    subtitle = _("Organisations that have joined the agreement, newest first.")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = register_filter(request.GET, request_agreement(request))
        if filterset.is_bound and not filterset.is_valid():
            lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
            return HttpResponseBadRequest(
                "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
            )
        # One Feed instance serves every request: the filter set travels on the request.
        request.register_filter = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> RegisterFilter:
        return request.register_filter

    # Absolute addresses from SITE_URL, not from django.contrib.sites: entry ids must stay
    # the same whichever host name the request came in on.
    def link(self, filterset: RegisterFilter) -> str:
        return _absolute(reverse("parties:register"), filterset)

    def feed_url(self, filterset: RegisterFilter) -> str:
        return _absolute(reverse("parties:feed"), filterset)

    def item_link(self, item: Organisation) -> str:
        return _absolute(item.get_absolute_url())

    def author_name(self) -> str:
        return settings.DATA_CONTROLLER["name"]

    def items(self, filterset: RegisterFilter):
        return (
            filterset.qs.select_related(None)
            .prefetch_related(None)
            .order_by("-joined_on", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Organisation) -> str:
        return item.name

    def item_description(self, item: Organisation) -> str:
        # The summary is sent as HTML; the description is plain text typed by the party.
        return linebreaks(item.description, autoescape=True)

    def item_pubdate(self, item: Organisation) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.joined_on, datetime.time()))

    def item_updateddate(self, item: Organisation) -> datetime.datetime:
        return self.item_pubdate(item)


def _absolute(path: str, filterset: RegisterFilter | None = None) -> str:
    query = filterset.query.urlencode() if filterset is not None else ""
    return f"{settings.SITE_URL}{path}" + (f"?{query}" if query else "")
