"""Organisations, with their contact persons, applications, withdrawals and history."""

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parties.admin.display import person
from parties.models import Application, AuditEntry, ContactPerson, Organisation, Withdrawal


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# ---- organisations ------------------------------------------------------------------------


class ContactPersonInline(ReadOnlyInline):
    model = ContactPerson
    fields = ["name", "role", "email", "phone", "is_current", "started_at", "ended_at"]
    readonly_fields = fields
    verbose_name_plural = _("contact persons (current first)")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-is_current", "-started_at")


class ApplicationInline(ReadOnlyInline):
    model = Application
    fields = ["submitted_at", "status", "decided_at", "decision_reason"]
    readonly_fields = fields
    show_change_link = True


class WithdrawalInline(ReadOnlyInline):
    model = Withdrawal
    fields = ["notice_date", "given_by_name", "reason", "registered_at"]
    readonly_fields = fields
    show_change_link = True


class AuditEntryInline(ReadOnlyInline):
    model = AuditEntry
    fields = ["at", "subject", "old_status", "new_status", "actor_name", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("status changes (newest first)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def actor_name(self, obj: AuditEntry) -> str:
        return person(obj.actor)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "org_number",
        "sector",
        "municipality",
        "status",
        "joined_on",
        "withdrawn_on",
    ]
    list_filter = ["status", "sector", "municipality", "legal_form"]
    list_select_related = ["municipality"]
    search_fields = ["name", "org_number"]
    fieldsets = [
        (None, {"fields": ["name", "org_number", "status", "joined_on", "withdrawn_on"]}),
        (
            _("Details"),
            {
                "fields": [
                    "sector",
                    "legal_form",
                    "municipality",
                    "areas",
                    "website",
                    "description",
                    "slug",
                ]
            },
        ),
    ]
    # Status and identity change only through the services (decisions and change requests).
    readonly_fields = ["name", "org_number", "status", "joined_on", "withdrawn_on", "slug"]
    inlines = [ContactPersonInline, ApplicationInline, WithdrawalInline, AuditEntryInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Organisations come from applications (services.submit_application).
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
