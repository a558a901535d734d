"""A visitor finds what the draft of the next version changes, from the version list, and
reads the comparison: every change told in words, the page free of accessibility faults."""

import pytest
from playwright.sync_api import expect

from agreements.revision import start_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_visitor_read_what_the_draft_changes(
    page, agreement, process_leader, assert_accessible
):
    draft = start_draft(agreement, by=process_leader)
    draft.vision = draft.vision.replace("jämlika parter", "likvärdiga parter")
    draft.quorum_percent = 60
    draft.save()
    draft.goals.filter(title="Tydliga vägar in").delete()

    page.goto("/overenskommelsen/versioner/")
    page.get_by_role("link", name="Vad utkastet till version 2 ändrar").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vad som ändrats i version 2")
    expect(page.get_by_role("note")).to_contain_text("Styrgruppen har inte antagit det än")
    vision = page.locator("section", has=page.get_by_role("heading", name="Vision", exact=True))
    # The words a screen reader says are in the text, not only the colours.
    expect(vision.locator("del")).to_have_text("Borttaget: jämlika")
    expect(vision.locator("ins")).to_have_text("Tillagt: likvärdiga")
    hidden_word = vision.locator("del .visually-hidden").bounding_box()
    assert hidden_word["width"] <= 1 and hidden_word["height"] <= 1  # heard, not seen
    goals = page.locator("section", has=page.get_by_role("heading", name="Mål", exact=True))
    expect(goals.get_by_role("listitem").filter(has_text="Tydliga vägar in")).to_contain_text(
        "Borttaget:"
    )
    rules = page.get_by_role("table", name="Styrgruppens regler, före och efter")
    expect(rules.locator("ins")).to_contain_text("60")
    assert_accessible(page, "comparison page")


def test_it_fits_the_versions_and_their_comparison_on_a_phone(
    page, agreement, process_leader, assert_accessible
):
    from steering.adoption import adopt_version
    from tests.steering.test_admin import held_meeting

    draft = start_draft(agreement, by=process_leader)
    draft.steering_chair_mandate_months = 36
    draft.save()
    adopt_version(draft, meeting=held_meeting(agreement), by=process_leader)

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/overenskommelsen/versioner/", "/overenskommelsen/versioner/2/andringar/"):
        page.goto(path)
        # Nothing pushes the page sideways: the tables stack or wrap their words.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto("/overenskommelsen/versioner/")
    expect(page.get_by_text("Giltig:").first).to_be_visible()
    assert_accessible(page, "version list on a phone")
