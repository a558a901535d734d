"""Organisations (once per organisation number, with their contact persons) and their
memberships of agreements (with applications, withdrawals and history)."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parties.admin.decisions import REGISTER_WRITTEN_WITHDRAWAL, DecisionPages
from parties.admin.display import render_audit_trail
from parties.forms import legal_form_problem
from parties.models import Application, ContactPerson, Membership, Organisation, Withdrawal


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


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["agreement", "status", "joined_on", "withdrawn_on"]
    readonly_fields = fields
    show_change_link = True


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


class OrganisationAdminForm(forms.ModelForm):
    """The details staff may correct. The sector is read-only; the legal form must fit it."""

    class Meta:
        model = Organisation
        # The admin builds the form with the editable fields of its fieldsets.
        fields = ["legal_form"]

    def clean_legal_form(self) -> str:
        legal_form = self.cleaned_data["legal_form"]
        problem = legal_form_problem(self.instance.sector, legal_form)
        if problem:
            raise forms.ValidationError(problem)
        return legal_form


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "org_number", "sector", "municipality"]
    list_filter = ["sector", "municipality", "legal_form"]
    list_select_related = ["municipality"]
    search_fields = ["name", "org_number"]
    fieldsets = [
        (None, {"fields": ["name", "org_number"]}),
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
        (_("Status changes (newest first)"), {"fields": ["audit_trail"]}),
    ]
    # Identity changes only through the services (change requests). The sector decides the
    # counts per sector and the steering group's balance.
    readonly_fields = ["name", "org_number", "sector", "slug", "audit_trail"]
    inlines = [ContactPersonInline, MembershipInline]
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

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: Organisation) -> str:
        return render_audit_trail(obj.audit_entries.select_related("actor", "content_type"))


@admin.register(Membership)
class MembershipAdmin(DecisionPages, admin.ModelAdmin):
    # A withdrawal that came by letter or email; the portal's notices go to Withdrawals.
    decisions = (REGISTER_WRITTEN_WITHDRAWAL,)
    actions = ["register_written_withdrawal"]
    decision_headers = (
        _("Organisation"),
        _("Organisation number"),
        _("Sector"),
        _("Municipality"),
        _("Agreement"),
        _("Status"),
    )
    list_display = [
        "organisation",
        "org_number",
        "sector",
        "agreement",
        "status",
        "joined_on",
        "withdrawn_on",
    ]
    list_filter = ["status", "agreement", "organisation__sector", "organisation__municipality"]
    list_select_related = ["organisation", "organisation__municipality", "agreement"]
    search_fields = ["organisation__name", "organisation__org_number"]
    ordering = ["organisation__name", "pk"]
    fields = ["organisation", "agreement", "status", "joined_on", "withdrawn_on", "audit_trail"]
    # Status changes only through the services (decisions on applications and withdrawals).
    readonly_fields = fields
    inlines = [ApplicationInline, WithdrawalInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("organisation number"), ordering="organisation__org_number")
    def org_number(self, obj: Membership) -> str:
        return obj.organisation.org_number

    @admin.display(description=_("sector"), ordering="organisation__sector")
    def sector(self, obj: Membership) -> str:
        return obj.organisation.get_sector_display()

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: Membership) -> str:
        entries = obj.organisation.audit_entries.select_related("actor", "content_type")
        return render_audit_trail(entries)

    # -- registering a withdrawal received in writing

    def may_decide(self, request: HttpRequest) -> bool:
        # The decision registers a withdrawal: it needs the right to decide withdrawals,
        # not only the right to correct an organisation's details.
        opts = Withdrawal._meta
        return self.has_view_or_change_permission(request) and request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def has_register_withdrawal_permission(self, request: HttpRequest) -> bool:
        return self.may_decide(request)

    @admin.action(
        description=_("Register a withdrawal received in writing"),
        permissions=["register_withdrawal"],
    )
    def register_written_withdrawal(self, request, queryset):
        decision = REGISTER_WRITTEN_WITHDRAWAL
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(
                request,
                gettext(
                    "Choose one membership at a time to register a withdrawal received in writing."
                ),
                messages.WARNING,
            )
            return None
        if not decision.is_open(chosen[0]):
            self.message_user(
                request,
                gettext("%(record)s: %(error)s") % {"record": chosen[0], "error": decision.closed},
                messages.WARNING,
            )
            return None
        return self.decide_selected(request, queryset, decision)

    def decision_row(self, obj: Membership) -> list:
        organisation = obj.organisation
        return [
            organisation.name,
            organisation.org_number,
            organisation.get_sector_display(),
            organisation.municipality.name,
            str(obj.agreement),
            obj.get_status_display(),
        ]
