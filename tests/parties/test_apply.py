import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from parties.models import Application, ContactPerson, Membership, Organisation
from tests.parties.conftest import make_pdf

pytestmark = pytest.mark.django_db


def _post(client, payload, **files):
    return client.post("/anslut/", {**payload, **files})


def test_it_shows_the_form_with_the_public_records_notice(public, agreement, municipalities):
    response = public.get("/anslut/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "allmän handling" in page
    assert 'name="org_number"' in page
    assert "Ansök om att ansluta" in page


def test_it_registers_an_application_and_shows_the_receipt(
    public, application_payload, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.STEERING_GROUP_EMAIL = "styrgruppen@region.test"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(public, application_payload)
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == f"/anslut/kvitto/{application.receipt_token}/"
    organisation = application.organisation
    assert organisation.memberships.get().status == Membership.Status.PENDING
    assert organisation.org_number == "802400-1235"
    assert application.submitted_data["name"] == "Föreningen Ny Gemenskap"
    assert ContactPerson.objects.get(organisation=organisation).email == "vera@nygemenskap.test"
    assert AuditEntry.objects.filter(organisation=organisation).count() == 2

    receipt = public.get(response["Location"])
    assert receipt.status_code == 200
    assert "Föreningen Ny Gemenskap" in receipt.content.decode()
    assert "Väntar på styrgruppens beslut" in receipt.content.decode()

    to_contact = next(m for m in mailoutbox if m.to == ["vera@nygemenskap.test"])
    assert f"/anslut/kvitto/{application.receipt_token}/" in to_contact.body
    assert "/konto/password/reset/key/" in to_contact.body
    to_steering = next(m for m in mailoutbox if m.to == ["styrgruppen@region.test"])
    assert "Föreningen Ny Gemenskap" in to_steering.subject


def test_it_verifies_the_email_when_the_contact_sets_a_password(
    public, application_payload, django_capture_on_commit_callbacks, mailoutbox
):
    import re

    from allauth.account.models import EmailAddress

    with django_capture_on_commit_callbacks(execute=True):
        _post(public, application_payload)
    body = next(m for m in mailoutbox if m.to == ["vera@nygemenskap.test"]).body
    link = re.search(r"http://\S+/konto/password/reset/key/\S+", body).group(0)
    path = link.split("8000", 1)[1] if "8000" in link else link
    response = public.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = public.post(
        form_url, {"password1": "Ett-bra-losenord-2026", "password2": "Ett-bra-losenord-2026"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="vera@nygemenskap.test").verified
    assert public.login(username="vera@nygemenskap.test", password="Ett-bra-losenord-2026")


def test_it_keeps_the_snapshot_when_the_party_changes_its_name_later(
    public, application_payload, steering_member
):
    from parties import services

    _post(public, application_payload)
    application = Application.objects.get()
    services.approve_application(application, by=steering_member)
    change = services.request_change(
        application.organisation,
        by=steering_member,
        new_name="Föreningen Nytt Namn",
        new_org_number=application.organisation.org_number,
    )
    services.approve_change(change, by=steering_member)
    application.refresh_from_db()
    assert application.organisation.name == "Föreningen Nytt Namn"
    assert application.submitted_data["name"] == "Föreningen Ny Gemenskap"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("org_number", "802400-1234", "kontrollsiffran"),
        ("org_number", "80240012", "tio siffror"),
        ("org_number", "abcdefghij", "siffror"),
        ("name", "", "Detta fält måste fyllas i."),
        ("name", "x" * 201, "200 tecken"),
        ("description", "y" * 1001, "1000 tecken"),
        ("contact_email", "inte-en-adress", "giltig e-postadress"),
        ("contact_phone", "ring mig", "siffror"),
        ("website", "javascript:alert(1)", "https://"),
        ("sector", "business", "kan inte skriva under"),
        ("legal_form", "kommun", "offentlig sektor"),
        ("consents_to_processing", "", "behandling av personuppgifter"),
        ("supports_democratic_values", "", "demokratiska värderingar"),
        ("areas", [], "Detta fält måste fyllas i."),
    ],
)
def test_it_explains_bad_input_in_swedish_and_saves_nothing(
    public, application_payload, field, value, message
):
    payload = {**application_payload, field: value}
    response = _post(public, payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="error-summary"' in page
    assert f'href="#id_{field}' in page
    assert not Organisation.objects.exists()
    assert not Application.objects.exists()


def test_it_trims_spaces_and_normalises_the_number(public, application_payload):
    _post(
        public, {**application_payload, "name": "  Föreningen Luft  ", "org_number": " 8024001235 "}
    )
    organisation = Organisation.objects.get()
    assert organisation.name == "Föreningen Luft"
    assert organisation.org_number == "802400-1235"


def test_it_stores_markup_as_text_and_shows_it_escaped(public, application_payload):
    evil = '<script>alert("x")</script><b>Fet</b>'
    response = _post(public, {**application_payload, "name": evil, "description": evil})
    organisation = Organisation.objects.get()
    assert organisation.name == evil
    page = public.get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_it_accepts_a_real_pdf(public, application_payload):
    pdf = SimpleUploadedFile("protokoll.pdf", make_pdf(), content_type="application/pdf")
    response = _post(public, application_payload, attachment=pdf)
    assert response.status_code == 302
    stored = Application.objects.get().attachment
    assert stored.name.endswith(".pdf")
    assert stored.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("protokoll.pdf", b"GIF89a pretending to be a pdf", "inte en PDF"),
        ("protokoll.pdf", b"%PDF-1.7\n garbage without structure", "kunde inte läsas"),
        ("stor.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10), "högst 5 MB"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_small_pdf(
    public, application_payload, filename, content, message
):
    upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
    response = _post(public, application_payload, attachment=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_it_refuses_a_duplicate_organisation_number(public, application_payload, make_party):
    existing = make_party("Redan Med")
    payload = {**application_payload, "org_number": existing.org_number}
    response = _post(public, payload)
    assert response.status_code == 400
    assert "redan part" in response.content.decode()
    assert Organisation.objects.filter(org_number=existing.org_number).count() == 1
    assert not Application.objects.exists()


def test_it_refuses_a_second_application_while_the_first_is_pending(public, application_payload):
    assert _post(public, application_payload).status_code == 302
    response = _post(public, {**application_payload, "contact_email": "annan@exempel.test"})
    assert response.status_code == 400
    assert Organisation.objects.count() == 1 and Application.objects.count() == 1


def test_it_stops_a_filled_honeypot_politely(public, application_payload):
    response = _post(public, {**application_payload, "homepage": "http://spam.example"})
    assert response.status_code == 400
    assert "kunde inte skickas" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.fixture
def rate_limit(settings):
    from django.core.cache import cache

    settings.APPLICATION_RATE_LIMIT = "2/h"
    settings.STEERING_GROUP_EMAIL = "styrgruppen@region.test"
    cache.clear()
    yield
    cache.clear()


def _another(payload, n: int) -> dict:
    numbers = ["802400-1243", "802400-1250", "802400-1268"]
    return {**payload, "org_number": numbers[n], "contact_email": f"kontakt{n}@exempel.test"}


def test_it_does_not_count_forms_sent_back_with_errors(public, application_payload, rate_limit):
    bad = {**application_payload, "name": ""}
    for _attempt in range(5):
        assert _post(public, bad).status_code == 400
    assert _post(public, application_payload).status_code == 302
    assert Organisation.objects.count() == 1


def test_it_limits_accepted_applications_per_address(public, application_payload, rate_limit):
    assert _post(public, _another(application_payload, 0)).status_code == 302
    assert _post(public, _another(application_payload, 1)).status_code == 302
    response = _post(public, _another(application_payload, 2))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "från ditt nätverk" in page
    assert 'href="mailto:styrgruppen@region.test"' in page
    # What was typed is kept, so nothing needs to be typed again.
    assert 'value="kontakt2@exempel.test"' in page
    assert Organisation.objects.count() == 2


def test_it_shows_only_the_limit_notice_for_an_incomplete_form_at_the_limit(
    public, application_payload, rate_limit
):
    _post(public, _another(application_payload, 0))
    _post(public, _another(application_payload, 1))
    response = _post(public, {"name": "Halvfärdig förening"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Rätta" not in page
    assert "Det finns ett problem" not in page
    assert 'value="Halvfärdig förening"' in page
    assert "styrgruppen@region.test" in page


def test_it_says_so_when_the_receipt_does_not_exist(public):
    assert public.get("/anslut/kvitto/finns-inte/").status_code == 404


def test_it_shows_the_decision_on_the_receipt(public, application_payload, steering_member):
    from parties import services

    _post(public, application_payload)
    application = Application.objects.get()
    services.reject_application(application, by=steering_member, reason="Inte en förening i länet.")
    page = public.get(application.get_absolute_url()).content.decode()
    assert "Avslagen" in page or "Avslag" in page
    assert "Inte en förening i länet." in page


def test_it_writes_names_in_emails_as_plain_text(
    public, application_payload, django_capture_on_commit_callbacks, mailoutbox
):
    payload = {**application_payload, "name": 'Föreningen "Bröd & Rosor"'}
    with django_capture_on_commit_callbacks(execute=True):
        _post(public, payload)
    to_contact = next(m for m in mailoutbox if m.to == ["vera@nygemenskap.test"])
    assert 'Föreningen "Bröd & Rosor"' in to_contact.subject
    assert "&amp;" not in to_contact.body and "&quot;" not in to_contact.body


def test_it_refuses_a_personal_identity_number(public, application_payload):
    response = _post(public, {**application_payload, "org_number": "811218-9876"})
    assert response.status_code == 400
    assert "personnummer" in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_finds_a_free_address_for_a_common_name(public, application_payload, make_party):
    # Two earlier organisations already use the obvious addresses for this name.
    for suffix in ("", "-8024001235"):
        party = make_party("Föreningen Ny Gemenskap")
        Organisation.objects.filter(pk=party.pk).update(slug=f"foreningen-ny-gemenskap{suffix}")
        party.memberships.update(status="withdrawn", withdrawn_on="2026-01-01")
    assert _post(public, application_payload).status_code == 302
    assert (
        Organisation.objects.filter(memberships__status="pending")
        .get()
        .slug.startswith("foreningen-ny-gemenskap-")
    )
