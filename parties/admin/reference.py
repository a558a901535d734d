"""Records kept for reading only, and the reference data kept by the process leader."""

from django.contrib import admin
from django.http import HttpRequest

from parties.models import ActivityArea, ContactInvitation, ContactPerson, Municipality

# ---- reading only -------------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ContactPerson)
class ContactPersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "role", "email", "phone", "is_current", "started_at"]
    list_filter = ["is_current"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "name", "email"]
    fields = [
        "organisation",
        "name",
        "role",
        "email",
        "phone",
        "is_current",
        "started_at",
        "ended_at",
    ]
    readonly_fields = fields


@admin.register(ContactInvitation)
class ContactInvitationAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "cancelled_at",
    ]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["organisation__name", "email"]
    # Not the token: it lets whoever holds it take over the contact role.
    fields = [
        "organisation",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
        "cancelled_at",
    ]
    readonly_fields = fields


# ---- data kept by the process leader ------------------------------------------------------


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_whole_county"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name"]


@admin.register(ActivityArea)
class ActivityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name"]
