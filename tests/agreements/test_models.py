import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def lasting(db):
    return Agreement.objects.create(slug="test", name="Överenskommelse", region_name="Region Test")


def _version(agreement, **overrides) -> Version:
    values = dict(
        agreement=agreement,
        title="Överenskommelse",
        vision="V",
        purpose="S",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        review_due=datetime.date(2029, 6, 30),
        signing_sectors=["civil_society", "public"],
        number=1,
    )
    values.update(overrides)
    return Version(**values)


def test_it_allows_only_one_active_version(lasting):
    _version(lasting, status=Version.Status.ACTIVE).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(lasting, status=Version.Status.ACTIVE, number=2).save()


def test_it_refuses_a_validity_that_ends_before_it_starts(lasting):
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(
            lasting, valid_until=datetime.date(2025, 1, 1), review_due=datetime.date(2024, 1, 1)
        ).save()


def test_it_refuses_unknown_or_no_signing_sectors(lasting):
    with pytest.raises(ValidationError):
        _version(lasting, signing_sectors=["pirates"]).full_clean()
    with pytest.raises(ValidationError):
        _version(lasting, signing_sectors=[]).full_clean()


def test_it_picks_the_version_in_force_by_date(lasting):
    old = _version(
        lasting,
        status=Version.Status.EXPIRED,
        number=1,
        valid_from=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        review_due=datetime.date(2025, 6, 30),
        quorum_percent=60,
    )
    old.save()
    active = _version(lasting, status=Version.Status.ACTIVE, number=2)
    active.save()
    _version(lasting, status=Version.Status.DRAFT, number=3).save()
    assert Agreement.objects.current() == lasting
    assert lasting.versions.published().count() == 2
    assert lasting.version_on(datetime.date(2024, 5, 1)) == old
    assert lasting.version_on(datetime.date(2026, 5, 1)) == active
    assert lasting.version_on(datetime.date(2021, 5, 1)) is None
    # Rules are read from the version of the day: an old meeting keeps the old quorum.
    assert lasting.rules_on(datetime.date(2024, 5, 1)).quorum_percent == 60
    assert lasting.rules_on(datetime.date(2026, 5, 1)).quorum_percent == 50


def test_it_has_no_current_agreement_with_only_a_draft(lasting):
    _version(lasting, status=Version.Status.DRAFT).save()
    assert Agreement.objects.current() is None


def test_it_moves_a_version_forward_through_its_life_only(lasting):
    version = _version(lasting, status=Version.Status.DRAFT)
    version.save()
    for step in ["adopted", "active", "under_review", "expired"]:
        version.status = step
        version.full_clean()
        version.save()
    version.status = Version.Status.ACTIVE
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "status" in error.value.message_dict


def test_it_refuses_to_skip_adoption(lasting):
    version = _version(lasting, status=Version.Status.DRAFT)
    version.save()
    version.status = Version.Status.ACTIVE
    with pytest.raises(ValidationError):
        version.full_clean()
