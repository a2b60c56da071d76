"""The Postgres source as the read-only hirewire_etl role: preflight checks and the ATTACH."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import duckdb
import psycopg

from hirewire import db, migrate, settings
from hirewire.errors import UserError


@contextmanager
def _source_connection() -> Iterator[psycopg.Connection]:
    """The ETL role's connection; a server lost mid-query (or any refusal) becomes one line."""
    try:
        with db.connect("etl") as conn:
            yield conn
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(
            f"PostgreSQL failed while the ETL read the source ({first}): the published "
            "warehouse was left as it was; check the server and run again"
        ) from None


def preflight() -> settings.PostgresSettings:
    """Fail early, in one sentence, when the source cannot be loaded; returns the settings."""
    target = settings.postgres("etl")
    with _source_connection() as conn:
        exists = conn.execute("select to_regclass('hirewire.schema_migrations')").fetchone()
        if not exists or exists[0] is None:
            raise UserError(
                f"the source database {target.dbname!r} has no HireWire schema: run "
                "`make migrate` first"
            )
        applied = {row[0] for row in conn.execute("select version from hirewire.schema_migrations")}
        # The safe watermark needs the start time of every running transaction.
        reads_stats = conn.execute(
            "select pg_has_role(current_user, 'pg_read_all_stats', 'member')"
        ).fetchone()[0]
    pending = [m.name for m in migrate.discover() if m.version not in applied]
    if pending:
        raise UserError(
            f"{len(pending)} migration(s) not applied to {target.dbname!r} "
            f"(first: {pending[0]}): run `make migrate` first"
        )
    if not reads_stats:
        raise UserError(
            f"role {target.user!r} cannot see other sessions' transactions, which a safe "
            f"watermark needs: run `grant pg_read_all_stats to {target.user}` as an admin"
        )
    return target


def source_has_applications() -> bool:
    """True when the source holds at least one application (the publish safety check)."""
    with _source_connection() as conn:
        row = conn.execute("select exists (select from hirewire.interview_processes)").fetchone()
    return bool(row and row[0])


# Source table -> (warehouse table, its key column): the pairs `make check` compares.
MIRRORED = {
    "candidates": ("dim_candidate", "candidate_key"),
    "companies": ("dim_company", "company_key"),
    "job_positions": ("dim_position", "position_key"),
    "interview_processes": ("fct_application", "application_key"),
    "interviews": ("fct_interview", "interview_key"),
    "process_status_history": ("fct_status_change", "status_change_key"),
}


def source_counts(since: datetime | None) -> tuple[dict[str, int], int]:
    """Row counts of the mirrored source tables, and how many changes came after `since`
    (the last run's snapshot: rows stamped later cannot be in the warehouse yet)."""
    counts: dict[str, int] = {}
    changes = 0
    with _source_connection() as conn:
        for table in MIRRORED:
            # Table names come from the constant above, never from input.
            counts[table] = int(
                conn.execute(f"select count(*) from hirewire.{table}").fetchone()[0]
            )
            if since is not None:
                query = f"select count(*) from hirewire.{table} where updated_at > %s"
                changes += int(conn.execute(query, [since]).fetchone()[0])
        if since is not None:
            query = "select count(*) from hirewire.deleted_rows where deleted_at > %s"
            changes += int(conn.execute(query, [since]).fetchone()[0])
    return counts, changes


@contextmanager
def libpq_environment(target: settings.PostgresSettings) -> Iterator[None]:
    """Set the role's libpq variables for the extension's connections, then restore them."""
    saved = {name: os.environ.get(name) for name in settings.LIBPQ_VARIABLES}
    os.environ.update(target.libpq_env())
    if not target.password:
        os.environ.pop("PGPASSWORD", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def attach(con: duckdb.DuckDBPyConnection, target: settings.PostgresSettings) -> None:
    """ATTACH the source read-only (inside libpq_environment: no password in any DSN)."""
    try:
        con.execute("attach '' as pg (type postgres, read_only)")
    except duckdb.Error as exc:
        if "extension" in str(exc).lower():
            raise UserError(
                f"the DuckDB postgres extension is missing from {settings.extension_dir()}: "
                "run `make setup` to install it"
            ) from None
        raise UserError(db.explain_connection_error(exc, target)) from None
