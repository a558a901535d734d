"""Activities: the list, the form, bulk status changes, the timeline of updates, and the
spreadsheet round trip (django-import-export, see `actionplan.resources`)."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from actionplan import services
from actionplan.models import Activity, ActivityUpdate, Status
from actionplan.resources import ActivityCSV, ActivityResource, ActivityXLSX
from actionplan.spreadsheet import SpreadsheetError
from agreements.staff import ScopedAdmin, working_agreement

# ---- the form -----------------------------------------------------------------------------


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no database key can hold before asking the database: SQLite cannot
    even bind such a number and would fail with an error instead of "not found"."""

    LARGEST_KEY = 2**63 - 1

    def _check_values(self, value):
        for pk in value or ():
            digits = str(pk).strip().removeprefix("-")
            if digits.isascii() and digits.isdigit() and int(digits) > self.LARGEST_KEY:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ActivityForm(forms.ModelForm):
    # Checked in clean() by the rule the services use, with its message.
    progress = forms.IntegerField(
        label=_("progress (%)"),
        required=False,
        help_text=_(
            "A number from 0 to 100. Status done sets it to 100; "
            "planned without a number sets it to 0."
        ),
    )

    class Meta:
        model = Activity
        field_classes = {
            "responsible": BoundedModelMultipleChoiceField,
            "perspectives": BoundedModelMultipleChoiceField,
        }
        fields = [
            "annual_plan",
            "objective",
            "area",
            "title",
            "description",
            "lead_party",
            "responsible",
            "starts_on",
            "ends_on",
            "status",
            "progress",
            "weight",
            "perspectives",
        ]

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status and "progress" not in self.errors:
            try:
                data["progress"] = services.check_values(status, data.get("progress"))
            except services.PlanError as error:
                self.add_error("progress", str(error))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("An activity cannot end before it starts."))
        return data


# ---- the timeline -------------------------------------------------------------------------


class ActivityUpdateInline(admin.TabularInline):
    model = ActivityUpdate
    fields = ["date", "status", "progress", "text", "by", "by_party", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("by", "by_party")


# ---- bulk status changes ------------------------------------------------------------------


def status_action(status: Status):
    def action(modeladmin, request: HttpRequest, queryset) -> None:
        changed = services.set_status(queryset.order_by("pk"), by=request.user, status=status.value)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d activity set to %(status)s; each change is on its timeline.",
                "%(count)d activities set to %(status)s; each change is on their timelines.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    action.__name__ = f"set_status_{status.value}"
    return admin.action(
        description=format_lazy("{}: {}", _("Set status"), status.label),
        permissions=["change"],
    )(action)


# ---- the activities -----------------------------------------------------------------------


@admin.register(Activity)
class ActivityAdmin(ImportExportMixin, ScopedAdmin, admin.ModelAdmin):
    form = ActivityForm
    list_display = ["title", "year", "objective", "area", "status", "progress", "lead_party"]
    list_select_related = ["annual_plan", "objective", "area", "lead_party"]
    list_filter = [
        "annual_plan__year",
        "status",
        "area",
        ("objective__area", admin.RelatedOnlyFieldListFilter),
        ("lead_party", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "description", "objective__title", "lead_party__name"]
    filter_horizontal = ["responsible", "perspectives"]
    readonly_fields = ["carried_from"]
    inlines = [ActivityUpdateInline]
    actions = [
        status_action(Status.ONGOING),
        status_action(Status.DONE),
        status_action(Status.POSTPONED),
        status_action(Status.CANCELLED),
    ]

    # The spreadsheet round trip.
    resource_classes = [ActivityResource]
    import_formats = [ActivityCSV, ActivityXLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    # With a byte-order mark Excel opens the CSV as UTF-8 (å, ä, ö intact).
    to_encoding = "utf-8-sig"
    import_template_name = "admin/actionplan/activity/import.html"

    @admin.display(description=_("year"), ordering="annual_plan__year")
    def year(self, activity: Activity) -> int:
        return activity.annual_plan.year

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_fields(request, obj))
        return (
            fields
            if obj is not None and obj.carried_from_id
            else [name for name in fields if name != "carried_from"]
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Activity, form, change: bool) -> None:
        """Other fields saved as they are; status and progress as a step on the timeline."""
        status, progress = obj.status, obj.progress
        if change:
            obj.status, obj.progress = (
                Activity.objects.filter(pk=obj.pk).values_list("status", "progress").get()
            )
        else:
            obj.status, obj.progress = Status.PLANNED, 0
        super().save_model(request, obj, form, change)
        if (status, progress) != (obj.status, obj.progress):
            services.update_progress(
                obj,
                by=request.user,
                status=status,
                progress=progress,
                text=gettext("Changed in the administration."),
                check_permission=False,
            )
            obj.status, obj.progress = status, progress

    # ---- import and export ----------------------------------------------------------------

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("actionplan.add_activity") and request.user.has_perm(
            "actionplan.change_activity"
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        # Imports and exports work in the agreement the admin works in.
        return {
            **super().get_resource_kwargs(request, *args, **kwargs),
            "agreement": working_agreement(request),
        }

    def get_import_data_kwargs(self, **kwargs):
        # One refused row and nothing is saved, not even the rows before it.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, error) -> None:
        if isinstance(error, SpreadsheetError):
            form.add_error("import_file", error.message)
        else:
            form.add_error(
                "import_file",
                gettext("The file could not be read. Choose the format it is in: CSV or XLSX."),
            )

    def process_result(self, result, request: HttpRequest):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between the preview and the confirmation: all rolled back.
            self.message_user(
                request,
                gettext("Nothing was imported: a row was refused. Upload the file again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_import",
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request: HttpRequest) -> None:
        totals = result.totals
        self.message_user(
            request,
            gettext(
                "Import finished: %(new)d new activities, %(updated)d updated, "
                "%(skipped)d unchanged."
            )
            % {
                "new": totals["new"],
                "updated": totals["update"],
                "skipped": totals["skip"],
            },
            messages.SUCCESS,
        )
