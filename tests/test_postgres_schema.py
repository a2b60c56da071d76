"""The Postgres source schema: constraints, triggers and roles."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors, sql

from hirewire import migrate

# One company with one position, one application (id 1) with an interview and an outcome.
BASE_ROWS = """
insert into hirewire.companies (name) values ('Acme');
insert into hirewire.job_positions (company_id, title, salary_min, salary_max)
values (1, 'Data Engineer', 40000, 50000);
insert into hirewire.interview_processes (position_id, applied_on) values (1, '2026-10-01');
insert into hirewire.interviews (process_id, scheduled_at) values (1, '2026-10-05 10:00+00');
insert into hirewire.interview_outcomes (process_id, outcome_code, decided_on)
values (1, 'rejected', '2026-10-20');
"""


@pytest.fixture(scope="module")
def schema_db(postgresql_noproc) -> Iterator[psycopg.Connection]:
    """One migrated database holding BASE_ROWS for the whole module (cloning one per test
    costs more than all these tests together)."""
    params = {
        "host": postgresql_noproc.host,
        "port": postgresql_noproc.port,
        "user": postgresql_noproc.user,
    }
    dbname = f"hirewire_schema_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    try:
        with psycopg.connect(dbname=dbname, autocommit=True, **params) as conn:
            migrate.apply_pending(conn, echo=lambda _line: None)
            conn.execute(BASE_ROWS)
            yield conn
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname))
            )


@pytest.fixture
def base_db(schema_db: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """The shared database holding BASE_ROWS, inside a transaction rolled back after the test."""
    with schema_db.transaction(force_rollback=True):
        yield schema_db


BAD_ROWS = {
    "salary_min above salary_max": (
        "insert into hirewire.job_positions (company_id, title, salary_min, salary_max)"
        " values (1, 'Lead', 60000, 50000)",
        errors.CheckViolation,
    ),
    "negative salary": (
        "insert into hirewire.job_positions (company_id, title, salary_min) values (1, 'X', -1)",
        errors.CheckViolation,
    ),
    "currency not an ISO code": (
        "insert into hirewire.job_positions (company_id, title, currency) values (1, 'X', 'eu')",
        errors.CheckViolation,
    ),
    "rating 0": (
        "update hirewire.interviews set rating = 0",
        errors.CheckViolation,
    ),
    "rating 6": (
        "update hirewire.interviews set rating = 6",
        errors.CheckViolation,
    ),
    "duration 0": (
        "update hirewire.interviews set duration_minutes = 0",
        errors.CheckViolation,
    ),
    "duration over a day": (
        "update hirewire.interviews set duration_minutes = 1441",
        errors.CheckViolation,
    ),
    "application dated 1899": (
        "update hirewire.interview_processes set applied_on = '1899-12-31'",
        errors.CheckViolation,
    ),
    "application dated 2101": (
        "update hirewire.interview_processes set applied_on = '2101-01-01'",
        errors.CheckViolation,
    ),
    "interview in 1980": (
        "update hirewire.interviews set scheduled_at = '1980-01-01 10:00+00'",
        errors.CheckViolation,
    ),
    "outcome decided in 3000": (
        "update hirewire.interview_outcomes set decided_on = '3000-01-01'",
        errors.CheckViolation,
    ),
    "history effective in 1900": (
        "update hirewire.process_status_history set effective_at = '1900-01-01 00:00+00'",
        errors.CheckViolation,
    ),
    "second outcome for one application": (
        "insert into hirewire.interview_outcomes (process_id, outcome_code, decided_on)"
        " values (1, 'ghosted', '2026-11-01')",
        errors.UniqueViolation,
    ),
    "company name repeated in another case": (
        "insert into hirewire.companies (name) values (' ACME ')",
        errors.UniqueViolation,
    ),
    "blank company name": (
        "insert into hirewire.companies (name) values ('   ')",
        errors.CheckViolation,
    ),
    "position title repeated at one company": (
        "insert into hirewire.job_positions (company_id, title) values (1, 'data engineer')",
        errors.UniqueViolation,
    ),
    "same application twice on one day": (
        "insert into hirewire.interview_processes (position_id, applied_on)"
        " values (1, '2026-10-01')",
        errors.UniqueViolation,
    ),
    "second default candidate": (
        "insert into hirewire.candidates (name, is_default) values ('Other', true)",
        errors.UniqueViolation,
    ),
    "candidate email repeated in another case": (
        "insert into hirewire.candidates (name, email) values ('A', 'a@x.io'), ('B', 'A@X.io')",
        errors.UniqueViolation,
    ),
    "position of a missing company": (
        "insert into hirewire.job_positions (company_id, title) values (999, 'X')",
        errors.ForeignKeyViolation,
    ),
    "application to a missing position": (
        "insert into hirewire.interview_processes (position_id, applied_on)"
        " values (999, '2026-10-02')",
        errors.ForeignKeyViolation,
    ),
    "application of a missing candidate": (
        "insert into hirewire.interview_processes (candidate_id, position_id, applied_on)"
        " values (999, 1, '2026-10-02')",
        errors.ForeignKeyViolation,
    ),
    "interview of a missing application": (
        "insert into hirewire.interviews (process_id, scheduled_at)"
        " values (999, '2026-10-05 10:00+00')",
        errors.ForeignKeyViolation,
    ),
    "unknown status code": (
        "update hirewire.interview_processes set status_code = 'rejection'",
        errors.ForeignKeyViolation,
    ),
    "unknown source code": (
        "update hirewire.interview_processes set source_code = 'myspace'",
        errors.ForeignKeyViolation,
    ),
    "unknown interview type": (
        "update hirewire.interviews set interview_type_code = 'karaoke'",
        errors.ForeignKeyViolation,
    ),
    "unknown outcome": (
        "update hirewire.interview_outcomes set outcome_code = 'maybe'",
        errors.ForeignKeyViolation,
    ),
    "vocabulary code not in snake case": (
        "insert into hirewire.process_statuses (code, label, category, sort_order)"
        " values ('On Hold 2', 'x', 'open', 999)",
        errors.CheckViolation,
    ),
    "vocabulary category outside its list": (
        "insert into hirewire.process_statuses (code, label, category, sort_order)"
        " values ('paused', 'Paused', 'sleeping', 999)",
        errors.CheckViolation,
    ),
    "delete of a company that has positions": (
        "delete from hirewire.companies where id = 1",
        errors.ForeignKeyViolation,
    ),
    "delete of a position that has applications": (
        "delete from hirewire.job_positions where id = 1",
        errors.ForeignKeyViolation,
    ),
    "delete of a status in use": (
        "delete from hirewire.process_statuses where code = 'applied'",
        errors.ForeignKeyViolation,
    ),
}


@pytest.mark.parametrize("statement, error", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_constraint_rejects_the_bad_row_it_exists_for(base_db, statement, error):
    """Each constraint refuses the bad row it was written for, and nothing changes."""
    with pytest.raises(error):
        base_db.execute(statement)


def test_deleting_an_application_cascades_and_writes_tombstones(base_db):
    """Deleting an application removes its interviews, outcome and history, each tombstoned."""
    base_db.execute("delete from hirewire.interview_processes where id = 1")
    left = base_db.execute(
        "select (select count(*) from hirewire.interviews),"
        " (select count(*) from hirewire.interview_outcomes),"
        " (select count(*) from hirewire.process_status_history)"
    ).fetchone()
    assert left == (0, 0, 0)
    tombstones = base_db.execute(
        "select table_name, count(*) from hirewire.deleted_rows group by 1 order by 1"
    ).fetchall()
    assert tombstones == [
        ("interview_outcomes", 1),
        ("interview_processes", 1),
        ("interviews", 1),
        ("process_status_history", 1),
    ]


@pytest.mark.parametrize(
    "table",
    [
        "candidates",
        "companies",
        "job_positions",
        "interview_processes",
        "interviews",
        "interview_outcomes",
        "process_status_history",
        "process_statuses",
        "application_sources",
        "interview_types",
        "interview_statuses",
        "outcome_types",
    ],
)
def test_updated_at_moves_on_every_update(base_db, table):
    """Any update of a row sets its updated_at to the writing transaction's time."""
    key = "code" if table.endswith(("statuses", "sources", "types")) else "id"
    row_key, before = base_db.execute(
        f"select {key}, updated_at from hirewire.{table} order by {key} limit 1"
    ).fetchone()
    base_db.execute(
        f"update hirewire.{table} set created_at = created_at where {key} = %s", [row_key]
    )
    after = base_db.execute(
        f"select updated_at from hirewire.{table} where {key} = %s", [row_key]
    ).fetchone()[0]
    assert before < after <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)


