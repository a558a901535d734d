"""A signed-in person downloads the data we hold about them, and only theirs."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.models import SentNotification
from common import hooks
from parties import services
from parties.models import Application, LegalForm

pytestmark = pytest.mark.django_db

URL = reverse("parties:my_data")


def download(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
    return json.loads(response.content.decode("utf-8"))


def test_it_asks_an_anonymous_visitor_to_sign_in(public):
    response = public.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_gives_a_contact_their_own_data_and_nobody_else_s(as_user, contact, make_party):
    other = make_party("Grannföreningen", contact_phone="070-999 99 99")
    other_contact = other.contacts.get()
    SentNotification.objects.create(
        kind="followup_invitation",
        content_type=ContentType.objects.get_for_model(contact.party),
        object_id=contact.party.pk,
        recipient=contact.email,
        subject="Dags för årets uppföljning",
    )
    SentNotification.objects.create(
        kind="followup_invitation",
        content_type=ContentType.objects.get_for_model(other),
        object_id=other.pk,
        recipient=other_contact.email,
        subject="Hemligt till grannen",
    )

    data = download(as_user(contact))

    assert data["account"]["email"] == contact.email
    assert data["email_addresses"] == [{"email": contact.email, "verified": True, "primary": True}]
    [role] = data["contact_roles"]
    assert role["organisation"] == "Aktiva Föreningen"
    assert (role["name"], role["role"], role["phone"]) == (
        "Kontakt Person500000",
        "Sekreterare",
        "070-123 45 67",
    )
    assert role["current"] is True and role["until"] is None
    assert [email["subject"] for email in data["emails_sent_to_you"]] == [
        "Dags för årets uppföljning"
    ]
    body = json.dumps(data, ensure_ascii=False)
    for secret in (other_contact.name, other_contact.email, "070-999 99 99", "Hemligt"):
        assert secret not in body


def test_it_includes_what_an_applicant_submitted(
    as_user, applicant, agreement, municipalities, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(
            services.ApplicationData(
                name="Föreningen Ny Gemenskap",
                org_number="802400-1235",
                sector="civil_society",
                legal_form=LegalForm.NON_PROFIT_ASSOCIATION,
                municipality=municipalities[0],
                areas=[],
                website="",
                description="",
                contact_name="Vera Volontär",
                contact_role="Sekreterare",
                contact_email=applicant.email.upper(),
                contact_phone="070-111 22 33",
                signatory_name="Olle Ordförande",
                signatory_role="Ordförande",
            )
        )

    data = download(as_user(applicant))

    [application] = data["applications"]
    assert application["organisation"] == "Föreningen Ny Gemenskap"
    assert application["submitted_details"]["contact_name"] == "Vera Volontär"
    assert application["signatory_name"] == "Olle Ordförande"
    assert application["status"] == str(Application.Status.PENDING.label)
    [role] = data["contact_roles"]
    assert (role["name"], role["current"]) == ("Vera Volontär", False)
    # The receipt went to the address as typed; the person finds it under their own.
    assert len(data["emails_sent_to_you"]) == 1


def test_it_adds_the_sections_higher_apps_register(as_user, applicant):
    def seats(user) -> dict:
        return {"steering_group_seats": [{"email": user.email}]}

    with hooks.register_temporarily("personal_data", seats, alone=True):
        data = download(as_user(applicant))

    assert data["steering_group_seats"] == [{"email": applicant.email}]


def test_it_only_answers_get(as_user, applicant):
    assert as_user(applicant).post(URL).status_code == 405


def test_it_keeps_the_queries_constant(as_user, contact, django_assert_max_num_queries):
    client = as_user(contact)
    for number in range(5):
        services.invite_contact(contact.party, by=contact, email=f"kollega{number}@forening.test")

    # This app's own sections; what higher apps add is theirs to pin.
    with (
        hooks.register_temporarily("personal_data", lambda user: {}, alone=True),
        django_assert_max_num_queries(11),
    ):
        data = download(client)

    assert len(data["contact_handovers"]) == 5


@pytest.mark.parametrize("persona", ["contact", "applicant", "steering_member"])
def test_it_links_the_download_from_my_organisation(as_user, persona, request):
    page = as_user(request.getfixturevalue(persona)).get(reverse("parties:mine"))

    assert page.status_code == 200
    assert f'href="{URL}"' in page.content.decode()
