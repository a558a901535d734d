"""Public pages of the steering group (composition, meetings, calendar)."""

from django.http import Http404


def composition(request):
    raise Http404


def earlier_members(request):
    raise Http404


def meeting(request, pk: int):
    raise Http404


def meeting_ics(request, pk: int):
    raise Http404


def meetings_ics(request):
    raise Http404
