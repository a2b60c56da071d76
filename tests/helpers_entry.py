"""Helpers for the data-entry, import and export tests: run a command as a user would."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from hirewire.errors import run_cli

ROOT = Path(__file__).resolve().parent.parent


DATA_TABLES = (
    "companies", "job_positions", "interview_processes", "interviews", "interview_outcomes",
    "process_status_history", "deleted_rows",
)  # fmt: skip


_SHARED: dict[str, psycopg.Connection] = {}


def shared_database(proc, config: pytest.Config) -> psycopg.Connection:
    """One clone of the migrated template for all the data-entry test modules, dropped once at
    the end of the session (each DROP DATABASE costs a checkpoint: seconds on a busy machine).
    reset() empties it before each test."""
    if "conn" in _SHARED and not _SHARED["conn"].closed:
        return _SHARED["conn"]
    name = f"{proc.template_dbname}_entry_{uuid.uuid4().hex[:8]}"
    server = {"host": proc.host, "port": proc.port, "user": proc.user, "password": proc.password}
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(proc.template_dbname)
            )
        )
    conn = psycopg.connect(**server, dbname=name, autocommit=True)
    _SHARED["conn"] = conn

    def drop() -> None:
        conn.close()
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )

    config.add_cleanup(drop)
    return conn


def reset(conn: psycopg.Connection, monkeypatch: pytest.MonkeyPatch) -> psycopg.Connection:
    """Empty the data tables (lookups and the default candidate stay, ids restart at 1) and
    point HireWire, in this process and in subprocesses, at this database."""
    tables = sql.SQL(", ").join(sql.Identifier("hirewire", table) for table in DATA_TABLES)
    conn.execute(sql.SQL("truncate {} restart identity cascade").format(tables))
    conn.execute("delete from hirewire.candidates where id <> 1")
    conn.execute("select setval(pg_get_serial_sequence('hirewire.candidates', 'id'), 1)")
    info = conn.info
    values = {
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGDATABASE": info.dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return conn


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run_main(main: Callable[[list[str]], int], *argv: str, stdin: str = "") -> Ran:
    """Run a command's main() in this process, exactly as its CLI wrapper does."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = run_cli(lambda: main(list(argv)))
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return Ran(code, out.getvalue(), err.getvalue())


def entry(*argv: str, stdin: str = "") -> Ran:
    from hirewire.entry.cli import main

    return run_main(main, *argv, stdin=stdin)


def main_sh(*argv: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Ran:
    """Run ./scripts/main.sh in a subprocess with the current (test) environment."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "main.sh"), *argv],
        cwd=cwd,
        env=env or os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(result.returncode, result.stdout, result.stderr)


def count(db: psycopg.Connection, table: str) -> int:
    query = psycopg.sql.SQL("select count(*) from hirewire.{}").format(
        psycopg.sql.Identifier(table)
    )
    return db.execute(query).fetchone()[0]


def counts(db: psycopg.Connection) -> dict[str, int]:
    """Row counts of every data table: equal before and after means nothing was written."""
    tables = (
        "companies", "job_positions", "interview_processes", "interviews", "interview_outcomes",
        "process_status_history",
    )  # fmt: skip
    return {table: count(db, table) for table in tables}


def add_application(company: str, title: str, applied_on: str, *extra: str) -> int:
    ran = entry(
        "add-application", "--company", company, "--title", title, "--source", "linkedin",
        "--applied-on", applied_on, *extra,
    )  # fmt: skip
    assert ran.code == 0, ran.err
    return int(ran.out.strip())


def assert_one_line_error(ran: Ran, *fragments: str, code: int = 1) -> None:
    """A failure is one `error:` line (argparse usage adds its usage line), no traceback."""
    assert ran.code == code, (ran.code, ran.out, ran.err)
    assert "Traceback" not in ran.err
    errors = [line for line in ran.err.splitlines() if "error:" in line]
    assert len(errors) == 1, ran.err
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
