"""Where higher apps plug into the parties app, without `parties` importing them.

The hooks themselves, with their contracts, are listed in `common.hooks`: ``decision_taken``
and ``party_withdrawn`` (called inside the transaction of a decision, so that what a
higher app records, a numbered paragraph or ended seats, commits or rolls back with it; a
function that raises `parties.services.PartyError` stops the decision with its message),
``decision_form_fields``, ``decision_references``, ``organisation_sections`` and
``mine_sections``. This module holds what the parties app builds from them.
"""

from collections.abc import Iterable

from common import hooks


def key(record) -> tuple[str, int]:
    return (record._meta.label_lower, record.pk)


def decision_form_fields() -> dict:
    """{field name: form field} that higher apps add to the admin's decision forms."""
    fields: dict = {}
    for provider in hooks.get_hooks("decision_form_fields"):
        fields.update(provider())
    return fields


def decision_taken(record, outcome: str, *, by, citation) -> None:
    """Tell higher apps of a decision, inside its transaction (they may refuse it)."""
    for function in hooks.get_hooks("decision_taken"):
        function(record=record, outcome=outcome, by=by, citation=citation)


def party_withdrawn(organisation, *, on, by, agreement=None) -> None:
    """Tell higher apps a party has left `agreement`, inside the withdrawal's transaction."""
    for function in hooks.get_hooks("party_withdrawn"):
        function(organisation=organisation, on=on, by=by, agreement=agreement)


def decision_references(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    keys = list(dict.fromkeys(keys))
    found: dict[tuple[str, int], str] = {}
    if not keys:
        return found
    for provider in hooks.get_hooks("decision_references"):
        found.update(provider(keys))
    return found


def decision_reference(record) -> str:
    """How the decision on `record` is cited, or "" when no meeting or question decided it."""
    if record is None:
        return ""
    return decision_references([key(record)]).get(key(record), "")


def decided_statuses() -> dict[str, set[str]]:
    """{model label: the statuses its owning service records for a decision}: which audit
    entries of a history record a decision of the steering group (the `decided_statuses`
    hook; the steering group's matters know them)."""
    decided: dict[str, set[str]] = {}
    for provider in hooks.get_hooks("decided_statuses"):
        for label, statuses in provider().items():
            decided.setdefault(label, set()).update(statuses)
    return decided


def entry_references(entries) -> dict[int, str]:
    """{audit entry pk: the decision's citation} for the entries that record a decision."""
    decided = decided_statuses()
    wanted = {
        entry.pk: (entry.subject_model, entry.object_id)
        for entry in entries
        if entry.new_status in decided.get(entry.subject_model, ())
    }
    found = decision_references(wanted.values())
    return {pk: found[k] for pk, k in wanted.items() if k in found}


def organisation_sections(organisation) -> list[str]:
    return [
        html
        for provider in hooks.get_hooks("organisation_sections")
        if (html := provider(organisation))
    ]


def mine_sections(request, organisation) -> list[str]:
    return [
        html
        for provider in hooks.get_hooks("mine_sections")
        if (html := provider(request, organisation))
    ]
