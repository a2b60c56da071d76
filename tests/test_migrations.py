"""The migration runner and the in-place upgrade of a database made by the original HireWire."""

from __future__ import annotations

import os
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg
import pytest
from helpers_original import ORIGINAL_STEPS, make_original
from helpers_report import unpacked_script
from psycopg import sql

from hirewire import migrate
from hirewire.errors import UserError
from tests.conftest import migrations_lock

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL_TABLES = (
    "companies",
    "job_positions",
    "interview_processes",
    "interviews",
    "interview_outcomes",
)
UNUSED_TABLES = (
    "users",
    "exports",
    "user_profiles",
    "data_export_requests",
    "profile_audit_log",
    "achievements",
    "user_achievements",
    "user_stats",
    "activity_log",
)
PASSWORD_MARK = "$2b$12$fixture"


@pytest.fixture(scope="module")
def scratch_db(postgresql_noproc) -> Iterator[psycopg.Connection]:
    """One database for the module, emptied by `empty_db` before each test (cheaper than a new
    database per test)."""
    params = {
        "host": postgresql_noproc.host,
        "port": postgresql_noproc.port,
        "user": postgresql_noproc.user,
    }
    dbname = f"hirewire_empty_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    try:
        with psycopg.connect(dbname=dbname, autocommit=True, **params) as conn:
            yield conn
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname))
            )


@pytest.fixture
def empty_db(scratch_db: psycopg.Connection) -> psycopg.Connection:
    """A database without any migration or table, as `createdb` leaves it (autocommit)."""
    scratch_db.execute("drop schema if exists hirewire cascade")
    scratch_db.execute("drop schema if exists hirewire_original cascade")
    scratch_db.execute("drop schema public cascade")
    scratch_db.execute("create schema public")
    return scratch_db


def _snapshot(conn: psycopg.Connection, schema: str, tables: tuple[str, ...]) -> dict[str, list]:
    """Every row of the given tables, as text, ordered: to compare before and after."""
    snapshot = {}
    for table in tables:
        if _one(conn, "select to_regclass(%s)", (f"{schema}.{table}",)) is not None:
            query = sql.SQL("select t::text from {}.{} as t order by 1").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            snapshot[table] = [row[0] for row in conn.execute(query)]
    return snapshot


def _upgrade(conn: psycopg.Connection) -> list[str]:
    lines: list[str] = []
    # The roles the migrations create or alter are server-wide: one migration run at a time.
    with migrations_lock():
        migrate.apply_pending(conn, echo=lines.append)
    return lines


def _one(conn: psycopg.Connection, query: str, params: tuple = ()) -> object:
    return conn.execute(query, params).fetchone()[0]


def test_two_databases_migrated_at_once_both_succeed(postgresql_noproc):
    """Roles and their grants are the server's: two databases migrated at the same moment (two
    searches on one server, or the test workers) update the same role rows, and PostgreSQL
    fails one transaction with "tuple concurrently updated" (in about 4 rounds of 10 before
    the retry). The migration that lost is run again: both succeed, every round."""
    params = {
        "host": postgresql_noproc.host,
        "port": postgresql_noproc.port,
        "user": postgresql_noproc.user,
    }
    names = [f"hirewire_race_{uuid.uuid4().hex[:10]}_{side}" for side in "ab"]

    def migrate_one(dbname: str, errors: list[str]) -> None:
        try:
            with psycopg.connect(dbname=dbname, autocommit=True, **params) as conn:
                migrate.apply_pending(conn, echo=lambda _line: None)
        except UserError as exc:
            errors.append(str(exc))

    for _round in range(8):
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            for dbname in names:
                admin.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
        try:
            errors: list[str] = []
            # No migrations_lock here: the point is two runs at the same moment.
            runs = [threading.Thread(target=migrate_one, args=(n, errors)) for n in names]
            for run in runs:
                run.start()
            for run in runs:
                run.join(timeout=120)
            assert errors == []
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                for dbname in names:
                    admin.execute(
                        sql.SQL("drop database if exists {} with (force)").format(
                            sql.Identifier(dbname)
                        )
                    )


def test_migrations_apply_on_an_empty_database(empty_db):
    """Every migration applies in order on an empty database and is recorded once."""
    lines = _upgrade(empty_db)
    names = [m.name for m in migrate.discover()]
    assert [line.split()[1] for line in lines if line.startswith("  applied")] == names
    recorded = empty_db.execute(
        "select name from hirewire.schema_migrations order by version"
    ).fetchall()
    assert [row[0] for row in recorded] == names
    assert _one(empty_db, "select name from hirewire.candidates where is_default") == "Me"
    assert _one(empty_db, "select count(*) from hirewire.process_statuses") == 11
    # No original tables, so the upgrade reported and renamed nothing.
    assert not [line for line in lines if "notice:" in line and "upgrad" in line]
    assert _one(empty_db, "select count(*) from pg_tables where schemaname = 'public'") == 0


