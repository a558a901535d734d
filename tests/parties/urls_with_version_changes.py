"""The project's URLs plus the comparison page of a version, for a test that shows the
contact person the link to it (the page itself is built elsewhere; here it is a stub)."""

from django.http import HttpResponse
from django.urls import include, path

from agreements import urls as agreements_urls
from config import urls as project


def changes(request, version: int) -> HttpResponse:
    return HttpResponse(f"changes in version {version}")


agreements_patterns = [
    *agreements_urls.urlpatterns,
    path("overenskommelsen/versioner/<int:version>/andringar/", changes, name="version_changes"),
]

urlpatterns = [
    path("", include((agreements_patterns, "agreements"))),
    *project.urlpatterns[1:],
]
