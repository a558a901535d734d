"""A kind of matter the steering group decides, and the registry of them.

Each kind is one class: what it decides on (a model of the steering app or of an app
below it), how it reads in the lists, the emails and the minutes, when a record of it is
waiting, which outcomes it has (`steering.models.Outcome`) and what each does. Everything
that lists, puts, labels or carries out a matter asks the registry here rather than asking
which model it has in hand.

    @register
    class VersionMatter(Matter):
        model = Version
        ...

Registered in the module that defines it; a module named `matters` in any app is found at
start (`autodiscover_modules`). Tests add one for a while with `register_temporarily`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from common.admin_pages import record_admin_path
from steering.decisions import record_decision
from steering.models import Decision
from steering.models.decision import OUTCOMES, Outcome


class Matter:
    """One kind of matter the steering group decides. Subclass it, fill it in, `@register`."""

    model: type[models.Model]  # what it decides on
    label: str | Promise  # the kind in the lists: "Application to join"
    since: str  # the model's field saying since when a record waits
    waiting_filter: str = ""  # the admin list's query string showing the waiting ones
    outcomes: tuple[Outcome, ...] = ()
    # On the form that puts waiting matters to the members: the choice between the
    # outcomes when there are several (its field `proposal_field`, "<name>_proposal" by
    # default), or a note saying what the only outcome proposes.
    choice_label: str | Promise = ""
    proposal_field: str = ""
    single_note: str | Promise = ""
    order: int = 100  # where it comes in the lists and forms

    @property
    def name(self) -> str:
        """The model's name, as the keys of waiting matters ("application:12") use it."""
        return self.model._meta.model_name

    @property
    def field_name(self) -> str:
        return self.proposal_field or f"{self.name}_proposal"

    def outcome(self, verb: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.verb == verb), None)

    def outcome_of_kind(self, kind: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.kind == kind), None)

    def outcome_of_result(self, result: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.result == result), None)

    # -- waiting

    def waiting(self) -> models.QuerySet:
        """The records waiting for a decision, oldest first (by `since`, then pk)."""
        raise NotImplementedError

    def is_waiting(self, record) -> bool:
        return self.waiting().filter(pk=record.pk).exists()

    @property
    def changelist_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + (
            self.waiting_filter
        )

    def admin_url(self, record) -> str:
        return record_admin_path(record)

    # -- how it reads

    def name_of(self, record) -> str:
        """The record in the lists: the organisation's name, the question's title."""
        return str(record)

    def decision_text(self, record, outcome: Outcome) -> str:
        """The paragraph's text for deciding `record` as `outcome`, for the minutes."""
        return str(record)

    def describe(self, record, brief) -> None:
        """Fill in `brief` (`steering.briefing.Brief`): what a voting member needs to know."""

    # -- deciding

    def carry_out(self, record, outcome: Outcome, *, citation: dict, by, reason: str) -> None:
        """Decide `record` as `outcome`, in the caller's transaction.

        `citation` is {"question": PerCapsulamQuestion} between meetings, or {"meeting":
        Meeting, "paragraph": int | None} at a meeting. By default the paragraph is recorded
        here and `apply` makes the decision take effect. A kind whose owning service records
        the paragraph itself (the parties app's, through its decision signal) calls that
        service here instead.
        """
        question = citation.get("question")
        decision = record_decision(
            kind=outcome.kind,
            text=question.proposal if question else self.decision_text(record, outcome),
            meeting=citation.get("meeting"),
            number=citation.get("paragraph"),
            question=question,
            matter=record,
            by=by,
        )
        self.apply(record, outcome, decision=decision, by=by, reason=reason)

    def apply(self, record, outcome: Outcome, *, decision: Decision, by, reason: str) -> None:
        """What the decision does, by calling the owning app's service; nothing by default."""


# The registered kinds by the model they decide on.
_registry: dict[type, Matter] = {}
_discovered = False


def register(cls: type[Matter]) -> type[Matter]:
    """Register a kind of matter (a class decorator); once per model."""
    registered = _registry.get(cls.model)
    if registered is not None and type(registered) is not cls:
        raise ImproperlyConfigured(
            f"{cls.__name__}: {cls.model._meta.label} is already decided as "
            f"{type(registered).__name__}."
        )
    _registry[cls.model] = cls()
    for outcome in cls.outcomes:
        OUTCOMES.setdefault(outcome.kind, outcome)
    return cls


@contextmanager
def register_temporarily(cls: type[Matter]) -> Iterator[Matter]:
    """Register `cls` for the duration of a `with` block (tests)."""
    _discover()
    registry, outcomes = dict(_registry), dict(OUTCOMES)
    register(cls)
    try:
        yield _registry[cls.model]
    finally:
        _registry.clear()
        _registry.update(registry)
        OUTCOMES.clear()
        OUTCOMES.update(outcomes)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("matters")
        _discovered = True


def matter_types() -> list[Matter]:
    """Every registered kind of matter, in the order the lists show them."""
    _discover()
    return sorted(_registry.values(), key=lambda matter: matter.order)


def for_model(model) -> Matter | None:
    _discover()
    return _registry.get(model._meta.concrete_model) if model is not None else None


def for_record(record) -> Matter | None:
    """The kind of matter `record` is, or None when the steering group does not decide it."""
    return None if record is None else for_model(type(record))


def decision_text(record, outcome: Outcome | None) -> str:
    matter = for_record(record)
    if matter is None or outcome is None:
        return str(record)
    return matter.decision_text(record, outcome)


def decided_statuses() -> dict[str, set[str]]:
    """{model label: the statuses its owning service records for a decision}, e.g.
    {"parties.application": {"approved", "rejected"}}: which audit entries a decision made."""
    return {
        matter.model._meta.label_lower: {o.result for o in matter.outcomes if o.result}
        for matter in matter_types()
        if any(o.result for o in matter.outcomes)
    }
