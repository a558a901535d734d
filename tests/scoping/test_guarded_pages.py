"""A's public pages, served inside A's guard, with B in the database: none of B shows, and
B's rows are not found by their ids.

Until the routing middleware (H1) opens the guard in every request, these tests open it
with a stand-in middleware around the views; once it has landed the stand-in can go and
the same assertions hold with the real one.
"""

import pytest

from agreements.models import Agreement
from common import scoping
from tests.scoping.world import MARK

pytestmark = pytest.mark.django_db


class GuardDefaultAgreement:
    """Stand-in for the routing middleware: every request is the default agreement's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        agreement = Agreement.objects.order_by("pk").first()
        with scoping.guard(agreement):
            return self.get_response(request)


@pytest.fixture
def guarded(settings):
    if not any("routing" in name.lower() for name in settings.MIDDLEWARE):
        auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[: auth + 1],
            f"{__name__}.GuardDefaultAgreement",
            *settings.MIDDLEWARE[auth + 1 :],
        ]


PAGES = [
    "/",
    "/overenskommelsen/",
    "/overenskommelsen/versioner/",
    "/principer/",
    "/styrgrupp/",
    "/styrgrupp/tidigare/",
    "/styrgrupp/moten.ics",
    "/handlingsplan/",
    "/handlingsplan.json",
    "/handlingsplan.csv",
    "/overenskommelsen/forslag/",
    "/rapporter/",
]


@pytest.mark.parametrize("path", PAGES)
def test_as_pages_show_nothing_of_b(guarded, client, agreement, other_agreement, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path  # 404: A has none of it yet
    body = b"".join(response) if response.streaming else response.content
    assert MARK.encode() not in body, path


def test_bs_records_are_not_found_by_their_ids_on_as_pages(
    guarded, client, agreement, other_agreement
):
    content = other_agreement.content
    for path in (
        f"/styrgrupp/moten/{content.meeting.pk}/",
        f"/styrgrupp/moten/{content.meeting.pk}.ics",
        f"/handlingsplan/aktiviteter/{content.activity.pk}/",
        f"/principer/{content.principle.slug}/",
        f"/konferens/{content.conference.year}/",
        f"/rapporter/{content.report.pk}/status.json",
    ):
        assert client.get(path).status_code == 404, path


def test_a_principle_and_a_meeting_of_a_are_served_inside_the_guard(
    guarded, client, agreement, other_agreement
):
    principle = agreement.in_force.principles.first()
    response = client.get(f"/principer/{principle.slug}/")
    assert response.status_code == 200
    assert MARK.encode() not in response.content
