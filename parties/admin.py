"""The steering group's workplace: review and decide applications, withdrawals and changes.

Nothing here changes a status by itself. Every decision goes through a function in
`parties.services` (one transaction, one audit record), reached from an admin action on
the list or from the Approve/Reject buttons on a record's page; both show the same
intermediate decision page first. Nothing that a party did can be deleted here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector
from parties import services
from parties.forms_admin import DecisionForm, RegistrationForm, RejectionForm
from parties.models import (
    ActivityArea,
    Application,
    AuditEntry,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    LegalForm,
    Municipality,
    Organisation,
    Withdrawal,
)

# ---- helpers ------------------------------------------------------------------------------


def person(user) -> str:
    """How a staff member or contact is named in lists: full name, else email."""
    if user is None:
        return "–"
    return user.get_full_name() or user.email or user.get_username()


WITHDRAWAL_STEPS = {
    "notice_given": _("Notice given"),
    "registered": _("Registered"),
}
STATUS_LABELS = {
    AuditEntry.Subject.ORGANISATION: dict(Organisation.Status.choices),
    AuditEntry.Subject.APPLICATION: dict(Application.Status.choices),
    AuditEntry.Subject.CHANGE_REQUEST: dict(ChangeRequest.Status.choices),
    AuditEntry.Subject.WITHDRAWAL: WITHDRAWAL_STEPS,
}


def status_label(entry: AuditEntry, value: str) -> str:
    if not value:
        return "–"
    return str(STATUS_LABELS.get(entry.subject, {}).get(value, value))


def render_audit_trail(entries) -> str:
    rows = [
        {
            "at": entry.at,
            "subject": entry.get_subject_display(),
            "old": status_label(entry, entry.old_status),
            "new": status_label(entry, entry.new_status),
            "actor": person(entry.actor),
            "reason": entry.reason,
        }
        for entry in entries
    ]
    return render_to_string("admin/parties/includes/audit_trail.html", {"rows": rows})


def submitted_rows(data: dict) -> list[tuple[str, Any]]:
    """The snapshot of an application as (label, value) pairs, labels translated."""
    sectors = dict(Sector.choices)
    legal_forms = dict(LegalForm.choices)
    sector, legal_form = data.get("sector", ""), data.get("legal_form", "")
    return [
        (_("Name"), data.get("name")),
        (_("Organisation number"), data.get("org_number")),
        (_("Sector"), sectors.get(sector, sector)),
        (_("Legal form"), legal_forms.get(legal_form, legal_form)),
        (_("Municipality"), data.get("municipality")),
        (_("Areas of activity"), ", ".join(data.get("areas") or [])),
        (_("Website"), data.get("website")),
        (_("Short public description"), data.get("description")),
        (_("Contact person"), data.get("contact_name")),
        (_("Contact person's role"), data.get("contact_role")),
        (_("Contact person's email"), data.get("contact_email")),
        (_("Contact person's phone"), data.get("contact_phone")),
        (_("Authorised signatory"), data.get("signatory_name")),
        (_("Signatory's role"), data.get("signatory_role")),
    ]


# ---- decisions: one intermediate page for actions and record pages -------------------------


@dataclass(frozen=True)
class Decision:
    """One kind of decision the admin can take, and the service that takes it."""

    name: str  # the action's name and the last part of the record page's URL
    button: Any  # the link on the record page
    title: Any  # the heading of the decision page
    explanation: Any  # what happens when it is confirmed
    confirm: Any  # the confirm button
    form_class: type[forms.Form]
    perform: Callable[[Any, Any, str], Any]  # (record, user, text) → calls the service
    done: Callable[[int], str]  # success message for n records
    is_open: Callable[[Any], bool]  # may this record still be decided?


APPROVE_APPLICATION = Decision(
    name="approve",
    button=_("Approve"),
    title=_("Approve applications"),
    explanation=_(
        "The organisations become parties to the agreement from today, are shown in the "
        "public register, and their contact persons are told by email."
    ),
    confirm=_("Approve"),
    form_class=DecisionForm,
    perform=lambda app, user, text: services.approve_application(app, by=user, reason=text),
    done=lambda n: (
        ngettext("%(count)d application was approved.", "%(count)d applications were approved.", n)
        % {"count": n}
    ),
    is_open=lambda app: app.status == Application.Status.PENDING,
)

REJECT_APPLICATION = Decision(
    name="reject",
    button=_("Reject"),
    title=_("Reject applications"),
    explanation=_(
        "The applications are rejected with the reason below, which is sent to each "
        "organisation's contact person."
    ),
    confirm=_("Reject"),
    form_class=RejectionForm,
    perform=lambda app, user, text: services.reject_application(app, by=user, reason=text),
    done=lambda n: (
        ngettext("%(count)d application was rejected.", "%(count)d applications were rejected.", n)
        % {"count": n}
    ),
    is_open=lambda app: app.status == Application.Status.PENDING,
)

REGISTER_WITHDRAWAL = Decision(
    name="register",
    button=_("Register the withdrawal"),
    title=_("Register withdrawals"),
    explanation=_(
        "The organisations stop being parties to the agreement from today. They are removed "
        "from the public register; their history is kept."
    ),
    confirm=_("Register"),
    form_class=RegistrationForm,
    perform=lambda w, user, text: services.register_withdrawal(w, by=user, note=text),
    done=lambda n: (
        ngettext(
            "%(count)d withdrawal was registered.", "%(count)d withdrawals were registered.", n
        )
        % {"count": n}
    ),
    is_open=lambda w: not w.is_registered,
)

APPROVE_CHANGE = Decision(
    name="approve",
    button=_("Approve"),
    title=_("Approve changes of name or organisation number"),
    explanation=_(
        "The organisations' names and numbers are changed as requested, also in the public "
        "register, and their contact persons are told by email."
    ),
    confirm=_("Approve"),
    form_class=DecisionForm,
    perform=lambda change, user, text: services.approve_change(change, by=user, reason=text),
    done=lambda n: (
        ngettext("%(count)d change was approved.", "%(count)d changes were approved.", n)
        % {"count": n}
    ),
    is_open=lambda change: change.status == ChangeRequest.Status.PENDING,
)

REJECT_CHANGE = Decision(
    name="reject",
    button=_("Reject"),
    title=_("Reject changes of name or organisation number"),
    explanation=_(
        "The names and numbers stay as they are. The reason below is sent to each "
        "organisation's contact person."
    ),
    confirm=_("Reject"),
    form_class=RejectionForm,
    perform=lambda change, user, text: services.reject_change(change, by=user, reason=text),
    done=lambda n: (
        ngettext("%(count)d change was rejected.", "%(count)d changes were rejected.", n)
        % {"count": n}
    ),
    is_open=lambda change: change.status == ChangeRequest.Status.PENDING,
)


class DecidingAdmin(admin.ModelAdmin):
    """A read-only record whose status changes only by decisions (see `decisions`).

    The record page is view-only for everyone; the decisions need the model's change
    permission, like the actions that take them.
    """

    decisions: tuple[Decision, ...] = ()
    decision_template = "admin/parties/decision.html"
    decision_headers: tuple = ()

    def decision_row(self, obj) -> list:
        """The cells describing one record on the decision page; the first names it."""
        raise NotImplementedError

    # -- permissions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A record's page never saves (no field is editable); the model-level permission
        # (obj is None) is what the decisions and their actions need.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def may_decide(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    # -- the decision page

    def _decision_page(
        self,
        request: HttpRequest,
        objects: list,
        decision: Decision,
        form: forms.Form,
        *,
        from_changelist: bool,
        cancel_url: str,
        status: int = 200,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "subtitle": None,
            "opts": self.opts,
            "decision": decision,
            "headers": self.decision_headers,
            "rows": [(obj, self.decision_row(obj), decision.is_open(obj)) for obj in objects],
            "form": form,
            "from_changelist": from_changelist,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": cancel_url,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.decision_template, context, status=status)

    def _carry_out(self, request: HttpRequest, objects: list, decision: Decision, text: str) -> int:
        """Take the decision on each record; report what could not be done, and the count."""
        done = 0
        for obj in objects:
            try:
                decision.perform(obj, request.user, text)
            except services.PartyError as error:
                self.message_user(
                    request,
                    gettext("%(record)s: %(error)s") % {"record": obj, "error": error},
                    messages.WARNING,
                )
            else:
                done += 1
                self.log_change(request, obj, str(decision.title))
        if done:
            self.message_user(request, decision.done(done), messages.SUCCESS)
        return done

    def decide_selected(self, request: HttpRequest, queryset: QuerySet, decision: Decision):
        """Body of an action: the decision page first, the decision on its confirmation."""
        confirmed = request.POST.get("post") == "yes"
        form = decision.form_class(request.POST if confirmed else None)
        objects = list(queryset)
        if confirmed and form.is_valid():
            self._carry_out(request, objects, decision, form.text())
            return None  # back to the list
        return self._decision_page(
            request,
            objects,
            decision,
            form,
            from_changelist=True,
            cancel_url=request.get_full_path(),
            status=400 if confirmed else 200,
        )

    def decision_view(self, request: HttpRequest, object_id: str, decision: Decision):
        """The same decision for one record, from the record's own page."""
        if not self.may_decide(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse(
            admin_urlname(self.opts, "change"),
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        if not decision.is_open(obj):
            self.message_user(request, gettext("This has already been decided."), messages.INFO)
            return HttpResponseRedirect(change_url)
        posted = request.method == "POST"
        form = decision.form_class(request.POST if posted else None)
        if posted and form.is_valid():
            self._carry_out(request, [obj], decision, form.text())
            return HttpResponseRedirect(change_url)
        return self._decision_page(
            request,
            [obj],
            decision,
            form,
            from_changelist=False,
            cancel_url=change_url,
            status=400 if posted else 200,
        )

    def get_urls(self):
        def view_for(decision: Decision):
            def view(request, object_id):
                return self.decision_view(request, object_id, decision)

            return self.admin_site.admin_view(view)

        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                f"<path:object_id>/{decision.name}/",
                view_for(decision),
                name="{}_{}_{}".format(*info, decision.name),
            )
            for decision in self.decisions
        ]
        # Before the defaults: their catch-all `<path:object_id>/` would take these.
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if self.may_decide(request):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                info = self.opts.app_label, self.opts.model_name
                extra_context["decision_links"] = [
                    {
                        "url": reverse(
                            "admin:{}_{}_{}".format(*info, decision.name),
                            args=[quote(obj.pk)],
                            current_app=self.admin_site.name,
                        ),
                        "label": decision.button,
                    }
                    for decision in self.decisions
                    if decision.is_open(obj)
                ]
        return super().change_view(request, object_id, form_url, extra_context)


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


