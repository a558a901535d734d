"""The page cache (config.pagecache): anonymous public pages served whole from the cache,
and every change that shows on a page showing at once."""

import datetime
import gzip
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from config import pagecache
from parties.models import Membership

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def anonymous(**cookies) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def body(response) -> str:
    content = b"".join(response) if response.streaming else response.content
    return content.decode()


def fetch_twice(client, path: str):
    first = client.get(path)
    assert first.status_code == 200, path
    body(first)  # a streamed response (the CSV) is stored once it is read
    return first, client.get(path)


@pytest.fixture
def party(agreement, make_party):
    return make_party("Föreningen Cachad")


# ---- what is cached ----------------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/overenskommelsen/",
    "/principer/",
    "/principer/dialog/",
    "/undertecknare/",
    "/undertecknare/?sektor=civil_society&sida=1",
    "/undertecknare.csv",
    "/undertecknare.json",
    "/undertecknare/flode/",
    "/styrgrupp/",
    "/styrgrupp/moten.ics",
    "/handlingsplan/",
    "/rapporter/",
    "/tillganglighet/",
]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "party page"])
def test_it_serves_the_second_anonymous_request_from_the_cache_without_sql(
    party, django_assert_num_queries, path
):
    if path == "party page":
        path = f"/undertecknare/{party.slug}/"
    client = anonymous()
    first = client.get(path)
    assert first.status_code == 200, path
    assert first["X-Cache"] == "miss"
    first_body = body(first)  # a streamed response (the CSV) is stored once it is read

    with django_assert_num_queries(0):
        second = client.get(path)
        second_body = body(second)

    assert second["X-Cache"] == "hit", path
    assert second_body == first_body
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("Content-Disposition") == first.get("Content-Disposition")


def test_it_serves_a_head_request_from_what_a_get_stored(party):
    anonymous().get("/undertecknare/")
    assert anonymous().head("/undertecknare/")["X-Cache"] == "hit"


