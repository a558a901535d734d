"""Revision proposals: the public list of checked ones, and a party's proposal form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


def public_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
