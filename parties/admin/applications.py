"""Applications to join: review the submitted details and decide."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector
from audit.models import AuditEntry
from common.downloads import download_response
from parties.admin.decisions import APPROVE_APPLICATION, REJECT_APPLICATION, DecidingAdmin
from parties.admin.display import person, render_audit_trail
from parties.models import Application, ContactPerson, LegalForm


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
        "agreement",
        "submitted_at",
        "status",
    ]
    list_display_links = ["organisation_name"]
    list_filter = [
        "status",
        "membership__agreement",
        "membership__organisation__sector",
        "membership__organisation__municipality",
    ]
    list_select_related = [
        "membership__organisation",
        "membership__agreement",
        "membership__organisation__municipality",
    ]
    search_fields = ["membership__organisation__name", "membership__organisation__org_number"]
    ordering = ["-submitted_at", "-pk"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "agreement",
                    "status",
                    "submitted_at",
                    "contact_confirmation",
                ]
            },
        ),
        (_("Submitted details"), {"fields": ["submitted_details"]}),
        (_("Confirmations and attachment"), {"fields": ["confirmations", "attachment_link"]}),
        (_("Decision"), {"fields": ["decided_at", "decided_by_name", "decision_reason"]}),
        (_("The organisation's history"), {"fields": ["audit_trail"]}),
    ]
    readonly_fields = [
        "organisation",
        "agreement",
        "status",
        "submitted_at",
        "contact_confirmation",
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
        return (
            super()
            .get_queryset(request)
            .select_related("membership__organisation", "membership__agreement", "decided_by")
        )

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

    @admin.display(description=_("organisation"), ordering="membership__organisation__name")
    def organisation_name(self, obj: Application) -> str:
        return obj.submitted_data.get("name") or obj.organisation.name

    @admin.display(
        description=_("organisation number"), ordering="membership__organisation__org_number"
    )
    def org_number(self, obj: Application) -> str:
        return obj.submitted_data.get("org_number") or obj.organisation.org_number

    @admin.display(description=_("sector"), ordering="membership__organisation__sector")
    def sector(self, obj: Application) -> str:
        code = obj.submitted_data.get("sector") or obj.organisation.sector
        return str(dict(Sector.choices).get(code, code))

    @admin.display(
        description=_("municipality"), ordering="membership__organisation__municipality__name"
    )
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
    def decided_by_name(self, obj: Application) -> str:
        return person(obj.decided_by)

    @admin.display(description=_("contact person's consent"))
    def contact_confirmation(self, obj: Application) -> str:
        """Whether the named contact person has agreed (see parties.confirmation)."""
        contact = obj.contact
        if contact is None:
            return "–"
        if contact.awaits_confirmation and contact.ended_at is not None:
            return gettext("The holder of the existing account declined the role.")
        if contact.awaits_confirmation:
            return gettext(
                "The address belongs to an existing account. Its holder has not yet confirmed "
                "the role; the organisation has no contact person until they do."
            )
        confirmed = (
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(ContactPerson),
                object_id=contact.pk,
                new_status="confirmed",
            )
            .order_by("-at")
            .first()
        )
        if confirmed is not None:
            return gettext("Confirmed by the account's holder on %(date)s.") % {
                "date": date_format(confirmed.at, "j F Y")
            }
        return gettext(
            "Not needed: the application created the account, or its holder applied signed in."
        )

    @admin.display(description=_("status changes"))
    def audit_trail(self, obj: Application) -> str:
        entries = obj.organisation.audit_entries.select_related("actor", "content_type")
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
        # Verified as a PDF when it was uploaded (parties.forms.validate_pdf); still a
        # download, never shown in the staff member's browser.
        return download_response(
            handle, filename=f"{name}-{obj.pk}.pdf", content_type="application/pdf"
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="parties_application_attachment",
            )
        ]
        return own + super().get_urls()
