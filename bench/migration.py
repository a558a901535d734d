"""How long the split into a lasting agreement and its versions takes to migrate.

    scripts/with-services.sh uv run python bench/migration.py               # the demo
    scripts/with-services.sh uv run python bench/migration.py --parties 10000

In a throwaway PostgreSQL database (`common.py`): migrates to the schema before the split,
loads the demo as `seed_demo` made it then (the dump the migration test uses), and with
`--parties N` adds N active parties, each with the decision that approved it. The agreement
then has two version rows, as the old model made them on a revision (version 1 expired,
version 2 active), and half the decisions point at the second. Then it times
`migrate` forward: the split, the fold onto one agreement and the decisions' versions.
"""

import argparse
import gzip
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from bench.common import throwaway_database  # noqa: E402

DUMP = (
    pathlib.Path(__file__).resolve().parent.parent
    / "tests/agreements/data/demo_before_versions.sql.gz"
)
BEFORE_THE_SPLIT = [
    ("agreements", "0003_steering_rules"),
    ("steering", "0005_motion_roles"),
    ("followup", "0006_submitted_versions"),
    ("actionplan", "0002_areas_and_roles"),
    ("parties", "0004_contact_awaits_confirmation"),
]


def _copy(cursor, table: str, where: str, count: int, **overrides: str) -> None:
    """`count` copies of one row of `table`; overrides are SQL using `g` (1..count)."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [name for (name,) in cursor.fetchall()]
    select = ", ".join(overrides.get(column, f"t.{column}") for column in columns)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {select} FROM (SELECT * FROM {table} WHERE {where} LIMIT 1) t, "
        f"generate_series(1, {count}) g"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=0)
    args = parser.parse_args()

    with throwaway_database() as database:
        if database.vendor != "postgresql":
            sys.exit("Run under scripts/with-services.sh: the dump is PostgreSQL's.")
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        MigrationExecutor(connection).migrate(BEFORE_THE_SPLIT)
        with connection.cursor() as cursor:
            cursor.execute(gzip.decompress(DUMP.read_bytes()).decode())
            cursor.execute("UPDATE agreements_agreement SET status = 'expired'")
            _copy(
                cursor,
                "agreements_agreement",
                "version = 1",
                1,
                version="2",
                status="'active'",
                replaces_id="t.id",
            )
            cursor.execute("SELECT id FROM agreements_agreement WHERE version = 2")
            (second,) = cursor.fetchone()
            if args.parties:
                _copy(
                    cursor,
                    "parties_organisation",
                    "status = 'active'",
                    args.parties,
                    name="'Bänkföreningen ' || g",
                    slug="'bankforeningen-' || g",
                    org_number="lpad((8020000000 + g)::text, 10, '0')",
                )
                _copy(
                    cursor,
                    "steering_decision",
                    "TRUE",
                    args.parties,
                    number="1000 + g",
                    year="2000 + g / 5000",
                    agreement_id=f"CASE WHEN g % 2 = 0 THEN {second} ELSE t.agreement_id END",
                )
            cursor.execute("SELECT count(*) FROM parties_organisation")
            (parties,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM steering_decision")
            (decisions,) = cursor.fetchone()

        started = time.perf_counter()
        MigrationExecutor(connection).migrate(latest)
        seconds = time.perf_counter() - started
        print(
            f"PostgreSQL, {parties} parties, {decisions} decisions, 2 version rows: "
            f"migrated forward in {seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
