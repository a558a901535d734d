from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Goal, Principle, Sector


class InCurrentAgreement:
    """Admin mixin for records that belong to an agreement: a new one starts in the
    agreement in force."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        current = Agreement.objects.current()
        if current is not None:
            initial.setdefault("agreement", current.pk)
        return initial


class AgreementForm(forms.ModelForm):
    signing_sectors = forms.MultipleChoiceField(
        label=_("sectors that may sign"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        exclude: list[str] = []


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementForm
    list_display = ["title", "version", "status", "valid_from", "valid_until", "review_due"]
    list_filter = ["status"]
    search_fields = ["title", "region_name"]
    inlines = [GoalInline, PrincipleInline]
    fieldsets = [
        (None, {"fields": ["title", "region_name", "version", "replaces", "status"]}),
        (_("Validity"), {"fields": ["adopted_on", "valid_from", "valid_until", "review_due"]}),
        (_("Text"), {"fields": ["introduction", "vision", "purpose"]}),
        (_("Joining"), {"fields": ["signing_sectors"]}),
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
    list_display = ["name", "agreement", "order"]
    list_filter = ["agreement"]
    list_select_related = ["agreement"]
    prepopulated_fields = {"slug": ("name",)}
    ordering = ["agreement", "order"]
