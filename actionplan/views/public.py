"""Public pages of the action plan: the plan with its progress, one activity, open data.

Nothing here shows a person: the lead is the lead *party*, and a progress update says on
behalf of which party it was made (or that the process leader made it), never by whom.
Updates are loaded without their `by` user, so a name or email never leaves the database.
The open data is built from an explicit list of fields (OPEN_DATA_FIELDS), as the
register's is, so a new column on Activity never leaks into the downloads by accident.
"""

from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from actionplan import progress, services
from actionplan.filters import ActivityFilter
from actionplan.models import ActionPlan, Activity, AnnualPlan, DevelopmentArea, Status
from agreements.pages import agreement_or_404, published_agreement
from common import opendata

PAGE_SIZE = 50

# Field name and what it holds, in the order of the CSV columns. Shown on the plan's page
# and in the JSON's "fields", so the documentation cannot drift from the data.
OPEN_DATA_FIELDS = [
    ("id", _("The activity's number; its page is /handlingsplan/aktiviteter/<id>/.")),
    ("year", _("The year of the annual plan the activity belongs to.")),
    ("title", _("The activity's title.")),
    ("development_area", _("The development area of the action plan.")),
    ("objective", _("The objective of the development area the activity serves.")),
    ("activity_area", _("The activity area, for example Kunskap.")),
    ("status", _("Status code: planned, ongoing, done, postponed or cancelled.")),
    ("status_label", _("The status in the language of the request.")),
    ("progress", _("How far the activity has come, in per cent (0–100).")),
    ("starts", _("The date the activity starts (YYYY-MM-DD), if set.")),
    ("ends", _("The date the activity ends (YYYY-MM-DD), if set.")),
    (
        "responsible_parties",
        _("The responsible parties: a list in JSON, separated by semicolons in CSV."),
    ),
    ("lead_party", _("The party that leads the activity, if one does.")),
    ("url", _("The activity's page on this site.")),
]


def _plan_or_404(request: HttpRequest) -> ActionPlan:
    plan = services.current_plan(published_agreement(request))
    if plan is None:
        raise Http404("No action plan for the agreement in force")
    return plan


def _filter(request: HttpRequest, plan: ActionPlan) -> ActivityFilter:
    annual_plans = list(AnnualPlan.objects.filter(plan=plan).order_by("-year"))
    # Always bound: without `ar`, the filter set narrows to the default year itself.
    return ActivityFilter(
        request.GET,
        plan=plan,
        annual_plans=annual_plans,
        default=services.annual_plan_for(plan),
    )


def _progress_rows(action_plan: ActionPlan, year: int | None) -> list[SimpleNamespace]:
    """The year's activities as far as progress needs them, as plain rows: building a
    thousand model instances (and their objectives) would cost more than the query."""
    if not year:
        return []
    rows = (
        Activity.objects.filter(annual_plan__plan=action_plan, annual_plan__year=year)
        .order_by()
        .values_list("objective_id", "objective__area_id", "status", "progress", "weight")
    )
    return [
        SimpleNamespace(
            objective_id=objective_id,
            objective=SimpleNamespace(area_id=area_id),
            status=status,
            progress=value,
            weight=weight,
        )
        for objective_id, area_id, status, value, weight in rows
    ]


def _listed(queryset):
    return queryset.select_related("objective__area", "area", "lead_party").prefetch_related(
        "responsible"
    )


