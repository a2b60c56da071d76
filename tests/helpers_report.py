"""Warehouses for the report and dashboard tests: one built for real from the sample search
(shared, session-wide) and a hand-made empty one for the shapes the sample never gives."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg
import psycopg.sql

from tests.helpers_dbt import contract_columns, create_mart

ROOT = Path(__file__).resolve().parent.parent
STAR_SCHEMA = ROOT / "sql" / "duckdb" / "000_star_schema.sql"


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
        for mart in contract_columns():
            create_mart(con, mart)
        # Every candidate is on the overview, with nothing counted yet.
        for rank, (candidate_id, name, is_default) in enumerate(candidates, start=1):
            con.execute(
                "insert into mart_candidates (candidate_key, candidate_name, applications, "
                "responded_applications, interviews, offers, ghosted_applications, "
                "follow_ups_due, attention_rank, candidate_id, is_default) "
                "values (?, ?, 0, 0, 0, 0, 0, 0, ?, ?, ?)",
                [candidate_id, name, rank, candidate_id, is_default],
            )
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


def unpacked_script(html: str, script_id: str) -> str:
    """A packed <script> of the report page (gzip + base64), as the page inflates it."""
    found = re.search(rf'<script type="application/octet-stream" id="{script_id}">([^<]*)<', html)
    assert found, f"no packed script {script_id}"
    return gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")
