"""The follow-up form a party's contact person answers at /uppfoljning/<year>/."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def form(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError
