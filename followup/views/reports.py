"""/rapporter/: the annual reports. Anyone downloads the published ones; the process
leader generates new versions, follows their progress and publishes one.

Unpublished versions are served only to those who may view every version; to anyone
else they do not exist (404, not 403), so a guessed address reveals nothing.
"""

from collections.abc import Callable
from functools import wraps
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreements.models import Agreement
from agreements.pages import agreement_or_404, published_agreement
from common.downloads import download_response
from followup import reports
from followup.forms_reports import ReportYearForm
from followup.models import AnnualReport
from parties.admin.display import person

# Who may do what (the process leader holds all three; see followup/migrations/0004).
GENERATE = "followup.add_annualreport"
VIEW_ALL = "followup.view_annualreport"
PUBLISH = "followup.change_annualreport"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agreement_or_404(request: HttpRequest) -> Agreement:
    agreement = published_agreement(request)
    if agreement is None:
        raise Http404("No agreement in force")
    return agreement


def _signed_in_with(permission: str) -> Callable:
    """Anonymous visitors are sent to sign in; signed-in users without `permission` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _decorate(versions) -> list[AnnualReport]:
    found = list(versions)
    for report in found:
        report.size_label = reports.size_label(report.size)
    return found


def _index_context(request: HttpRequest, agreement: Agreement, form) -> dict:
    published = _decorate(
        AnnualReport.objects.published().filter(agreement=agreement).order_by("-year")
    )
    context = {"agreement": agreement, "published": published, "form": form}
    if request.user.has_perm(GENERATE):
        versions = _decorate(
            AnnualReport.objects.filter(agreement=agreement)
            .select_related("agreement", "requested_by")
            .order_by("-year", "-version")
        )
        for report in versions:
            report.requested_by_label = person(report.requested_by)
        context["staff_view"] = True
        context["years"] = [
            {"year": year, "versions": list(group)}
            for year, group in groupby(versions, key=lambda report: report.year)
        ]
        context["figure_years"] = reports.years_for(agreement)
        context["any_unfinished"] = any(not report.is_finished for report in versions)
    return context


@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    agreement = _agreement_or_404(request)
    may_generate = request.user.has_perm(GENERATE)
    if request.method == "POST":
        if not may_generate:
            raise PermissionDenied
        form = ReportYearForm(request.POST, agreement=agreement)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                report, created = reports.request_report(
                    agreement,
                    year,
                    by=request.user,
                    foreword=form.cleaned_data["foreword"],
                    method_note=form.cleaned_data["method_note"],
                )
            except reports.ReportError as error:
                form.add_error("year", str(error))
            else:
                if created:
                    messages.success(
                        request,
                        _("The report for %(year)s is being generated as version %(version)s.")
                        % {"year": year, "version": report.version},
                    )
                else:
                    messages.info(
                        request,
                        _("A report for %(year)s is already being generated.") % {"year": year},
                    )
                return redirect(reverse("followup:reports") + f"#report-{report.pk}")
    else:
        form = ReportYearForm(agreement=agreement) if may_generate else None
    return render(
        request,
        "followup/reports.html",
        _index_context(request, agreement, form),
        # A form sent back with errors is a bad request (STYLE: "a 400 with a message").
        status=400 if form is not None and form.errors else 200,
    )


@require_safe
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the page's script polls while a version is queued or running."""
    if not request.user.has_perm(GENERATE):
        raise Http404
    report = get_object_or_404(AnnualReport, pk=pk, agreement=agreement_or_404(request))
    data = {
        "status": report.status,
        "label": str(report.get_status_display()),
        "progress": report.progress,
        "finished": report.is_finished,
    }
    if report.status == AnnualReport.Status.READY:
        data["download_url"] = report.get_download_url()
    if report.status == AnnualReport.Status.FAILED:
        data["error"] = report.error
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        AnnualReport.objects.select_related("agreement"),
        pk=pk,
        status=AnnualReport.Status.READY,
        agreement=agreement_or_404(request),
    )
    if not report.is_published and not request.user.has_perm(VIEW_ALL):
        raise Http404
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("The report's file is missing") from error
    # A draft version is private: no shared cache keeps a copy.
    return download_response(
        handle,
        filename=report.filename(),
        content_type="application/pdf",
        public=report.is_published,
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(PUBLISH):
        raise PermissionDenied
    report = get_object_or_404(AnnualReport, pk=pk, agreement=agreement_or_404(request))
    values = {"year": report.year, "version": report.version}
    if request.POST.get("action") == "unpublish":
        reports.unpublish(report, by=request.user)
        messages.success(
            request,
            _("Version %(version)s of the report for %(year)s is no longer published.") % values,
        )
    else:
        try:
            reports.publish(report, by=request.user)
        except reports.ReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Version %(version)s of the report for %(year)s is now published.") % values,
            )
    return redirect(reverse("followup:reports") + f"#report-{report.pk}")


@require_safe
@_signed_in_with(VIEW_ALL)
def figures_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """The figures behind the report's charts and tables, a sheet per table."""
    from followup.report.export import figures_xlsx as make_workbook

    agreement = _agreement_or_404(request)
    try:
        reports.check_year(agreement, year)
    except reports.ReportError as error:
        form = ReportYearForm(agreement=agreement) if request.user.has_perm(GENERATE) else None
        context = _index_context(request, agreement, form)
        context["page_error"] = str(error)
        return render(request, "followup/reports.html", context, status=400)
    response = HttpResponse(make_workbook(agreement, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="arsrapport-{year}-siffror.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
