"""Apply the numbered migrations in sql/postgres/ in order, each once, each in its own transaction.

A database made by the original HireWire (its tables in schema hirewire, with HireWire's names)
is upgraded in place in one transaction: its tables move to schema hirewire_original first, then
every migration runs (007 copies the original rows into HireWire's tables).

python -m hirewire.migrate            # apply what is pending
python -m hirewire.migrate --status   # list applied and pending migrations
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hirewire import settings
from hirewire.errors import UserError, run_cli

if TYPE_CHECKING:
    import psycopg

# psycopg and hirewire.db are imported where a connection is used: the ETL reads discover()
# only, and talks to Postgres through DuckDB (importing psycopg would slow every load).

MIGRATIONS_DIR = settings.ROOT / "sql" / "postgres"
FILE_PATTERN = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# Any constant works; it only has to be the same for every migrate process.
ADVISORY_LOCK_ID = 7_460_001
# The advisory lock serialises migrations of one database. Roles and their grants are the
# server's, so two databases migrated at once (two job seekers' or coaches' databases, the test
# workers) can touch the same role row; PostgreSQL then fails one transaction with "tuple
# concurrently updated" (SQLSTATE XX000). Such a migration rolled back completely and is
# simply run again, a few times, after a short wait.
CONCURRENT_ROLE_UPDATE = "tuple concurrently updated"
CONCURRENT_ROLE_RETRIES = 5


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = FILE_PATTERN.match(path.name)
        if not match:
            raise UserError(f"{path.name}: migration files must be named NNN_description.sql")
        migrations.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in migrations]
    if len(versions) != len(set(versions)):
        raise UserError("two migration files share a number in sql/postgres: renumber one")
    return migrations


BOOTSTRAP_DIR = MIGRATIONS_DIR / "bootstrap"
# 003 creates HireWire's tables: once it is recorded, schema hirewire is HireWire's own.
CORE_TABLES_VERSION = 3


def _bootstrap(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute("create schema if not exists hirewire")
        conn.execute((BOOTSTRAP_DIR / "schema_migrations.sql").read_text())


def applied_versions(conn: psycopg.Connection) -> dict[int, str]:
    if conn.execute("select to_regclass('hirewire.schema_migrations')").fetchone()[0] is None:
        return {}
    rows = conn.execute("select version, checksum from hirewire.schema_migrations").fetchall()
    return dict(rows)


def classify(conn: psycopg.Connection) -> str:
    """'hirewire', 'empty' or 'original' (the original HireWire's tables, upgraded in place);
    raise UserError for anything else, before any change."""
    if CORE_TABLES_VERSION in applied_versions(conn):
        return "hirewire"
    sql_text = (BOOTSTRAP_DIR / "classify_database.sql").read_text(encoding="utf-8")
    kind, problem = conn.execute(sql_text).fetchone()
    if kind == "unknown":
        raise UserError(
            f"schema hirewire is neither empty, nor HireWire's, nor the original HireWire's"
            f" ({problem}); nothing was changed: point PGDATABASE at an empty database or at"
            f" a HireWire one, or move those tables out of schema hirewire"
        )
    return kind


def _notice_printer(echo):
    """Print what migrations RAISE NOTICE (for example legacy values kept), not idle chatter."""

    def handler(notice) -> None:
        message = notice.message_primary
        # PostgreSQL's own chatter on idempotent statements (IF NOT EXISTS, a role granted
        # again on a server where it exists) is not news about the upgrade.
        if not message.endswith(", skipping") and "is already a member of role" not in message:
            echo(f"  notice: {message}")

    return handler


def _apply(conn: psycopg.Connection, migration: Migration, echo) -> None:
    started = time.monotonic()
    with conn.transaction():
        conn.execute(migration.path.read_text(encoding="utf-8"))
        conn.execute(
            "insert into hirewire.schema_migrations (version, name, checksum) values (%s, %s, %s)",
            [migration.version, migration.name, migration.checksum],
        )
    echo(f"  applied {migration.name} ({time.monotonic() - started:.2f} s)")


def _apply_again_after_role_races(conn: psycopg.Connection, migration: Migration, echo) -> None:
    """_apply in its own transaction, run again when another database's migration updated the
    same role at the same moment (CONCURRENT_ROLE_UPDATE); any other error is raised."""
    import psycopg

    for attempt in range(1, CONCURRENT_ROLE_RETRIES + 1):
        try:
            _apply(conn, migration, echo)
            return
        except psycopg.Error as exc:
            raced = exc.sqlstate == "XX000" and CONCURRENT_ROLE_UPDATE in str(exc)
            if not raced or attempt == CONCURRENT_ROLE_RETRIES:
                raise
            time.sleep(0.2 * attempt)


def apply_pending(conn: psycopg.Connection, directory: Path = MIGRATIONS_DIR, echo=print) -> int:
    """Apply pending migrations on an autocommit connection; returns how many were applied.

    Each migration runs in its own transaction, except on a database made by the original
    HireWire: setting its tables aside and every migration then run in one transaction, so
    the upgrade happens completely or not at all."""
    import psycopg  # already loaded: `conn` is a psycopg connection

    conn.add_notice_handler(_notice_printer(echo))
    conn.execute("select pg_advisory_lock(%s)", [ADVISORY_LOCK_ID])
    try:
        kind = classify(conn)
        upgrading = kind == "original"
        if upgrading:
            echo(
                "  found the original HireWire's tables in schema hirewire: upgrading them in"
                " one transaction (they move to schema hirewire_original)"
            )
        count = 0
        current = None
        try:
            with conn.transaction() if upgrading else nullcontext():
                _bootstrap(conn)
                if upgrading:
                    conn.execute((BOOTSTRAP_DIR / "set_aside_original.sql").read_text())
                done = applied_versions(conn)
                for migration in discover(directory):
                    if migration.version in done:
                        continue
                    current = migration
                    if upgrading:  # one transaction for all: a failure ends it
                        _apply(conn, migration, echo)
                    else:
                        _apply_again_after_role_races(conn, migration, echo)
                    count += 1
        except psycopg.Error as exc:
            message = (exc.diag.message_primary or str(exc)).strip()
            step = current.name if current else "the bootstrap"
            if upgrading:
                raise UserError(
                    f"upgrading the original HireWire failed at {step} and was rolled back,"
                    f" the database is unchanged: {message}"
                ) from None
            raise UserError(f"migration {step} failed and was rolled back: {message}") from None
        return count
    finally:
        conn.execute("select pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hirewire.migrate",
        description="Apply HireWire's Postgres migrations (sql/postgres/NNN_*.sql).",
        epilog="example: python -m hirewire.migrate --status",
    )
    parser.add_argument("--status", action="store_true", help="list migrations, apply nothing")
    args = parser.parse_args(argv)
    from hirewire import db

    db.ensure_server()
    with db.connect("admin", autocommit=True) as conn:
        if args.status:
            # Reads only: a database still to upgrade stays exactly as it is.
            if classify(conn) == "original":
                print("the original HireWire's tables: `make migrate` upgrades them in place")
            done = applied_versions(conn)
            for migration in discover():
                state = "applied" if migration.version in done else "pending"
                print(f"{state:8} {migration.name}")
            return 0
        count = apply_pending(conn)
    print(f"Migrations: {count} applied, database up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
