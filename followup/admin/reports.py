"""The annual report's versions in the admin, read-only.

Versions are generated, published and withdrawn on /rapporter/ (through
`followup.reports`); the admin only lists them, with a link to that page.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agreements.staff import ScopedAdmin
from followup.models import AnnualReport
from followup.reports import size_label
from parties.admin.display import person


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedAdmin, admin.ModelAdmin):
    change_list_template = "followup/includes/report_admin_change_list.html"
    list_display = [
        "year",
        "version",
        "status",
        "published_at",
        "requested_by_shown",
        "requested_at",
        "pages",
        "size_shown",
        "on_reports_page",
    ]
    list_display_links = None
    list_filter = ["agreement", "year", "status"]
    list_select_related = ["requested_by"]
    ordering = ["-year", "-version"]
    fields = [
        "agreement",
        "year",
        "version",
        "status",
        "progress",
        "error",
        "attempts",
        "foreword",
        "method_note",
        "pages",
        "size",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
        "published_at",
        "published_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("requested by"), ordering="requested_by__email")
    def requested_by_shown(self, obj: AnnualReport) -> str:
        return person(obj.requested_by)

    @admin.display(description=_("size"), ordering="size")
    def size_shown(self, obj: AnnualReport) -> str:
        return size_label(obj.size) or "–"

    @admin.display(description=_("on the reports page"))
    def on_reports_page(self, obj: AnnualReport) -> str:
        return format_html(
            '<a href="{}#report-{}">{}</a>',
            reverse("followup:reports"),
            obj.pk,
            _("Open on the reports page"),
        )
