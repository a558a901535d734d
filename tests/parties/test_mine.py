"""The contact person's own pages at /min-organisation/."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from parties import services
from parties.demo import org_number
from parties.models import (
    ActivityArea,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    LegalForm,
    Membership,
    Organisation,
    Withdrawal,
)
from parties.services import ApplicationData
from tests.conftest import _make_user

pytestmark = pytest.mark.django_db

MINE = "/min-organisation/"
EDIT = "/min-organisation/uppgifter/"
HANDOVER = "/min-organisation/kontaktperson/"
WITHDRAW = "/min-organisation/uttrade/"


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English msgids, so the tests hold when Swedish translations arrive."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page(response) -> str:
    return response.content.decode()


def assert_error_page(response) -> None:
    """A form sent back with errors: a 400 whose title starts with "Error:"."""
    assert response.status_code == 400
    assert "<title>Error: " in page(response)


def details_payload(organisation: Organisation, **changes) -> dict:
    contact = ContactPerson.objects.current().get(organisation=organisation)
    payload = {
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
    }
    payload.update(changes)
    return payload


def application_data(municipalities, **changes) -> ApplicationData:
    values = {
        "name": "Föreningen Exempelgården",
        "org_number": org_number(123),
        "sector": "civil_society",
        "legal_form": LegalForm.NON_PROFIT_ASSOCIATION,
        "municipality": municipalities[0],
        "areas": list(ActivityArea.objects.filter(slug__in=["folkhalsa", "idrott"])),
        "website": "https://exempelgarden.test",
        "description": "Träffar för grannar.",
        "contact_name": "Kim Kontakt",
        "contact_role": "Sekreterare",
        "contact_email": "kim@exempelgarden.test",
        "contact_phone": "070-111 22 33",
        "signatory_name": "Olle Ordförande",
        "signatory_role": "Ordförande",
    }
    values.update(changes)
    return ApplicationData(**values)


def withdrawal_payload(**changes) -> dict:
    return {
        "reason": "Vi lägger ner verksamheten.",
        "given_by_name": "Olle Ordförande",
        "confirm": "on",
        **changes,
    }


# ---- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [MINE, EDIT, HANDOVER, WITHDRAW, "/min-organisation/kontaktperson/some-token/"]
)
def test_it_sends_anonymous_visitors_to_the_login(public, url):
    response = public.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/min-organisation/")


def test_it_tells_a_user_without_a_party_how_to_apply(as_user, applicant):
    response = as_user(applicant).get(MINE)
    assert response.status_code == 200
    assert "is not the contact person of any organisation" in page(response)
    assert reverse("parties:apply") in page(response)


def test_it_lists_the_applications_that_wait_for_the_steering_group(
    as_user, agreement, municipalities, steering_member
):
    user = _make_user("kim@exempelgarden.test")
    # Signed in and applying with the account's own verified address: no confirmation asked.
    waiting = services.submit_application(application_data(municipalities), actor=user)
    rejected = services.submit_application(
        application_data(municipalities, name="Avslagna Föreningen", org_number=org_number(124))
    )
    services.reject_application(rejected, by=steering_member, reason="Inte i länet")
    someone_elses = services.submit_application(
        application_data(
            municipalities,
            name="Grannens Förening",
            org_number=org_number(125),
            contact_email="granne@exempel.test",
        )
    )
    client = as_user(user)

    response = client.get(MINE)

    assert response.status_code == 200
    html = page(response)
    assert "Your applications waiting for the steering group's decision" in html
    with translation.override("en"):
        submitted = date_format(timezone.localtime(waiting.submitted_at), "j F Y")
    assert f"<bdi>Föreningen Exempelgården</bdi>, submitted {submitted}." in html
    assert f'href="{waiting.get_absolute_url()}"' in html
    for other in (rejected, someone_elses):
        assert other.get_absolute_url() not in html
        assert other.submitted_data["name"] not in html
    assert "is not the contact person of any organisation" not in html

    # Once approved, the user is the party's contact person and sees its own page instead.
    services.approve_application(waiting, by=steering_member)
    html = page(client.get(MINE))
    assert "Your applications waiting" not in html
    assert f'href="{EDIT}"' in html


def test_it_points_staff_without_a_party_to_the_admin(as_user, steering_member):
    response = as_user(steering_member).get(MINE)
    assert response.status_code == 200
    assert reverse("admin:index") in page(response)
    assert "Go to the administration" in page(response)


@pytest.mark.parametrize("url", [EDIT, HANDOVER, WITHDRAW])
def test_it_sends_a_user_without_a_party_from_the_sub_pages_to_the_overview(
    as_user, applicant, url
):
    client = as_user(applicant)
    assert client.get(url).status_code == 302
    response = client.post(url, {"email": "x@example.test", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == MINE
    assert not ContactInvitation.objects.exists()
    assert not Withdrawal.objects.exists()


def test_it_answers_404_for_an_unknown_invitation(as_user, applicant):
    response = as_user(applicant).get(reverse("parties:accept_handover", args=["no-such-token"]))
    assert response.status_code == 404


def test_it_shows_each_contact_only_their_own_party(as_user, contact, make_party):
    other = make_party("Andra Föreningen")
    other_contact = ContactPerson.objects.current().get(organisation=other)
    mine = page(as_user(contact).get(MINE))
    assert "Aktiva Föreningen" in mine and "Andra Föreningen" not in mine
    assert other_contact.name not in mine

    client = as_user(other_contact.user)
    theirs = page(client.get(MINE))
    assert "Andra Föreningen" in theirs and "Aktiva Föreningen" not in theirs
    client.post(EDIT, details_payload(other, website="https://andra.exempel.se"))
    contact.party.refresh_from_db()
    assert contact.party.website == "https://exempel.se"


# ---- the overview --------------------------------------------------------------------------


def test_it_shows_the_party_its_status_and_the_contacts_own_details(as_user, contact):
    party = contact.party
    me = ContactPerson.objects.current().get(user=contact)
    response = as_user(contact).get(MINE)
    assert response.status_code == 200
    html = page(response)
    assert party.name in html
    assert party.org_number in html
    assert "Party to the agreement" in html
    assert party.get_absolute_url() in html
    assert me.name in html and me.phone in html and me.email in html
    for url in (EDIT, HANDOVER, WITHDRAW):
        assert f'href="{url}"' in html


def test_it_links_the_latest_applications_receipt(as_user, contact):
    from parties.models import Application

    application = Application.objects.create(
        membership=contact.party.memberships.get(),
        submitted_data={"name": contact.party.name},
        signatory_name="Olle",
        signatory_role="Ordförande",
        supports_democratic_values=True,
        endorses_agreement=True,
        decided_by_own_statutes=True,
        consents_to_processing=True,
        status=Application.Status.APPROVED,
    )
    html = page(as_user(contact).get(MINE))
    assert application.get_absolute_url() in html
    assert "Approved" in html


def test_it_shows_the_history_in_words_newest_first(as_user, contact, steering_member):
    party = contact.party
    services.record(
        party.memberships.get(),
        "pending",
        "active",
        actor=steering_member,
        reason="Välkomna!",
    )
    services.request_change(
        party, by=contact, new_name="Nytt Namn", new_org_number=party.org_number
    )
    html = page(as_user(contact).get(MINE))
    assert "Application pending → Party to the agreement" in html
    assert "Välkomna!" in html
    assert "The steering group" in html
    assert "Waiting for the steering group&#x27;s decision" in html
    assert html.index("Change of name or organisation number") < html.index("Välkomna!")
    assert steering_member.email not in html


# ---- changing the details ------------------------------------------------------------------


def test_it_applies_the_public_details_and_the_contacts_own_at_once(as_user, contact):
    party = contact.party
    kultur = ActivityArea.objects.get(slug="kultur")
    client = as_user(contact)
    response = client.post(
        EDIT,
        details_payload(
            party,
            website="https://ny.exempel.se",
            description="  Vi spelar teater.  ",
            areas=[kultur.slug],
            contact_phone="08-123 456",
        ),
        follow=True,
    )
    assert response.redirect_chain == [(MINE, 302)]
    assert "Your details have been saved." in page(response)
    party.refresh_from_db()
    assert party.website == "https://ny.exempel.se"
    assert party.description == "Vi spelar teater."
    assert list(party.areas.all()) == [kultur]
    assert ContactPerson.objects.current().get(organisation=party).phone == "08-123 456"
    assert not ChangeRequest.objects.exists()


def test_it_sends_a_change_of_name_to_the_steering_group(
    as_user, contact, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    client = as_user(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT, details_payload(party, name="Aktiva Föreningen Ny"))
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.status == ChangeRequest.Status.PENDING
    assert change.new_name == "Aktiva Föreningen Ny"
    party.refresh_from_db()
    assert party.name == "Aktiva Föreningen"
    assert [m.to for m in mailoutbox] == [[settings.STEERING_GROUP_EMAIL]]
    html = page(client.get(MINE))
    assert "waits for the steering group&#x27;s approval" in html
    assert "Aktiva Föreningen → Aktiva Föreningen Ny" in html
    # While it waits, the name cannot be changed again.
    assert 'name="name"' in page(client.get(EDIT)) and "disabled" in page(client.get(EDIT))


def test_it_refuses_an_org_number_with_a_wrong_check_digit(as_user, contact):
    party = contact.party
    response = as_user(contact).post(
        EDIT, details_payload(party, org_number="802400-1234", website="https://ny.exempel.se")
    )
    assert_error_page(response)
    assert "check digit" in page(response)
    assert 'href="#id_org_number"' in page(response)
    party.refresh_from_db()
    assert party.website == "https://exempel.se"
    assert not ChangeRequest.objects.exists()


def test_it_refuses_a_public_sector_legal_form_for_an_association(as_user, contact):
    response = as_user(contact).post(EDIT, details_payload(contact.party, legal_form="kommun"))
    assert_error_page(response)
    assert response.context["form"].errors["legal_form"] == [
        "A municipality, region or state agency belongs to the public sector."
    ]
    contact.party.refresh_from_db()
    assert contact.party.legal_form == "ideell_forening"


def test_it_refuses_an_association_form_for_a_public_body(as_user, make_party):
    user = _make_user("kansli@kommun.test")
    party = make_party("Björkviks kommun", sector="public", user=user)
    response = as_user(user).post(EDIT, details_payload(party, legal_form="stiftelse"))
    assert_error_page(response)
    assert "legal_form" in response.context["form"].errors


def test_it_stores_markup_as_text_and_shows_it_escaped(as_user, contact):
    client = as_user(contact)
    client.post(EDIT, details_payload(contact.party, description="<script>alert(1)</script>"))
    contact.party.refresh_from_db()
    assert contact.party.description == "<script>alert(1)</script>"
    html = page(client.get(MINE))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "x" * 1001),
        ("name", "x" * 201),
        ("contact_name", "x" * 151),
        ("contact_phone", "ring mig"),
        ("website", "ftp://exempel.se"),
        ("website", "javascript:alert(1)"),
        ("name", "   "),
        ("municipality", "9999"),
    ],
)
def test_it_shows_a_field_error_and_saves_nothing(as_user, contact, field, value):
    party = contact.party
    changes = {"website": "https://ny.exempel.se", "contact_role": "Kassör", field: value}
    response = as_user(contact).post(EDIT, details_payload(party, **changes))
    assert_error_page(response)
    assert field in response.context["form"].errors
    assert "There is a problem" in page(response)
    party.refresh_from_db()
    assert (party.website, party.description) == ("https://exempel.se", "Om Aktiva Föreningen")
    assert ContactPerson.objects.current().get(organisation=party).role == "Sekreterare"


def test_it_validates_an_empty_post_without_crashing(as_user, contact):
    response = as_user(contact).post(EDIT, {})
    assert_error_page(response)
    assert {"name", "org_number", "contact_name"} <= set(response.context["form"].errors)


def test_it_saves_nothing_when_the_new_number_belongs_to_another_party(
    as_user, contact, make_party
):
    other = make_party("Andra Föreningen")
    party = contact.party
    response = as_user(contact).post(
        EDIT,
        details_payload(party, org_number=other.org_number, website="https://ny.exempel.se"),
    )
    assert_error_page(response)
    assert response.context["form"].non_field_errors()
    assert "already a party" in page(response)
    party.refresh_from_db()
    assert party.website == "https://exempel.se"
    assert not ChangeRequest.objects.exists()


# ---- handing over the contact role ---------------------------------------------------------


def test_it_hands_the_contact_role_over_to_a_colleague(
    as_user, contact, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(contact).post(
            HANDOVER, {"email": "kollega@aktiv-forening.test", "confirm": "on"}, follow=True
        )
    assert response.redirect_chain == [(HANDOVER, 302)]
    assert "kollega@aktiv-forening.test" in page(response)
    invitation = ContactInvitation.objects.get()
    assert invitation.organisation == party
    [email] = mailoutbox
    assert email.to == ["kollega@aktiv-forening.test"]
    accept_url = reverse("parties:accept_handover", args=[invitation.token])
    assert accept_url in email.body

    colleague = _make_user("kollega@aktiv-forening.test")
    client = as_user(colleague)
    form = client.get(accept_url)
    assert form.status_code == 200
    assert party.name in page(form)
    response = client.post(
        accept_url, {"name": "Karin Kollega", "role": "Ordförande", "phone": "070-999 88 77"}
    )
    assert response.status_code == 302 and response["Location"] == MINE
    new = ContactPerson.objects.current().get(organisation=party)
    assert (new.user, new.name, new.email) == (colleague, "Karin Kollega", invitation.email)
    assert "Karin Kollega" in page(client.get(MINE))

    old = as_user(contact).get(MINE)
    assert "is not the contact person of any organisation" in page(old)
    assert as_user(contact).get(EDIT).status_code == 302


def test_it_does_not_let_a_contact_invite_their_own_address(as_user, contact):
    response = as_user(contact).post(HANDOVER, {"email": contact.email.upper(), "confirm": "on"})
    assert_error_page(response)
    assert "email" in response.context["form"].errors
    assert not ContactInvitation.objects.exists()


def test_it_requires_the_confirmation_before_inviting(as_user, contact):
    response = as_user(contact).post(HANDOVER, {"email": "kollega@aktiv-forening.test"})
    assert_error_page(response)
    assert "confirm" in response.context["form"].errors
    assert not ContactInvitation.objects.exists()


def test_it_refuses_an_invitee_signed_in_with_another_address(as_user, contact, applicant):
    invitation = services.invite_contact(contact.party, by=contact, email="kollega@x.test")
    url = reverse("parties:accept_handover", args=[invitation.token])
    client = as_user(applicant)
    assert "no verified email address that the invitation was sent to" in page(client.get(url))
    response = client.post(url, {"name": "Fel Person", "role": "", "phone": ""})
    assert_error_page(response)
    assert "Sign in with the email address the invitation was sent to." in page(response)
    assert ContactPerson.objects.current().get(organisation=contact.party).user == contact
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_it_refuses_an_unverified_address(as_user, contact):
    from allauth.account.models import EmailAddress

    invitation = services.invite_contact(contact.party, by=contact, email="kollega@x.test")
    colleague = _make_user("kollega@x.test")
    EmailAddress.objects.filter(user=colleague).update(verified=False)
    response = as_user(colleague).post(
        reverse("parties:accept_handover", args=[invitation.token]), {"name": "Karin"}
    )
    assert_error_page(response)
    assert ContactPerson.objects.current().get(organisation=contact.party).user == contact


@pytest.mark.parametrize("how", ["accepted", "replaced", "expired"])
def test_it_answers_410_for_an_invitation_that_can_no_longer_be_used(as_user, contact, how):
    invitation = services.invite_contact(contact.party, by=contact, email="kollega@x.test")
    colleague = _make_user("kollega@x.test")
    if how == "accepted":
        services.accept_contact_invitation(
            invitation, user=colleague, name="Karin", role="", phone=""
        )
    elif how == "replaced":
        services.invite_contact(contact.party, by=contact, email="annan@x.test")
    else:
        ContactInvitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=15)
        )
    url = reverse("parties:accept_handover", args=[invitation.token])
    client = as_user(colleague)
    assert client.get(url).status_code == 410
    assert client.post(url, {"name": "Karin"}).status_code == 410


def test_it_validates_the_acceptance_form(as_user, contact):
    invitation = services.invite_contact(contact.party, by=contact, email="kollega@x.test")
    colleague = _make_user("kollega@x.test")
    response = as_user(colleague).post(
        reverse("parties:accept_handover", args=[invitation.token]),
        {"name": "", "phone": "x" * 31},
    )
    assert_error_page(response)
    assert {"name", "phone"} <= set(response.context["form"].errors)
    assert ContactPerson.objects.current().get(organisation=contact.party).user == contact


# ---- withdrawal ----------------------------------------------------------------------------


def test_it_registers_a_notice_but_the_party_stays_active(
    as_user, contact, django_capture_on_commit_callbacks, mailoutbox
):
    client = as_user(contact)
    form = client.get(WITHDRAW)
    assert form.status_code == 200
    me = ContactPerson.objects.current().get(user=contact)
    assert f'value="{me.name}"' in page(form)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WITHDRAW, withdrawal_payload(), follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    withdrawal = Withdrawal.objects.get()
    assert (withdrawal.organisation, withdrawal.given_by) == (contact.party, contact)
    assert withdrawal.given_by_name == "Olle Ordförande"
    contact.party.refresh_from_db()
    assert contact.party.memberships.get().status == Membership.Status.ACTIVE
    html = page(response)
    assert "waiting for the steering group to register it" in html
    assert f'href="{WITHDRAW}"' not in html
    assert [m.to for m in mailoutbox] == [[settings.STEERING_GROUP_EMAIL]]


def test_it_refuses_a_second_notice(as_user, contact):
    services.give_withdrawal_notice(contact.party, by=contact, given_by_name="A", reason="B")
    client = as_user(contact)
    response = client.get(WITHDRAW)
    assert response.status_code == 200
    assert "form" not in response.context
    assert "Notice of withdrawal was given on" in page(response)
    client.post(WITHDRAW, withdrawal_payload())
    assert Withdrawal.objects.count() == 1


def test_it_does_not_let_a_pending_party_withdraw(as_user, make_party):
    user = _make_user("ny@forening.test")
    make_party("Väntande Föreningen", status="pending", user=user)
    client = as_user(user)
    overview = page(client.get(MINE))
    assert "Application pending" in overview
    assert f'href="{WITHDRAW}"' not in overview
    response = client.get(WITHDRAW)
    assert response.status_code == 200
    assert "Only a party to the agreement can give notice" in page(response)
    client.post(WITHDRAW, withdrawal_payload())
    assert not Withdrawal.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"confirm": ""}, {"reason": ""}, {"reason": "x" * 2001}, {"given_by_name": "x" * 151}],
)
def test_it_requires_a_complete_notice(as_user, contact, changes):
    response = as_user(contact).post(WITHDRAW, withdrawal_payload(**changes))
    assert_error_page(response)
    assert set(changes) & set(response.context["form"].errors)
    assert not Withdrawal.objects.exists()


def test_it_shows_a_withdrawn_party_without_the_edit_pages(as_user, make_party):
    user = _make_user("f.d@forening.test")
    make_party("Utträdda Föreningen", status="withdrawn", user=user)
    client = as_user(user)
    overview = page(client.get(MINE))
    assert "Withdrawn" in overview
    assert f'href="{EDIT}"' not in overview
    response = client.get(EDIT)
    assert response.status_code == 200
    assert "form" not in response.context
