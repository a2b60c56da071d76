"""The Postgres source as the read-only hirewire_etl role: preflight checks and the ATTACH."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from etl import warehouse
from hirewire import settings
from hirewire.errors import UserError

if TYPE_CHECKING:
    import psycopg

# The load itself talks to Postgres through DuckDB only: importing psycopg (a noticeable part
# of a small load's start-up) is left to `make check` and the publish check, which use it.


def start_embedded_server() -> None:
    """Like data entry, `make etl`, `make refresh` and `make check` start the embedded server
    when it is stopped, and say so."""
    if settings.uses_embedded_postgres():
        from hirewire import db  # psycopg's import cost only where the embedded server runs

        db.start_embedded_if_stopped()


@contextmanager
def _source_connection() -> Iterator[psycopg.Connection]:
    """The ETL role's connection; a server lost mid-query (or any refusal) becomes one line."""
    import psycopg

    from hirewire import db

    try:
        with db.connect("etl") as conn:
            yield conn
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(
            f"PostgreSQL failed while the ETL read the source ({first}): the published "
            "warehouse was left as it was; check the server and run again"
        ) from None


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    """Run `sql` on the source through the attachment `pg`."""
    return con.execute("select * from postgres_query('pg', ?)", [sql]).fetchall()


def preflight(con: duckdb.DuckDBPyConnection, target: settings.PostgresSettings) -> None:
    """Fail early, in one sentence, when the attached source cannot be loaded."""
    from hirewire import migrate

    # The safe watermark needs the start time of every running transaction.
    has_schema, reads_stats = _query(
        con,
        "select to_regclass('hirewire.schema_migrations') is not null, "
        "pg_has_role(current_user, 'pg_read_all_stats', 'member')",
    )[0]
    if not has_schema:
        raise UserError(
            f"the source database {target.dbname!r} has no HireWire schema: run "
            "`make migrate` first"
        )
    applied = {row[0] for row in _query(con, "select version from hirewire.schema_migrations")}
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
    settings.LIBPQ_USER_VALUES.update(saved)
    os.environ.update(target.libpq_env())
    if not target.password:
        os.environ.pop("PGPASSWORD", None)
    try:
        yield
    finally:
        settings.LIBPQ_USER_VALUES.clear()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def attach(con: duckdb.DuckDBPyConnection, target: settings.PostgresSettings) -> None:
    """ATTACH the source read-only (inside libpq_environment: no password in any DSN); DuckDB
    autoloads the postgres extension here and checks its signature."""
    try:
        con.execute("attach '' as pg (type postgres, read_only)")
    except duckdb.Error as exc:
        from hirewire import db

        raise UserError(
            warehouse.explain_extension_error(exc) or db.explain_connection_error(exc, target)
        ) from None
