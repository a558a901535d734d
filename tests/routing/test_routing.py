"""Several agreements in one installation: each at its prefix or its own host name, the
unprefixed addresses redirected to the default agreement, the installation's own pages at /."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agreements.models import RESERVED_SLUGS, Agreement, Level
from common import hooks, scoping
from config import agreement_routing
from tests.agreement_factory import make_agreement

pytestmark = pytest.mark.django_db

PORTAL = "portal.test"  # a host that is no agreement's: the installation's


@pytest.fixture(autouse=True)
def _portal_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PORTAL, "samverkan.bjorkvik.test"]


def portal() -> Client:
    return Client(HTTP_HOST=PORTAL)


@pytest.fixture
def other(agreement):
    other = make_agreement(
        slug="bjorkvik", name="Överenskommelse i Björkviks kommun", region_name="Björkviks kommun"
    )
    other.level = Level.MUNICIPAL
    other.save()
    return other


# ---- prefixes and host names -----------------------------------------------------------------


def test_each_prefix_shows_its_own_agreement(agreement, other):
    client = portal()
    mine = client.get(f"/{agreement.slug}/overenskommelsen/")
    theirs = client.get("/bjorkvik/overenskommelsen/")
    assert mine.status_code == theirs.status_code == 200
    assert agreement.name in mine.content.decode()
    assert other.name not in mine.content.decode()
    assert other.name in theirs.content.decode()
    assert agreement.name not in theirs.content.decode()


def test_the_agreements_start_page_is_at_its_prefix(agreement, other):
    response = portal().get("/bjorkvik/")
    assert response.status_code == 200
    assert response.wsgi_request.agreement.pk == other.pk
    assert portal().get("/bjorkvik").status_code == 301


def test_links_on_a_prefixed_page_carry_the_prefix(agreement, other):
    page = portal().get("/bjorkvik/overenskommelsen/").content.decode()
    assert 'href="/bjorkvik/undertecknare/"' in page
    assert 'href="/bjorkvik/styrgrupp/"' in page
    assert 'href="/undertecknare/"' not in page


def test_an_unprefixed_page_redirects_permanently_to_the_default_agreement(agreement, other):
    response = portal().get("/undertecknare/?sektor=public&q=a")
    assert response.status_code == 301
    assert response["Location"] == f"/{agreement.slug}/undertecknare/?sektor=public&q=a"


def test_the_default_agreement_is_a_setting(agreement, other, settings):
    settings.DEFAULT_AGREEMENT = "bjorkvik"
    response = portal().get("/styrgrupp/")
    assert response.status_code == 301
    assert response["Location"] == "/bjorkvik/styrgrupp/"


def test_an_address_that_is_no_page_is_not_found(agreement, other):
    assert portal().get("/finns-inte/").status_code == 404
    assert portal().get("/bjorkvik/finns-inte/").status_code == 404


def test_an_agreements_own_host_name_serves_it_without_prefix(agreement, other):
    other.domain = "samverkan.bjorkvik.test"
    other.save()
    response = Client(HTTP_HOST="samverkan.bjorkvik.test:443").get("/overenskommelsen/")
    assert response.status_code == 200
    assert other.name in response.content.decode()
    page = Client(HTTP_HOST="samverkan.bjorkvik.test").get("/").content.decode()
    assert 'href="/undertecknare/"' in page


def test_the_test_clients_host_is_the_agreement_fixtures(client, agreement, other):
    # The rest of the suite reaches `agreement` at its unprefixed addresses.
    assert client.get("/overenskommelsen/").wsgi_request.agreement.pk == agreement.pk


def test_it_refuses_a_reserved_short_name():
    for slug in RESERVED_SLUGS:
        candidate = Agreement(slug=slug, name="X", region_name="Y")
        with pytest.raises(ValidationError) as error:
            candidate.full_clean()
        assert "slug" in error.value.message_dict


def test_it_never_routes_a_reserved_short_name(agreement, other):
    # Even written past validation, "admin" stays the admin's address.
    Agreement.objects.filter(pk=other.pk).update(slug="admin")
    agreement_routing.agreements_changed()
    response = portal().get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_reads_no_agreement_from_the_database_per_request(
    agreement, other, django_assert_max_num_queries
):
    portal().get("/bjorkvik/overenskommelsen/")
    with django_assert_max_num_queries(0):
        assert portal().get("/bjorkvik/finns-inte/").status_code == 404
    routes = agreement_routing.table()
    assert routes.by_slug["bjorkvik"] == other.pk
    with django_assert_max_num_queries(0):
        assert agreement_routing.table() is routes


def test_saving_an_agreement_reloads_the_routes(agreement, other):
    other.slug = "bjorkvik-kommun"
    other.save()
    assert portal().get("/bjorkvik-kommun/overenskommelsen/").status_code == 200
    assert portal().get("/bjorkvik/overenskommelsen/").status_code == 404


# ---- the installation's pages ----------------------------------------------------------------


def test_accounts_and_the_admin_work_unprefixed(agreement, other):
    client = portal()
    login = client.get("/konto/login/")
    assert login.status_code == 200
    assert login.wsgi_request.agreement is None
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")


def test_the_admin_under_a_prefix_goes_to_the_admin(agreement, other):
    response = portal().get("/bjorkvik/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_accounts_work_under_a_prefix_too(agreement, other):
    response = portal().get("/bjorkvik/konto/login/")
    assert response.status_code == 200
    assert response.wsgi_request.agreement.pk == other.pk


def test_with_one_agreement_the_root_goes_to_it(agreement):
    response = portal().get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/{agreement.slug}/"


def test_the_root_lists_every_agreement(agreement, other):
    response = portal().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for each in (agreement, other):
        assert each.name in page
        assert each.region_name in page
        assert f'href="/{each.slug}/"' in page
    assert "Kommunal" in page or "Municipal" in page


def test_the_root_shows_the_parties_per_sector_the_hook_gives(agreement, other):
    def counts(agreements):
        return {
            a.pk: [{"sector": "public", "label": "Offentlig sektor", "count": 7}]
            for a in agreements
        }

    with hooks.register_temporarily("agreement_party_counts", counts, alone=True):
        page = portal().get("/").content.decode()
    assert page.count("Offentlig sektor") >= 2
    assert "7" in page


@pytest.mark.parametrize("how_many", [2, 6])
def test_the_root_costs_the_same_queries_whatever_the_number_of_agreements(
    agreement, how_many, django_assert_max_num_queries
):
    for index in range(how_many - 1):
        make_agreement(slug=f"kommun-{index}", name=f"Kommun {index}")
    portal().get("/healthz")  # routes loaded
    with django_assert_max_num_queries(4):
        assert portal().get("/").status_code == 200
    with django_assert_max_num_queries(4):
        assert portal().get("/overenskommelser.json").status_code == 200


def test_the_installations_open_data_lists_every_agreement(agreement, other, settings):
    settings.SITE_URL = "https://portal.test"
    response = portal().get("/overenskommelser.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 2
    assert {"slug", "level", "host", "valid_from", "open_data"} <= set(data["fields"])
    first, second = data["results"]
    assert first["slug"] == agreement.slug
    assert first["host"] == agreement.region_name
    assert first["valid_from"] == agreement.period[0].isoformat()
    # The fixture's agreement has its own host name ("testserver"): its addresses are there.
    assert first["url"] == "https://testserver/"
    assert first["open_data"]["register_json"] == "https://testserver/undertecknare.json"
    assert first["open_data"]["register_csv"].endswith("/undertecknare.csv")
    assert first["open_data"]["action_plan_feed"].endswith("/handlingsplan/flode/")
    # Without one, under its short name on the installation's address.
    assert second["level"] == "municipal"
    assert second["url"] == "https://portal.test/bjorkvik/"
    assert second["open_data"]["register_json"] == (
        "https://portal.test/bjorkvik/undertecknare.json"
    )


def test_the_privacy_notice_names_the_agreements_controller(agreement, other, settings):
    other.controller_name = "Björkviks kommun, kommunstyrelsen"
    other.controller_org_number = "212000-0000"
    other.save()
    theirs = portal().get("/bjorkvik/personuppgifter/").content.decode()
    assert "Björkviks kommun, kommunstyrelsen" in theirs
    installation = portal().get("/personuppgifter/").content.decode()
    assert settings.DATA_CONTROLLER["name"] in installation
    assert "kommunstyrelsen" not in installation


def test_the_accessibility_statement_gives_the_agreements_contact(agreement, other):
    other.accessibility_email = "tillganglighet@bjorkvik.test"
    other.save()
    page = portal().get("/bjorkvik/tillganglighet/").content.decode()
    assert "tillganglighet@bjorkvik.test" in page


# ---- the guard -----------------------------------------------------------------------------


def test_a_scoped_query_without_an_agreement_raises():
    from agreements.models import Version

    # A manager as H4 gives the scoped models, on a model at hand.
    manager = scoping.scoped_manager()
    manager.model = Version
    with scoping.guard(None), pytest.raises(scoping.ScopeError):
        manager.all()
    with scoping.guard(5):
        assert "agreement_id" in str(manager.all().query)


def test_the_middleware_opens_the_guard_per_request(agreement, other):
    from django.http import HttpResponse
    from django.test import RequestFactory

    seen = []

    def view(request):
        seen.append((request.agreement, scoping.is_guarded(), scoping.current_agreement_ids()))
        return HttpResponse("ok")

    middleware = agreement_routing.AgreementRoutingMiddleware(view)
    factory = RequestFactory(HTTP_HOST=PORTAL)
    middleware(factory.get("/bjorkvik/overenskommelsen/"))
    middleware(factory.get("/konto/login/"))
    (first_agreement, guarded, allowed), (none, guarded_too, nothing) = seen
    assert first_agreement.pk == other.pk and guarded and allowed == frozenset({other.pk})
    assert none is None and guarded_too and nothing is None
    assert not scoping.is_guarded()  # and closed again after the request


def test_a_missing_slash_is_added_under_the_prefix(agreement, other):
    response = portal().get("/bjorkvik/overenskommelsen")
    assert response.status_code == 301
    assert response["Location"] == "/bjorkvik/overenskommelsen/"


def test_a_task_links_to_an_agreements_pages_outside_a_request(other):
    from django.urls import reverse

    from agreements.pages import addresses_of

    with addresses_of(other):
        assert reverse("parties:register") == "/bjorkvik/undertecknare/"
    assert reverse("parties:register") == "/undertecknare/"
