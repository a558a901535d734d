"""Fail closed: in request code, a query for an agreement's records needs an agreement.

Modelled on pretix's django-scopes, but enforced only where a request is being served: the
middleware opens a *guard* around every request with the agreements the request may see (the
one in its address, or a staff member's active agreement in the admin). Inside the guard a
model that belongs to an agreement is filtered to those agreements by its manager, and a query
made while the guard holds no agreement raises `ScopeError` instead of reading every agreement.

Outside requests (tasks, commands, migrations, the shell, the tests' own set-up) nothing is
filtered: periodic jobs walk the agreements themselves, one at a time.

A model opts in with `objects = scoped_manager(TheQuerySet, "agreement")`, giving the path
from the model to its agreement (`"round__agreement"` for a child row). Code in a request that
really reads across agreements (the overview at `/`, the installation's open data, an
organisation's page listing all its agreements) says so with `unscoped()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models


class ScopeError(Exception):
    """A query for an agreement's records was made in a request that names no agreement."""


ALL = "all"


@dataclass(frozen=True)
class _State:
    guarded: bool = False
    # None: no agreement (queries raise); ALL: every agreement; else a frozenset of ids.
    agreements: frozenset[int] | str | None = None


_state: ContextVar[_State] = ContextVar("agreement_scope", default=_State())  # noqa: B039 (frozen)


@contextmanager
def guard(agreements=None):
    """Serve a request: scoped queries see only `agreements` (ids or Agreement rows, one or
    many; `ALL` for every agreement, `None` for none: then a scoped query raises)."""
    token = _state.set(_State(guarded=True, agreements=_normalise(agreements)))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def scope(agreements):
    """Narrow (or, inside `unscoped()`, set) the agreements of the current guard."""
    current = _state.get()
    token = _state.set(_State(guarded=current.guarded, agreements=_normalise(agreements)))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def unscoped():
    """An explicit read across every agreement inside a request."""
    current = _state.get()
    token = _state.set(_State(guarded=current.guarded, agreements=ALL))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def outside_request():
    """Run as outside any request: a task run eagerly inside the request that queued it (the
    embedded default, the tests) must not inherit that request's guard."""
    token = _state.set(_State())
    try:
        yield
    finally:
        _state.reset(token)


def unscoped_view(view):
    """A view that reads across agreements on purpose (an organisation's own pages, which
    show every agreement it is party to; each such view filters by the signed-in person's
    organisation itself)."""
    from functools import wraps

    @wraps(view)
    def wrapper(*args, **kwargs):
        with unscoped():
            return view(*args, **kwargs)

    return wrapper


def is_guarded() -> bool:
    return _state.get().guarded


def current_agreement_ids() -> frozenset[int] | str | None:
    """What the guard allows now: a frozenset of ids, `ALL`, or None (nothing)."""
    state = _state.get()
    return state.agreements if state.guarded else ALL


def _normalise(agreements):
    if agreements is None or agreements == ALL:
        return agreements
    if isinstance(agreements, (int, models.Model)):
        agreements = [agreements]
    return frozenset(a.pk if isinstance(a, models.Model) else int(a) for a in agreements)


class ScopedManager(models.Manager):
    """A manager that filters to the guard's agreements; see the module's docstring.

    Made by `scoped_manager()`, which fixes the path as a class attribute so related
    managers (built by Django as subclasses of the default manager) keep it.
    """

    agreement_path = "agreement"

    def get_queryset(self):
        queryset = super().get_queryset()
        state = _state.get()
        if not state.guarded or state.agreements == ALL:
            return queryset
        if state.agreements is None:
            raise ScopeError(
                f"{self.model._meta.label} was queried in a request that names no agreement; "
                "use the request's agreement, or unscoped() for a read across agreements."
            )
        return queryset.filter(self.scope_filter(self.model, self.agreement_path, state.agreements))

    @staticmethod
    def scope_filter(model, path: str, ids: frozenset[int]) -> models.Q:
        """`path` in `ids`. A longer path ("round__agreement") is a subquery on the parent
        ("round_id IN (SELECT id FROM round WHERE agreement_id = …)"), not a join: a
        `select_for_update()` then locks the row asked for, not its parents as well."""
        first, _, rest = path.partition("__")
        if rest:
            parent = model._meta.get_field(first).related_model
            inner = ScopedManager.scope_filter(parent, rest, ids)
            return models.Q(**{f"{first}__in": parent._base_manager.filter(inner).values("pk")})
        if len(ids) == 1:
            return models.Q(**{path: next(iter(ids))})
        return models.Q(**{f"{path}__in": ids})


def scoped_manager(queryset_class=models.QuerySet, path: str = "agreement") -> ScopedManager:
    """`objects = scoped_manager(SeatQuerySet)` or `scoped_manager(QS, "round__agreement")`."""
    base = ScopedManager.from_queryset(queryset_class)
    name = f"Scoped{queryset_class.__name__}Manager"
    return type(name, (base,), {"agreement_path": path, "__module__": __name__})()
