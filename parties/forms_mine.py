"""Forms of the contact person's own pages (/min-organisation/)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parties import orgnr
from parties.forms import validate_phone
from parties.models import ActivityArea, ContactPerson, LegalForm, Municipality, Organisation


def legal_forms_for(sector: str) -> list[tuple[str, str]]:
    return LegalForm.for_sector(sector)


class DetailsForm(forms.Form):
    """The organisation's details and the contact person's own, on one page."""

    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        help_text=_("A new name is shown once the steering group has approved it."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_(
            "Ten digits, for example 802400-1235. A new number is used once the steering "
            "group has approved it."
        ),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        # Slugs, not ids: any posted text is a harmless lookup, never an integer overflow.
        to_field_name="slug",
        help_text=_("Where the organisation mainly works."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of activity"),
        queryset=ActivityArea.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.se"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    description = forms.CharField(
        label=_("Short public description"),
        max_length=1000,
        required=False,
        help_text=_("Shown in the public register. At most 1000 characters."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(
        self,
        *args,
        organisation: Organisation,
        contact: ContactPerson,
        name_change_pending: bool = False,
        **kwargs,
    ):
        kwargs.setdefault(
            "initial",
            {
                "name": organisation.name,
                "org_number": organisation.org_number,
                "legal_form": organisation.legal_form,
                "municipality": organisation.municipality.slug,
                "areas": [area.slug for area in organisation.areas.all()],
                "website": organisation.website,
                "description": organisation.description,
                "contact_name": contact.name,
                "contact_role": contact.role,
                "contact_phone": contact.phone,
            },
        )
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Offer only the forms that fit the sector; the field still accepts every form so
        # that clean_legal_form can say what is wrong instead of "not a valid choice".
        self.fields["legal_form"].widget.choices = legal_forms_for(organisation.sector)
        if name_change_pending:
            for name in ("name", "org_number"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "A change of name or number is waiting for the steering group's decision."
                )

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        if self.fields["org_number"].disabled:
            return value
        return orgnr.normalise(value)

    def clean_legal_form(self) -> str:
        value = self.cleaned_data["legal_form"]
        allowed = {choice for choice, _label in legal_forms_for(self.organisation.sector)}
        if value not in allowed:
            if value in LegalForm.public_forms():
                raise ValidationError(
                    _("A municipality, region or state agency belongs to the public sector."),
                    code="sector",
                )
            raise ValidationError(
                _("A public-sector party is a municipality, a region or a state agency."),
                code="sector",
            )
        return value

    def clean_website(self) -> str:
        # The field has already checked that it is a URL; ftp:// and the like are not web pages.
        value = self.cleaned_data["website"]
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValidationError(
                _("The address must begin with https:// or http://."), code="scheme"
            )
        return value

    @property
    def name_or_number_changed(self) -> bool:
        return (
            self.cleaned_data["name"] != self.organisation.name
            or self.cleaned_data["org_number"] != self.organisation.org_number
        )

    def public_details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("legal_form", "municipality", "website", "description")
        }


class HandOverForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's email address"),
        max_length=254,
        help_text=_("The address your colleague signs in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that I lose access to this page when my colleague accepts."),
        error_messages={"required": _("Confirm that you understand what happens.")},
    )

    def __init__(self, *args, own_emails: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.own_emails = {email.lower() for email in own_emails if email}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() in self.own_emails:
            raise ValidationError(
                _("This is your own address. Give the address of the colleague who takes over."),
                code="own",
            )
        return email


class AcceptHandoverForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the organisation withdraw?"),
        max_length=2000,
        help_text=_("At most 2000 characters. The steering group reads it."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    given_by_name = forms.CharField(
        label=_("Name of the person giving notice"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(
        label=_("We give notice that our organisation withdraws from the agreement."),
        error_messages={"required": _("Confirm the notice of withdrawal.")},
    )
