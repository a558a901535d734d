"""The split into a lasting agreement and its versions, run on the demo as it was before.

The data is the demo that `seed_demo` loaded before the split (a pg_dump kept in
`data/`): the test empties the database, migrates back to the schema of that time, loads
it, migrates forward and reads the portal. The second test first plays the case that
broke the old model: version 1 expired and version 2 made active, as two rows.
"""

import gzip
import pathlib
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DUMP = pathlib.Path(__file__).parent / "data" / "demo_before_versions.sql.gz"
BEFORE_THE_SPLIT = [
    ("agreements", "0003_steering_rules"),
    ("steering", "0005_motion_roles"),
    ("followup", "0006_submitted_versions"),
    ("actionplan", "0002_areas_and_roles"),
    ("parties", "0004_contact_awaits_confirmation"),
]
# Tables whose rows belong to the agreement; each must keep every row through the split.
OWNED = [
    "steering_seat",
    "steering_meeting",
    "steering_decision",
    "steering_percapsulamquestion",
    "actionplan_actionplan",
    "followup_followupround",
    "followup_revisionproposal",
]


def _migrate(targets) -> float:
    executor = MigrationExecutor(connection)
    started = time.perf_counter()
    executor.migrate(targets)
    return time.perf_counter() - started


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _load_the_old_demo() -> None:
    latest = _latest()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    _migrate(BEFORE_THE_SPLIT)
    with connection.cursor() as cursor:
        cursor.execute(gzip.decompress(DUMP.read_bytes()).decode())
    return latest


def _counts() -> dict[str, int]:
    return {table: _rows(f"SELECT count(*) FROM {table}")[0][0] for table in OWNED}


def test_it_keeps_the_demo_whole_through_the_split(require_postgres, client):
    latest = _load_the_old_demo()
    old = _rows("SELECT id, title, vision, status, quorum_percent FROM agreements_agreement")
    assert len(old) == 1
    before = _counts()
    principles = _rows("SELECT name FROM agreements_principle ORDER BY id")

    seconds = _migrate(latest)
    print(f"migrated the demo forward in {seconds:.2f} s")

    from agreements.models import Agreement, Principle
    from steering.models import Decision, Seat

    (agreement,) = Agreement.objects.all()
    assert agreement.pk == old[0][0]
    (version,) = agreement.versions.all()
    assert (version.title, version.vision, version.status, version.quorum_percent) == old[0][1:]
    assert agreement.name == version.title
    assert list(Principle.objects.filter(version=version).values_list("name")) == principles
    assert _counts() == before
    assert not Decision.objects.filter(version__isnull=True).exists()

    seat = Seat.objects.current().filter(agreement=agreement).first()
    page = client.get("/styrgrupp/", follow=True).content.decode()  # to the prefix
    assert seat.person_name in page
    assert version.vision in client.get("/", follow=True).content.decode()
    assert "Handlingsplan" in client.get("/handlingsplan/", follow=True).content.decode()


def _copy_row(table: str, where: str, **overrides: str) -> int:
    """Insert a copy of one row of `table` with some columns replaced (SQL expressions)."""
    columns = [
        name
        for (name,) in _rows(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
            table,
        )
    ]
    select = ", ".join(overrides.get(column, column) for column in columns)
    return _rows(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {select} FROM {table} WHERE {where} LIMIT 1 RETURNING id"
    )[0][0]


def test_it_folds_two_version_rows_into_one_agreement(require_postgres, client):
    latest = _load_the_old_demo()
    # What the old model needed for a revision: version 1 expired, version 2 a new row…
    _rows("UPDATE agreements_agreement SET status = 'expired' RETURNING id")
    second = _copy_row(
        "agreements_agreement",
        "version = 1",
        version="2",
        status="'active'",
        title="'Överenskommelsen, andra versionen'",
        replaces_id="id",
        quorum_percent="60",
    )
    # …and what was made after it pointed at the new row, the rest at the old one.
    _copy_row(
        "steering_seat",
        "ended_on IS NULL AND role = 'member'",
        agreement_id=str(second),
        person_name="'Vera Versionsdotter'",
        deputy_for_id="NULL",
        user_id="NULL",
    )
    before = _counts()

    _migrate(latest)

    from agreements.models import Agreement
    from steering.models import Seat

    (agreement,) = Agreement.objects.all()
    assert [(v.number, v.status) for v in agreement.versions.order_by("number")] == [
        (1, "expired"),
        (2, "active"),
    ]
    assert agreement.in_force.number == 2
    assert agreement.in_force.replaces.number == 1
    assert agreement.in_force.quorum_percent == 60
    assert _counts() == before
    assert Seat.objects.filter(agreement=agreement).count() == before["steering_seat"]
    # The steering group shows the members seated under version 1 and under version 2.
    shown = list(Seat.objects.public().for_agreement(agreement).current())
    assert "Vera Versionsdotter" in {seat.person_name for seat in shown} and len(shown) > 2
    page = client.get("/styrgrupp/", follow=True).content.decode()  # to the prefix
    for seat in shown:
        assert seat.person_name in page
    versions = client.get("/overenskommelsen/versioner/", follow=True).content.decode()
    assert "Överenskommelsen, andra versionen" in versions
    assert client.get("/overenskommelsen/versioner/1/", follow=True).status_code == 200
