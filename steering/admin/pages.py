"""The pages the steering admin adds beside Django's own: one form, one service call."""

from collections.abc import Iterable

from django import forms
from django.contrib.admin.utils import quote
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse


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
    """Render `templates/admin/steering/form_page.html`; a refused POST answers 400."""
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
    return TemplateResponse(request, "admin/steering/form_page.html", context, status=status)
