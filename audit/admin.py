"""The audit trail and the outbox, for reading only."""

from django.contrib import admin
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.labels import status_label
from audit.models import AuditEntry, SentNotification

# Narrow the rows to those a request may see: `(queryset, request) -> queryset`. The
# agreements app adds the one that keeps a staff member to their agreement's records
# (audit is below agreements, so it is told rather than importing it).
RECORD_SCOPES: list = []


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read only, and only about the records the request may see (RECORD_SCOPES)."""

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        for narrow in RECORD_SCOPES:
            queryset = narrow(queryset, request)
        return queryset

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _person(user) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.email or user.get_username()


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "subject_label",
        "record_label",
        "old_label",
        "new_label",
        "by",
        "reason",
    ]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["reason", "new_status"]
    fields = [
        "at",
        "content_type",
        "object_id",
        "owner_type",
        "owner_id",
        "old_label",
        "new_label",
        "actor",
        "reason",
    ]
    readonly_fields = fields

    @admin.display(description=_("what changed"))
    def subject_label(self, obj: AuditEntry) -> str:
        return obj.subject

    @admin.display(description=_("record"))
    def record_label(self, obj: AuditEntry) -> str:
        return f"#{obj.object_id}"

    @admin.display(description=_("from"))
    def old_label(self, obj: AuditEntry) -> str:
        return status_label(obj.subject_model, obj.old_status) or "–"

    @admin.display(description=_("to"))
    def new_label(self, obj: AuditEntry) -> str:
        return status_label(obj.subject_model, obj.new_status)

    @admin.display(description=_("by"))
    def by(self, obj: AuditEntry) -> str:
        return _person(obj.actor)


@admin.register(SentNotification)
class OutboxAdmin(ReadOnlyAdmin):
    """What the portal sent to whom, when and about what."""

    list_display = ["sent_at", "recipient", "subject", "kind", "record_label", "occasion"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["content_type"]
    search_fields = ["recipient", "subject", "kind", "occasion"]
    date_hierarchy = "sent_at"
    fields = ["sent_at", "recipient", "subject", "kind", "content_type", "object_id", "occasion"]
    readonly_fields = fields

    @admin.display(description=_("about"))
    def record_label(self, obj: SentNotification) -> str:
        model = obj.content_type.model_class()
        name = model._meta.verbose_name if model else obj.content_type.model
        return f"{name} #{obj.object_id}"
