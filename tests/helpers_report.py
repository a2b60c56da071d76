"""Warehouses for the report and dashboard tests: one built for real from the sample search
(shared, session-wide) and a hand-made empty one for the shapes the sample never gives."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg
import psycopg.sql

ROOT = Path(__file__).resolve().parent.parent
STAR_SCHEMA = ROOT / "sql" / "duckdb" / "000_star_schema.sql"

MART_COLUMNS = {
    "mart_applications": (
        "application_id bigint, candidate_id bigint, candidate_name varchar, company_name varchar, "
        "job_title varchar, source varchar, source_label varchar, applied_on date, "
        "current_status varchar, "
        "furthest_stage varchar, has_responded boolean, days_to_first_response integer, "
        "interview_count integer, last_activity_on date, days_since_last_activity integer, "
        "is_open boolean, is_ghosted boolean, needs_follow_up boolean, outcome varchar, "
        "offer_salary decimal(12, 2), as_of_date date"
    ),
    "mart_funnel": (
        "candidate_id bigint, stage varchar, stage_order integer, applications bigint, "
        "pct_of_applied double, pct_of_previous double"
    ),
    "mart_stage_flow": (
        "candidate_id bigint, source_stage varchar, target_stage varchar, applications bigint"
    ),
    "mart_weekly_activity": (
        "candidate_id bigint, week_start date, applications_sent bigint, interviews_held bigint, "
        "offers bigint, rejections bigint"
    ),
    "mart_source_effectiveness": (
        "candidate_id bigint, source varchar, source_label varchar, applications bigint, "
        "responses bigint, response_rate double, interviewed bigint, offers bigint, "
        "median_days_to_first_response double"
    ),
    "mart_company_responsiveness": (
        "candidate_id bigint, company_name varchar, applications bigint, responses bigint, "
        "response_rate double, median_days_to_first_response double, ghosted bigint, "
        "ghost_rate double"
    ),
    "mart_interview_performance": (
        "candidate_id bigint, interview_type varchar, interview_type_label varchar, "
        "interviews bigint, completed bigint, average_rating double, "
        "followed_by_further_stage bigint, share_followed_by_further_stage double"
    ),
    "mart_candidates": (
        "candidate_key bigint, candidate_name varchar, applications bigint, "
        "responded_applications bigint, response_rate double, interviews bigint, offers bigint, "
        "ghosted_applications bigint, ghost_rate double, last_activity_on date, "
        "follow_ups_due bigint, attention_rank bigint"
    ),
}


def empty_warehouse(path: Path, candidates: list[tuple[int, str, bool]]) -> Path:
    """A warehouse with the star schema, the given candidates, one finished ETL run and empty
    marts (every column the report reads): what `make refresh` gives before any application."""
    con = duckdb.connect(str(path))
    try:
        con.execute(STAR_SCHEMA.read_text(encoding="utf-8"))
        for candidate_id, name, is_default in candidates:
            con.execute(
                "insert into dim_candidate values (?, ?, ?, null, ?)",
                [candidate_id, candidate_id, name, is_default],
            )
        finished = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)
        con.execute(
            "insert into etl_run (run_id, mode, status, started_at, finished_at) "
            "values (1, 'full', 'succeeded', ?, ?)",
            [finished - dt.timedelta(seconds=3), finished],
        )
        for table, columns in MART_COLUMNS.items():
            con.execute(f"create table {table} ({columns})")
    finally:
        con.close()
    return path


# The sample search behind the shared report warehouse: two candidates, a fixed as-of date so
# every number is reproducible.
SAMPLE_AS_OF = "2026-11-20"
SAMPLE_APPLICATIONS = 60
SAMPLE_CANDIDATES = 2


def _admin(host: str, port: int, user: str, dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(host=host, port=port, user=user, dbname=dbname, autocommit=True)


def drop_database(host: str, port: int, user: str, dbname: str) -> None:
    with _admin(host, port, user) as conn:
        conn.execute(
            psycopg.sql.SQL("drop database if exists {} with (force)").format(
                psycopg.sql.Identifier(dbname)
            )
        )


def build_sample_warehouse(
    directory: Path,
    host: str,
    port: int,
    user: str,
    dbname: str,
    applications: int = SAMPLE_APPLICATIONS,
    candidates: int = SAMPLE_CANDIDATES,
) -> Path:
    """Load the sample search into a fresh source database and run `python -m
    hirewire.analytics refresh` (the real ETL and dbt build); return the published warehouse."""
    drop_database(host, port, user, dbname)
    with _admin(host, port, user) as conn:
        conn.execute(psycopg.sql.SQL("create database {}").format(psycopg.sql.Identifier(dbname)))
    from tests.conftest import load_migrations

    load_migrations(host, port, user, dbname, None)  # as the test templates are migrated
    warehouse = directory / "hirewire.duckdb"
    env = {
        **os.environ,
        "PGHOST": host,
        "PGPORT": str(port),
        "PGUSER": user,
        "PGDATABASE": dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
        "HIREWIRE_DATA_DIR": str(directory),
        "HIREWIRE_WAREHOUSE": str(warehouse),
        "HIREWIRE_EXTENSION_DIR": str(ROOT / ".duckdb_extensions"),
    }
    env.pop("PGPASSWORD", None)
    steps = (
        [
            "hirewire.sample",
            *("--seed", "42", "--applications", str(applications)),
            *("--candidates", str(candidates), "--end-date", SAMPLE_AS_OF),
        ],
        ["hirewire.analytics", "refresh", "--as-of", SAMPLE_AS_OF],
    )
    for step in steps:
        done = subprocess.run(
            [sys.executable, "-m", *step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
    return warehouse
