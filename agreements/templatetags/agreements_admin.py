"""The admin header's switcher between the agreements a staff member works in."""

from django import template
from django.urls import Resolver404, resolve, reverse

from agreements import staff

register = template.Library()


def _back_to(request) -> str:
    """Where to go after switching: the same list or start page; a record's page would be
    404 in the other agreement, so from there the admin's start page."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return reverse("admin:index")
    if match.url_name == "index" or (match.url_name or "").endswith(("_changelist", "app_list")):
        return request.path
    return reverse("admin:index")


@register.inclusion_tag("admin/agreement_switcher.html", takes_context=True)
def agreement_switcher(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"show": False}
    agreements = staff.agreement_list(user)
    if len(agreements) < 2:
        return {"show": False}
    active = staff.active_agreement(request)
    return {
        "show": True,
        "agreements": agreements,
        "active_pk": active.pk if active is not None else staff.ALL,
        "may_see_all": user.is_superuser,
        "all": staff.ALL,
        "next": _back_to(request),
        "csrf_token": context.get("csrf_token"),
    }
