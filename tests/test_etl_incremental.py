"""Incremental loads equal full loads, whatever inserts, updates and deletes happen between."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load import load_warehouse
from tests.helpers_etl import make_search, table_contents

QUIET = {"progress": lambda _line: None}
OPERATIONS = (
    "add_application",
    "change_status",
    "add_interview",
    "update_interview",
    "delete_interview",
    "set_outcome",
    "delete_application",
    "move_applied_on",
    "add_position",
    "move_position",
    "rename_company",
    "add_company",
    "delete_company",
    "delete_position",
    "relabel_source",
)
STATUSES = ("screening", "interviewing", "offer", "rejected", "ghosted", "on_hold", "applied")
BASE = date(2026, 9, 1)


def pick(conn: psycopg.Connection, table: str, selector: int) -> int | None:
    """The id of an existing row of `table`, chosen by `selector` (None when the table is empty)."""
    query = psycopg.sql.SQL("select id from hirewire.{} order by id offset %s limit 1").format(
        psycopg.sql.Identifier(table)
    )
    count = conn.execute(
        psycopg.sql.SQL("select count(*) from hirewire.{}").format(psycopg.sql.Identifier(table))
    ).fetchone()[0]
    if not count:
        return None
    return conn.execute(query, [selector % count]).fetchone()[0]


def apply(conn: psycopg.Connection, operation: str, selector: int, days: int) -> str:
    """One random change to the source: "applied", "no target" (nothing to change: an empty
    table, no such row) or the name of the constraint error that refused it (rolled back)."""
    day = BASE + timedelta(days=days)
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    app = pick(conn, "interview_processes", selector)
    cursor = None
    try:
        with conn.transaction():
            if operation == "add_application":
                position = pick(conn, "job_positions", selector)
                cursor = conn.execute(
                    "insert into hirewire.interview_processes (position_id, applied_on, "
                    "source_code) values (%s, %s, %s)",
                    [position, day, ("linkedin", "referral", "indeed")[selector % 3]],
                )
            elif operation == "change_status" and app:
                conn.execute("select set_config('hirewire.effective_at', %s, true)", [str(moment)])
                cursor = conn.execute(
                    "update hirewire.interview_processes set status_code = %s where id = %s",
                    [STATUSES[selector % len(STATUSES)], app],
                )
            elif operation == "add_interview" and app:
                cursor = conn.execute(
                    "insert into hirewire.interviews (process_id, scheduled_at, status_code) "
                    "values (%s, %s, %s)",
                    [app, moment, ("scheduled", "completed", "cancelled")[selector % 3]],
                )
            elif operation == "update_interview":
                interview = pick(conn, "interviews", selector)
                cursor = conn.execute(
                    "update hirewire.interviews set scheduled_at = %s, status_code = 'completed' "
                    "where id = %s",
                    [moment, interview],
                )
            elif operation == "delete_interview":
                interview = pick(conn, "interviews", selector)
                cursor = conn.execute("delete from hirewire.interviews where id = %s", [interview])
            elif operation == "set_outcome" and app:
                cursor = conn.execute(
                    "insert into hirewire.interview_outcomes (process_id, outcome_code, "
                    "decided_on, salary_offered) values (%s, %s, %s, %s) on conflict (process_id) "
                    "do update set outcome_code = excluded.outcome_code, "
                    "decided_on = excluded.decided_on",
                    [app, ("offer", "rejected", "accepted", "declined")[selector % 4], day, 50000],
                )
            elif operation == "delete_application" and app:
                cursor = conn.execute(
                    "delete from hirewire.interview_processes where id = %s", [app]
                )
            elif operation == "move_applied_on" and app:
                cursor = conn.execute(
                    "update hirewire.interview_processes set applied_on = %s where id = %s",
                    [day, app],
                )
            elif operation == "add_position":
                company = pick(conn, "companies", selector)
                cursor = conn.execute(
                    "insert into hirewire.job_positions (company_id, title, salary_min, "
                    "salary_max) values (%s, %s, %s, %s)",
                    [company, f"Role {selector}-{days}", 1000 * days, 1000 * days + 5000],
                )
            elif operation == "move_position":
                position = pick(conn, "job_positions", selector)
                company = pick(conn, "companies", days)
                cursor = conn.execute(
                    "update hirewire.job_positions set company_id = %s where id = %s",
                    [company, position],
                )
            elif operation == "rename_company":
                company = pick(conn, "companies", selector)
                cursor = conn.execute(
                    "update hirewire.companies set name = %s where id = %s",
                    [f"Renamed {selector}-{days}", company],
                )
            elif operation == "add_company":
                cursor = conn.execute(
                    "insert into hirewire.companies (name) values (%s)", [f"New {selector}-{days}"]
                )
            elif operation == "delete_company":
                company = pick(conn, "companies", selector)
                cursor = conn.execute("delete from hirewire.companies where id = %s", [company])
            elif operation == "delete_position":
                position = pick(conn, "job_positions", selector)
                cursor = conn.execute(
                    "delete from hirewire.job_positions where id = %s", [position]
                )
            elif operation == "relabel_source":
                cursor = conn.execute(
                    "update hirewire.application_sources set label = %s where code = 'indeed'",
                    [f"Indeed {selector}"],
                )
    except psycopg.errors.IntegrityError as refused:
        return type(refused).__name__
    return "applied" if cursor is not None and cursor.rowcount > 0 else "no target"


changes = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(min_value=0, max_value=1000),
        st.integers(min_value=0, max_value=120),
    ),
    min_size=6,
    max_size=20,
)


def test_incremental_equals_full_after_random_changes(source_db, source_env, data_dir, tmp_path):
    """After any mix of inserts, updates and deletes, incremental and full give the same tables.
    The examples are derandomized (the same ones every run), every kind of change is applied
    at least once, and the changes the source refuses are counted, each by a foreign key, a
    required column, a unique name or a date rule, never silently."""
    make_search(source_db, applications=5)
    incremental = tmp_path / "incremental.duckdb"
    load_warehouse(incremental, "full", **QUIET)
    counter = iter(range(1000))
    outcomes: Counter[str] = Counter()
    applied: Counter[str] = Counter()

    @settings(
        max_examples=8,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(round_of_changes=changes)
    def check(round_of_changes: list[tuple[str, int, int]]) -> None:
        # The incremental warehouse lives on across examples: errors would accumulate.
        for operation, selector, days in round_of_changes:
            outcome = apply(source_db, operation, selector, days)
            outcomes[outcome] += 1
            applied[operation] += outcome == "applied"
        summary = load_warehouse(incremental, "auto", **QUIET)
        assert summary.mode == "incremental"
        full = tmp_path / f"full-{next(counter)}.duckdb"
        load_warehouse(full, "full", **QUIET)
        assert table_contents(incremental) == table_contents(full)
        full.unlink()

    check()
    never = [operation for operation in OPERATIONS if not applied[operation]]
    assert never == [], (never, outcomes)
    refused = set(outcomes) - {"applied", "no target"}
    # CheckViolation: migration 008's date rules (nothing before the application or in the
    # future) refuse some random dates, as they refuse a user's.
    allowed = {"ForeignKeyViolation", "NotNullViolation", "UniqueViolation", "CheckViolation"}
    assert refused <= allowed, outcomes
    assert outcomes["applied"] > 2 * sum(outcomes[reason] for reason in refused), outcomes


def test_incremental_reads_only_changed_rows(source_db, source_env, data_dir, tmp_path):
    """An incremental run pulls only rows changed since the watermark, and applies deletions."""
    apps = make_search(source_db, applications=6)
    path = tmp_path / "warehouse.duckdb"
    load_warehouse(path, "full", **QUIET)
    source_db.execute("delete from hirewire.interview_processes where id = %s", [apps[1]])
    source_db.execute(
        "update hirewire.companies set industry = 'Retail' where id = "
        "(select min(id) from hirewire.companies)"
    )
    summary = load_warehouse(path, "auto", **QUIET)
    assert summary.mode == "incremental"
    # The deleted application, its interview and 2 history rows are tombstones; 1 company changed.
    assert summary.rows_extracted == 5
    assert summary.row_counts["fct_application"] == {"inserted": 0, "updated": 0, "deleted": 1}
    assert summary.row_counts["dim_company"]["updated"] == 1
    assert summary.application_count == 5
