"""Two agreements side by side, each with its own staff, for the admin's and the reminders'
boundaries: A is the `agreement` fixture's, B another hosted beside it."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import _make_user

START = datetime.date(2026, 1, 1)


@pytest.fixture
def agreement_b(db, agreement):
    from tests.agreement_factory import make_agreement

    return make_agreement("bjorkvik", "Björkviks överenskommelse", region_name="Björkviks kommun")


def _staff(email: str, group: str, agreement, kind: str):
    from agreements.models import AgreementRole

    user = _make_user(email, group=group, staff=True)
    for one in agreement if isinstance(agreement, list | tuple) else [agreement]:
        AgreementRole.objects.create(agreement=one, user=user, kind=kind)
    return user


@pytest.fixture
def leader_a(agreement):
    from common.roles import PROCESS_LEADER

    return _staff("ledare.a@region.test", PROCESS_LEADER, agreement, "process_leader")


@pytest.fixture
def leader_b(agreement_b):
    from common.roles import PROCESS_LEADER

    return _staff("ledare.b@bjorkvik.test", PROCESS_LEADER, agreement_b, "process_leader")


@pytest.fixture
def leader_both(agreement, agreement_b):
    from common.roles import PROCESS_LEADER

    return _staff(
        "ledare.bada@region.test", PROCESS_LEADER, [agreement, agreement_b], "process_leader"
    )


@pytest.fixture
def records(agreement, agreement_b):
    """One seat, meeting and follow-up round in each agreement: {"a": {...}, "b": {...}}."""
    from followup.models import FollowUpRound
    from steering.models import Meeting, Seat

    found = {}
    for key, one in (("a", agreement), ("b", agreement_b)):
        found[key] = {
            "seat": Seat.objects.create(
                agreement=one,
                role="co_opted",
                affiliation="Adjungerad",
                person_name=f"Ledamot {key.upper()}",
                mandate_start=START,
            ),
            "meeting": Meeting.objects.create(
                agreement=one,
                starts_at=timezone.now() + datetime.timedelta(days=30),
                place=f"Sal {key.upper()}",
            ),
            "followupround": FollowUpRound.objects.create(
                agreement=one,
                year=2031,
                opens=datetime.date(2032, 1, 1),
                closes=datetime.date(2032, 2, 1),
            ),
        }
    return found
