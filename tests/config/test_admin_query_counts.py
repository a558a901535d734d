"""Every list in the admin costs the same number of queries, however many rows it shows.

The world is the demo (`seed_demo`, with its logins), loaded once for the module. For each
registered model the test opens its list as a superuser, then multiplies that model's rows
by ten (copies with their unique values changed; a model the demo leaves empty gets rows of
its own first) and opens the list again: the count of SQL queries must not change, and
stays under a fixed cap.
"""

import copy as copy_module
import datetime
import functools
import itertools
import re
from collections import Counter

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import _make_user

# The most queries any list may cost (session, user, counts, rows, filters): 5 to 9 today.
MAX_QUERIES = 12
TIMES = 10

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def superuser_client(client, demo_world):
    client.force_login(_make_user("superadmin@region.test", superuser=True))
    client.get(reverse("admin:index"))  # the second factor is noted in the session once
    return client


def _list_queries(client, model) -> tuple[list[str], int]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in queries], response.context["cl"].result_count


def _repeated(statements: list[str]) -> str:
    """The statement run most often (with its parameters left out): the likely N+1."""
    shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", sql) for sql in statements)
    shape, times = shapes.most_common(1)[0]
    return f"{times} × {shape[-400:]}"


# ---- ten times the rows -------------------------------------------------------------------

_serials = itertools.count(1)


def _unique_groups(model) -> list[tuple[str, ...]]:
    opts = model._meta
    groups = [
        (field.name,) for field in opts.concrete_fields if field.unique and not field.primary_key
    ]
    groups += [tuple(names) for names in opts.unique_together]
    groups += [
        tuple(constraint.fields)
        for constraint in opts.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    return groups


def _changed(field, value, n: int):
    """A value of `field` that no other row has: `value` made different by the serial `n`."""
    if value is None:
        return None
    if isinstance(field, models.BooleanField):
        return False  # out of a constraint's condition ("one primary address per user")
    if isinstance(field, models.EmailField):
        return f"x{n}.{value}"[: field.max_length]
    if isinstance(field, models.CharField | models.TextField):
        suffix = f"-x{n}"
        limit = field.max_length or len(value) + len(suffix)
        return value[: limit - len(suffix)] + suffix
    if isinstance(field, models.DateTimeField):
        return value + datetime.timedelta(seconds=n)
    if isinstance(field, models.DateField):
        return value + datetime.timedelta(days=n)
    if isinstance(field, models.IntegerField | models.DecimalField):
        return _top(field) + n  # above every row's (small integer fields stay small)
    if isinstance(field, models.UUIDField):
        import uuid

        return uuid.uuid4()
    return value


@functools.cache
def _top(field):
    return field.model._default_manager.aggregate(top=models.Max(field.name))["top"] or 0


def _mutable(model, names: tuple[str, ...]):
    """The field of a unique group that a copy can change (not a relation, if any other)."""
    fields = [model._meta.get_field(name) for name in names]
    # A boolean last: it only helps where the constraint has a condition on it.
    for field in sorted(fields, key=lambda f: (isinstance(f, models.BooleanField), f.is_relation)):
        if not field.is_relation:
            return field
    return None


def _copy(instance, n: int):
    model = type(instance)
    copy = copy_module.copy(instance)
    copy.pk = None
    copy._state.adding = True
    for group in _unique_groups(model):
        field = _mutable(model, group)
        if field is not None:
            setattr(copy, field.attname, _changed(field, getattr(copy, field.attname), n))
            continue
        # Only relations: leave an optional one empty, else point at a copy of its row.
        field = model._meta.get_field(group[-1])
        if field.null:
            setattr(copy, field.attname, None)
        else:
            target = _copy(getattr(instance, field.name), n)
            target.save_base(raw=True)
            setattr(copy, field.attname, target.pk)
    return copy


def _change_requests() -> None:
    from parties.models import ChangeRequest, Organisation

    by = _make_user("byter.namn@forening.test")
    for organisation in Organisation.objects.filter(memberships__status="active").distinct()[:5]:
        ChangeRequest.objects.create(
            organisation=organisation,
            agreement=organisation.memberships.first().agreement,
            current_name=organisation.name,
            current_org_number=organisation.org_number,
            new_name=f"{organisation.name} (nytt namn)",
            new_org_number=organisation.org_number,
            requested_by=by,
        )


def _contact_invitations() -> None:
    from parties.models import ContactInvitation, Organisation

    by = _make_user("lamnar.over@forening.test")
    for n, organisation in enumerate(
        Organisation.objects.filter(memberships__status="active").distinct()[:5]
    ):
        ContactInvitation.objects.create(
            organisation=organisation, email=f"ny{n}@forening.test", invited_by=by
        )


def _renewal_requests() -> None:
    from agreements.models import Agreement
    from parties.services import renewal

    renewal.ask_for_renewal(Agreement.objects.current().in_force)


# Lists the demo leaves empty get a few rows first.
EMPTY_IN_DEMO = {
    "parties.RenewalRequest": _renewal_requests,
    "parties.ChangeRequest": _change_requests,
    "parties.ContactInvitation": _contact_invitations,
}


def multiply(model, times: int = TIMES) -> int:
    """Make `model`'s rows `times` as many; returns the number of rows now."""
    originals = list(model._default_manager.all())
    assert originals, f"the demo has no {model._meta.label}: give it rows in EMPTY_IN_DEMO"
    copies = [_copy(instance, next(_serials)) for instance in originals for _ in range(times - 1)]
    with transaction.atomic():
        model._default_manager.bulk_create(copies, batch_size=500)  # no model logic
    return model._default_manager.count()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_it_lists_every_model_in_the_same_number_of_queries(superuser_client, model):
    if model._meta.label in EMPTY_IN_DEMO:
        EMPTY_IN_DEMO[model._meta.label]()
    before, shown_before = _list_queries(superuser_client, model)
    try:
        multiply(model)
    except IntegrityError as error:  # pragma: no cover - says which model needs help
        pytest.fail(f"cannot copy {model._meta.label}: {error}")
    after, shown_after = _list_queries(superuser_client, model)
    assert shown_after >= TIMES * shown_before > 0
    assert len(after) == len(before), (
        f"{model._meta.label}: {len(before)} queries for {shown_before} rows, "
        f"{len(after)} for {shown_after}; most often: {_repeated(after)}"
    )
    assert len(after) <= MAX_QUERIES, _repeated(after)
