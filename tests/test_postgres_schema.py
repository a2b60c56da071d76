"""The Postgres source schema: migrations, constraints, triggers and roles."""

from __future__ import annotations

import psycopg
import pytest

from hirewire import migrate


def test_second_migrate_is_a_no_op(source_db):
    """Running migrations again on an up-to-date database applies nothing."""
    assert migrate.apply_pending(source_db, echo=lambda _line: None) == 0
    count = source_db.execute("select count(*) from hirewire.schema_migrations").fetchone()[0]
    assert count == len(migrate.discover())


def test_backdated_status_change_is_recorded_at_its_effective_time(source_db):
    """A status change given a past effective time is recorded at that time, not now()."""
    source_db.execute("insert into hirewire.companies (name) values ('Acme')")
    source_db.execute("insert into hirewire.job_positions (company_id, title) values (1, 'DE')")
    source_db.execute(
        "insert into hirewire.interview_processes (position_id, applied_on)"
        " values (1, '2026-10-01')"
    )
    with source_db.transaction():
        source_db.execute("select set_config('hirewire.effective_at', '2026-10-08 09:30+00', true)")
        source_db.execute("update hirewire.interview_processes set status_code = 'screening'")
    rows = source_db.execute(
        "select from_status_code, to_status_code, effective_at::text"
        " from hirewire.process_status_history order by effective_at"
    ).fetchall()
    assert rows == [
        (None, "applied", "2026-10-01 00:00:00+00"),
        ("applied", "screening", "2026-10-08 09:30:00+00"),
    ]


def test_etl_role_cannot_write(source_db):
    """hirewire_etl may read but every write is refused."""
    source_db.execute("set role hirewire_etl")
    assert source_db.execute("select count(*) from hirewire.companies").fetchone()[0] == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        source_db.execute("insert into hirewire.companies (name) values ('Nope')")
