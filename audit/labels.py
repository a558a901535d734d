"""Statuses in words: what every history view shows instead of the audit trail's codes.

The audit trail stores codes (`open`, `to_meeting`, `done 60`); the app that owns a model
knows what they mean. Each app registers `Statuses` for its models on the `status_labels`
hook (see `common.hooks`), and every history view reads a change through `describe()` or
`Labels.change()`: "Open for answers → Referred to the next meeting", in the current
language.
"""

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from common import hooks

HOOK = "status_labels"
_collected: "tuple[int, Labels] | None" = None


@dataclass(frozen=True)
class Statuses:
    """How the codes the audit trail records for one model read.

    `field` names the model's TextChoices field whose codes the trail records; its choice
    labels are used. `steps` gives words for codes that are not choices (a record created,
    minutes published). `compose` reads a code made of parts ("done 60") and returns None
    for a code it does not know.
    """

    model: type[models.Model]
    field: str = ""
    steps: Mapping[str, object] = dataclasses.field(default_factory=dict)
    compose: Callable[[str], str | None] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def words(self) -> dict[str, object]:
        choices = dict(self.model._meta.get_field(self.field).flatchoices) if self.field else {}
        return {**choices, **self.steps}


class Labels:
    """The words for every registered model's codes, read in the current language."""

    def __init__(self, statuses: Iterable[Statuses]):
        self._words: dict[str, dict[str, object]] = {}
        self._compose: dict[str, list[Callable[[str], str | None]]] = {}
        for entry in statuses:
            self._words.setdefault(entry.label, {}).update(entry.words())
            if entry.compose is not None:
                self._compose.setdefault(entry.label, []).append(entry.compose)

    @classmethod
    def collect(cls) -> "Labels":
        """The registered statuses, built once while the registrations stay the same.

        The words are lazy translations, so what is kept reads in the current language.
        """
        global _collected
        generation = hooks.generation()
        if _collected is None or _collected[0] != generation:
            labels = cls(statuses for hook in hooks.get_hooks(HOOK) for statuses in hook())
            _collected = (generation, labels)
        return _collected[1]

    def find(self, model: str, code: str) -> str | None:
        """The words for `code` of `model` (`app_label.model`), or None when none are known."""
        words = self._words.get(model, {})
        if code in words:
            return str(words[code])
        for compose in self._compose.get(model, []):
            if (composed := compose(code)) is not None:
                return composed
        return None

    def label(self, model: str, code: str) -> str:
        """The words for `code`, else the code itself (better shown raw than hidden)."""
        if not code:
            return ""
        found = self.find(model, code)
        return found if found is not None else code

    def change(self, entry) -> str:
        """An audit entry's change in words: "Old → New", or only "New" when it began there."""
        model = entry.subject_model
        new = self.label(model, entry.new_status)
        if not entry.old_status or entry.old_status == entry.new_status:
            return new
        return _("%(old)s → %(new)s") % {"old": self.label(model, entry.old_status), "new": new}


def status_label(model: str, code: str) -> str:
    """`code` of `model` (`app_label.model`) in words; for one value, not for a list."""
    return Labels.collect().label(model, code)


def describe(entry) -> str:
    """One audit entry's change in words; a list of entries collects `Labels` once."""
    return Labels.collect().change(entry)
