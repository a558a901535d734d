"""The hook registry: register, get in order, discover every app's hooks.py, undo in tests."""

import sys

import pytest

from common import hooks

NAME = "test_hook_for_the_registry"


def one() -> str:
    return "one"


def two() -> str:
    return "two"


@pytest.fixture(autouse=True)
def _clean():
    yield
    hooks.unregister(NAME, one)
    hooks.unregister(NAME, two)


def test_it_returns_nothing_for_a_hook_nobody_registered_for():
    assert hooks.get_hooks("a_hook_nobody_registered_for") == []


def test_it_registers_by_decorator_and_by_call():
    decorated = hooks.register(NAME)(one)
    hooks.register(NAME, two)
    assert decorated is one
    assert [fn() for fn in hooks.get_hooks(NAME)] == ["one", "two"]


def test_it_registers_a_function_once():
    hooks.register(NAME, one)
    hooks.register(NAME, one)
    assert hooks.get_hooks(NAME) == [one]


def test_it_orders_by_order_then_by_registration():
    hooks.register(NAME, one, order=10)
    hooks.register(NAME, two, order=-1)
    assert hooks.get_hooks(NAME) == [two, one]


def test_it_registers_temporarily_and_takes_it_off_again():
    with hooks.register_temporarily(NAME, one):
        assert hooks.get_hooks(NAME) == [one]
    assert hooks.get_hooks(NAME) == []


def test_it_registers_pairs_temporarily_and_takes_them_off_when_the_block_fails():
    with pytest.raises(RuntimeError), hooks.register_temporarily([(NAME, one), (NAME, two)]):
        assert hooks.get_hooks(NAME) == [one, two]
        raise RuntimeError
    assert hooks.get_hooks(NAME) == []


def test_it_keeps_what_was_registered_before_a_temporary_registration():
    hooks.register(NAME, one)
    with hooks.register_temporarily(NAME, one):
        pass
    assert hooks.get_hooks(NAME) == [one]


def test_it_has_imported_every_apps_hooks_module_at_start():
    for app in ("agreements", "parties", "steering", "actionplan", "followup"):
        assert f"{app}.hooks" in sys.modules, app
    owners = {fn.__module__ for fn in hooks.get_hooks("status_labels")}
    assert {"parties.hooks", "steering.hooks", "actionplan.hooks", "followup.hooks"} <= owners


def test_it_changes_its_generation_when_a_registration_changes():
    before = hooks.generation()
    with hooks.register_temporarily(NAME, one):
        during = hooks.generation()
    assert len({before, during, hooks.generation()}) == 3
    hooks.register(NAME, two)
    again = hooks.generation()
    hooks.register(NAME, two)
    assert hooks.generation() == again


def test_it_holds_only_the_given_functions_while_alone_and_restores_the_rest():
    hooks.register(NAME, one)
    with hooks.register_temporarily(NAME, two, alone=True):
        assert hooks.get_hooks(NAME) == [two]
    assert hooks.get_hooks(NAME) == [one]


HOOKS_OF_THE_APPS = {
    "status_labels",
    "home_extras",
    "agreement_party_counts",
    "decision_taken",
    "party_withdrawn",
    "decision_form_fields",
    "decision_references",
    "organisation_sections",
    "mine_sections",
    "personal_data",
    "contact_person_saved",
    "version_adopted",
    "decided_statuses",
}


def test_it_documents_every_hook_an_app_registers_for():
    hooks.discover()
    registered = {name for name, entries in hooks._registry.items() if entries} - {NAME}
    assert registered <= HOOKS_OF_THE_APPS
    for name in HOOKS_OF_THE_APPS | {"address_in_use"}:
        assert f"- ``{name}`` —" in hooks.__doc__, name


def test_it_leaves_registering_to_the_apps_hooks_modules():
    owners = {
        name: {fn.__module__.split(".")[0] for fn in hooks.get_hooks(name)}
        for name in HOOKS_OF_THE_APPS
    }
    assert owners["home_extras"] == {"parties", "followup"}
    assert owners["decision_taken"] == owners["party_withdrawn"] == {"steering"}
    assert owners["organisation_sections"] == {"steering", "actionplan"}
    assert owners["mine_sections"] == {"actionplan", "followup"}
    assert owners["personal_data"] == {"steering", "followup"}
