"""Where higher apps plug into the parties app, without `parties` importing them.

- Signals sent inside the transaction of a decision, so that what a receiver records
  (a numbered paragraph, ended seats) commits or rolls back with the decision itself.
  A receiver that raises `parties.services.PartyError` stops the decision with its message.
- Registries a higher app appends to from its `AppConfig.ready()`: extra fields on the
  admin's decision forms, how a decision is cited, and sections on a party's public page.
"""

from collections.abc import Callable, Iterable

from django.dispatch import Signal

# sender: the decided record's model; kwargs: record, outcome ("approved", "rejected",
# "registered"), by (the user), citation (what the decision form's extra fields gave, or
# what the caller passed: a meeting and paragraph, a question put between meetings).
decision_taken = Signal()

# sender: Organisation; kwargs: organisation, on (the date it stops being a party), by.
party_withdrawn = Signal()

# Callables returning {field name: form field} added to the admin's decision forms.
DECISION_FORM_FIELDS: list[Callable[[], dict]] = []

# Callables taking a list of (model label, pk) keys of decided records and returning
# {(model label, pk): "Approved by the steering group 12 March 2027, § 4"}.
DECISION_REFERENCES: list[Callable[[list], dict]] = []

# Callables taking an organisation and returning an HTML fragment (or "") for its page.
ORGANISATION_SECTIONS: list[Callable[[object], str]] = []

# Callables taking the request and the contact's organisation and returning an HTML
# fragment (or "") for the contact person's own page, /min-organisation/.
MINE_SECTIONS: list[Callable[[object, object], str]] = []


def register(registry: list, function: Callable) -> None:
    """Append once, also when `ready()` runs again (tests, autoreload)."""
    if function not in registry:
        registry.append(function)


def key(record) -> tuple[str, int]:
    return (record._meta.label_lower, record.pk)


def decision_references(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    keys = list(dict.fromkeys(keys))
    found: dict[tuple[str, int], str] = {}
    if not keys:
        return found
    for provider in DECISION_REFERENCES:
        found.update(provider(keys))
    return found


def decision_reference(record) -> str:
    """How the decision on `record` is cited, or "" when no meeting or question decided it."""
    if record is None:
        return ""
    return decision_references([key(record)]).get(key(record), "")


# The audit entries that record a decision of the steering group.
DECIDED = {
    "parties.application": {"approved", "rejected"},
    "parties.changerequest": {"approved", "rejected"},
    "parties.withdrawal": {"registered"},
}


def entry_references(entries) -> dict[int, str]:
    """{audit entry pk: the decision's citation} for the entries that record a decision."""
    wanted = {
        entry.pk: (entry.subject_model, entry.object_id)
        for entry in entries
        if entry.new_status in DECIDED.get(entry.subject_model, ())
    }
    found = decision_references(wanted.values())
    return {pk: found[k] for pk, k in wanted.items() if k in found}


def organisation_sections(organisation) -> list[str]:
    return [html for provider in ORGANISATION_SECTIONS if (html := provider(organisation))]


def mine_sections(request, organisation) -> list[str]:
    return [html for provider in MINE_SECTIONS if (html := provider(request, organisation))]
