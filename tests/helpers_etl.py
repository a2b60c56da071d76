"""Data builders and warehouse readers for the ETL tests (reusable by other test modules).

Builders take the admin connection of `source_db` (autocommit) and return the new row's id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import psycopg

# The warehouse tables compared between runs (etl_run differs by design: run ids, times).
STAR_TABLES = (
    "dim_date",
    "dim_candidate",
    "dim_company",
    "dim_position",
    "dim_source",
    "dim_status",
    "dim_interview_type",
    "dim_outcome",
    "fct_application",
    "fct_interview",
    "fct_status_change",
)


def make_company(conn: psycopg.Connection, name: str = "Acme", **columns: object) -> int:
    values = {"name": name, **columns}
    return _insert(conn, "companies", values)


def make_position(
    conn: psycopg.Connection,
    company_id: int,
    title: str = "Data engineer",
    salary_min: float | None = None,
    salary_max: float | None = None,
    **columns: object,
) -> int:
    values = {
        "company_id": company_id,
        "title": title,
        "salary_min": salary_min,
        "salary_max": salary_max,
        **columns,
    }
    return _insert(conn, "job_positions", values)


def make_application(
    conn: psycopg.Connection,
    position_id: int,
    applied_on: date,
    source_code: str = "linkedin",
    candidate_id: int = 1,
) -> int:
    """An application in status applied (the trigger writes its first history row)."""
    values = {
        "position_id": position_id,
        "applied_on": applied_on,
        "source_code": source_code,
        "candidate_id": candidate_id,
    }
    return _insert(conn, "interview_processes", values)


def change_status(conn: psycopg.Connection, application_id: int, status: str, at: datetime) -> None:
    """Move an application to `status`, dated `at` (the history trigger records it)."""
    with conn.transaction():
        conn.execute("select set_config('hirewire.effective_at', %s, true)", [at.isoformat()])
        conn.execute(
            "update hirewire.interview_processes set status_code = %s where id = %s",
            [status, application_id],
        )


def make_interview(
    conn: psycopg.Connection,
    application_id: int,
    scheduled_at: datetime,
    interview_type_code: str = "phone_screen",
    status_code: str = "completed",
    **columns: object,
) -> int:
    values = {
        "process_id": application_id,
        "scheduled_at": scheduled_at,
        "interview_type_code": interview_type_code,
        "status_code": status_code,
        **columns,
    }
    return _insert(conn, "interviews", values)


def make_outcome(
    conn: psycopg.Connection,
    application_id: int,
    outcome_code: str,
    decided_on: date,
    salary_offered: float | None = None,
) -> int:
    values = {
        "process_id": application_id,
        "outcome_code": outcome_code,
        "decided_on": decided_on,
        "salary_offered": salary_offered,
    }
    return _insert(conn, "interview_outcomes", values)


def make_search(
    conn: psycopg.Connection,
    applications: int = 6,
    start: date = date(2026, 9, 1),
    candidate_id: int = 1,
) -> list[int]:
    """A small job search: companies, positions, applications at every stage; returns app ids."""
    ids = []
    first = int(conn.execute("select coalesce(max(id), 0) from hirewire.companies").fetchone()[0])
    for number in range(first, first + applications):
        company = make_company(conn, f"Company {number}")
        position = make_position(
            conn, company, f"Role {number}", 40000 + 10000 * number, 50000 + 10000 * number
        )
        applied = start + timedelta(days=number)
        app = make_application(
            conn,
            position,
            applied,
            source_code=("linkedin", "referral", "indeed")[number % 3],
            candidate_id=candidate_id,
        )
        moment = datetime(applied.year, applied.month, applied.day, 9, tzinfo=UTC)
        if number % 3 >= 1:
            change_status(conn, app, "screening", moment + timedelta(days=3))
            make_interview(conn, app, moment + timedelta(days=5))
        if number % 3 == 2:
            change_status(conn, app, "offer", moment + timedelta(days=10))
            make_outcome(conn, app, "offer", applied + timedelta(days=10), 60000)
        ids.append(app)
    return ids


def _insert(conn: psycopg.Connection, table: str, values: dict[str, object]) -> int:
    columns = [name for name, value in values.items() if value is not None]
    query = psycopg.sql.SQL("insert into hirewire.{} ({}) values ({}) returning id").format(
        psycopg.sql.Identifier(table),
        psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns)),
        psycopg.sql.SQL(", ").join(psycopg.sql.Placeholder() * len(columns)),
    )
    return int(conn.execute(query, [values[name] for name in columns]).fetchone()[0])


def read_rows(warehouse: Path, query: str, params: list[object] | None = None) -> list[dict]:
    """Rows of a query on a warehouse file, as dicts (opened read-only)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        result = con.execute(query, params or [])
        names = [column[0] for column in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


def table_contents(
    warehouse: Path, tables: tuple[str, ...] = STAR_TABLES
) -> dict[str, list[tuple]]:
    """Every row of every star table, sorted: equal dicts mean identical warehouses."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
            for table in tables
        }
    finally:
        con.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_etl(capsys, *args: str) -> tuple[int, str, str]:
    """`python -m etl args` in this process (no interpreter start-up): exit code, stdout, stderr."""
    from etl.__main__ import main
    from hirewire.errors import run_cli

    capsys.readouterr()
    code = run_cli(lambda: main(list(args)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# Migration 008's date triggers, per table: they refuse new rows dated before their application
# or in the future. Rows written before it (an upgraded database) must still load.
DATE_TRIGGERS = {
    "interview_processes": "interview_processes_check_dates",
    "interviews": "interviews_check_dates",
    "interview_outcomes": "interview_outcomes_check_dates",
    "process_status_history": "process_status_history_check_dates",
}


@contextmanager
def written_before_the_date_rules(conn: psycopg.Connection) -> Iterator[None]:
    """Write rows as a database from before migration 008 holds them: its date triggers are off
    inside the block (admin connection), on again after it."""
    for table, trigger in DATE_TRIGGERS.items():
        conn.execute(f"alter table hirewire.{table} disable trigger {trigger}")
    try:
        yield
    finally:
        for table, trigger in DATE_TRIGGERS.items():
            conn.execute(f"alter table hirewire.{table} enable trigger {trigger}")
