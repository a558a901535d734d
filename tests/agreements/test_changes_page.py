"""/overenskommelsen/versioner/<n>/andringar/: what a version changes, readable by anyone,
with insertions and deletions told in words, not only by colour."""

import datetime

import pytest
from django.urls import reverse

from agreements.comparison import paragraph_diff, word_diff
from agreements.models import Goal, Principle, Version
from agreements.revision import start_draft
from tests.agreement_factory import make_version

pytestmark = pytest.mark.django_db


def changes_url(number: int) -> str:
    return reverse("agreements:changes", args=[number])


@pytest.fixture
def draft(agreement, process_leader) -> Version:
    """A draft of version 2 with a changed vision, a new purpose paragraph, one goal
    removed, one added, one principle reworded and the quorum raised."""
    draft = start_draft(agreement, by=process_leader)
    draft.vision = draft.vision.replace("jämlika parter", "likvärdiga parter")
    draft.purpose += "\n\nParterna följer upp överenskommelsen vid varje samverkanskonferens."
    draft.quorum_percent = 60
    draft.signing_sectors = ["civil_society", "public", "business"]
    draft.save()
    draft.goals.filter(title="Tydliga vägar in").delete()
    Goal.objects.create(version=draft, order=9, title="Ett nytt mål om ungas inflytande")
    Principle.objects.filter(version=draft, slug="dialog").update(
        summary="Parterna talar med varandra tidigt och ofta."
    )
    return draft


def test_it_marks_insertions_and_deletions_in_words_on_the_draft_page(public, draft):
    response = public.get(changes_url(2))

    assert response.status_code == 200
    page = response.content.decode()
    # Word by word inside the changed paragraph, with the hidden words a screen reader says.
    assert '<del><span class="visually-hidden">Borttaget: </span>jämlika</del>' in page
    assert '<ins><span class="visually-hidden">Tillagt: </span>likvärdiga</ins>' in page
    assert "Parterna följer upp överenskommelsen vid varje samverkanskonferens." in page
    assert "Ett nytt mål om ungas inflytande" in page
    assert "<del>Tydliga vägar in</del>" in page
    assert '<ins><span class="visually-hidden">Tillagt: </span>ofta</ins>' in page
    assert "Näringsliv" in page or "Business" in page  # who may sign
    # The legend says how changes are marked, and the draft says it is not adopted.
    assert "Understruken text" in page and "Överstruken text" in page
    assert "inte antagit" in page


def test_it_says_the_first_version_has_nothing_before_it(public, agreement):
    page = public.get(changes_url(1)).content.decode()

    assert "första versionen" in page
    assert "<ins>" not in page.split("<main", 1)[-1].split("</main>")[0].replace(
        "<ins>Understruken", ""
    )


def test_it_answers_404_for_an_unknown_version(public, agreement):
    assert public.get(changes_url(7)).status_code == 404


def test_it_compares_with_the_version_before_when_none_is_named(public, agreement):
    make_version(
        agreement,
        2,
        title="Andra versionen",
        vision="Helt ny vision",
        status=Version.Status.ADOPTED,
        valid_from=datetime.date(2030, 1, 1),
        valid_until=datetime.date(2033, 12, 31),
        review_due=datetime.date(2033, 6, 30),
    )

    page = public.get(changes_url(2)).content.decode()

    assert "jämfört med version 1" in page
    assert "Helt ny vision" in page
    assert "inte antagit" not in page


def test_it_links_the_comparison_from_the_version_page_and_the_list(public, draft):
    from agreements.revision import previous_version

    assert previous_version(draft).number == 1
    versions = public.get("/overenskommelsen/versioner/").content.decode()

    assert changes_url(2) in versions


def test_it_loads_the_page_in_a_few_queries(public, draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert public.get(changes_url(2)).status_code == 200


def test_it_aligns_paragraphs_and_diffs_words_inside_a_changed_one():
    old = "Första stycket.\n\nAndra stycket om dialog.\n\nTredje."
    new = "Första stycket.\n\nAndra stycket om öppen dialog.\n\nTredje.\n\nFjärde."

    kinds = [paragraph.kind for paragraph in paragraph_diff(old, new)]
    pieces = word_diff("om dialog", "om öppen dialog")

    assert kinds == ["equal", "changed", "equal", "inserted"]
    # A paragraph rewritten from scratch reads as removed and added, not as word soup.
    assert [p.kind for p in paragraph_diff("Ett två tre.", "Fyra fem sex.")] == [
        "deleted",
        "inserted",
    ]
    assert [(piece.kind, piece.text) for piece in pieces if piece.kind != "equal"] == [
        ("inserted", "öppen ")
    ]
