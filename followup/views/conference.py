"""The annual conference's public page and its iCalendar entry."""

from django.http import HttpRequest, HttpResponse


def detail(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def ics(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError
