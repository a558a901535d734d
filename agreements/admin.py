from django import forms
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Goal, Principle, Sector, Version


class InCurrentAgreement:
    """Admin mixin for records that belong to an agreement: a new one starts in the
    agreement in force."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        current = Agreement.objects.current()
        if current is not None:
            initial.setdefault("agreement", current.pk)
        return initial


class VersionForm(forms.ModelForm):
    signing_sectors = forms.MultipleChoiceField(
        label=_("sectors that may sign"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Version
        exclude: list[str] = []


class DraftOnly:
    """An inline of a version's text: editable while the version is a draft, then as adopted."""

    def _is_draft(self, obj) -> bool:
        return obj is None or obj.status == Version.Status.DRAFT

    def has_add_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


class GoalInline(DraftOnly, admin.StackedInline):
    model = Goal
    extra = 0


class PrincipleInline(DraftOnly, admin.StackedInline):
    model = Principle
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["number", "title", "status", "valid_from", "valid_until"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region_name"]
    search_fields = ["name", "region_name"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [VersionInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = ["title", "number", "status", "valid_from", "valid_until", "review_due"]
    list_filter = ["status", "agreement"]
    list_select_related = ["agreement"]
    search_fields = ["title"]
    inlines = [GoalInline, PrincipleInline]
    fieldsets = [
        (None, {"fields": ["agreement", "title", "number", "replaces", "status"]}),
        (_("Validity"), {"fields": ["adopted_on", "valid_from", "valid_until", "review_due"]}),
        (_("Text"), {"fields": ["introduction", "vision", "purpose"]}),
        (_("Joining"), {"fields": ["signing_sectors", "renewal_required"]}),
        (
            _("Steering group rules"),
            {
                "fields": [
                    "steering_balanced",
                    "steering_chairs_from_different_sectors",
                    "steering_chair_mandate_months",
                    "steering_max_seats_per_party",
                    "quorum_percent",
                    "quorum_each_sector",
                    "per_capsulam_rule",
                ]
            },
        ),
    ]
    # Moved only by the services: adoption by the steering group's decision, coming into
    # force on the start date (agreements.revision, steering.adoption).
    service_fields = ["agreement", "number", "replaces", "status", "adopted_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.status == Version.Status.DRAFT:
            return self.service_fields
        # An adopted version's text is what was adopted.
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        links = []
        if obj is not None:
            links.append(
                {
                    "url": reverse("agreements:changes", args=[obj.number]),
                    "label": _("What changed (public page)"),
                }
            )
            if obj.status == Version.Status.DRAFT:
                try:
                    url = reverse(
                        "admin:steering_decision_adopt_version",
                        args=[obj.pk],
                        current_app=self.admin_site.name,
                    )
                except NoReverseMatch:  # the steering app is not installed
                    url = ""
                if url:
                    links.append(
                        {
                            "url": url,
                            "label": _("Record the steering group's adoption at a meeting"),
                        }
                    )
        extra_context["tool_links"] = links
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "order"]
    list_filter = ["version"]
    list_select_related = ["version"]
    prepopulated_fields = {"slug": ("name",)}
    ordering = ["version", "order"]

    def get_actions(self, request):
        # One at a time, from its page, where an adopted version's principle is refused.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # A principle of an adopted version is what was adopted; a draft's may still change.
    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.version.status != Version.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.version.status != Version.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)