def _history(conn: psycopg.Connection, process_id: int) -> list[tuple]:
    return conn.execute(
        "select from_status_code, to_status_code, effective_at::text"
        " from hirewire.process_status_history where process_id = %s order by effective_at, id",
        [process_id],
    ).fetchall()


def test_history_records_an_insert_at_its_application_date(base_db):
    """A new application gets one 'applied' history row dated at its application date."""
    assert _history(base_db, 1) == [(None, "applied", "2026-10-01 00:00:00+00")]


def test_history_of_an_application_entered_past_applied(base_db):
    """An application entered at a later status also records that status, at the given time."""
    with base_db.transaction():
        base_db.execute("select set_config('hirewire.effective_at', '2026-10-09 15:00+00', true)")
        process_id = base_db.execute(
            "insert into hirewire.interview_processes (position_id, applied_on, status_code)"
            " values (1, '2026-10-02', 'screening') returning id"
        ).fetchone()[0]
    assert _history(base_db, process_id) == [
        (None, "applied", "2026-10-02 00:00:00+00"),
        ("applied", "screening", "2026-10-09 15:00:00+00"),
    ]


def test_history_records_a_status_change_now_without_a_backdate(base_db):
    """A status change with no effective time given is recorded at the transaction time."""
    base_db.execute("update hirewire.interview_processes set status_code = 'screening'")
    row = base_db.execute(
        "select from_status_code, to_status_code, now() - effective_at < interval '1 minute'"
        " from hirewire.process_status_history where to_status_code = 'screening'"
    ).fetchone()
    assert row == ("applied", "screening", True)