def test_it_keeps_pages_apart_by_query_string_and_host(agreement, make_party, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    make_party("Alfa Idrott", areas=("idrott",))
    make_party("Beta Folkhälsa", areas=("folkhalsa",))
    client = anonymous()
    sports = body(client.get("/undertecknare/?omrade=idrott"))
    health = client.get("/undertecknare/?omrade=folkhalsa")

    assert health["X-Cache"] == "miss"
    assert "Alfa Idrott" in sports and "Beta Folkhälsa" not in sports
    assert "Beta Folkhälsa" in body(health) and "Alfa Idrott" not in body(health)
    assert client.get("/", HTTP_HOST="other.example")["X-Cache"] == "miss"


def test_it_puts_the_security_headers_on_a_hit(agreement, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    client = anonymous()
    miss = client.get("/", secure=True)
    hit = client.get("/", secure=True)

    assert hit["X-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Frame-Options",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "Vary",
    ):
        assert hit[header] == miss[header], header
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]
    assert "Cookie" in hit["Vary"]
    assert "nonce-" not in hit["Content-Security-Policy"]


# ---- open data, compressed once ------------------------------------------------------------

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def raw(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("first_asks_for_gzip", [True, False])
@pytest.mark.parametrize("path", ["/undertecknare.csv", "/undertecknare.json"])
def test_it_serves_open_data_from_the_cache_in_the_encoding_each_visitor_accepts(
    party, django_assert_num_queries, path, first_asks_for_gzip
):
    first = anonymous().get(path, **(GZIP if first_asks_for_gzip else {}))
    first_body = raw(first)  # the streamed CSV is stored once it is read
    assert first["X-Cache"] == "miss"
    plain_body = gzip.decompress(first_body) if first_asks_for_gzip else first_body

    with django_assert_num_queries(0):
        zipped = anonymous().get(path, **GZIP)
        plain = anonymous().get(path)
        refusing = anonymous().get(path, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")

    assert zipped["X-Cache"] == plain["X-Cache"] == refusing["X-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw(zipped)) == plain_body
    assert int(zipped["Content-Length"]) == len(raw(zipped)) < len(plain_body)
    for response in (plain, refusing):
        assert "Content-Encoding" not in response
        assert raw(response) == plain_body
        assert int(response["Content-Length"]) == len(plain_body)
    for response in (zipped, plain, refusing):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"] == first["Content-Type"]
    assert "Föreningen Cachad" in plain_body.decode()


def test_it_compresses_nothing_when_it_serves_open_data_from_the_cache(party, monkeypatch):
    path = "/undertecknare.json"
    expected = raw(anonymous().get(path))  # fills the cache: both encodings are stored

    def no_compressing(*args, **kwargs):
        raise AssertionError("compressed on a cache hit")

    from common import compression

    monkeypatch.setattr(pagecache, "gzip_bytes", no_compressing)
    monkeypatch.setattr(compression, "gzip_bytes", no_compressing)
    monkeypatch.setattr(compression, "compress_sequence", no_compressing)
    hit = anonymous().get(path, **GZIP)

    assert hit["X-Cache"] == "hit"
    assert gzip.decompress(raw(hit)) == expected


def test_it_renders_open_data_again_when_a_stored_body_was_evicted(party):
    from django.core.cache import caches

    path = "/undertecknare.json"
    expected = raw(anonymous().get(path))
    cache = caches[pagecache.CACHE_ALIAS]  # the test's own LocMemCache: keys ":1:<key>"
    for stored in [key for key in cache._cache if key.endswith(":gzip")]:
        cache.delete(stored.split(":", 2)[2])  # as Redis may evict one key before another

    again = anonymous().get(path, **GZIP)
    assert again["X-Cache"] == "miss"
    assert gzip.decompress(raw(again)) == expected
    assert anonymous().get(path, **GZIP)["X-Cache"] == "hit"


def test_it_compresses_no_html_page(party):
    for response in fetch_twice(anonymous(), "/undertecknare/"):
        assert "Content-Encoding" not in response


def test_it_makes_the_date_part_of_the_key(agreement, monkeypatch):
    client = anonymous()
    fetch_twice(client, "/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"


def test_it_caches_nothing_when_switched_off(agreement, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = anonymous()
    first, second = fetch_twice(client, "/")
    assert "X-Cache" not in first and "X-Cache" not in second


# ---- what is never cached ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contact", "steering_member", "process_leader"])
def test_it_never_serves_nor_stores_a_signed_in_page(request, agreement, persona):
    user = request.getfixturevalue(persona)
    signed_in = Client()
    signed_in.force_login(user)
    fetch_twice(anonymous(), "/")  # an anonymous page is in the cache

    for _ in range(2):
        page = signed_in.get("/")
        assert "X-Cache" not in page
        assert "Logga ut" in body(page)
        assert "private" in page["Cache-Control"]

    later = anonymous().get("/")
    assert later["X-Cache"] == "hit"
    assert "Logga ut" not in body(later) and user.email not in body(later)


def test_it_does_not_give_a_signed_in_page_to_the_next_visitor(agreement, contact):
    signed_in = Client()
    signed_in.force_login(contact)
    assert "Logga ut" in body(signed_in.get("/undertecknare/"))

    first = anonymous().get("/undertecknare/")
    assert first["X-Cache"] == "miss"
    assert "Logga ut" not in body(first) and "Logga in" in body(first)


@pytest.mark.parametrize("path", ["/anslut/", "/konto/login/"])
def test_it_never_caches_a_page_with_a_csrf_token(agreement, path):
    client = anonymous()
    first, second = fetch_twice(client, path)

    assert second["X-Cache"] == "miss"
    assert "csrfmiddlewaretoken" in body(second)
    assert first.cookies["csrftoken"].value and second.cookies["csrftoken"].value


def test_it_stores_only_the_public_pages_it_names(public, agreement, apply):
    from django.urls import NoReverseMatch, reverse

    from tests.security.test_permission_matrix import PUBLIC_PAGES as PUBLIC_IN_THE_MATRIX

    for name in pagecache.CACHED_VIEWS:
        assert name in PUBLIC_IN_THE_MATRIX, name
        try:
            reverse(name)
        except NoReverseMatch as error:  # it takes parameters: the name exists all the same
            assert "with no arguments not found" in str(error), name
    # The receipt is reached by a secret token; it is never stored.
    receipt = f"/anslut/kvitto/{apply('Föreningen Kvitto').receipt_token}/"
    first, second = fetch_twice(anonymous(), receipt)
    assert second["X-Cache"] == "miss"


def test_it_looks_nothing_up_for_a_visitor_with_messages_waiting(agreement):
    fetch_twice(anonymous(), "/")
    assert "X-Cache" not in anonymous(messages="some-message").get("/")


def test_it_refuses_a_host_that_is_not_allowed_as_before(agreement):
    assert anonymous().get("/", HTTP_HOST="evil.example").status_code == 400


def test_it_needs_no_csrf_cookie_on_public_pages(party):
    for path in ("/", "/undertecknare/", f"/undertecknare/{party.slug}/", "/handlingsplan/"):
        response = anonymous().get(path)
        assert not response.cookies, path


# ---- a change shows at once --------------------------------------------------------------


def test_it_shows_a_decision_recorded_through_the_service_at_once(agreement, steering_member):
    from steering import services
    from steering.models import DecisionKind, Meeting

    now = timezone.now()
    meeting = Meeting.objects.create(
        agreement=agreement,
        starts_at=now - datetime.timedelta(days=30),
        place="Rådhuset",
        minutes="Protokoll",
        minutes_checked_by="Justerare",
        minutes_checked_on=timezone.localdate() - datetime.timedelta(days=25),
    )
    path = f"/styrgrupp/moten/{meeting.pk}/"
    client = anonymous()
    assert fetch_twice(client, path)[1]["X-Cache"] == "hit"

    # Decisions are recorded before the minutes are published (published minutes take no
    # more); both the paragraph and the publication show at once.
    services.record_decision(
        kind=DecisionKind.OTHER,
        text="Styrgruppen beslutar om en ny mötesplats.",
        meeting=meeting,
        by=steering_member,
    )
    assert client.get(path)["X-Cache"] == "miss"
    assert fetch_twice(client, path)[1]["X-Cache"] == "hit"
    assert services.publish_minutes(meeting, by=steering_member)

    page = client.get(path)
    assert page["X-Cache"] == "miss"
    assert "Styrgruppen beslutar om en ny mötesplats." in body(page)


def test_it_shows_details_edited_in_the_admin_at_once(party, steering_member):
    # The name is read-only in the admin (it changes by a change request): staff correct
    # the description and the website there.
    from tests.parties.test_admin import organisation_form_data

    client = anonymous()
    paths = (f"/undertecknare/{party.slug}/", "/undertecknare.json")
    for path in paths:
        assert fetch_twice(client, path)[1]["X-Cache"] == "hit"
    staff = Client()
    staff.force_login(steering_member)
    url = f"/admin/parties/organisation/{party.pk}/change/"
    data = organisation_form_data(
        staff, url, description="Vi driver nu en fritidsgård.", website="https://ny.test"
    )

    response = staff.post(url, data)

    assert response.status_code == 302
    for path in paths:
        page = body(client.get(path))
        assert "https://ny.test" in page, path
    assert "Vi driver nu en fritidsgård." in body(client.get(paths[0]))


def test_it_shows_a_new_activity_update_at_once(agreement, process_leader):
    from actionplan.services import update_progress
    from tests.actionplan.plan_fixtures import add_activity, build_plan

    built = build_plan(agreement)
    activity = add_activity(built.this_year, built.objectives[0], "Dialogforum", progress=10)
    client = anonymous()
    path = f"/handlingsplan/aktiviteter/{activity.pk}/"
    assert fetch_twice(client, path)[1]["X-Cache"] == "hit"
    fetch_twice(client, "/handlingsplan/")

    update_progress(
        activity, by=process_leader, status="ongoing", progress=60, text="Första forumet hölls."
    )

    page = body(client.get(path))
    assert "Första forumet hölls." in page and "60" in page
    assert client.get("/handlingsplan/")["X-Cache"] == "miss"


def test_it_answers_in_the_language_the_cookie_names(agreement):
    client = anonymous()
    swedish = fetch_twice(client, "/principer/")[1]
    assert '<html lang="sv">' in body(swedish)

    client.get("/sprak/en/", {"next": "/principer/"})
    english = client.get("/principer/")
    assert english["X-Cache"] == "miss"
    assert '<html lang="en">' in body(english) and english["Content-Language"] == "en"

    client.get("/sprak/sv/", {"next": "/principer/"})
    again = client.get("/principer/")
    assert again["X-Cache"] == "hit" and '<html lang="sv">' in body(again)
    # A cookie naming no language of ours counts as Swedish, as for the locale middleware.
    odd = anonymous(django_language="xx").get("/principer/")
    assert odd["X-Cache"] == "hit" and '<html lang="sv">' in body(odd)


def test_it_shows_an_approved_party_in_the_register_at_once(apply, steering_member):
    from parties import services

    application = apply("Nyanslutna Föreningen")
    client = anonymous()
    for path in ("/undertecknare/", "/undertecknare.csv", "/"):
        first, second = fetch_twice(client, path)
        assert second["X-Cache"] == "hit", path
        assert "Nyanslutna Föreningen" not in body(first), path

    services.approve_application(application, by=steering_member)

    for path in ("/undertecknare/", "/undertecknare.csv", "/"):
        assert "Nyanslutna Föreningen" in body(client.get(path)), path


def test_it_keeps_the_pages_while_organisations_apply(apply, steering_member):
    # Applications come in while the newsletter brings visitors: a pending application
    # shows on no public page, so it must not empty the cache each time.
    from parties import services

    apply("Första Sökande Föreningen")
    client = anonymous()
    for path in ("/undertecknare/", "/undertecknare.json", "/"):
        fetch_twice(client, path)
    application = apply("Andra Sökande Föreningen")
    for path in ("/undertecknare/", "/undertecknare.json", "/"):
        page = client.get(path)
        assert page["X-Cache"] == "hit", path
        assert "Andra Sökande Föreningen" not in body(page), path
    # The decision shows at once, as every other change.
    services.approve_application(application, by=steering_member)
    page = client.get("/undertecknare/")
    assert page["X-Cache"] == "miss"
    assert "Andra Sökande Föreningen" in body(page)


def test_it_notices_a_new_row_written_without_a_signal_after_an_unseen_one_failed(party):
    # A pending organisation (unseen) whose insert fails must not keep the next insert into
    # the same table quiet: bulk_create sends no signal that would start afresh.
    from django.db import IntegrityError, transaction

    from parties.demo import org_number
    from parties.models import Organisation

    client = anonymous()
    assert fetch_twice(client, "/undertecknare/")[1]["X-Cache"] == "hit"

    def copy(name: str, slug: str) -> Organisation:
        return Organisation(
            name=name,
            org_number=party.org_number,
            sector=party.sector,
            legal_form=party.legal_form,
            municipality=party.municipality,
            slug=slug,
        )

    with pytest.raises(IntegrityError), transaction.atomic():
        copy("Föreningen Dubblett", "dubblett").save()
    assert client.get("/undertecknare/")["X-Cache"] == "hit"

    another = copy("Föreningen Massinlagd", "massinlagd")
    another.org_number = org_number(999_999)
    (another,) = Organisation.objects.bulk_create([another])
    Membership.objects.bulk_create(
        [
            Membership(
                organisation=another,
                agreement=party.memberships.get().agreement,
                status=Membership.Status.ACTIVE,
                joined_on=party.memberships.get().joined_on,
            )
        ]
    )

    assert "Föreningen Massinlagd" in body(client.get("/undertecknare/"))


def _queryset_update(organisation):
    type(organisation).objects.filter(pk=organisation.pk).update(name="Föreningen Ändrad")


def _bulk_update(organisation):
    organisation.name = "Föreningen Ändrad"
    type(organisation).objects.bulk_update([organisation], ["name"])


def _raw_sql(organisation):
    table = organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET name = %s WHERE id = %s', ["Föreningen Ändrad", organisation.pk]
        )


@pytest.mark.parametrize("change", [_queryset_update, _bulk_update, _raw_sql])
def test_it_notices_writes_that_send_no_signal(party, change):
    client = anonymous()
    path = f"/undertecknare/{party.slug}/"
    assert fetch_twice(client, path)[1]["X-Cache"] == "hit"

    change(party)

    assert "Föreningen Ändrad" in body(client.get(path))


def test_it_notices_the_removal_of_rows_by_a_queryset(party):
    client = anonymous()
    path = f"/undertecknare/{party.slug}/"
    assert "Folkhälsa" in body(fetch_twice(client, path)[1])

    party.areas.through.objects.filter(organisation_id=party.pk).delete()

    assert "Folkhälsa" not in body(client.get(path))


def test_it_keeps_the_pages_when_only_a_session_or_the_outbox_is_written(agreement, contact):
    from django.contrib.sessions.backends.db import SessionStore

    from audit.models import SentNotification

    client = anonymous()
    fetch_twice(client, "/")
    session = SessionStore()
    session["something"] = 1
    session.save()
    SentNotification.objects.create(
        kind="test", recipient="someone@example.test", record=contact.party
    )

    assert client.get("/")["X-Cache"] == "hit"


def test_it_invalidates_at_once_and_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    from agreements.models import Principle

    before = pagecache._generation().get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Principle.objects.filter(pk=-1).update(name="x")  # a write, even of no rows
        Principle.objects.filter(pk=-2).update(name="y")
    at_once = pagecache._generation().get()
    assert at_once != before
    assert callbacks == [pagecache._replace_generation]  # once per transaction
    callbacks[0]()
    assert pagecache._generation().get() not in (before, at_once)


def test_it_tells_reads_from_writes():
    assert not pagecache.writes_shown_data('SELECT "a"."id" FROM "a"')
    assert not pagecache.writes_shown_data('SAVEPOINT "s1"')
    assert not pagecache.writes_shown_data('UPDATE "django_session" SET "x" = 1')
    assert not pagecache.writes_shown_data('INSERT INTO "audit_sentnotification" ("a") VALUES (1)')
    assert pagecache.writes_shown_data('UPDATE "parties_organisation" SET "name" = %s')
    assert pagecache.writes_shown_data('DELETE FROM "parties_organisation_areas" WHERE 1')
    assert pagecache.writes_shown_data("insert into parties_organisation (name) values ('x')")
    assert pagecache.writes_shown_data("WITH x AS (SELECT 1) UPDATE parties_organisation SET a=1")


# ---- shared between processes ------------------------------------------------------------


def test_it_shares_the_generation_with_other_processes_through_files(agreement, settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    client = anonymous()
    assert fetch_twice(client, "/")[1]["X-Cache"] == "hit"

    # Another process (a second gunicorn worker, a Celery worker) notes a change.
    env = {"PATH": "/usr/bin:/bin", "PAGE_CACHE_DIR": str(tmp_path / "pages")}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from config import pagecache; pagecache.changed()",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        timeout=60,
    )

    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"


def test_it_keeps_pages_and_generation_in_redis(agreement, make_party, redis_url, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    client = anonymous()
    assert fetch_twice(client, "/undertecknare/")[1]["X-Cache"] == "hit"

    make_party("Föreningen i Redis")
    page = client.get("/undertecknare/")
    assert page["X-Cache"] == "miss" and "Föreningen i Redis" in body(page)

    # A generation Redis lost (evicted, flushed) is a new one, not an old one come back.
    from django.core.cache import caches

    caches["pages"].delete(pagecache.GENERATION_KEY)
    assert client.get("/undertecknare/")["X-Cache"] == "miss"
    assert client.get("/undertecknare/")["X-Cache"] == "hit"


def test_it_names_only_pages_that_everyone_gets_alike():
    # The permission matrix says which pages answer every persona the same; a page the
    # cache may store must be one of them, so no signed-in answer can ever be stored.
    from tests.security.test_permission_matrix import PUBLIC_PAGES

    assert pagecache.CACHED_VIEWS <= set(PUBLIC_PAGES)
