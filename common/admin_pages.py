"""Pages the apps add to the admin beside Django's own: one form, one service call.

`form_page` renders such a page in the admin's look (errors listed at the top with links to
their fields); `admin_url`, `record_admin_path` and `record_admin_url` find the admin's pages.
"""

from collections.abc import Iterable

from django import forms
from django.contrib.admin.utils import quote
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from common import outbox


def admin_url(model_admin, name: str, obj=None) -> str:
    """The URL of one of `model_admin`'s pages ("change", "changelist" or an own page)."""
    opts = model_admin.opts
    args = [quote(obj.pk)] if obj is not None else []
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{name}",
        args=args,
        current_app=model_admin.admin_site.name,
    )


def form_page(
    model_admin,
    request: HttpRequest,
    *,
    title,
    form: forms.Form,
    submit_label,
    cancel_url: str,
    explanation: Iterable = (),
    facts: Iterable = (),
    original=None,
    status: int | None = None,
) -> TemplateResponse:
    """Render `templates/admin/form_page.html`; a refused POST answers 400."""
    if status is None:
        status = 400 if request.method == "POST" else 200
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": model_admin.opts,
        "original": original,
        "form": form,
        "submit_label": submit_label,
        "cancel_url": cancel_url,
        "explanation": list(explanation),
        "facts": list(facts),
        "media": model_admin.media + form.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/form_page.html", context, status=status)


def record_admin_path(obj) -> str:
    """The path of the record's page in the admin, or "" if the admin has none."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def record_admin_url(obj) -> str:
    """The record's page in the admin, as an address for an email; the admin's start page
    if it has none."""
    return outbox.absolute(record_admin_path(obj) or reverse("admin:index"))