def test_backdated_status_change_is_recorded_at_its_effective_time(base_db):
    """A status change given a past effective time is recorded at that time, not now()."""
    with base_db.transaction():
        base_db.execute("select set_config('hirewire.effective_at', '2026-10-08 09:30+00', true)")
        base_db.execute("update hirewire.interview_processes set status_code = 'screening'")
    base_db.execute("update hirewire.interview_processes set notes = 'no status change'")
    assert _history(base_db, 1) == [
        (None, "applied", "2026-10-01 00:00:00+00"),
        ("applied", "screening", "2026-10-08 09:30:00+00"),
    ]


def test_history_follows_a_corrected_application_date(base_db):
    """Correcting applied_on moves the 'applied' history row to the new date."""
    base_db.execute("update hirewire.interview_processes set applied_on = '2026-09-28'")
    assert _history(base_db, 1) == [(None, "applied", "2026-09-28 00:00:00+00")]


def test_app_role_writes_data_but_cannot_change_the_schema(base_db):
    """hirewire_app inserts, updates and deletes rows but cannot drop, alter or create tables."""
    base_db.execute("set local role hirewire_app")
    base_db.execute("insert into hirewire.companies (name) values ('Globex')")
    base_db.execute("update hirewire.companies set notes = 'x' where name = 'Globex'")
    base_db.execute("delete from hirewire.companies where name = 'Globex'")
    for statement in (
        "drop table hirewire.interviews",
        "alter table hirewire.companies add column x integer",
        "create table hirewire.sneaky (id integer)",
        "insert into hirewire.deleted_rows (table_name, row_id) values ('x', 1)",
        "delete from hirewire.schema_migrations",
    ):
        with pytest.raises(errors.InsufficientPrivilege), base_db.transaction():
            base_db.execute(statement)


def test_etl_role_cannot_write(base_db):
    """hirewire_etl may read but every write is refused."""
    base_db.execute("set local role hirewire_etl")
    assert base_db.execute("select count(*) from hirewire.companies").fetchone()[0] == 1
    with pytest.raises(errors.InsufficientPrivilege):
        base_db.execute("insert into hirewire.companies (name) values ('Nope')")


def test_etl_role_reads_but_cannot_write_tables_added_later(base_db, tmp_path: Path):
    """A table created by a later migration is readable, not writable, by hirewire_etl."""
    (tmp_path / "950_later_table.sql").write_text(
        "create table hirewire.later_table (id integer primary key);\n"
        "insert into hirewire.later_table values (1);\n"
    )
    assert migrate.apply_pending(base_db, tmp_path, echo=lambda _line: None) == 1
    with base_db.transaction():
        base_db.execute("set local role hirewire_app")
        base_db.execute("insert into hirewire.later_table values (2)")
    base_db.execute("set local role hirewire_etl")
    assert base_db.execute("select count(*) from hirewire.later_table").fetchone()[0] == 2
    with pytest.raises(errors.InsufficientPrivilege):
        base_db.execute("insert into hirewire.later_table values (3)")


def test_etl_login_sessions_are_read_only(schema_db):
    """A session logged in as hirewire_etl runs read-only transactions, whatever it asks."""
    info = schema_db.info
    with psycopg.connect(
        host=info.host, port=info.port, dbname=info.dbname, user="hirewire_etl", autocommit=True
    ) as etl:
        assert etl.execute("show default_transaction_read_only").fetchone()[0] == "on"
        with pytest.raises(errors.ReadOnlySqlTransaction):
            etl.execute("create temp table scratch (id integer)")