@require_safe
def plan(request: HttpRequest) -> HttpResponse:
    action_plan = services.current_plan(published_agreement(request))
    if action_plan is None:
        # The menu links here from the first day: say there is no plan yet, not "not found".
        return render(request, "actionplan/plan.html", {"action_plan": None})
    filterset = _filter(request, action_plan)
    valid = filterset.is_valid()
    activities = _listed(filterset.qs if valid else filterset.queryset.none())
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    year = filterset.year if valid else None
    areas = list(DevelopmentArea.objects.filter(plan=action_plan).prefetch_related("objectives"))
    # Progress of the whole year's plan, whatever the filter: it is the plan's progress.
    computed = progress.tree(_progress_rows(action_plan, year))
    for area in areas:
        area.progress = computed.areas.get(area.pk, progress.Progress(None, 0))
        for objective in area.objectives.all():
            objective.progress = computed.objectives.get(objective.pk, progress.Progress(None, 0))
    query = filterset.query.urlencode() if valid else ""
    return render(
        request,
        "actionplan/plan.html",
        {
            "action_plan": action_plan,
            "areas": areas,
            "plan_progress": computed.plan,
            "year": year,
            "form": filterset.form,
            "page": page,
            "activities": page.object_list,
            "total": page.paginator.count,
            "is_filtered": bool(filterset.query),
            "filter_query": query,
            "open_data_fields": OPEN_DATA_FIELDS,
        },
        status=200 if valid else 400,
    )


@require_safe
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Activity.objects.select_related(
            "annual_plan", "objective__area", "area", "lead_party", "carried_from__annual_plan"
        ).prefetch_related("responsible", "perspectives"),
        pk=pk,
        annual_plan__plan__agreement=agreement_or_404(request),
    )
    updates = (
        found.updates.select_related("by_party")
        .only("pk", "activity_id", "date", "text", "status", "progress", "by_party__name")
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "actionplan/activity.html",
        {"activity": found, "updates": updates},
    )


@require_safe
def plan_csv(request: HttpRequest) -> HttpResponse:
    filterset = _filter(request, _plan_or_404(request))
    if not filterset.is_valid():
        return opendata.invalid_filters_text(filterset.errors)
    return opendata.csv_response(
        _open_data_rows(request, filterset), OPEN_DATA_FIELDS, filename="handlingsplan.csv"
    )


@require_safe
def plan_json(request: HttpRequest) -> HttpResponse:
    filterset = _filter(request, _plan_or_404(request))
    if not filterset.is_valid():
        return opendata.invalid_filters_json(filterset.errors)
    return opendata.json_response(_open_data_rows(request, filterset), OPEN_DATA_FIELDS)


def _open_data_rows(request: HttpRequest, filterset: ActivityFilter) -> Iterator[dict]:
    """One dict per matching activity, fields as in OPEN_DATA_FIELDS, in two queries."""
    status_labels = {code: str(label) for code, label in Status.choices}
    marker = 999_999_999
    detail_url = request.build_absolute_uri(reverse("actionplan:activity", args=[marker]))
    prefix, suffix = detail_url.split(str(marker))
    activities = filterset.qs.select_related(None).prefetch_related(None)
    parties = _responsible_names(activities)
    for row in activities.values(
        "pk",
        "annual_plan__year",
        "title",
        "objective__area__title",
        "objective__title",
        "area__name",
        "status",
        "progress",
        "starts_on",
        "ends_on",
        "lead_party__name",
    ):
        yield {
            "id": row["pk"],
            "year": row["annual_plan__year"],
            "title": row["title"],
            "development_area": row["objective__area__title"],
            "objective": row["objective__title"],
            "activity_area": row["area__name"],
            "status": row["status"],
            "status_label": status_labels.get(row["status"], row["status"]),
            "progress": row["progress"],
            "starts": row["starts_on"].isoformat() if row["starts_on"] else "",
            "ends": row["ends_on"].isoformat() if row["ends_on"] else "",
            "responsible_parties": parties.get(row["pk"], []),
            "lead_party": row["lead_party__name"] or "",
            "url": f"{prefix}{row['pk']}{suffix}",
        }


def _responsible_names(activities) -> dict[int, list[str]]:
    """Names of the responsible parties per activity, in one query (a subquery, not a
    prefetch: a prefetch sends every primary key as a parameter)."""
    through = Activity.responsible.through
    pairs = (
        through.objects.filter(activity__in=activities.values("pk"))
        .order_by("organisation__name")
        .values_list("activity_id", "organisation__name")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in pairs:
        names[activity_id].append(name)
    return names
