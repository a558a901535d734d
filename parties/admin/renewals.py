"""Renewal requests: which parties have confirmed that they continue under a new version,
and which did not answer and wait for the steering group's decision. Read only: the
contact persons answer on their page, the services change the rest."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.staff import OutOfScopeIsNotFound
from parties.admin.display import person
from parties.models import RenewalRequest


class AwaitingDecisionFilter(admin.SimpleListFilter):
    title = _("waits for the steering group")
    parameter_name = "vantar"

    def lookups(self, request, model_admin):
        return [("yes", _("Not answered by the deadline"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.awaiting_decision()
        return queryset


@admin.register(RenewalRequest)
class RenewalRequestAdmin(OutOfScopeIsNotFound, admin.ModelAdmin):
    list_display = [
        "organisation",
        "agreement",
        "version",
        "status",
        "asked_at",
        "deadline",
        "confirmed_at",
    ]
    list_filter = [AwaitingDecisionFilter, "status", "version"]
    list_select_related = ["membership__organisation", "membership__agreement", "version"]
    search_fields = ["membership__organisation__name", "membership__organisation__org_number"]
    date_hierarchy = "asked_at"

    fields = [
        "organisation",
        "version",
        "status",
        "asked_at",
        "deadline",
        "confirmed_at",
        "confirmed_by_name",
        "withdrawal",
        "referred_at",
        "decided_at",
        "decided_by_name",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "membership__organisation",
                "membership__agreement",
                "version",
                "confirmed_by",
                "decided_by",
            )
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("confirmed by"))
    def confirmed_by_name(self, obj: RenewalRequest) -> str:
        return person(obj.confirmed_by)

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj: RenewalRequest) -> str:
        return person(obj.decided_by)
