"""Pages the apps add to the admin (common.admin_pages)."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from agreements.models import Agreement
from common.admin_pages import admin_url, form_page, record_admin_url

pytestmark = pytest.mark.django_db


class Reason(forms.Form):
    reason = forms.CharField(label="Skäl")


def page(admin_user, method: str, data=None):
    request = getattr(RequestFactory(), method)("/admin/x/", data or {})
    request.user = admin_user
    model_admin = admin.site._registry[Agreement]
    response = form_page(
        model_admin,
        request,
        title="Avsluta uppdraget",
        form=Reason(data) if method == "post" else Reason(),
        submit_label="Avsluta",
        cancel_url=admin_url(model_admin, "changelist"),
        explanation=["Uppdraget avslutas i dag."],
    )
    return response.status_code, response.render().content.decode()


def test_it_renders_one_form_in_the_admins_look(admin_user):
    status, html = page(admin_user, "get")

    assert status == 200
    assert "Avsluta uppdraget" in html and "Uppdraget avslutas i dag." in html
    assert 'href="/admin/agreements/agreement/"' in html  # the cancel link
    assert 'name="reason"' in html


def test_it_answers_a_refused_form_with_400_and_the_errors(admin_user):
    status, html = page(admin_user, "post", {"reason": ""})

    assert status == 400
    assert 'href="#id_reason"' in html  # the error summary links to the field


def test_it_finds_a_models_admin_pages(agreement):
    model_admin = admin.site._registry[Agreement]

    assert admin_url(model_admin, "changelist") == "/admin/agreements/agreement/"
    assert admin_url(model_admin, "change", agreement) == (
        f"/admin/agreements/agreement/{agreement.pk}/change/"
    )


def test_it_links_a_record_to_its_admin_page_or_else_the_admins_start(agreement, settings):
    settings.SITE_URL = "https://samverkan.test"

    assert record_admin_url(agreement) == (
        f"https://samverkan.test/admin/agreements/agreement/{agreement.pk}/change/"
    )
    # Content types have no page in the admin.
    assert record_admin_url(ContentType.objects.first()) == "https://samverkan.test/admin/"