def test_second_migrate_is_a_no_op(source_db):
    """Running migrations again on an up-to-date database applies nothing."""
    assert migrate.apply_pending(source_db, echo=lambda _line: None) == 0
    count = source_db.execute("select count(*) from hirewire.schema_migrations").fetchone()[0]
    assert count == len(migrate.discover())


def test_failing_migration_rolls_back_and_names_the_file(source_db, tmp_path):
    """A migration that fails leaves nothing behind and the error names its file."""
    (tmp_path / "900_good.sql").write_text("create table hirewire.good_one (id integer);")
    (tmp_path / "901_broken.sql").write_text(
        "create table hirewire.half_done (id integer);\nselect 1 / 0;"
    )
    with pytest.raises(UserError) as caught:
        migrate.apply_pending(source_db, tmp_path, echo=lambda _line: None)
    assert "901_broken.sql" in str(caught.value)
    assert "division by zero" in str(caught.value)
    assert _one(source_db, "select to_regclass('hirewire.good_one')") is not None
    assert _one(source_db, "select to_regclass('hirewire.half_done')") is None
    versions = source_db.execute("select version from hirewire.schema_migrations").fetchall()
    assert (900,) in versions
    assert (901,) not in versions


@pytest.mark.parametrize(
    "steps", [1, 2, 3, len(ORIGINAL_STEPS)], ids=["01", "01-02", "01-02-06", "all"]
)
def test_original_database_upgrades_in_place(empty_db, steps):
    """A database made by a prefix of the original's migrations upgrades with one migrate: every
    row of its five tables is kept with its id, in HireWire's tables and, untouched, in schema
    hirewire_original; vocabularies map; every application gets its history; a second migrate
    is a no-op."""
    make_original(empty_db, steps)
    before = _snapshot(empty_db, "hirewire", ORIGINAL_TABLES)
    unused_before = _snapshot(empty_db, "hirewire", UNUSED_TABLES)
    lines = _upgrade(empty_db)
    notices = "\n".join(line for line in lines if "notice:" in line)

    # Nothing lost: the originals stay as they were, next to the upgrade.
    assert _snapshot(empty_db, "hirewire_original", ORIGINAL_TABLES) == before
    assert _snapshot(empty_db, "hirewire", UNUSED_TABLES) == unused_before

    def ids(query: str) -> set[int]:
        return {row[0] for row in empty_db.execute(query)}

    applications = ids("select id from hirewire_original.interview_processes")
    assert ids("select id from hirewire.interview_processes") == applications
    assert ids("select id from hirewire_original.companies") <= ids(
        "select id from hirewire.companies"
    )
    assert ids("select id from hirewire_original.job_positions") <= ids(
        "select id from hirewire.job_positions"
    )
    # Interviews without an application and older second outcomes cannot exist in HireWire.
    assert ids("select id from hirewire.interviews") == ids(
        "select id from hirewire_original.interviews where process_id is not null"
    )
    assert ids("select id from hirewire.interview_outcomes") == ids(
        "select distinct on (process_id) id from hirewire_original.interview_outcomes"
        " where process_id is not null order by process_id, outcome_date desc nulls last, id desc"
    )
    assert "1 interviews had no application: not upgraded" in notices

    statuses = dict(empty_db.execute("select id, status_code from hirewire.interview_processes"))
    sources = dict(empty_db.execute("select id, source_code from hirewire.interview_processes"))
    assert (statuses[2], sources[2]) == ("technical_test", "welcome_to_the_jungle")
    assert sources[3] == sources[4] == "referral"  # referral_internal, referral_external
    assert _one(empty_db, "select outcome_code from hirewire.interview_outcomes where id = 1") == (
        "rejected"
    )
    # 'reminder' is not a HireWire status: kept as a legacy vocabulary row and reported.
    assert statuses[4] == "reminder"
    assert _one(empty_db, "select is_legacy from hirewire.process_statuses where code = 'reminder'")
    assert "unknown value kept: process_statuses 'reminder'" in notices
    # Applications 1 and 5 went to position 1 on the same day: 5 moved to a copy of it.
    assert "(application #5)" in _one(
        empty_db,
        "select title from hirewire.job_positions where id ="
        " (select position_id from hirewire.interview_processes where id = 5)",
    )
    # Application 6 had no date: dated by the day it was created (2024-03-06).
    assert str(
        _one(empty_db, "select applied_on from hirewire.interview_processes where id = 6")
    ) == ("2024-03-06")

    # History: applied at the application date, then the current status at the best date known
    # (application 1: its outcome's date, 2024-03-20; application 3, status offer, outcomes offer
    # on 2024-04-01 then accepted on 2024-04-05: the offer's date; application 7: its last
    # update).
    history = empty_db.execute(
        "select process_id, from_status_code, to_status_code, effective_at::text"
        " from hirewire.process_status_history where process_id in (1, 3, 7)"
        " order by process_id, effective_at"
    ).fetchall()
    assert history == [
        (1, None, "applied", "2024-03-01 00:00:00+00"),
        (1, "applied", "rejected", "2024-03-20 00:00:00+00"),
        (3, None, "applied", "2024-03-03 00:00:00+00"),
        (3, "applied", "offer", "2024-04-01 00:00:00+00"),
        (7, None, "applied", "2024-03-10 00:00:00+00"),
        (7, "applied", "screening", "2024-03-12 17:30:00+00"),
    ]
    assert (
        ids("select process_id from hirewire.process_status_history where from_status_code is null")
        == applications
    )

    if steps == 1:
        # Free text from before the original had checks.
        assert "unknown value kept: process_statuses 'Waiting for feedback'" in notices
        assert "unknown value kept: application_sources 'Glassdoor'" in notices
        assert "removed the original" not in notices
    if steps >= 2:
        for removed in (
            "trigger ensure_single_active_process",
            "trigger ensure_process_outcome_consistency",
            "function check_single_active_process()",
            "function check_process_outcome_consistency()",
            "check check_valid_process_status",
        ):
            assert f"removed the original {removed}" in notices
    if steps >= 3:
        # One candidate per user, user 1 being the default one; no password hash anywhere else.
        candidates = empty_db.execute(
            "select id, name, email, is_default from hirewire.candidates order by id"
        ).fetchall()
        users = empty_db.execute("select id from hirewire.users order by id").fetchall()
        assert [row[0] for row in candidates] == [row[0] for row in users]
        assert candidates[:2] == [
            (1, "Admin User", "admin@hirewire.com", True),
            (2, "Camille Durand", "camille.durand@example.org", False),
        ]
        assert (
            _one(empty_db, "select candidate_id from hirewire.interview_processes where id = 21")
            == 2
        )
        tables = empty_db.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('hirewire', 'hirewire_original', 'public')"
            " and table_name <> 'users' and table_type = 'BASE TABLE'"
        ).fetchall()
        for schema, table in tables:
            query = sql.SQL("select count(*) from {}.{} as t where t::text like %s").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            assert _one(empty_db, query, (f"%{PASSWORD_MARK}%",)) == 0, f"{schema}.{table}"
        # The tables HireWire does not use are listed, and out of reach of its roles.
        for table in unused_before:
            assert f"kept untouched, not used by HireWire: hirewire.{table} " in notices
            sequence = f"hirewire.{table}_id_seq"
            for role in ("hirewire_app", "hirewire_etl"):
                assert not _one(
                    empty_db, "select has_sequence_privilege(%s, %s, 'usage')", (role, sequence)
                )
                assert not _one(
                    empty_db,
                    "select has_table_privilege(%s, %s, 'select')",
                    (role, f"hirewire.{table}"),
                )
    if steps == len(ORIGINAL_STEPS):
        assert "removed the original function hirewire.update_user_stats()" in notices

    # New rows continue after the copied ids; the new model's rules hold.
    new_id = _one(
        empty_db,
        "insert into hirewire.interview_processes (position_id, applied_on)"
        " values (1, '2024-07-01') returning id",
    )
    assert new_id == max(applications) + 1
    assert not [line for line in _upgrade(empty_db) if line.startswith("  applied")]
    assert (
        _one(empty_db, "select count(*) from hirewire.interview_processes") == len(applications) + 1
    )


