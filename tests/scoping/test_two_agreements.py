"""Two agreements in one database: a guarded read for A shows nothing of B, for every scoped
model, through its manager, its parents' related managers and prefetches."""

import pytest
from django.apps import apps

from agreements.models import Agreement
from common.scoping import ScopedManager, guard, unscoped

pytestmark = pytest.mark.django_db

SCOPED = [m for m in apps.get_models() if isinstance(m._default_manager, ScopedManager)]


def rows_of(model, agreement) -> set[int]:
    """The model's rows that belong to `agreement`, read past the guard."""
    path = model._default_manager.agreement_path
    return set(model._base_manager.filter(**{path: agreement}).values_list("pk", flat=True))


def test_the_second_agreement_has_content_of_every_kind(agreement, other_agreement):
    assert Agreement.objects.current() == agreement  # A stays the oldest, the default
    assert other_agreement.slug == "bjorkvik-test"
    assert other_agreement.level == "municipal"
    assert other_agreement.in_force == other_agreement.content.version
    empty = [m._meta.label for m in SCOPED if not rows_of(m, other_agreement)]
    assert empty == []


def test_a_guarded_read_for_a_shows_none_of_bs_rows(agreement, other_agreement):
    for model in SCOPED:
        theirs, ours = rows_of(model, other_agreement), rows_of(model, agreement)
        with guard(agreement):
            assert not model.objects.filter(pk__in=theirs).exists(), model._meta.label
            assert set(model.objects.values_list("pk", flat=True)) == ours, model._meta.label
        with guard(other_agreement):
            assert set(model.objects.values_list("pk", flat=True)) == theirs, model._meta.label
        with guard(None), unscoped():
            assert set(model.objects.values_list("pk", flat=True)) >= ours | theirs


def _children(model):
    """The reverse relations from `model` to scoped models: `meeting.decisions` and so on."""
    return [
        relation.get_accessor_name()
        for relation in model._meta.related_objects
        if (relation.one_to_many or relation.many_to_many)
        and isinstance(relation.related_model._default_manager, ScopedManager)
    ]


def test_bs_rows_reached_from_a_parent_are_hidden_in_as_guard(agreement, other_agreement):
    """From B's own rows (and B's agreement row), every related manager is empty under A's
    guard, and shows B's children under B's."""
    parents = [(Agreement, [other_agreement.pk])]
    parents += [(model, rows_of(model, other_agreement)) for model in SCOPED]
    checked = 0
    for model, pks in parents:
        accessors = _children(model)
        if not accessors or not pks:
            continue
        for obj in model._base_manager.filter(pk__in=pks):
            with guard(agreement):
                for accessor in accessors:
                    assert not getattr(obj, accessor).exists(), (model, accessor)
                    checked += 1
    assert checked > 20


def test_prefetching_bs_children_under_as_guard_finds_none(agreement, other_agreement):
    accessors = _children(Agreement)
    assert {"seats", "meetings", "decisions", "versions", "followup_rounds"} <= set(accessors)
    with guard(agreement):
        fetched = Agreement.objects.prefetch_related(*accessors).get(pk=other_agreement.pk)
        for accessor in accessors:
            assert list(getattr(fetched, accessor).all()) == [], accessor
    with guard(other_agreement):
        fetched = Agreement.objects.prefetch_related(*accessors).get(pk=other_agreement.pk)
        assert len(fetched.seats.all()) == 3
        assert [d.pk for d in fetched.decisions.all()] == [other_agreement.content.decision.pk]


def test_an_organisations_rows_in_b_are_hidden_in_as_guard(agreement, other_agreement):
    """An organisation is the installation's (party to both, in the end): what it did in B
    (seats, answers, activities, proposals) is not read through it in a request for A."""
    for organisation in other_agreement.content.parties:
        accessors = _children(type(organisation))
        assert {"seats", "followup_responses", "revision_proposals"} <= set(accessors)
        with guard(agreement):
            for accessor in accessors:
                assert not getattr(organisation, accessor).exists(), accessor
        with guard(other_agreement):
            assert organisation.seats.exists()


def test_following_a_key_to_a_parent_is_not_filtered(agreement, other_agreement):
    """Django follows a foreign key, a reverse one-to-one and a generic key through the
    base manager: a row already in hand reaches its parents in any guard (the guard is on
    queries, not on the rows a view already holds), and nothing internal raises."""
    from actionplan.models import Activity
    from steering.models import Decision, PerCapsulamQuestion

    content = other_agreement.content
    decision = Decision._base_manager.get(pk=content.decision.pk)
    question = PerCapsulamQuestion._base_manager.get(pk=content.question.pk)
    activity = Activity._base_manager.get(pk=content.activity.pk)
    with guard(None):
        assert decision.meeting == content.meeting
        assert decision.version == content.version
        assert question.matter == content.motion
        assert activity.annual_plan.plan == content.plan
        assert not hasattr(question, "decision")  # reverse one-to-one, none recorded
