import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _agreement(**overrides) -> Agreement:
    values = dict(
        title="Överenskommelse",
        region_name="Region Test",
        vision="V",
        purpose="S",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        review_due=datetime.date(2029, 6, 30),
        signing_sectors=["civil_society", "public"],
        version=1,
    )
    values.update(overrides)
    return Agreement(**values)


def test_it_allows_only_one_active_agreement():
    _agreement(status=Agreement.Status.ACTIVE).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _agreement(status=Agreement.Status.ACTIVE, version=2).save()


def test_it_refuses_a_validity_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        _agreement(
            valid_until=datetime.date(2025, 1, 1), review_due=datetime.date(2024, 1, 1)
        ).save()


def test_it_refuses_unknown_or_no_signing_sectors():
    with pytest.raises(ValidationError):
        _agreement(signing_sectors=["pirates"]).full_clean()
    with pytest.raises(ValidationError):
        _agreement(signing_sectors=[]).full_clean()


def test_it_picks_the_active_agreement_as_current():
    _agreement(status=Agreement.Status.EXPIRED, version=1).save()
    active = _agreement(status=Agreement.Status.ACTIVE, version=2)
    active.save()
    _agreement(status=Agreement.Status.DRAFT, version=3).save()
    assert Agreement.objects.current() == active
    assert Agreement.objects.published().count() == 2


def test_it_moves_an_agreement_forward_through_its_life_only():
    agreement = _agreement(status=Agreement.Status.DRAFT)
    agreement.save()
    for step in ["adopted", "active", "under_review", "expired"]:
        agreement.status = step
        agreement.full_clean()
        agreement.save()
    agreement.status = Agreement.Status.ACTIVE
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "status" in error.value.message_dict


def test_it_refuses_to_skip_adoption():
    agreement = _agreement(status=Agreement.Status.DRAFT)
    agreement.save()
    agreement.status = Agreement.Status.ACTIVE
    with pytest.raises(ValidationError):
        agreement.full_clean()
