"""The public register of parties: list, organisation page and open data (CSV, JSON).

Public pages: nothing here may show a contact person. The open data is built from an
explicit list of fields (OPEN_DATA_FIELDS), so a new column on Organisation never leaks
into the downloads by accident.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from agreements.models import Sector
from common import opendata
from common.compression import gzip_when_accepted
from common.scoping import unscoped
from parties import extensions
from parties.filters import RegisterFilter, register_filter
from parties.models import LegalForm, Membership, Organisation
from parties.requests import path_in, request_agreement

PAGE_SIZE = 25

# Field name and what it holds, in the order of the CSV columns. Shown on the register
# page and in the JSON's "fields", so the documentation cannot drift from the data.
OPEN_DATA_FIELDS = [
    ("name", _("The organisation's name.")),
    ("org_number", _("Organisation number, NNNNNN-NNNN.")),
    ("sector", _("Sector code: civil_society, public or business.")),
    ("sector_label", _("The sector's name in the language of the request.")),
    ("legal_form", _("Code of the legal form, for example ideell_forening or kommun.")),
    ("legal_form_label", _("The legal form's name in the language of the request.")),
    ("municipality", _("Municipality where the organisation is active, or the whole county.")),
    ("areas", _("Areas of activity: a list in JSON, separated by semicolons in CSV.")),
    ("website", _("The organisation's website, if it has given one.")),
    ("description", _("The organisation's short public description.")),
    ("joined_on", _("The date the organisation joined the agreement (YYYY-MM-DD).")),
    ("url", _("The organisation's page in this register.")),
]


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    filterset = register_filter(request.GET, request_agreement(request))
    valid = not filterset.is_bound or filterset.is_valid()
    parties = filterset.qs if valid else filterset.queryset.none()
    page = Paginator(parties, PAGE_SIZE).get_page(request.GET.get("page"))
    # Links to the downloads carry the filter only when it is valid, else they would fail.
    query = filterset.query.urlencode() if valid else ""
    return render(
        request,
        "parties/register.html",
        {
            "form": filterset.form,
            "page": page,
            "parties": page.object_list,
            "total": page.paginator.count,
            "sector_counts": parties.counts_by_sector() if page.paginator.count else [],
            "is_filtered": bool(filterset.query),
            "filter_query": query,
            "open_data_fields": OPEN_DATA_FIELDS,
        },
        status=200 if valid else 400,
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.in_agreement(
            request_agreement(request), [Membership.Status.ACTIVE, Membership.Status.WITHDRAWN]
        )
        .select_related("municipality")
        .prefetch_related("areas"),
        slug=slug,
    )
    if organisation.membership_status == Membership.Status.WITHDRAWN:
        # The organisation was on the public register; say that it left rather than
        # pretend it never existed (410 Gone).
        return render(
            request,
            "parties/detail.html",
            {"organisation": organisation, "withdrawn": True},
            status=410,
        )
    return render(
        request,
        "parties/detail.html",
        {
            "organisation": organisation,
            "agreements": _agreements_of(organisation, request),
            "sections": extensions.organisation_sections(organisation),
        },
    )


def _agreements_of(organisation: Organisation, request: HttpRequest) -> list[dict]:
    """Every agreement the organisation is a party to (a read across agreements), each with
    the address of the organisation's page under it (`url`) and whether it is this page."""
    here = request_agreement(request)
    page = organisation.get_absolute_url()
    with unscoped():
        memberships = list(
            Membership.objects.active()
            .filter(organisation=organisation)
            .select_related("agreement")
            .order_by("agreement__pk")
        )
    return [
        {
            "agreement": membership.agreement,
            "name": membership.agreement.name,
            "url": path_in(membership.agreement, page, here),
            "current": here is not None and membership.agreement_id == here.pk,
        }
        for membership in memberships
    ]


@require_safe
@gzip_when_accepted
def register_csv(request: HttpRequest) -> HttpResponse:
    filterset = register_filter(request.GET, request_agreement(request))
    if filterset.is_bound and not filterset.is_valid():
        return opendata.invalid_filters_text(filterset.errors)
    return opendata.csv_response(
        _open_data_rows(request, filterset),
        OPEN_DATA_FIELDS,
        filename="undertecknare.csv",
        stream=True,
    )


@require_safe
@gzip_when_accepted
def register_json(request: HttpRequest) -> HttpResponse:
    filterset = register_filter(request.GET, request_agreement(request))
    if filterset.is_bound and not filterset.is_valid():
        return opendata.invalid_filters_json(filterset.errors)
    return opendata.json_response(_open_data_rows(request, filterset), OPEN_DATA_FIELDS)


def _open_data_rows(request: HttpRequest, filterset: RegisterFilter) -> Iterator[dict]:
    """One dict per matching party, fields as in OPEN_DATA_FIELDS, in two queries in all.

    Labels and the site address are taken now, in the request's language; the rows are
    read lazily (the CSV streams them), in chunks, so 10,000 parties need little memory.
    """
    sector_labels = {code: str(label) for code, label in Sector.choices}
    form_labels = {code: str(label) for code, label in LegalForm.choices}
    # Every detail URL is the same but for the slug; reversing once keeps 10,000 rows fast.
    marker = "slug-marker"
    detail_url = request.build_absolute_uri(reverse("parties:detail", args=[marker]))
    prefix, suffix = detail_url.split(marker)
    parties = filterset.qs.select_related(None).prefetch_related(None)

    def rows() -> Iterator[dict]:
        areas = _area_names(parties)
        for party in parties.values(
            "pk",
            "name",
            "org_number",
            "sector",
            "legal_form",
            "municipality__name",
            "website",
            "description",
            "joined_on",
            "slug",
        ).iterator(chunk_size=2000):
            yield {
                "name": party["name"],
                "org_number": party["org_number"],
                "sector": party["sector"],
                "sector_label": sector_labels.get(party["sector"], party["sector"]),
                "legal_form": party["legal_form"],
                "legal_form_label": form_labels.get(party["legal_form"], party["legal_form"]),
                "municipality": party["municipality__name"],
                "areas": areas.get(party["pk"], []),
                "website": party["website"],
                "description": party["description"],
                "joined_on": party["joined_on"].isoformat() if party["joined_on"] else "",
                "url": f"{prefix}{party['slug']}{suffix}",
            }

    return rows()


def _area_names(parties) -> dict[int, list[str]]:
    """Area names per organisation for the given parties, in one query.

    A subquery rather than prefetch_related: a prefetch sends every primary key as a
    parameter, which grows with the register and hits SQLite's parameter limit.
    """
    through = Organisation.areas.through
    pairs = (
        through.objects.filter(organisation__in=parties.values("pk"))
        .order_by("activityarea__name")
        .values_list("organisation_id", "activityarea__name")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for organisation_id, name in pairs.iterator(chunk_size=5000):
        names[organisation_id].append(name)
    return names
