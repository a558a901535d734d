"""A contact person answers the annual follow-up on a phone.

Sign in → part of the form → save a draft → leave and come back (the answers are there)
→ the session times out while typing (the browser keeps what was typed) → submit with a
required question missing (errors next to the fields) → complete and submit.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup import services
from followup.models import QuestionKind, Response
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_(agreement):
    today = timezone.localdate()
    return services.new_round(
        agreement,
        year=today.year,
        opens=today - datetime.timedelta(days=3),
        closes=today + datetime.timedelta(days=20),
        introduction="Berätta hur samverkan har gått under året.",
    )


def _english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _sign_in(page, email: str):
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # Until the form's page has loaded, its scripts (the autosave among them) do not listen:
    # a person cannot type that fast, a test can.
    page.wait_for_url(lambda url: "/konto/login/" not in url, wait_until="load")


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_it_lets_a_contact_answer_the_follow_up_on_a_phone(
    phone_page, live_server, contact, round_, assert_accessible
):
    page = phone_page
    _english(page, live_server)
    questions = services.questions_for(round_, contact.party)
    scales = [q for q in questions if q.kind == QuestionKind.SCALE]
    yes_no = next(q for q in questions if q.kind == QuestionKind.YES_NO and q.required)
    number = next(q for q in questions if q.kind == QuestionKind.NUMBER)
    short = next(q for q in questions if q.kind == QuestionKind.SHORT_TEXT)
    form_url = f"/uppfoljning/{round_.year}/"

    page.goto(form_url)
    _sign_in(page, contact.email)
    expect(page.locator("h1")).to_have_text(f"Follow-up of the agreement {round_.year}")
    expect(page.locator("main")).to_contain_text("Berätta hur samverkan har gått under året.")
    assert_accessible(page, "the follow-up form on a phone")
    _fits_a_phone(page)

    # Part of the form, saved as a draft.
    page.get_by_role("group", name=scales[0].text).get_by_label("4", exact=True).check()
    page.fill(f"#id_q{scales[0].pk}_comment", "Vi möts ofta.")
    page.fill(f"#id_q{number.pk}", "3")
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    expect(page.locator("main")).to_contain_text("Not submitted yet.")

    # Leave, and come back from the organisation's page: the answers are there.
    page.goto("/min-organisation/")
    expect(page.locator("#followup-title")).to_be_visible()
    page.get_by_role("link", name=f"Continue the follow-up of {round_.year}").click()
    expect(page.locator(f"#id_q{scales[0].pk}_3")).to_be_checked()
    expect(page.locator(f"#id_q{scales[0].pk}_comment")).to_have_value("Vi möts ofta.")
    expect(page.locator(f"#id_q{number.pk}")).to_have_value("3")

    # The session runs out while typing: what was typed survives signing in again.
    page.fill(f"#id_q{short.pk}", "Vårt gemensamma läger")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Save draft", exact=True).click()
    _sign_in(page, contact.email)
    expect(page).to_have_url(re.compile(re.escape(form_url) + "$"))
    expect(page.locator(f"#id_q{short.pk}")).to_have_value("Vårt gemensamma läger")
    expect(page.locator(".draft-restored")).to_be_visible()

    # Submit with the required questions unanswered: errors next to the fields.
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#error-summary")).to_be_visible()
    # The top of the page says it was not sent in, and why: nothing there reads as saved.
    expect(page.locator(".followup-status")).to_contain_text("Not sent in")
    expect(page.locator(".followup-status")).to_contain_text("must be corrected first")
    expect(page.locator(f"#id_q{yes_no.pk}_error")).to_contain_text(
        "Answer this question before you submit."
    )
    expect(page.locator(f"#id_q{short.pk}")).to_have_value("Vårt gemensamma läger")
    assert_accessible(page, "the follow-up form with errors")
    _fits_a_phone(page)
    assert Response.objects.get(round=round_).answers.get(question=short).text == ""

    # Complete and submit.
    for question in scales[1:]:
        page.get_by_role("group", name=question.text).get_by_label("Cannot judge").check()
    page.get_by_role("group", name=yes_no.text).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit").click()

    expect(page.locator(".messages")).to_contain_text("Your answers have been submitted.")
    expect(page.get_by_role("button", name="Save changes", exact=True)).to_be_visible()
    assert_accessible(page, "the submitted follow-up form")
    response = Response.objects.get(round=round_)
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.get(question=short).text == "Vårt gemensamma läger"
    assert response.answers.get(question=scales[0]).scale == 4
    # The browser's copy is gone once the server has the answers.
    key = f"samverkan:followup-{round_.year}-{contact.party.pk}"
    assert page.evaluate(f"window.localStorage.getItem('{key}')") is None


def test_it_keeps_an_answer_typed_without_pressing_save(phone_page, live_server, contact, round_):
    page = phone_page
    _english(page, live_server)
    short = next(
        q
        for q in services.questions_for(round_, contact.party)
        if q.kind == QuestionKind.SHORT_TEXT
    )
    form_url = f"/uppfoljning/{round_.year}/"
    page.goto(form_url)
    _sign_in(page, contact.email)

    # Typed, and saved as the person goes: the top of the page says when.
    page.fill(f"#id_q{short.pk}", "Läxhjälp tillsammans")
    # 1.5 s after the typing stops, then the request: a busy machine needs longer than 5 s.
    expect(page.locator("#autosave-status")).to_have_text(
        re.compile(r"Saved \d\d:\d\d\."), timeout=20_000
    )
    expect(page.locator(".followup-status .status-badge")).to_have_text("Draft saved")

    # Typed again and left at once, without any button: saved on leaving the page.
    page.fill(f"#id_q{short.pk}", "Läxhjälp tillsammans med kommunen")
    page.goto("/min-organisation/")
    response = Response.objects.get(round=round_, organisation=contact.party)
    for _attempt in range(200):
        if response.answers.filter(text="Läxhjälp tillsammans med kommunen").exists():
            break
        page.wait_for_timeout(100)
    assert response.answers.get(question=short).text == "Läxhjälp tillsammans med kommunen"

    # Back, with the device's copy gone: the server has it.
    page.evaluate("window.localStorage.clear()")
    page.goto(form_url)
    expect(page.locator(f"#id_q{short.pk}")).to_have_value("Läxhjälp tillsammans med kommunen")
    expect(page.locator(".draft-restored")).to_be_hidden()


def test_it_saves_a_section_in_place_with_its_own_button(phone_page, live_server, contact, round_):
    page = phone_page
    _english(page, live_server)
    scale = next(
        q for q in services.questions_for(round_, contact.party) if q.kind == QuestionKind.SCALE
    )
    page.goto(f"/uppfoljning/{round_.year}/")
    _sign_in(page, contact.email)

    page.get_by_role("group", name=scale.text).get_by_label("Cannot judge").check()
    page.locator("#avsnitt-1").get_by_role("button", name=re.compile("^Save draft")).click()

    expect(page.locator("#autosave-status")).to_have_text(
        re.compile(r"Saved \d\d:\d\d\."), timeout=20_000
    )
    assert Response.objects.get(round=round_).answers.get(question=scale).cannot_judge


def test_it_forgets_the_devices_copy_when_the_person_signs_out(
    phone_page, live_server, contact, round_
):
    page = phone_page
    _english(page, live_server)
    long = next(
        q for q in services.questions_for(round_, contact.party) if q.kind == QuestionKind.LONG_TEXT
    )
    page.goto(f"/uppfoljning/{round_.year}/")
    _sign_in(page, contact.email)
    page.fill(f"#id_q{long.pk}", "Något privat")
    key = f"samverkan:followup-{round_.year}-{contact.party.pk}"
    assert page.evaluate(f"window.localStorage.getItem('{key}')") is not None
    page.evaluate("window.sessionStorage.setItem('samverkan:x', '1')")

    page.get_by_role("button", name="Menu").click()  # on a phone the menu is folded
    page.locator("form[action$='/konto/logout/'] button").first.click()
    page.wait_for_load_state()

    assert (
        page.evaluate(
            "Object.keys(window.localStorage).concat(Object.keys(window.sessionStorage))"
            ".filter(k => k.startsWith('samverkan:'))"
        )
        == []
    )


def test_it_counts_characters_and_refuses_a_too_long_paste_with_a_message(
    page, live_server, contact, round_
):
    _english(page, live_server)
    short = next(
        q
        for q in services.questions_for(round_, contact.party)
        if q.kind == QuestionKind.SHORT_TEXT
    )
    page.goto(f"/uppfoljning/{round_.year}/")
    _sign_in(page, contact.email)
    field = page.locator(f"#id_q{short.pk}")
    counter = page.locator(f"#id_q{short.pk}_counter")
    expect(counter).to_have_text("0 of 300 characters")

    field.fill("x" * 320)  # as a paste: nothing is cut

    expect(field).to_have_value("x" * 320)
    expect(counter).to_have_text(
        "320 of 300 characters: 20 too many. Shorten the text before you save."
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Write at most 300 characters (you wrote 320)."
    )
    assert not Response.objects.get(round=round_).answers.filter(text__startswith="xxx").exists()
