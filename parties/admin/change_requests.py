"""Requests to change an organisation's name or organisation number."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from parties.admin.decisions import APPROVE_CHANGE, REJECT_CHANGE, DecidingAdmin
from parties.admin.display import person
from parties.models import ChangeRequest

# ---- changes of name or number ------------------------------------------------------------


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DecidingAdmin):
    decisions = (APPROVE_CHANGE, REJECT_CHANGE)
    actions = ["approve", "reject"]
    list_display = [
        "organisation",
        "current_name",
        "new_name",
        "current_org_number",
        "new_org_number",
        "agreement",
        "requested_at",
        "status",
    ]
    list_filter = ["status", "agreement"]
    list_select_related = ["organisation", "agreement"]
    search_fields = ["organisation__name", "current_name", "new_name", "new_org_number"]
    fields = [
        "organisation",
        "current_name",
        "new_name",
        "current_org_number",
        "new_org_number",
        "requested_at",
        "status",
        "decided_at",
        "decided_by_name",
        "decision_reason",
    ]
    readonly_fields = fields
    decision_headers = (
        _("Organisation"),
        _("Name"),
        _("Organisation number"),
        _("Requested"),
        _("Status"),
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("organisation", "agreement", "decided_by")
        )

    @admin.action(
        description=_("Approve selected changes of name or number"), permissions=["change"]
    )
    def approve(self, request, queryset):
        return self.decide_selected(request, queryset, APPROVE_CHANGE)

    @admin.action(
        description=_("Reject selected changes of name or number"), permissions=["change"]
    )
    def reject(self, request, queryset):
        return self.decide_selected(request, queryset, REJECT_CHANGE)

    def decision_row(self, obj: ChangeRequest) -> list:
        return [
            obj.organisation.name,
            f"{obj.current_name} → {obj.new_name}",
            f"{obj.current_org_number} → {obj.new_org_number}",
            date_format(obj.requested_at, "SHORT_DATE_FORMAT"),
            obj.get_status_display(),
        ]

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj: ChangeRequest) -> str:
        return person(obj.decided_by)
