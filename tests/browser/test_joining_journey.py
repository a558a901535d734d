"""The whole life of a party, as people do it, in headless Chromium.

A volunteer applies on the form → gets a receipt → a steering-group member approves in
the real admin screens → the party is in the register and a filter finds it → the contact
person sets a password from the email, signs in and gives notice of withdrawal → the
steering group registers it → the party is gone from the register.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from parties.models import Organisation
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Ett-riktigt-bra-losenord-2026"


def _fill_application(page, *, org_number: str):
    page.fill("#id_name", "Föreningen Bryggan")
    page.fill("#id_org_number", org_number)
    page.check("input[name=sector][value=civil_society]")
    page.select_option("#id_legal_form", "ideell_forening")
    page.select_option("#id_municipality", label="Ekmora")
    page.check("input[name=areas] >> nth=0")
    page.get_by_label("Integration").check()
    page.fill("#id_website", "https://bryggan.exempel.se")
    page.fill("#id_description", "Språkcafé och läxhjälp vid hamnen.")
    page.fill("#id_contact_name", "Vera Volontär")
    page.fill("#id_contact_role", "Sekreterare")
    page.fill("#id_contact_email", "vera@bryggan.test")
    page.fill("#id_contact_phone", "070-555 44 33")
    page.fill("#id_signatory_name", "Olle Ordförande")
    page.fill("#id_signatory_role", "Ordförande")
    page.check("#id_supports_democratic_values")
    page.check("#id_endorses_agreement")
    page.check("#id_decided_by_own_statutes")
    page.check("#id_consents_to_processing")


def _admin_login(page, user_email: str, password: str):
    # The admin sends staff to the portal's sign-in: password, then the code from the app.
    staff_sign_in(page, user_email, password)
    expect(page.locator("#user-tools")).to_be_visible()


def _run_admin_action(page, changelist: str, row_text: str, action: str, reason: str = ""):
    page.goto(changelist)
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()
    # The decision page: what is decided, a reason, confirm.
    expect(page.locator("#decision-records")).to_contain_text(row_text)
    if reason:
        page.fill("#id_reason", reason)
    page.locator(".submit-row input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_it_takes_a_party_from_application_to_withdrawal(
    page,
    browser,
    live_server,
    agreement,
    municipalities,
    steering_member,
    assert_accessible,
    settings,
):
    settings.SITE_URL = live_server.url
    from tests.conftest import DEMO_PASSWORD

    org_number = "802400-1235"

    # 1. A volunteer opens the form; a first try with mistakes shows the errors.
    page.goto("/anslut/")
    assert_accessible(page, "application form")
    page.fill("#id_name", "Föreningen Bryggan")
    page.fill("#id_org_number", "802400-1234")  # a mistyped check digit
    page.locator("form.form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#id_org_number")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "application form with errors")
    assert not Organisation.objects.exists()

    _fill_application(page, org_number=org_number)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/anslut/kvitto/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Föreningen Bryggan")
    assert_accessible(page, "receipt")
    assert Organisation.objects.get(org_number=org_number).memberships.get().status == "pending"

    # 2. A steering-group member approves in the admin.
    admin = browser.new_context(base_url=live_server.url).new_page()
    _admin_login(admin, steering_member.email, DEMO_PASSWORD)
    _run_admin_action(admin, "/admin/parties/application/", "Föreningen Bryggan", "approve")
    assert Organisation.objects.get(org_number=org_number).memberships.get().status == "active"

    # 3. The party is in the register, and a filter finds it.
    page.goto("/undertecknare/")
    page.fill("#id_q", "Bryggan")
    page.select_option("#id_kommun", label="Ekmora")
    page.locator("#main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"q=Bryggan"))
    result = page.get_by_role("link", name="Föreningen Bryggan")
    expect(result).to_be_visible()
    assert_accessible(page, "register, filtered")
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Föreningen Bryggan")
    expect(page.locator("main")).not_to_contain_text("vera@bryggan.test")
    expect(page.locator("main")).not_to_contain_text("Vera Volontär")
    assert_accessible(page, "party page")

    # 4. The contact person chooses a password from the receipt email and signs in.
    email = next(m for m in mail.outbox if m.to == ["vera@bryggan.test"])
    set_password = re.search(r"https?://\S+/konto/password/reset/key/\S+", email.body).group(0)
    contact = browser.new_context(base_url=live_server.url).new_page()
    contact.goto(set_password)
    contact.fill("input[name=password1]", PASSWORD)
    contact.fill("input[name=password2]", PASSWORD)
    contact.locator("main form button[name=action]").click()
    # Choosing the password signs the contact person in (ACCOUNT_LOGIN_ON_PASSWORD_RESET).
    expect(contact.locator("form[action$='/konto/logout/']")).to_be_attached()
    contact.goto("/min-organisation/")
    expect(contact.locator("main")).to_contain_text("Föreningen Bryggan")
    assert_accessible(contact, "my organisation")

    # 5. … and gives notice of withdrawal.
    contact.goto("/min-organisation/uttrade/")
    assert_accessible(contact, "withdrawal form")
    contact.fill("#id_reason", "Föreningen har lagts ned efter årsmötets beslut.")
    contact.check("#id_confirm")
    contact.locator("main form button[type=submit]").click()
    expect(contact).to_have_url(re.compile(r"/min-organisation/$"))
    assert (
        Organisation.objects.get(org_number=org_number).memberships.get().withdrawals.count() == 1
    )
    assert Organisation.objects.get(org_number=org_number).memberships.get().status == "active"

    # 6. The steering group registers the withdrawal; the party leaves the register.
    _run_admin_action(admin, "/admin/parties/withdrawal/", "Föreningen Bryggan", "register")
    organisation = Organisation.objects.get(org_number=org_number)
    assert organisation.memberships.get().status == "withdrawn"
    assert organisation.audit_entries.count() >= 6  # the history is kept

    page.goto("/undertecknare/?q=Bryggan")
    expect(page.get_by_role("link", name="Föreningen Bryggan")).to_have_count(0)
