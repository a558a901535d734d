"""/rapporter/: the annual reports. Anyone downloads the published ones; the process
leader generates new versions, follows their progress and publishes one."""

from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def status(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def download(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def publish(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def figures_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError
