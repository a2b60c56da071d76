"""The migration runner and the in-place upgrade of a database made by the original HireWire."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from hirewire import migrate
from hirewire.errors import UserError

ORIGINAL_DDL = Path(__file__).parent / "fixtures" / "original_hirewire_ddl.sql"

# Messy data as the original HireWire let people type it: mixed spellings, unknown values,
# missing company/position/date, a repeated company name, impossible ratings and durations,
# a duplicate application, two outcomes for one application.
MESSY_ROWS = """
insert into companies (id, name, industry, size, location) values
    (1, 'Acme', 'Software', '51-200', 'Paris'),
    (2, 'ACME ', 'Software', null, null),
    (3, 'Globex', null, null, 'Lyon');
insert into job_positions (id, company_id, title, salary_min, salary_max, remote_type) values
    (1, 1, 'Data Engineer', 45000, 55000, 'Remote'),
    (2, 2, 'Analyst', 60000, 50000, 'hybride'),
    (3, null, 'BI Developer', null, null, 'sometimes');
insert into interview_processes (id, position_id, application_date, status, source, updated_at)
values
    (1, 1, '2024-03-01', 'rejection', 'LinkedIn', '2024-03-20 10:00'),
    (2, 2, '2024-03-02', 'interview', 'WTTJ', '2024-03-10 09:00'),
    (3, 3, '2024-03-03', 'Offer', 'Referral', '2024-04-01 12:00'),
    (4, null, '2024-03-04', 'Waiting for feedback', 'Glassdoor', '2024-03-04 08:00'),
    (5, 1, '2024-03-01', 'applied', null, '2024-03-01 08:00'),
    (6, 3, '1900-01-01', null, 'company website', '2024-03-06 08:00');
insert into interviews (id, process_id, interview_type, scheduled_date, duration_minutes, status,
    rating)
values
    (1, 1, 'Phone', '2024-03-05 10:00', 30, 'done', 4),
    (2, 2, 'technical', '2024-03-08 14:00', 0, 'Completed', 6),
    (3, null, 'video', '2024-03-09 14:00', 45, 'scheduled', null),
    (4, 3, 'pair programming', null, 60, 'scheduled', 0);
insert into interview_outcomes (id, process_id, outcome, outcome_date, salary_offered) values
    (1, 1, 'rejection', '2024-03-20', null),
    (2, 3, 'Offer', '2024-04-01', 52000),
    (3, 3, 'accepted', '2024-04-05', 52000),
    (4, null, 'rejected', null, null);
select setval('companies_id_seq', 3);
select setval('job_positions_id_seq', 3);
select setval('interview_processes_id_seq', 6);
select setval('interviews_id_seq', 4);
select setval('interview_outcomes_id_seq', 4);
"""


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
    scratch_db.execute("drop schema public cascade")
    scratch_db.execute("create schema public")
    return scratch_db


@pytest.fixture
def original_db(empty_db: psycopg.Connection) -> psycopg.Connection:
    """A database created by the original HireWire DDL, holding messy rows."""
    empty_db.execute(ORIGINAL_DDL.read_text())
    empty_db.execute(MESSY_ROWS)
    return empty_db


def _upgrade(conn: psycopg.Connection) -> list[str]:
    lines: list[str] = []
    migrate.apply_pending(conn, echo=lines.append)
    return lines


def _one(conn: psycopg.Connection, query: str, params: tuple = ()) -> object:
    return conn.execute(query, params).fetchone()[0]


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


def test_second_migrate_after_an_upgrade_is_a_no_op(original_db):
    """Migrating an upgraded database again applies nothing and copies nothing twice."""
    _upgrade(original_db)
    assert migrate.apply_pending(original_db, echo=lambda _line: None) == 0
    assert _one(original_db, "select count(*) from hirewire.interview_processes") == 6


def test_original_database_upgrades_in_place(original_db):
    """Every original row is copied with its id, spellings map, unknowns are kept and reported."""
    lines = _upgrade(original_db)
    notices = "\n".join(line for line in lines if "notice:" in line)

    counts = original_db.execute(
        "select (select count(*) from hirewire.companies),"
        " (select count(*) from hirewire.interview_processes),"
        " (select count(*) from hirewire.interviews),"
        " (select count(*) from hirewire.interview_outcomes)"
    ).fetchone()
    # 3 companies + the placeholder; 6 applications; interview 3 and outcomes 2 and 4 cannot
    # exist any more (no application, or an older second outcome): reported, kept in originals.
    assert counts == (4, 6, 3, 2)
    assert "1 interviews had no application" in notices
    assert "2 outcomes were not upgraded" in notices

    statuses = dict(
        original_db.execute("select id, status_code from hirewire.interview_processes").fetchall()
    )
    assert statuses == {
        1: "rejected",
        2: "interviewing",
        3: "offer",
        4: "waiting_for_feedback",
        5: "applied",
        6: "applied",
    }
    sources = dict(
        original_db.execute("select id, source_code from hirewire.interview_processes").fetchall()
    )
    assert sources == {
        1: "linkedin",
        2: "welcome_to_the_jungle",
        3: "referral",
        4: "glassdoor",
        5: "other",
        6: "company_website",
    }
    legacy = original_db.execute(
        "select 'status', code, label from hirewire.process_statuses where is_legacy"
        " union all select 'source', code, label from hirewire.application_sources where is_legacy"
        " union all select 'type', code, label from hirewire.interview_types where is_legacy"
        " order by 1"
    ).fetchall()
    assert legacy == [
        ("source", "glassdoor", "Glassdoor"),
        ("status", "waiting_for_feedback", "Waiting for feedback"),
        ("type", "pair_programming", "pair programming"),
    ]
    for kept in (
        "process_statuses 'Waiting for feedback' -> legacy code 'waiting_for_feedback'",
        "application_sources 'Glassdoor' -> legacy code 'glassdoor'",
        "interview_types 'pair programming' -> legacy code 'pair_programming'",
    ):
        assert f"unknown value kept: {kept}" in notices

    # Placeholders and fixes, each reported.
    names = dict(original_db.execute("select id, name from hirewire.companies").fetchall())
    assert names[2] == "ACME (#2)"
    assert "1 positions had no company" in notices
    assert "1 applications had no position" in notices
    assert "1 applications repeated another" in notices
    assert "1 applications had no or an impossible application date" in notices
    salaries = original_db.execute(
        "select salary_min, salary_max from hirewire.job_positions where id = 2"
    ).fetchone()
    assert salaries == (50000, 60000)
    assert _one(original_db, "select rating from hirewire.interviews where id = 2") is None
    assert "Original rating: 6" in _one(
        original_db, "select feedback from hirewire.interviews where id = 2"
    )
    outcomes = original_db.execute(
        "select id, process_id, outcome_code from hirewire.interview_outcomes order by id"
    ).fetchall()
    # Application 3 had 'Offer' then 'accepted': the latest wins.
    assert outcomes == [(1, 1, "rejected"), (3, 3, "accepted")]

    # A history row per application, the current status dated by the original last update.
    history = original_db.execute(
        "select from_status_code, to_status_code, effective_at::text"
        " from hirewire.process_status_history where process_id = 1 order by effective_at"
    ).fetchall()
    assert history == [
        (None, "applied", "2024-03-01 00:00:00+00"),
        ("applied", "rejected", "2024-03-20 10:00:00+00"),
    ]

    # The originals stay, renamed, with every row; identities continue after the copied ids.
    assert _one(original_db, "select count(*) from public.original_interview_processes") == 6
    assert _one(original_db, "select count(*) from public.original_interview_outcomes") == 4
    assert _one(original_db, "select to_regclass('public.companies')") is None
    new_id = _one(
        original_db,
        "insert into hirewire.interview_processes (position_id, applied_on)"
        " values (1, '2024-05-01') returning id",
    )
    assert new_id == 7


def test_migrate_command_prints_what_the_upgrade_reports(original_db, cli, monkeypatch):
    """`python -m hirewire.migrate` shows the upgrade's notices, unknown values included."""
    info = original_db.info
    for name, value in {
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGDATABASE": info.dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
    }.items():
        monkeypatch.setenv(name, value)
    done = cli("hirewire.migrate")
    assert done.returncode == 0, done.stderr
    assert "notice: unknown value kept: process_statuses 'Waiting for feedback'" in done.stdout
    assert f"Migrations: {len(migrate.discover())} applied" in done.stdout


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
