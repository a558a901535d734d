"""The request guard (common/scoping.py): what a scoped manager shows inside and outside it."""

import datetime

import pytest
from django.db.models import Prefetch

from agreements.models import Agreement, Goal, Version
from common import scoping
from common.scoping import ScopeError, guard, scope, unscoped
from steering.models import Seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(agreement, other_agreement):
    """Agreement A (the demo's) with two seats, and B (the test world's) with two more and a
    goal in its version."""
    b = other_agreement
    b.in_force.goals.create(title="Björkviks mål")
    for owner in (agreement, b):
        for name in ("Ett", "Två"):
            Seat.objects.create(
                agreement=owner,
                person_name=f"{name} {owner.slug}",
                role="co_opted",
                mandate_start=datetime.date(2026, 1, 1),
            )
    return agreement, b


def seats(queryset) -> set[int]:
    return set(queryset.values_list("agreement_id", flat=True))


def test_outside_a_request_nothing_is_filtered(two):
    a, b = two
    assert not scoping.is_guarded()
    assert scoping.current_agreement_ids() == scoping.ALL
    assert seats(Seat.objects.all()) == {a.pk, b.pk}
    assert set(Version.objects.values_list("agreement_id", flat=True)) == {a.pk, b.pk}


def test_inside_the_guard_a_scoped_model_shows_only_its_agreements_rows(two):
    a, b = two
    with guard(a):
        assert scoping.is_guarded()
        assert seats(Seat.objects.all()) == {a.pk}
        assert Seat.objects.count() == 2
        assert not Seat.objects.filter(agreement=b).exists()
        # A row of another agreement is not found by its id either.
        with pytest.raises(Seat.DoesNotExist):
            Seat.objects.get(pk=Seat._base_manager.filter(agreement=b).first().pk)
        # A child row is filtered through its path (Goal: version__agreement).
        assert set(Goal.objects.values_list("version__agreement", flat=True)) == {a.pk}
        # The custom QuerySet's methods are kept.
        assert seats(Seat.objects.current().ordinary()) <= {a.pk}
    with guard([a.pk, b.pk]):
        assert seats(Seat.objects.all()) == {a.pk, b.pk}
    with guard(scoping.ALL):
        assert seats(Seat.objects.all()) == {a.pk, b.pk}
    assert not scoping.is_guarded()


def test_related_managers_and_prefetches_are_filtered_too(two):
    a, b = two
    with guard(a):
        # Agreement itself is not scoped: B can be read, its seats cannot.
        other = Agreement.objects.get(pk=b.pk)
        assert list(other.seats.all()) == []
        assert a.seats.count() == 2
        assert other.in_force is None  # its versions are B's
        assert not Goal.objects.filter(version__agreement=b).exists()
        fetched = {x.pk: x for x in Agreement.objects.prefetch_related("seats", "versions")}
        assert len(fetched[a.pk].seats.all()) == 2
        assert list(fetched[b.pk].seats.all()) == []
        assert list(fetched[b.pk].versions.all()) == []
        fetched = Agreement.objects.prefetch_related(
            Prefetch("seats", queryset=Seat.objects.order_by("pk"), to_attr="seat_list")
        ).get(pk=b.pk)
        assert fetched.seat_list == []


def test_a_scoped_query_in_a_request_without_an_agreement_is_an_error(two):
    a, _b = two
    with guard(None):
        with pytest.raises(ScopeError, match="steering.Seat"):
            Seat.objects.all()
        with pytest.raises(ScopeError):
            a.seats.all()
        with pytest.raises(ScopeError):
            list(Agreement.objects.prefetch_related("seats"))
        # Models that do not belong to an agreement are read as always.
        assert Agreement.objects.count() == 2


def test_unscoped_reads_every_agreement_inside_the_guard(two):
    a, b = two
    with guard(None):
        with unscoped():
            assert seats(Seat.objects.all()) == {a.pk, b.pk}
        with pytest.raises(ScopeError):
            Seat.objects.count()
    with guard(a), unscoped():
        assert seats(Seat.objects.all()) == {a.pk, b.pk}


def test_a_nested_scope_is_restored_when_it_ends(two):
    a, b = two
    with guard(a):
        with scope(b):
            assert seats(Seat.objects.all()) == {b.pk}
            with unscoped():
                assert seats(Seat.objects.all()) == {a.pk, b.pk}
                with scope(a):
                    assert seats(Seat.objects.all()) == {a.pk}
                assert seats(Seat.objects.all()) == {a.pk, b.pk}
            assert seats(Seat.objects.all()) == {b.pk}
        assert seats(Seat.objects.all()) == {a.pk}
        with guard(None):  # a guard inside a guard (e.g. a nested test request)
            with pytest.raises(ScopeError):
                Seat.objects.all()
        assert seats(Seat.objects.all()) == {a.pk}
    assert seats(Seat.objects.all()) == {a.pk, b.pk}
    assert not scoping.is_guarded()


def test_the_scope_is_restored_when_the_block_raises(two):
    a, b = two
    with pytest.raises(RuntimeError), guard(a):
        raise RuntimeError
    assert not scoping.is_guarded()
    assert seats(Seat.objects.all()) == {a.pk, b.pk}


def test_scope_outside_a_request_filters_without_guarding(two):
    """Outside a request `scope()` changes nothing: tasks filter by agreement themselves."""
    a, b = two
    with scope(b):
        assert not scoping.is_guarded()
        assert seats(Seat.objects.all()) == {a.pk, b.pk}


def test_lists_of_agreements_read_each_agreements_own_versions_in_any_guard(two):
    """The overview's querysets (`in_force`, `with_published_version`) are about agreement
    rows: they say the same inside any guard, and need no agreement."""
    a, b = two
    for target in (None, a, b, scoping.ALL):
        with guard(target):
            assert set(Agreement.objects.in_force()) == {a, b}
            assert set(Agreement.objects.with_published_version()) == {a, b}
            assert Agreement.objects.current() == a


@pytest.mark.parametrize("label", ["agreements.Goal", "followup.Response", "actionplan.Activity"])
def test_a_childs_scope_is_a_subquery_so_locking_a_row_does_not_lock_its_parents(label):
    """`select_for_update()` locks every row of a join: the guard adds none."""
    from django.apps import apps

    model = apps.get_model(label)
    plain = str(model.objects.select_for_update().filter(pk=1).query)
    with guard([1, 2]):
        scoped = str(model.objects.select_for_update().filter(pk=1).query)
    assert scoped.count("JOIN") == plain.count("JOIN")
    assert " IN (SELECT " in scoped
