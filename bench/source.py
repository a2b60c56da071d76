"""The benchmark's own source database: create, migrate, change, drop. Never the user's.

The database lives on the configured server (the embedded one when nothing is configured),
under a name that must start with `hirewire_bench`, so a typo can never drop real data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

from hirewire import migrate, settings
from hirewire.db import explain_connection_error
from hirewire.errors import UserError

SQL_DIR = Path(__file__).resolve().parent / "sql"
NAME_PATTERN = re.compile(r"^hirewire_bench[a-z0-9_]*$")


def check_name(dbname: str) -> None:
    """Refuse any name that could be a real database."""
    if not NAME_PATTERN.match(dbname) or len(dbname) > 63:
        raise UserError(
            f"benchmark database {dbname!r} is refused: its name must start with "
            "'hirewire_bench' and use only a-z, 0-9 and _ (e.g. --database hirewire_bench)."
        )
    configured = settings.postgres("admin").dbname
    if dbname == configured:
        raise UserError(
            f"benchmark database {dbname!r} is your configured PGDATABASE: pick another "
            "--database, the benchmark drops and recreates it."
        )


def target(dbname: str, role: str = "admin") -> settings.PostgresSettings:
    """The configured server's settings for `role`, pointed at the benchmark database."""
    return dataclasses.replace(settings.postgres(role), dbname=dbname)


def connect(dbname: str, role: str = "admin", **kwargs) -> psycopg.Connection:
    where = target(dbname, role)
    try:
        return psycopg.connect(**(where.connect_kwargs() | kwargs))
    except psycopg.OperationalError as exc:
        raise UserError(explain_connection_error(exc, where)) from None


def _maintenance() -> psycopg.Connection:
    return connect("postgres", autocommit=True)


def recreate(dbname: str) -> None:
    """Drop the benchmark database if a previous run left it, then create it empty."""
    check_name(dbname)
    name = sql.Identifier(dbname)
    with _maintenance() as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(name))
        conn.execute(sql.SQL("create database {}").format(name))


def drop(dbname: str) -> None:
    check_name(dbname)
    with _maintenance() as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname))
        )


def exists(dbname: str) -> bool:
    with _maintenance() as conn:
        query = "select 1 from pg_database where datname = %s"
        return conn.execute(query, [dbname]).fetchone() is not None


def server_process(dbname: str) -> int | None:
    """The PostgreSQL server's main process id when it runs on this machine (over a Unix socket
    or a loopback address) and its processes can be read; None otherwise (a remote server, a
    container's own process ids), and the bench then reports no server CPU."""
    # The backend is looked at while this connection keeps it alive.
    with connect(dbname) as conn:
        backend, address = conn.execute("select pg_backend_pid(), inet_server_addr()").fetchone()
        if address is not None and not ipaddress.ip_address(str(address)).is_loopback:
            return None
        try:
            process = psutil.Process(backend)
            postmaster = process.parent()
            names = (process.name(), postmaster.name() if postmaster else "")
        except psutil.Error:
            return None
    if postmaster is None or not all(name.startswith("postgres") for name in names):
        return None
    return postmaster.pid


def application_count(dbname: str) -> int:
    """Applications in an existing benchmark database (0 when it has no HireWire schema)."""
    with connect(dbname) as conn:
        if conn.execute("select to_regclass('hirewire.interview_processes')").fetchone()[0] is None:
            return 0
        return int(conn.execute("select count(*) from hirewire.interview_processes").fetchone()[0])


def apply_migrations(dbname: str) -> int:
    with connect(dbname, autocommit=True) as conn:
        return migrate.apply_pending(conn, echo=lambda _line: None)


def vacuum_analyze(dbname: str) -> None:
    """What autovacuum would do after a bulk load: hint bits, visibility map, statistics."""
    with connect(dbname, autocommit=True) as conn:
        conn.execute("vacuum (analyze)")


def settle(dbname: str) -> None:
    """Before a timed step: Postgres checkpoints (the change set's dirty pages) and the kernel
    writes out dirty file pages, so a step is timed on its own work, not on the disk writes
    the step before left behind (on this project's machine a change set's checkpoint made the
    next incremental run up to 3 s slower). Each step still pays all of its own writes."""
    # A role without pg_checkpoint skips it: the kernel flush below still helps.
    with (
        connect(dbname, autocommit=True) as conn,
        contextlib.suppress(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("checkpoint")
    os.sync()


def child_env(dbname: str, data_dir: Path, warehouse: Path) -> dict[str, str]:
    """Environment for the steps' subprocesses: the benchmark database, a private warehouse."""
    env = os.environ.copy()
    env.update(target(dbname).libpq_env())
    env.update(
        {
            # PG* are now set; this makes sure a HIREWIRE_EMBEDDED=1 in .env cannot win.
            "HIREWIRE_EMBEDDED": "0",
            "HIREWIRE_DATA_DIR": str(data_dir),
            "HIREWIRE_WAREHOUSE": str(warehouse),
            "HIREWIRE_REPORT": str(data_dir / "report.html"),
            "HIREWIRE_EXTENSION_DIR": str(settings.extension_dir()),
            "DO_NOT_TRACK": "1",
        }
    )
    return env


@dataclasses.dataclass
class ChangeSet:
    updated: int
    inserted: int
    deleted: int
    changed_rows: int
    seconds: float


def _set(conn: psycopg.Connection, name: str, value: object) -> None:
    conn.execute("select set_config(%s, %s, true)", [name, str(value)])


def apply_change_set(dbname: str, applications: int, salt: int) -> ChangeSet:
    """1% status changes (with history), 0.1% new applications, 0.01% deleted, one transaction."""
    started = time.perf_counter()
    with connect(dbname, autocommit=True) as conn, conn.transaction():
        now = datetime.now(UTC)
        since = conn.execute("select now()").fetchone()[0]
        # Backdated history: the trigger dates each status change by this setting.
        _set(conn, "hirewire.effective_at", now.isoformat())
        _set(conn, "bench.count", max(1, applications // 100))
        updated = conn.execute((SQL_DIR / "change_statuses.sql").read_text()).rowcount
        _set(conn, "bench.count", max(1, applications // 1000))
        _set(conn, "bench.salt", salt)
        _set(conn, "bench.applied_on", now.date().isoformat())
        inserted = conn.execute((SQL_DIR / "insert_applications.sql").read_text()).rowcount
        _set(conn, "bench.count", max(1, applications // 10_000))
        deleted = conn.execute((SQL_DIR / "delete_applications.sql").read_text()).rowcount
        _set(conn, "bench.since", since.isoformat())
        changed = conn.execute((SQL_DIR / "changed_rows.sql").read_text()).fetchone()[0]
    return ChangeSet(updated, inserted, deleted, int(changed), time.perf_counter() - started)


def server_version(dbname: str) -> str:
    with connect(dbname) as conn:
        return str(conn.execute("show server_version").fetchone()[0])
