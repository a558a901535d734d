"""The hook registry: where a lower app asks and the apps above it answer.

Modelled on Wagtail's hooks. A lower app names a hook and calls `get_hooks(name)` where it
needs what higher apps hold; each app registers its answers in its own `hooks.py`, which
`discover()` imports once for every installed app (the audit app's `ready()` calls it; the
first `get_hooks()` would too). Tests add a function for a while with
`register_temporarily` (with ``alone=True`` the hook holds only what they give, for a test
that pins one app's part).

    # followup/hooks.py
    from common import hooks

    @hooks.register("status_labels")
    def statuses():
        ...

A function may be registered once per hook; registering it again does nothing, so a module
imported twice (tests, autoreload) adds nothing. Functions run in the order of `order`, then of
registration.

The hooks, one entry each: name, who calls it, what a registered function receives and
returns, and who registers today. Keep this list true when you add one (and docs/architecture.md,
which points here).

- ``status_labels`` — called by ``audit.labels`` for every history view (the admin's audit
  trail and the record pages that show it, /min-organisation/'s "History"). Receives nothing;
  returns an iterable of ``audit.labels.Statuses``: for one model, the TextChoices field whose
  codes the audit trail records (its labels are used), codes that are not choices (steps such
  as "created" or "minutes_published") with their words, and optionally a function that reads
  a composite code ("done 60") as words or returns None. What it returns is kept until the
  registrations change, so it must not depend on the request: give words as lazy
  translations (``gettext_lazy``), read in the language of the page. Registered by
  agreements, parties, steering, actionplan and followup, each for its own models; a test
  walks the models so a status field without labels fails.
- ``home_extras`` — called by ``agreements.pages.home_extras`` for the start page. Receives
  the agreement in force (or None); returns a dict added to the page's context (a few
  queries, whatever the size of the register). Registered by parties (the parties per sector
  and the newest parties) and followup (the next conference, the latest annual report).
- ``agreement_party_counts`` — called by ``agreements.pages.party_counts`` for the
  installation's overview at ``/`` and its open data ``/overenskommelser.json``. Receives a
  list of ``agreements.Agreement`` (every agreement hosted); returns ``{agreement id: [{"sector":
  code, "label": the sector's name (lazy translation or str), "count": active parties}, ...]}``,
  one entry per sector in the order to show them, for the agreements it knows (a missing id
  shows no counts). A constant number of queries whatever the number of agreements; called
  inside ``common.scoping.unscoped()``. Registered by parties (active memberships per sector).
- ``decision_taken`` — called by ``parties.services.decisions.tell_decided`` inside the
  transaction of a steering-group decision on an application, a change request or a
  withdrawal. Receives keywords ``record`` (the decided record), ``outcome`` ("approved",
  "rejected", "registered"), ``by`` (the user) and ``citation`` (a dict: what the decision
  form's extra fields gave, e.g. a meeting and paragraph, or ``{"question": ...}`` for a
  decision between meetings; shared by the records decided in one go, so a function may use
  a value up); returns nothing. What it writes commits or rolls back with the decision; raising
  ``parties.services.PartyError`` (or a subclass) stops the decision with its message.
  Registered by steering (the numbered paragraph; closes questions the decision overtook).
- ``party_withdrawn`` — called by ``parties.services.withdrawals.register_withdrawal`` inside
  its transaction, before ``decision_taken``. Receives keywords ``organisation``,
  ``agreement`` (the one it leaves), ``on`` (the date it stops being a party) and ``by``;
  returns nothing; a ``PartyError`` stops the withdrawal. Registered by steering (ends the
  party's seats in that agreement, also those not yet started).
- ``decision_form_fields`` — called by ``parties.forms_admin.CitingForm`` (the admin's
  approve, reject and register forms). Receives nothing; returns ``{field name: form field}``
  added to the form; what they give reaches ``decision_taken`` as ``citation``. Registered by
  steering (the meeting and paragraph that decided).
- ``decision_references`` — called by ``parties.extensions.decision_references`` (the
  receipt page of an application, the party's history in the admin and on /min-organisation/).
  Receives a list of ``(model label, pk)`` keys of decided records; returns
  ``{(model label, pk): "Approved by the steering group 12 March 2027, § 4"}`` for those it
  knows, in one query. Registered by steering.
- ``organisation_sections`` — called by ``parties.extensions.organisation_sections`` for a
  party's public page in the register. Receives the organisation; returns an HTML fragment
  (safe, already escaped) or "". Registered by steering (its representatives) and actionplan
  (the activities it takes part in), in that order.
- ``mine_sections`` — called by ``parties.extensions.mine_sections`` for the contact person's
  page, /min-organisation/. Receives the request and the contact's organisation; returns an
  HTML fragment or "". Registered by actionplan (activities to report on) and followup (the
  round to answer, the conference), in that order.
- ``personal_data`` — called by ``parties.personal_data.collect`` for a person's download of
  what we hold about them. Receives the user; returns ``{section name: JSON-serialisable
  data}`` with only what belongs to that user. Registered by steering (seats, answers to
  questions between meetings) and followup (responses, proposals).
- ``address_in_use`` — called by ``parties.retention`` before it replaces the recipient of
  sent emails with a placeholder. Receives an email address (lower case); returns True while
  the app still holds it (so the emails keep their recipient). Nobody registers today.
- ``contact_person_saved`` — called by ``parties.receivers`` after every save of a
  ``ContactPerson`` (Django's ``post_save``, inside the saving transaction if any). Receives
  keywords ``contact`` and ``created``; returns nothing; queue work to run after the commit.
  Registered by followup (invites a party's new current contact to the open rounds).
- ``decided_statuses`` — called by ``parties.extensions.decided_statuses`` for a history
  (the admin's and /min-organisation/'s): which audit entries record a decision of the
  steering group, to cite it beside them. Receives nothing; returns ``{model label:
  {status, ...}}``. Registered by steering (from its matters registry).
- ``version_adopted`` — called by ``steering.adoption.adopt_version`` inside the transaction
  that records the steering group's decision to adopt a new version of the agreement, after
  the version is adopted. Receives the keyword arguments ``version`` (the adopted
  ``agreements.Version``), ``decision`` (the ``steering.Decision``) and ``by`` (the user who
  recorded it); returns nothing. An exception undoes the adoption. Registered by parties
  (the renewal of parties when ``version.renewal_required``).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import overload

from django.utils.module_loading import autodiscover_modules

Hook = Callable[..., object]

# name -> [(order, function)], in registration order.
_registry: dict[str, list[tuple[int, Hook]]] = {}
_discovered = False
# Changes whenever a registration does, so a caller may keep what it built from the hooks.
_generation = 0


@overload
def register(name: str, fn: None = None, *, order: int = 0) -> Callable[[Hook], Hook]: ...
@overload
def register(name: str, fn: Hook, *, order: int = 0) -> Hook: ...
def register(name: str, fn: Hook | None = None, *, order: int = 0):
    """Register `fn` for the hook `name`; without `fn`, a decorator that does so."""
    global _generation
    if fn is None:

        def decorator(function: Hook) -> Hook:
            register(name, function, order=order)
            return function

        return decorator
    entries = _registry.setdefault(name, [])
    if all(function is not fn for _, function in entries):
        entries.append((order, fn))
        _generation += 1
    return fn


def unregister(name: str, fn: Hook) -> None:
    """Take `fn` off the hook `name` (it need not be there)."""
    global _generation
    _generation += 1
    _registry[name] = [
        (order, function) for order, function in _registry.get(name, []) if function is not fn
    ]


def get_hooks(name: str) -> list[Hook]:
    """The functions registered for `name`, by `order`, then in the order they came."""
    discover()
    return [function for _, function in sorted(_registry.get(name, []), key=lambda entry: entry[0])]


def generation() -> int:
    """A number that changes whenever a function is registered or taken off a hook.

    What a caller builds from `get_hooks()` stays valid while it is unchanged.
    """
    discover()
    return _generation


def discover() -> None:
    """Import every installed app's `hooks` module, once (their registrations run then)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("hooks")
        _discovered = True


@contextmanager
def register_temporarily(
    name: str | Iterable[tuple[str, Hook]],
    fn: Hook | None = None,
    *,
    order: int = 0,
    alone: bool = False,
) -> Iterator[None]:
    """Register for the length of a `with` block: one hook and function, or (name, fn) pairs.

    Only what this call added is taken off again, so a function that was registered
    before stays registered. With `alone`, the hooks named hold only the functions given
    for the block; what was registered before comes back after it.
    """
    global _generation
    pairs = [(name, fn)] if isinstance(name, str) else list(name)
    discover()
    if alone:
        saved = {hook: _registry.pop(hook, []) for hook, _function in pairs}
        _generation += 1
        try:
            for hook, function in pairs:
                if function is None:
                    raise TypeError("register_temporarily needs a function for each hook")
                register(hook, function, order=order)
            yield
        finally:
            _registry.update(saved)
            _generation += 1
        return
    added = []
    for hook, function in pairs:
        if function is None:
            raise TypeError("register_temporarily needs a function for each hook")
        if all(existing is not function for _, existing in _registry.get(hook, [])):
            register(hook, function, order=order)
            added.append((hook, function))
    try:
        yield
    finally:
        for hook, function in added:
            unregister(hook, function)
