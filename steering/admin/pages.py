"""The pages the steering admin adds beside Django's own: one form, one service call."""

import datetime
from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from agreements.models import Agreement


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


def agreement_to_ask_under(model_admin, request: HttpRequest) -> Agreement | None:
    """The agreement in force, for putting a question; None (and a message) without one."""
    agreement = Agreement.objects.current()
    if agreement is None:
        model_admin.message_user(
            request, gettext("There is no agreement in force to decide under."), messages.ERROR
        )
    return agreement


def default_deadline() -> datetime.datetime:
    """A question's deadline unless the one who puts it says otherwise: noon in a week."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    return noon + datetime.timedelta(days=7)
