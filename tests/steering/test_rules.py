"""The agreement's rules for the steering group: each broken and held, on a date."""

import datetime

import pytest
from django.utils import timezone

from steering.rules import composition_problems, quorum
from tests.agreement_factory import change_rules
from tests.steering.fixtures import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are asserted in English; Swedish is tested on the pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


def codes(agreement, on=TODAY) -> list[str]:
    return sorted(problem.code for problem in composition_problems(agreement, on=on))


def test_it_finds_nothing_wrong_with_a_balanced_group(agreement, group):
    assert codes(agreement) == []


# Each case: how to break one rule, and the problem that names it.
BREAKS = {
    "unbalanced": lambda g, make_seat, make_party: make_seat(g["civil_b"], "member"),
    "no_chair": lambda g, *_: (
        g["chair"].__class__.objects.filter(pk=g["chair"].pk).update(ended_on=TODAY)
    ),
    "chairs_same_sector": lambda g, make_seat, make_party: (
        type(g["vice"]).objects.filter(pk=g["vice"].pk).update(organisation=g["civil_b"])
    ),
    "mandate_too_long": lambda g, *_: (
        type(g["chair"])
        .objects.filter(pk=g["chair"].pk)
        .update(mandate_end=datetime.date(2028, 6, 30))
    ),
    "overlapping": lambda g, make_seat, make_party: make_seat(
        None, "co_opted", person_name="Anna  ordförande", affiliation="Universitetet"
    ),
    "inactive_party": lambda g, *_: g["civil_b"].memberships.update(
        status="withdrawn", withdrawn_on=TODAY
    ),
    "deputy_without_member": lambda g, make_seat, make_party: make_seat(
        g["civil_b"], "deputy", person_name="Ersättare Utan"
    ),
}


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_it_names_each_broken_rule(code, agreement, group, make_seat, make_party):
    BREAKS[code](group, make_seat, make_party)
    found = composition_problems(agreement, on=TODAY)
    assert code in [problem.code for problem in found]
    message = next(problem.message for problem in found if problem.code == code)
    assert message and len(message) > 20


def test_it_counts_unequal_seats_in_its_explanation(agreement, group, make_seat):
    make_seat(group["civil_b"], "member", person_name="Extra Ledamot")
    (problem,) = composition_problems(agreement, on=TODAY)
    assert "3" in problem.message and "2" in problem.message


def test_it_sees_the_group_as_it_was_on_a_date(agreement, group, make_seat):
    # A third civil-society member from July: balanced in June, unbalanced in August.
    make_seat(group["civil_b"], "member", mandate_start=datetime.date(2026, 7, 1))
    assert codes(agreement, on=datetime.date(2026, 6, 30)) == []
    assert codes(agreement, on=datetime.date(2026, 8, 1)) == ["unbalanced"]


def test_it_lets_an_agreement_without_the_balance_rule_be_unbalanced(agreement, group, make_seat):
    make_seat(group["civil_b"], "member")
    change_rules(agreement, steering_balanced=False)
    assert codes(agreement) == []


def test_it_allows_chairs_from_one_sector_when_the_agreement_does(agreement, group):
    type(group["vice"]).objects.filter(pk=group["vice"].pk).update(organisation=group["civil_b"])
    # The vice chair moved sector, so the ordinary seats are unbalanced too.
    assert "chairs_same_sector" in codes(agreement)
    change_rules(agreement, steering_chairs_from_different_sectors=False)
    assert "chairs_same_sector" not in codes(agreement)


def test_it_uses_the_agreements_mandate_length(agreement, group):
    change_rules(agreement, steering_chair_mandate_months=12)
    assert codes(agreement) == ["mandate_too_long", "mandate_too_long"]


def test_it_limits_seats_per_party_only_when_the_agreement_does(agreement, group, make_seat):
    make_seat(group["civil_a"], "member")
    make_seat(group["public_a"], "member")
    assert codes(agreement) == []
    change_rules(agreement, steering_max_seats_per_party=1)
    assert codes(agreement) == ["too_many_for_party", "too_many_for_party"]


def test_it_accepts_a_deputy_for_an_ordinary_seat(agreement, group, make_seat):
    make_seat(group["civil_b"], "deputy", deputy_for=group["civil"])
    assert codes(agreement) == []


def test_it_flags_a_deputy_whose_member_has_left(agreement, group, make_seat):
    make_seat(group["civil_b"], "deputy", deputy_for=group["civil"])
    type(group["civil"]).objects.filter(pk=group["civil"].pk).update(
        ended_on=datetime.date(2026, 5, 1)
    )
    assert "deputy_without_member" in codes(agreement)


def test_it_does_not_count_co_opted_members_in_the_balance(agreement, group, make_seat):
    make_seat(None, "co_opted", affiliation="Länsstyrelsen", person_name="Co Opted")
    assert codes(agreement) == []


def test_it_ends_a_seat_on_its_ended_on_day(agreement, group):
    chair = group["chair"]
    type(chair).objects.filter(pk=chair.pk).update(ended_on=datetime.date(2026, 6, 2))
    assert codes(agreement, on=datetime.date(2026, 6, 1)) == []
    assert "no_chair" in codes(agreement, on=datetime.date(2026, 6, 2))


# ---- quorum -----------------------------------------------------------------------------


@pytest.fixture
def meeting(agreement):
    from steering.models import Meeting

    starts = timezone.make_aware(datetime.datetime(2026, 6, 1, 13, 0))
    return Meeting.objects.create(agreement=agreement, starts_at=starts, place="Kommunhuset")


def attend(meeting, *seats, stands_in_for=None):
    from steering.models import Attendance

    for seat in seats:
        Attendance.objects.create(meeting=meeting, seat=seat, stands_in_for=stands_in_for)


def test_it_is_quorate_with_more_than_half_and_both_sectors(meeting, group):
    attend(meeting, group["chair"], group["vice"], group["civil"])
    result = quorum(meeting)
    assert (result.present, result.voting, result.is_quorate) == (3, 4, True)


def test_it_is_not_quorate_with_exactly_half(meeting, group):
    attend(meeting, group["chair"], group["vice"])
    result = quorum(meeting)
    assert (result.present, result.is_quorate) == (2, False)
    assert "2 of 4" in result.explanation


def test_it_is_not_quorate_when_one_sector_is_missing(meeting, group, make_seat):
    make_seat(group["civil_b"], "member")
    make_seat(group["public_b"], "member")
    attend(
        meeting,
        group["chair"],
        group["civil"],
        *type(group["chair"])
        .objects.filter(person_name__startswith="Person")
        .filter(organisation=group["civil_b"]),
    )
    result = quorum(meeting)
    assert result.present == 3 and result.voting == 6
    assert result.is_quorate is False


def test_it_counts_a_deputy_standing_in_for_an_absent_member(meeting, group, make_seat):
    deputy = make_seat(group["public_b"], "deputy", deputy_for=group["public"])
    attend(meeting, group["chair"], group["vice"])
    attend(meeting, deputy, stands_in_for=group["public"])
    result = quorum(meeting)
    assert (result.present, result.is_quorate) == (3, True)


def test_it_does_not_count_co_opted_members(meeting, group, make_seat):
    co_opted = make_seat(None, "co_opted", affiliation="Universitetet")
    attend(meeting, group["chair"], group["vice"], co_opted)
    assert quorum(meeting).present == 2


def test_it_follows_the_agreements_quorum_share(meeting, group, agreement):
    attend(meeting, group["chair"], group["vice"])
    change_rules(agreement, quorum_percent=40)
    meeting.agreement = agreement
    assert quorum(meeting).is_quorate is True