# ---- applications -------------------------------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(DecidingAdmin):
    decisions = (APPROVE_APPLICATION, REJECT_APPLICATION)
    actions = ["approve", "reject"]
    # The "site" of an application is the applicant's private receipt page.
    view_on_site = False
    list_display = [
        "organisation_name",
        "org_number",
        "sector",
        "municipality",
        "submitted_at",
        "status",
    ]
    list_display_links = ["organisation_name"]
    list_filter = ["status", "organisation__sector", "organisation__municipality"]
    list_select_related = ["organisation", "organisation__municipality"]
    search_fields = ["organisation__name", "organisation__org_number"]
    ordering = ["-submitted_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["organisation", "status", "submitted_at"]}),
        (_("Submitted details"), {"fields": ["submitted_details"]}),
        (_("Confirmations and attachment"), {"fields": ["confirmations", "attachment_link"]}),
        (_("Decision"), {"fields": ["decided_at", "decided_by_name", "decision_reason"]}),
        (_("The organisation's history"), {"fields": ["audit_trail"]}),
    ]
    readonly_fields = [
        "organisation",
        "status",
        "submitted_at",
        "submitted_details",
        "confirmations",
        "attachment_link",
        "decided_at",
        "decided_by_name",
        "decision_reason",
        "audit_trail",
    ]
    decision_headers = (
        _("Organisation"),
        _("Organisation number"),
        _("Sector"),
        _("Municipality"),
        _("Submitted"),
        _("Status"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "decided_by")

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        return self.decide_selected(request, queryset, APPROVE_APPLICATION)

    @admin.action(description=_("Reject selected applications"), permissions=["change"])
    def reject(self, request, queryset):
        return self.decide_selected(request, queryset, REJECT_APPLICATION)

    def decision_row(self, obj: Application) -> list:
        return [
            self.organisation_name(obj),
            self.org_number(obj),
            self.sector(obj),
            self.municipality(obj),
            date_format(obj.submitted_at, "SHORT_DATE_FORMAT"),
            obj.get_status_display(),
        ]

    # -- list columns: what was submitted, else the organisation as it is now

    @admin.display(description=_("organisation"), ordering="organisation__name")
    def organisation_name(self, obj: Application) -> str:
        return obj.submitted_data.get("name") or obj.organisation.name

    @admin.display(description=_("organisation number"), ordering="organisation__org_number")
    def org_number(self, obj: Application) -> str:
        return obj.submitted_data.get("org_number") or obj.organisation.org_number

    @admin.display(description=_("sector"), ordering="organisation__sector")
    def sector(self, obj: Application) -> str:
        code = obj.submitted_data.get("sector") or obj.organisation.sector
        return str(dict(Sector.choices).get(code, code))

    @admin.display(description=_("municipality"), ordering="organisation__municipality__name")
    def municipality(self, obj: Application) -> str:
        return obj.submitted_data.get("municipality") or obj.organisation.municipality.name

    # -- the record page

    @admin.display(description=_("as submitted"))
    def submitted_details(self, obj: Application) -> str:
        rows = submitted_rows(obj.submitted_data or {})
        return render_to_string("admin/parties/includes/details.html", {"rows": rows})

    @admin.display(description=_("the organisation confirmed"))
    def confirmations(self, obj: Application) -> str:
        names = [
            "supports_democratic_values",
            "endorses_agreement",
            "decided_by_own_statutes",
            "consents_to_processing",
        ]
        rows = [
            (Application._meta.get_field(name).verbose_name, getattr(obj, name)) for name in names
        ]
        return render_to_string("admin/parties/includes/confirmations.html", {"rows": rows})

    @admin.display(description=_("attachment"))
    def attachment_link(self, obj: Application) -> str:
        if not obj.attachment:
            return gettext("No attachment")
        url = reverse(
            "admin:parties_application_attachment",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, gettext("Open the attached PDF"))

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj: Application) -> str | None:
        return person(obj.decided_by) if obj.decided_by_id else None

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: Application) -> str:
        entries = obj.organisation.audit_entries.select_related("actor")
        return render_audit_trail(entries)

    # -- the attachment, for staff only (MEDIA is not served publicly)

    def attachment_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not obj.attachment:
            raise Http404(gettext("This application has no attachment."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        try:
            handle = obj.attachment.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("The attached file is missing.")) from None
        name = slugify(self.organisation_name(obj)) or "application"
        response = FileResponse(
            handle, content_type="application/pdf", filename=f"{name}-{obj.pk}.pdf"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="parties_application_attachment",
            )
        ]
        return own + super().get_urls()


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
    list_display = ["organisation", "notice_date", "given_by_name", "created_at", "registered_at"]
    list_filter = [RegisteredFilter]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__org_number", "given_by_name"]
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
        return super().get_queryset(request).select_related("organisation", "registered_by")

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


