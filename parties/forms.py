"""The application form at /anslut/."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from agreements.models import Agreement, Sector
from parties import orgnr
from parties.models import ActivityArea, LegalForm, Municipality
from parties.services import ApplicationData

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,30}$")


def validate_pdf(upload) -> None:
    """Accept only a real PDF of at most 5 MB, judged by its content, not its name."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; it may be at most 5 MB."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(_("The file is not a PDF. Attach a PDF file."), code="not_pdf")
    try:
        reader = PdfReader(upload)
        if len(reader.pages) < 1:
            raise ValidationError(_("The PDF file has no pages."), code="empty_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise ValidationError(
            _("The PDF file could not be read. Save it again as PDF and attach it again."),
            code="broken_pdf",
        ) from None
    finally:
        upload.seek(0)


def validate_phone(value: str) -> None:
    if value and not PHONE_PATTERN.match(value):
        raise ValidationError(
            _("Write the phone number with digits, for example 070-123 45 67."), code="phone"
        )


def validate_http_url(value: str) -> None:
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValidationError(_("The address must begin with https:// or http://."))


def legal_form_problem(sector: str, legal_form: str) -> str | None:
    """Why this legal form does not fit the sector, or None when it does."""
    if legal_form in {value for value, _label in LegalForm.for_sector(sector)}:
        return None
    if legal_form in LegalForm.public_forms():
        return _("A municipality, region or state agency belongs to the public sector.")
    return _("A public-sector party is a municipality, a region or a state agency.")


class OrganisationDetailsForm(forms.Form):
    """The organisation's public details, as the application form and the contact
    person's edit page both ask for them."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Ten digits, for example 802400-1235."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        # Slugs, not ids: any posted text is a harmless lookup, never an integer overflow.
        to_field_name="slug",
        help_text=_(
            "Where the organisation mainly works. Choose the whole county if it works everywhere."
        ),
        empty_label=_("Choose municipality"),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of activity"),
        queryset=ActivityArea.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[validate_http_url],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    description = forms.CharField(
        label=_("Short description for the public register"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the organisation does, in a few sentences. At most 1,000 characters."),
    )

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        if self.fields["org_number"].disabled:
            return value
        return orgnr.normalise(value)


class ApplicationForm(OrganisationDetailsForm):
    field_order = [
        "name",
        "org_number",
        "sector",
        "legal_form",
        "municipality",
        "areas",
        "website",
        "description",
    ]

    sector = forms.ChoiceField(
        label=_("Sector"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Organisations in that sector cannot sign this agreement."),
        },
    )
    # The contact person
    contact_name = forms.CharField(
        label=_("Contact person's name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_role = forms.CharField(
        label=_("Contact person's role in the organisation"), max_length=100, required=False
    )
    contact_email = forms.EmailField(
        label=_("Contact person's email"),
        max_length=254,
        help_text=_("We send the receipt and a link to choose a password here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact person's phone"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    # Signatory and confirmations
    signatory_name = forms.CharField(
        label=_("Name of the person authorised to sign for the organisation"), max_length=150
    )
    signatory_role = forms.CharField(
        label=_("The signatory's role"),
        max_length=100,
        help_text=_("For example chair, or the person the board has authorised."),
    )
    supports_democratic_values = forms.BooleanField(
        label=_("The organisation supports democratic values and works according to them."),
        error_messages={"required": _("Confirm that the organisation supports democratic values.")},
    )
    endorses_agreement = forms.BooleanField(
        label=_("The organisation endorses the agreement as a whole."),
        error_messages={"required": _("Confirm that the organisation endorses the agreement.")},
    )
    decided_by_own_statutes = forms.BooleanField(
        label=_(
            "The organisation has decided to join according to its own statutes or rules of "
            "procedure."
        ),
        error_messages={
            "required": _("Confirm that the organisation decided to join under its statutes.")
        },
    )
    attachment = forms.FileField(
        label=_("Decision or signed form (PDF, optional)"),
        required=False,
        validators=[validate_pdf],
        help_text=_("For example the board's minutes. PDF, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    consents_to_processing = forms.BooleanField(
        label=_(
            "I have read how personal data is handled and agree that the contact details in "
            "this application are processed to administer the agreement."
        ),
        error_messages={"required": _("You must agree to the processing of personal data.")},
    )
    # Left empty by people; filled in by scripts that fill every field.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        labels = dict(Sector.choices)
        self.fields["sector"].choices = [
            (code, labels[code])
            for code in agreement.rules_on(timezone.localdate()).signing_sectors
            if code in labels
        ]
        self.fields["legal_form"].choices = [("", _("Choose legal form")), *LegalForm.choices]

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        sector, legal_form = cleaned.get("sector"), cleaned.get("legal_form")
        if sector and legal_form:
            problem = legal_form_problem(sector, legal_form)
            if problem:
                self.add_error("legal_form", problem)
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def to_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            name=data["name"],
            org_number=data["org_number"],
            sector=data["sector"],
            legal_form=data["legal_form"],
            municipality=data["municipality"],
            areas=list(data["areas"]),
            website=data["website"],
            description=data["description"],
            contact_name=data["contact_name"],
            contact_role=data["contact_role"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            signatory_name=data["signatory_name"],
            signatory_role=data["signatory_role"],
            attachment=data.get("attachment") or None,
        )
