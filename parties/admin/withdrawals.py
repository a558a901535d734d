"""Withdrawals: a party's notice, registered by the steering group."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parties.admin.decisions import REGISTER_WITHDRAWAL, DecidingAdmin
from parties.admin.display import person
from parties.models import Withdrawal

# ---- withdrawals --------------------------------------------------------------------------


class RegisteredFilter(admin.SimpleListFilter):
    title = _("registered")
    parameter_name = "registered"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(registered_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(registered_at__isnull=True)
        return queryset


@admin.register(Withdrawal)
class WithdrawalAdmin(DecidingAdmin):
    decisions = (REGISTER_WITHDRAWAL,)
    actions = ["register"]
    list_display = [
        "organisation",
        "agreement",
        "notice_date",
        "given_by_name",
        "created_at",
        "registered_at",
    ]
    list_filter = [RegisteredFilter, "membership__agreement"]
    list_select_related = ["membership__organisation", "membership__agreement"]
    search_fields = [
        "membership__organisation__name",
        "membership__organisation__org_number",
        "given_by_name",
    ]
    fields = [
        "organisation",
        "notice_date",
        "given_by_name",
        "reason",
        "created_at",
        "registered_at",
        "registered_by_name",
    ]
    readonly_fields = fields
    decision_headers = (
        _("Organisation"),
        _("Date of notice"),
        _("Notice given by"),
        _("Reason"),
        _("Registered"),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("membership__organisation", "membership__agreement", "registered_by")
        )

    @admin.action(description=_("Register the withdrawal"), permissions=["change"])
    def register(self, request, queryset):
        return self.decide_selected(request, queryset, REGISTER_WITHDRAWAL)

    def decision_row(self, obj: Withdrawal) -> list:
        return [
            obj.organisation.name,
            date_format(obj.notice_date, "SHORT_DATE_FORMAT"),
            obj.given_by_name,
            obj.reason,
            gettext("Yes") if obj.is_registered else gettext("No"),
        ]

    @admin.display(description=_("registered by"))
    def registered_by_name(self, obj: Withdrawal) -> str | None:
        return person(obj.registered_by) if obj.registered_by_id else None
