from django import forms
from django.contrib import admin
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


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


class PrincipleInline(admin.StackedInline):
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


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "order"]
    list_filter = ["version"]
    list_select_related = ["version"]
    prepopulated_fields = {"slug": ("name",)}
    ordering = ["version", "order"]
