"""The page cache per agreement: a write to A's rows leaves B's cached pages be; the overview
at / and /overenskommelser.json change with any agreement's figures."""

import pytest
from django.test import Client

from agreements.models import Principle
from config import pagecache
from tests.agreement_factory import make_agreement

pytestmark = pytest.mark.django_db

PORTAL = "portal.test"


@pytest.fixture(autouse=True)
def _portal_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PORTAL]


@pytest.fixture
def other(agreement):
    return make_agreement(slug="bjorkvik", name="Överenskommelse i Björkviks kommun")


def portal() -> Client:
    return Client(HTTP_HOST=PORTAL)


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert client.get(path)["X-Cache"] == "hit", path


def test_a_write_to_one_agreement_keeps_the_other_agreements_pages(agreement, other):
    client = portal()
    a_page, b_page = f"/{agreement.slug}/overenskommelsen/", "/bjorkvik/overenskommelsen/"
    warm(client, a_page, b_page, "/", "/overenskommelser.json")

    version = agreement.in_force
    version.vision = "En ny vision för Norrådalen"
    version.save()

    assert client.get(b_page)["X-Cache"] == "hit"
    changed = client.get(a_page)
    assert changed["X-Cache"] == "miss"
    assert "En ny vision för Norrådalen" in changed.content.decode()
    # The installation's overview follows any agreement.
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/overenskommelser.json")["X-Cache"] == "miss"


def test_renaming_an_agreement_changes_its_pages_and_the_overview_only(agreement, other):
    client = portal()
    warm(client, f"/{agreement.slug}/", "/bjorkvik/", "/")
    other.name = "Björkviks nya överenskommelse"
    other.save()
    assert client.get(f"/{agreement.slug}/")["X-Cache"] == "hit"
    assert client.get("/bjorkvik/")["X-Cache"] == "miss"
    overview = client.get("/")
    assert overview["X-Cache"] == "miss"
    assert "Björkviks nya överenskommelse" in overview.content.decode()


def test_a_row_reached_through_a_loaded_path_counts_for_its_agreement(agreement, other):
    client = portal()
    warm(client, "/bjorkvik/principer/")
    version = agreement.in_force
    Principle.objects.create(
        version=version, name="Ny princip", slug="ny", summary="S", description="D"
    )
    assert client.get("/bjorkvik/principer/")["X-Cache"] == "hit"


def test_a_write_of_no_agreement_or_without_a_signal_changes_every_page(agreement, other):
    client = portal()
    warm(client, f"/{agreement.slug}/", "/bjorkvik/", "/")
    Principle.objects.filter(version__agreement=agreement).update(summary="Ändrad")
    for path in (f"/{agreement.slug}/", "/bjorkvik/", "/"):
        assert client.get(path)["X-Cache"] == "miss", path


def test_it_finds_a_rows_agreement_without_a_query(agreement, django_assert_num_queries):
    version = agreement.in_force
    principle = Principle(version=version, name="P", slug="p", summary="S", description="D")
    with django_assert_num_queries(0):
        assert pagecache.agreements_of(version) == frozenset({agreement.pk})
        assert pagecache.agreements_of(principle) == frozenset({agreement.pk})
        assert pagecache.agreements_of(agreement) == frozenset({agreement.pk})
        unloaded = Principle.objects.model(version_id=version.pk)
        assert pagecache.agreements_of(unloaded) is None
