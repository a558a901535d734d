"""The contact person's activities (stubs until built)."""

from django.http import Http404


def activities(request):
    raise Http404


def update(request, pk: int):
    raise Http404
