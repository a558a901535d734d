"""The hook registry: where a lower app asks and the apps above it answer.

Modelled on Wagtail's hooks. A lower app names a hook and calls `get_hooks(name)` where it
needs what higher apps hold; each app registers its answers in its own `hooks.py`, which
`discover()` imports once for every installed app (the audit app's `ready()` calls it; the
first `get_hooks()` would too). Tests add a function for a while with
`register_temporarily`.

    # followup/hooks.py
    from common import hooks

    @hooks.register("status_labels")
    def statuses():
        ...

A function may be registered once per hook; registering it again does nothing, so a module
imported twice (tests, autoreload) adds nothing. Functions run in the order of `order`, then of
registration.

The hooks, one entry each: name, who calls it, what a registered function receives and
returns, and who registers today. Keep this list true when you add one.

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
    name: str | Iterable[tuple[str, Hook]], fn: Hook | None = None, *, order: int = 0
) -> Iterator[None]:
    """Register for the length of a `with` block: one hook and function, or (name, fn) pairs.

    Only what this call added is taken off again, so a function that was registered
    before stays registered.
    """
    pairs = [(name, fn)] if isinstance(name, str) else list(name)
    discover()
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