def test_upgrade_is_one_transaction(empty_db, tmp_path):
    """When any step of an upgrade fails, the original database is left exactly as it was."""
    make_original(empty_db, len(ORIGINAL_STEPS))
    before = _snapshot(empty_db, "hirewire", ORIGINAL_TABLES)
    for migration in migrate.discover():
        (tmp_path / migration.name).symlink_to(migration.path)
    (tmp_path / "999_broken.sql").write_text("select 1 / 0;")
    with migrations_lock(), pytest.raises(UserError) as caught:
        migrate.apply_pending(empty_db, tmp_path, echo=lambda _line: None)
    assert "failed at 999_broken.sql and was rolled back, the database is unchanged" in str(
        caught.value
    )
    assert _snapshot(empty_db, "hirewire", ORIGINAL_TABLES) == before
    assert _one(empty_db, "select to_regclass('hirewire.schema_migrations')") is None
    assert _one(empty_db, "select to_regnamespace('hirewire_original')") is None


def test_upgrade_after_the_migrate_that_stopped_at_003(empty_db):
    """An original database on which an earlier `make migrate` applied 001-002 and stopped at
    003 ("relation companies already exists") upgrades like any other."""
    make_original(empty_db, 2)
    migrate._bootstrap(empty_db)
    with migrations_lock():
        for migration in migrate.discover()[:2]:
            empty_db.execute(migration.path.read_text())
            empty_db.execute(
                "insert into hirewire.schema_migrations (version, name, checksum)"
                " values (%s, %s, %s)",
                [migration.version, migration.name, migration.checksum],
            )
    lines = _upgrade(empty_db)
    assert "  applied 003_core_tables.sql" in "\n".join(lines)
    assert _one(empty_db, "select count(*) from hirewire.interview_processes") == _one(
        empty_db, "select count(*) from hirewire_original.interview_processes"
    )


