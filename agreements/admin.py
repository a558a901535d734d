from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from agreements import staff
from agreements.models import Agreement, AgreementRole, Goal, Principle, Sector, Version
from audit.admin import RECORD_SCOPES
from common.roles import PROCESS_LEADER

# Admin mixin for records that belong to an agreement (the active one; see agreements.staff).
ScopedAdmin = staff.ScopedAdmin

# The audit trail and the outbox: only rows about the active agreement's records.
if staff.limit_records_to_scope not in RECORD_SCOPES:
    RECORD_SCOPES.append(staff.limit_records_to_scope)


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


def leads(user, agreement) -> bool:
    """Whether `user` may hand out roles in `agreement`: a superuser, or its process leader."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if agreement is None or not user.groups.filter(name=PROCESS_LEADER).exists():
        return False
    return staff.holds_role(user, agreement, AgreementRole.Kind.PROCESS_LEADER)


class AgreementRoleInline(admin.TabularInline):
    """Who works in the agreement, and as what (their group says what they may do)."""

    model = AgreementRole
    fields = ["user", "kind", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_active=True, is_staff=True).order_by("email")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.is_superuser or (obj is not None and staff.holds_role(user, obj))

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and leads(request.user, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is not None and leads(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and leads(request.user, obj)


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "level", "region_name", "domain"]
    list_filter = ["level"]
    search_fields = ["name", "region_name", "slug", "domain"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [VersionInline, AgreementRoleInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "level", "region_name", "domain", "language"]}),
        (
            _("Emails and the report"),
            {"fields": ["email_name", "steering_email", "accessibility_email"]},
        ),
        (
            _("Personal data"),
            {
                "fields": [
                    "controller_name",
                    "controller_org_number",
                    "controller_address",
                    "controller_email",
                    "controller_phone",
                    "dpo_email",
                ],
                "description": _(
                    "Empty: the installation's data controller. A municipality hosting its own "
                    "agreement is usually its own controller."
                ),
            },
        ),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change and not request.user.is_superuser:
            # Whoever starts an agreement works in it, or they could not see it.
            AgreementRole.objects.get_or_create(
                agreement=obj, user=request.user, kind=AgreementRole.Kind.PROCESS_LEADER
            )

    def get_urls(self):
        switch = path(
            "switch/",
            self.admin_site.admin_view(self.switch_view),
            name="agreements_agreement_switch",
        )
        return [switch, *super().get_urls()]

    def switch_view(self, request):
        """The header's switcher: work in another of one's agreements (or, for a superuser,
        in all), then back to the page one came from."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        staff.choose(request, request.POST.get("agreement", ""))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.admin_site.name)
        return HttpResponseRedirect(target)


@admin.register(Version)
class VersionAdmin(ScopedAdmin, admin.ModelAdmin):
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
class PrincipleAdmin(ScopedAdmin, admin.ModelAdmin):
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
