"""Forms of the contact person's own pages (/min-organisation/)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parties.forms import OrganisationDetailsForm, legal_form_problem, validate_phone
from parties.models import ContactPerson, LegalForm, Organisation


# The contact person's own details, asked on the edit page and when taking over the role.
def your_name() -> forms.CharField:
    return forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def your_role() -> forms.CharField:
    return forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


def your_phone() -> forms.CharField:
    return forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class DetailsForm(OrganisationDetailsForm):
    """The organisation's details and the contact person's own, on one page."""

    contact_name = your_name()
    contact_role = your_role()
    contact_phone = your_phone()

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
        # The same fields as the application form's, explained for a party that has joined.
        fields = self.fields
        fields["name"].help_text = _("A new name is shown once the steering group has approved it.")
        fields["org_number"].help_text = _(
            "Ten digits, for example 802400-1235. A new number is used once the steering "
            "group has approved it."
        )
        fields["municipality"].help_text = _("Where the organisation mainly works.")
        fields["areas"].required = False
        fields["areas"].help_text = ""
        fields["website"].help_text = _("For example https://www.example.se")
        fields["description"].label = _("Short public description")
        fields["description"].help_text = _(
            "Shown in the public register. At most 1000 characters."
        )
        # Offer only the forms that fit the sector; the field still accepts every form so
        # that clean_legal_form can say what is wrong instead of "not a valid choice".
        self.fields["legal_form"].widget.choices = LegalForm.for_sector(organisation.sector)
        if name_change_pending:
            for name in ("name", "org_number"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "A change of name or number is waiting for the steering group's decision."
                )

    def clean_legal_form(self) -> str:
        value = self.cleaned_data["legal_form"]
        problem = legal_form_problem(self.organisation.sector, value)
        if problem:
            raise ValidationError(problem, code="sector")
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
    name = your_name()
    role = your_role()
    phone = your_phone()


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
