"""Public pages of the action plan (stubs until built)."""

from django.http import Http404


def plan(request):
    raise Http404


def plan_csv(request):
    raise Http404


def plan_json(request):
    raise Http404


def activity(request, pk: int):
    raise Http404