# ---- changes of name or number ------------------------------------------------------------


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DecidingAdmin):
    decisions = (APPROVE_CHANGE, REJECT_CHANGE)
    actions = ["approve", "reject"]
    list_display = [
        "organisation",
        "current_name",
        "new_name",
        "current_org_number",
        "new_org_number",
        "requested_at",
        "status",
    ]
    list_filter = ["status"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "current_name", "new_name", "new_org_number"]
    fields = [
        "organisation",
        "current_name",
        "new_name",
        "current_org_number",
        "new_org_number",
        "requested_at",
        "status",
        "decided_at",
        "decided_by_name",
        "decision_reason",
    ]
    readonly_fields = fields
    decision_headers = (
        _("Organisation"),
        _("Name"),
        _("Organisation number"),
        _("Requested"),
        _("Status"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "decided_by")

    @admin.action(
        description=_("Approve selected changes of name or number"), permissions=["change"]
    )
    def approve(self, request, queryset):
        return self.decide_selected(request, queryset, APPROVE_CHANGE)

    @admin.action(
        description=_("Reject selected changes of name or number"), permissions=["change"]
    )
    def reject(self, request, queryset):
        return self.decide_selected(request, queryset, REJECT_CHANGE)

    def decision_row(self, obj: ChangeRequest) -> list:
        return [
            obj.organisation.name,
            f"{obj.current_name} → {obj.new_name}",
            f"{obj.current_org_number} → {obj.new_org_number}",
            date_format(obj.requested_at, "SHORT_DATE_FORMAT"),
            obj.get_status_display(),
        ]

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj: ChangeRequest) -> str | None:
        return person(obj.decided_by) if obj.decided_by_id else None


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


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "organisation", "subject", "old_status", "new_status", "actor", "reason"]
    list_filter = ["subject"]
    list_select_related = ["organisation", "actor"]
    search_fields = ["organisation__name", "organisation__org_number"]
    fields = [
        "at",
        "organisation",
        "subject",
        "object_id",
        "old_status",
        "new_status",
        "actor",
        "reason",
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
