"""Bidi controls and invisible characters: refused by every text field of every form
(ours, the admin's, allauth's), stripped from whatever reaches the database another way."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.test import RequestFactory
from django.utils import translation

from common.text import BIDI_CONTROLS, isolate, refuse_invisible_controls, strip_refused

PROJECT_APPS = ("agreements", "parties", "steering", "actionplan", "followup", "audit", "config")
HOSTILE = "\u202egnp.exe"


def _guarded(field: forms.Field) -> bool:
    try:
        field.clean(HOSTILE)
    except ValidationError as error:
        return any(item.code == "invisible_control" for item in error.error_list)
    return False


def _text_fields(form_class) -> list[tuple[str, forms.Field]]:
    return [
        (name, field)
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
    ]


def _all_form_classes() -> set[type]:
    """Every form class of the portal and of the allauth apps it installs."""
    for package in (*PROJECT_APPS, "allauth.account", "allauth.mfa"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if package.startswith("allauth") and not info.name.endswith("forms"):
                continue
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return {cls for cls in found if hasattr(cls, "base_fields")}


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_it_refuses_every_bidi_control(char):
    with pytest.raises(ValidationError):
        refuse_invisible_controls(f"Föreningen{char} Ny")


@pytest.mark.parametrize(
    "text",
    [
        "Föreningen Ny Gemenskap",
        "Rad ett\r\nRad två\tmed tabb",
        "می\u200cخواهم",
        "👩\u200d👩\u200d👧",
        "شركة",
    ],
)
def test_it_accepts_text_in_any_script_with_joiners_and_line_breaks(text):
    refuse_invisible_controls(text)


def test_it_says_in_swedish_where_the_character_is():
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        refuse_invisible_controls("Föreningen Ny\u202egnp.exe")
    message = caught.value.messages[0]
    assert "skrivriktning" in message and "U+202E" in message and "”Föreningen Ny”" in message


def test_it_isolates_user_text_and_escapes_it():
    assert isolate("<b>Ny</b>") == "<bdi>&lt;b&gt;Ny&lt;/b&gt;</bdi>"
    assert isolate("") == ""


@pytest.mark.django_db
def test_it_covers_every_text_field_of_every_form_in_the_portal_and_allauth():
    checked, unguarded = 0, []
    for form_class in _all_form_classes():
        for name, field in _text_fields(form_class):
            checked += 1
            if not _guarded(field):
                unguarded.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert unguarded == []
    assert checked > 50  # the walk found the forms, it did not pass by finding none


@pytest.mark.django_db
def test_it_covers_every_text_field_of_every_admin_form(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked, unguarded = 0, []
    for model, model_admin in admin.site._registry.items():
        try:
            form_classes = [model_admin.get_form(request)]
        except FieldError:  # no add form (its fields are read-only); the model walk covers it
            form_classes = []
        form_classes += [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in form_classes:
            for name, field in _text_fields(form_class):
                checked += 1
                if not _guarded(field):
                    unguarded.append(f"{model._meta.label}.{name}")
    assert unguarded == []
    assert checked > 30


@pytest.mark.django_db
def test_it_covers_every_text_field_of_every_model():
    checked, unguarded = 0, []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, (models.CharField, models.TextField)):
                form_field = model_field.formfield()
                if not isinstance(form_field, forms.CharField):
                    continue  # a choice among fixed values, or not editable
                checked += 1
                if not _guarded(form_field):
                    unguarded.append(f"{model._meta.label}.{model_field.name}")
    assert unguarded == []
    assert checked > 50


def test_it_takes_passwords_as_typed():
    field = forms.CharField(widget=forms.PasswordInput)
    assert field.clean("lösen\u200bord") == "lösen\u200bord"


@pytest.mark.django_db
def test_it_strips_the_characters_from_text_saved_without_a_form(make_party):
    organisation = make_party("Föreningen")
    organisation.name = "Föreningen\u202e Ny\u200b"
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.name == "Föreningen Ny"
    assert strip_refused(HOSTILE) == "gnp.exe"