def test_unknown_schema_stops_before_any_change(empty_db):
    """A hirewire.companies that is neither HireWire's nor the original's stops the migration
    with one sentence naming what was found; nothing is created."""
    empty_db.execute("create schema hirewire")
    empty_db.execute("create table hirewire.companies (id integer, label text, country text)")
    with pytest.raises(UserError) as caught:
        migrate.apply_pending(empty_db, echo=lambda _line: None)
    message = str(caught.value)
    assert "neither empty, nor HireWire's, nor the original HireWire's" in message
    assert "(hirewire.companies with unknown columns country, label)" in message
    assert "nothing was changed" in message
    assert "\n" not in message
    assert _one(empty_db, "select to_regclass('hirewire.schema_migrations')") is None
    assert (
        _one(
            empty_db,
            "select count(*) from information_schema.tables where table_schema = 'hirewire'",
        )
        == 1
    )


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_upgraded_original_runs_the_whole_pipeline(empty_db, data_dir, monkeypatch):
    """`make migrate` upgrades a complete original database, a DBA adds a status with one
    INSERT and uses it, then `make init refresh report` succeeds: mart_applications holds every
    original application and the report shows the legacy and the new status."""
    make_original(empty_db, len(ORIGINAL_STEPS))
    info = empty_db.info
    for name, value in {
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGDATABASE": info.dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PGPASSWORD", raising=False)

    def make(*targets: str) -> str:
        done = subprocess.run(
            ["make", "--no-print-directory", "RUNTIME=local", *targets],
            cwd=ROOT,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            timeout=280,
        )
        assert done.returncode == 0, f"make {' '.join(targets)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    with migrations_lock():
        migrated = make("migrate")
    assert "found the original HireWire's tables in schema hirewire" in migrated
    assert "notice: unknown value kept: process_statuses 'reminder'" in migrated
    assert "notice: kept untouched, not used by HireWire: hirewire.users (3 rows)" in migrated
    assert "Migrations: 0 applied" in make("migrate")

    # The README's promise: a new status is one INSERT, usable at once (backdated so the
    # application needs a follow-up and shows in the report).
    empty_db.execute(
        "insert into hirewire.process_statuses (code, label, category, sort_order)"
        " values ('offer_negotiation', 'Negotiating the offer', 'open', 65)"
    )
    with empty_db.transaction():
        empty_db.execute("select set_config('hirewire.effective_at', '2024-05-20 09:00+00', true)")
        empty_db.execute(
            "update hirewire.interview_processes set status_code = 'offer_negotiation'"
            " where id = 21"
        )
    make("init", "refresh", "report")

    originals = {
        row[0] for row in empty_db.execute("select id from hirewire_original.interview_processes")
    }
    with duckdb.connect(str(data_dir / "hirewire.duckdb"), read_only=True) as warehouse:
        statuses = dict(
            warehouse.execute(
                "select application_id, current_status from mart_applications"
            ).fetchall()
        )
    assert set(statuses) == originals
    assert (statuses[4], statuses[21]) == ("reminder", "offer_negotiation")
    # The report's views travel packed in the page; it names a status by its code, underscores
    # as spaces.
    report = unpacked_script(
        (data_dir / "report.html").read_text(encoding="utf-8"), "report-packed"
    )
    for shown in (">reminder<", ">offer negotiation<", "Pair programming"):
        assert shown in report


def test_status_on_an_original_database_changes_nothing(empty_db, cli, monkeypatch):
    """`python -m hirewire.migrate --status` says an original database will be upgraded, lists
    every migration as pending and writes nothing."""
    make_original(empty_db, 2)
    info = empty_db.info
    for name, value in {
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGDATABASE": info.dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
    }.items():
        monkeypatch.setenv(name, value)
    done = cli("hirewire.migrate", "--status")
    assert done.returncode == 0, done.stderr
    assert "the original HireWire's tables: `make migrate` upgrades them in place" in done.stdout
    assert done.stdout.count("pending ") == len(migrate.discover())
    assert _one(empty_db, "select to_regclass('hirewire.schema_migrations')") is None
