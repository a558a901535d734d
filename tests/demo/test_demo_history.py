"""The demo has a history: version 1 of its agreement, in force before and now expired,
and version 2 in force, adopted by the steering group of the period before; decisions under
both, and the earlier members beside the current ones."""

import datetime
import re

import pytest
from django.utils import timezone

from agreements.models import Agreement, Version
from steering.models import Decision, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_world, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return Agreement.objects.current()


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)


def test_it_lists_the_expired_first_version_and_the_second_in_force(demo, client):
    first, second = demo.versions.order_by("number")
    assert (first.number, first.status) == (1, Version.Status.EXPIRED)
    assert (second.number, second.status) == (2, Version.Status.ACTIVE)
    assert demo.in_force == second
    assert second.replaces == first
    assert first.valid_until == second.valid_from - datetime.timedelta(days=1)

    rows = _rows(client.get("/overenskommelsen/versioner/").content.decode())
    # Each row's header is the version's number (after a label shown only on phones).
    by_number = {
        re.search(r'<th scope="row">.*?(\d+)</th>', row, flags=re.S).group(1): row
        for row in rows[1:]
    }
    assert "Expired" in by_number["1"]
    assert "Active" in by_number["2"]
    assert "/overenskommelsen/versioner/2/andringar/" in by_number["2"]


def test_it_keeps_the_first_version_readable_as_no_longer_in_force(demo, client):
    page = client.get("/overenskommelsen/versioner/1/").content.decode()
    assert "This is version 1, which is no longer in force." in page
    first = demo.versions.get(number=1)
    assert first.goals.count() == 3
    assert not first.principles.filter(slug="innovation").exists()
    assert first.principles.get(slug="dialog").name in page

    in_force = client.get("/overenskommelsen/").content.decode()
    assert "no longer in force" not in in_force


def test_it_shows_what_version_2_inserted_and_deleted(demo, client):
    page = client.get("/overenskommelsen/versioner/2/andringar/").content.decode()
    # Beyond the legend's one example of each: the text's own changes.
    assert page.count("<ins>") > 3
    assert page.count("<del>") > 3
    assert re.search(r"<ins>[^<]*Innovation", page)


def test_it_records_the_adoption_under_version_1_and_later_decisions_under_version_2(demo):
    first, second = demo.versions.order_by("number")
    adoption = Decision.objects.about(second).get()
    assert adoption.number == 2
    assert adoption.decided_on == second.adopted_on
    assert adoption.decided_on < second.valid_from
    assert adoption.version == first
    assert adoption.meeting.minutes_published_at is not None

    later = Decision.objects.filter(agreement=demo, decided_on__gte=second.valid_from)
    assert later.count() > 10
    assert set(later.values_list("version", flat=True)) == {second.pk}
    earlier = Decision.objects.filter(agreement=demo, decided_on__lt=second.valid_from)
    assert set(earlier.values_list("version", flat=True)) == {first.pk}


def test_it_shows_the_members_of_the_period_before_as_earlier_members(demo, client):
    valid_from = demo.in_force.valid_from
    period_before = Seat.objects.for_agreement(demo).filter(
        mandate_start=valid_from.replace(year=valid_from.year - 2)
    )
    assert period_before.ordinary().count() == 8
    assert all(seat.last_day < valid_from for seat in period_before)

    earlier = client.get("/styrgrupp/tidigare/").content.decode()
    current = client.get("/styrgrupp/").content.decode()
    chair = period_before.get(role="chair")
    dated = f'<time datetime="{chair.mandate_start:%Y-%m-%d}">'
    assert dated in earlier
    assert earlier.count(dated) == period_before.count()
    assert dated not in current
    today = Seat.objects.for_agreement(demo).current().get(role="chair")
    assert today.person_name == chair.person_name
    assert today.mandate_start >= valid_from
    assert today.person_name in current
    assert timezone.localdate() <= today.mandate_end
