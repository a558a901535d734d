from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from agreements import pages
from agreements.comparison import compare
from agreements.models import Agreement, Principle, Version
from agreements.pages import agreement_of, home_extras
from agreements.revision import draft_of, previous_version
from common import opendata, scoping


def _current_or_404(request) -> tuple[Agreement, Version]:
    agreement = agreement_of(request)
    if agreement is None or agreement.in_force is None:
        raise Http404("No agreement in force")
    return agreement, agreement.in_force


def home(request):
    agreement = agreement_of(request)
    if agreement is None:
        return overview(request)
    context = {"agreement": agreement, "version": getattr(agreement, "in_force", None)}
    context.update(home_extras(agreement))
    return render(request, "agreements/home.html", context)


def agreement_detail(request):
    agreement, version = _current_or_404(request)
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "version": version,
            "goals": version.goals.all(),
            "principles": version.principles.all(),
            "previous": previous_version(version),
        },
    )


def version_list(request):
    agreement = agreement_of(request)
    versions = (
        agreement.versions.published().order_by("-number")
        if agreement is not None
        else Version.objects.none()
    )
    return render(
        request,
        "agreements/versions.html",
        {
            "agreement": agreement,
            "versions": versions,
            "in_force": getattr(agreement, "in_force", None),
            "draft": draft_of(agreement) if agreement is not None else None,
        },
    )


def version_detail(request, version: int):
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    shown = get_object_or_404(agreement.versions.published(), number=version)
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "version": shown,
            "goals": shown.goals.all(),
            "principles": shown.principles.all(),
            "is_old_version": shown != agreement.in_force,
            "previous": previous_version(shown),
        },
    )


def version_changes(request, version: int):
    """What version `version` changes compared with the one before; a draft's too, since
    the changes the steering group is asked to adopt are public."""
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    shown = get_object_or_404(agreement.versions.select_related("replaces"), number=version)
    previous = previous_version(shown)
    return render(
        request,
        "agreements/changes.html",
        {
            "agreement": agreement,
            "version": shown,
            "previous": previous,
            "comparison": compare(previous, shown) if previous is not None else None,
            "is_draft": shown.status == Version.Status.DRAFT,
        },
    )


def principle_list(request):
    agreement, version = _current_or_404(request)
    return render(
        request,
        "agreements/principles.html",
        {"agreement": agreement, "version": version, "principles": version.principles.all()},
    )


def principle_detail(request, slug: str):
    agreement, version = _current_or_404(request)
    principle = get_object_or_404(Principle, version=version, slug=slug)
    siblings = list(version.principles.all())
    index = siblings.index(principle)
    return render(
        request,
        "agreements/principle.html",
        {
            "agreement": agreement,
            "principle": principle,
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        },
    )


# ---- the installation's own pages ----------------------------------------------------------


def _hosted() -> list[Agreement]:
    """Every agreement hosted, oldest first, with its period; a constant number of queries."""
    with scoping.unscoped():
        agreements = list(Agreement.objects.order_by("pk"))
        pages.periods(agreements)
    return agreements


def overview(request):
    """`/` of the installation: every agreement it hosts; with only one, that agreement."""
    agreements = _hosted()
    prefix = get_script_prefix()
    if len(agreements) == 1:
        return redirect(f"{prefix}{agreements[0].slug}/")
    counts = pages.party_counts(agreements)
    for agreement in agreements:
        agreement.address = f"{prefix}{agreement.slug}/"
        agreement.party_counts = counts.get(agreement.pk, [])
    return render(
        request,
        "agreements/overview.html",
        {"agreements": agreements, "open_data_fields": OVERVIEW_FIELDS},
    )


OVERVIEW_FIELDS = [
    ("slug", _("The agreement's short name, the first part of its addresses.")),
    ("name", _("The agreement's name.")),
    ("level", _("national, regional or municipal.")),
    ("level_label", _("The level in the language of the request.")),
    ("host", _("The region or municipality that hosts the agreement.")),
    ("valid_from", _("The first day of its first adopted version (YYYY-MM-DD), or null.")),
    ("valid_until", _("The last day of its newest adopted version (YYYY-MM-DD), or null.")),
    (
        "parties",
        _("The parties per sector: a list of sector (code), label and count."),
    ),
    ("url", _("The agreement's start page.")),
    (
        "pages",
        _(
            "Addresses of its public pages: agreement, register, steering_group, "
            "action_plan, reports, apply."
        ),
    ),
    (
        "open_data",
        _(
            "Addresses of its open data: register_json, register_csv, register_feed, "
            "action_plan_json, action_plan_csv, action_plan_feed, meetings_ics."
        ),
    ),
]


@require_safe
def overview_json(request):
    """/overenskommelser.json: every agreement hosted, with the addresses of its open data.

    Addresses are absolute: on the agreement's own host name when it has one, else under its
    short name on the installation's address (settings.SITE_URL)."""
    agreements = _hosted()
    counts = pages.party_counts(agreements)
    page_paths = {key: pages.unprefixed(name) for key, name in pages.AGREEMENT_PAGES}
    data_paths = {key: pages.unprefixed(name) for key, name in pages.AGREEMENT_OPEN_DATA}
    rows = []
    for agreement in agreements:
        period = agreement.period
        rows.append(
            {
                "slug": agreement.slug,
                "name": agreement.name,
                "level": agreement.level,
                "level_label": str(agreement.get_level_display()),
                "host": agreement.region_name,
                "valid_from": period[0].isoformat() if period else None,
                "valid_until": period[1].isoformat() if period else None,
                "parties": [
                    {"sector": row["sector"], "label": str(row["label"]), "count": row["count"]}
                    for row in counts.get(agreement.pk, [])
                ],
                "url": pages.agreement_address(agreement, page_paths["home"]),
                "pages": {
                    key: pages.agreement_address(agreement, path)
                    for key, path in page_paths.items()
                    if key != "home"
                },
                "open_data": {
                    key: pages.agreement_address(agreement, path)
                    for key, path in data_paths.items()
                },
            }
        )
    return opendata.json_response(rows, OVERVIEW_FIELDS)
