"""Every model that belongs to an agreement has a scoped default manager (fail closed).

A new model with a foreign key to `agreements.Agreement`, or to a model that belongs to
one, fails here until it gets `objects = scoped_manager(ItsQuerySet, "<path>")` or an entry
in ALLOWED with the reason.
"""

import pytest
from django.apps import apps
from django.db import models

from agreements.models import Agreement
from common import scoping
from common.scoping import ScopedManager

# Models that point at an agreement (or at a scoped model) but are read without the guard.
ALLOWED = {
    # A staff member's roles are what the admin's guard is opened with: they are read for
    # every agreement the person holds a role in, before an agreement is chosen.
    "agreements.AgreementRole": "the roles open the guard",
}


def _is_scoped(model) -> bool:
    return isinstance(model._default_manager, ScopedManager)


def _belongs_to_an_agreement(model) -> list[str]:
    """The foreign keys that tie `model` to an agreement: to Agreement, or to a scoped model."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and (field.many_to_one or field.one_to_one)
        and field.related_model is not None
        and (field.related_model is Agreement or _is_scoped(field.related_model))
        and field.related_model is not model
    ]


def test_every_model_of_an_agreement_has_a_scoped_manager():
    missing = [
        f"{model._meta.label} (via {', '.join(fields)})"
        for model in apps.get_models()
        if (fields := _belongs_to_an_agreement(model))
        and not _is_scoped(model)
        and model._meta.label not in ALLOWED
    ]
    assert missing == [], "give these `objects = scoped_manager(...)`: " + "; ".join(missing)


def test_every_scoped_path_leads_to_the_agreement():
    scoped = [model for model in apps.get_models() if _is_scoped(model)]
    assert len(scoped) >= 20
    for model in scoped:
        manager = model._default_manager
        assert manager.agreement_path == type(manager).agreement_path
        current = model
        for name in manager.agreement_path.split("__"):
            field = current._meta.get_field(name)
            assert field.many_to_one or field.one_to_one, (model, name)
            assert not field.null, f"{model._meta.label}.{name}: a row without an agreement"
            current = field.related_model
        assert current is Agreement, model._meta.label
        # A direct key is the path itself, not a longer way round.
        if any(f.related_model is Agreement for f in model._meta.concrete_fields if f.is_relation):
            assert manager.agreement_path == "agreement", model._meta.label


def test_the_allow_list_names_real_unscoped_models():
    labels = {model._meta.label for model in apps.get_models()}
    for label in ALLOWED:
        if label in labels:  # parties' entries may already be gone after H2's merge
            assert not _is_scoped(apps.get_model(label)), f"{label} is scoped: drop it"


@pytest.mark.django_db
def test_every_scoped_query_runs_inside_the_guard(agreement):
    """Each path compiles to SQL that the database accepts, and related managers keep it."""
    for model in apps.get_models():
        if not _is_scoped(model):
            continue
        with scoping.guard(agreement):
            list(model.objects.all()[:1])
        # Related managers are subclasses of the default manager: they keep the path.
        for relation in model._meta.related_objects:
            if relation.one_to_many and _is_scoped(relation.related_model):
                accessor = relation.get_accessor_name()
                manager_class = getattr(model, accessor).related_manager_cls
                assert issubclass(manager_class, ScopedManager), (model, accessor)


def test_managers_of_models_outside_agreements_are_plain():
    for label in ("agreements.Agreement", "actionplan.ActivityArea", "actionplan.Perspective"):
        assert not _is_scoped(apps.get_model(label)), label
    assert isinstance(Agreement.objects, models.Manager)
