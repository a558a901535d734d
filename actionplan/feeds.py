"""Atom feed of progress updates (stub until built)."""

from django.contrib.syndication.views import Feed


class ProgressFeed(Feed):
    title = "Samverkan"
    link = "/handlingsplan/"

    def items(self):
        return []
