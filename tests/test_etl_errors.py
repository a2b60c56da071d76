"""Every failure a user can meet ends in one clear sentence, exit 1, no traceback, no secret."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys

from tests.conftest import ROOT
from tests.helpers_etl import file_digest, make_search, read_rows, run_etl


def assert_one_clear_line(result, *fragments: str) -> None:
    """`result` is a CompletedProcess or run_etl's (code, stdout, stderr)."""
    code, stderr = (
        (result[0], result[2]) if isinstance(result, tuple) else (result.returncode, result.stderr)
    )
    assert code == 1
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_unreachable_postgres_never_shows_the_password(data_dir, cli, monkeypatch):
    """Postgres not answering: says so and how to fix it, and never prints the password."""
    monkeypatch.setenv("HIREWIRE_ENV_FILE", os.devnull)
    monkeypatch.setenv("PGHOST", "127.0.0.1")
    monkeypatch.setenv("PGPORT", "1")
    monkeypatch.setenv("HIREWIRE_ETL_PASSWORD", "Sup3r-Secret-42")
    result = cli("etl", "run")
    assert_one_clear_line(result, "not answering", "PGHOST/PGPORT")
    assert "Sup3r-Secret-42" not in result.stdout + result.stderr


def test_pending_migrations_are_named(source_db, source_env, data_dir, capsys):
    """A source missing a migration is refused before anything is written."""
    source_db.execute("delete from hirewire.schema_migrations where version = 5")
    result = run_etl(capsys, "run")
    assert_one_clear_line(result, "1 migration(s) not applied", "005_grants.sql", "make migrate")
    assert not (data_dir / "hirewire.duckdb").exists()


def test_missing_extension_says_run_setup(source_db, source_env, data_dir, cli, monkeypatch):
    """Without the DuckDB postgres extension the load says to run `make setup`."""
    monkeypatch.setenv("HIREWIRE_EXTENSION_DIR", str(data_dir / "no-extensions"))
    result = cli("etl", "run")
    assert_one_clear_line(result, "postgres extension is missing", "make setup")


def test_a_changed_extension_is_refused_until_reinstalled(
    source_db, source_env, data_dir, cli, monkeypatch
):
    """Every load checks the extension's signature: a copy changed by one byte since `make setup`
    is refused in one line, the warehouse untouched, and reinstalling repairs it."""
    copy = data_dir / "extensions"
    shutil.copytree(ROOT / ".duckdb_extensions", copy)
    monkeypatch.setenv("HIREWIRE_EXTENSION_DIR", str(copy))
    assert cli("hirewire.duck", "install").returncode == 0
    make_search(source_db, applications=2)
    assert cli("etl", "run").returncode == 0

    (extension,) = copy.rglob("postgres_scanner.duckdb_extension")
    with open(extension, "r+b") as handle:
        handle.seek(1_000_000)
        byte = handle.read(1)[0]
        handle.seek(1_000_000)
        handle.write(bytes([byte ^ 1]))
    before = file_digest(data_dir / "hirewire.duckdb")
    result = cli("etl", "run")
    assert_one_clear_line(result, "fails its signature check", "hirewire.duck install")
    assert file_digest(data_dir / "hirewire.duckdb") == before

    assert cli("hirewire.duck", "install").returncode == 0
    assert cli("etl", "run").returncode == 0


def test_corrupt_warehouse_is_named_and_left_alone(source_db, source_env, warehouse_path, capsys):
    """A published file that is not a DuckDB database is reported by name, never overwritten."""
    warehouse_path.write_bytes(b"not a database" * 1000)
    before = file_digest(warehouse_path)
    result = run_etl(capsys, "run")
    assert_one_clear_line(result, f"{warehouse_path} is corrupt", "make refresh")
    assert file_digest(warehouse_path) == before
    assert_one_clear_line(run_etl(capsys, "check"), "corrupt")


def test_disk_full_is_one_sentence_and_publishes_nothing(source_db, source_env, warehouse_path):
    """Writes failing for lack of space (a 2 MB file-size limit here) leave no warehouse."""
    make_search(source_db, applications=2)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024 * 1024, 2 * 1024 * 1024))

    result = subprocess.run(
        [sys.executable, "-m", "etl", "run"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_file_size,
    )
    assert_one_clear_line(result, "disk is full", "free some space")
    assert not warehouse_path.exists()
    assert [path.name for path in warehouse_path.parent.iterdir()] == [".hirewire.duckdb.lock"]


def test_warehouse_held_for_writing_is_refused(source_db, source_env, warehouse_path, capsys):
    """A DuckDB session holding the warehouse read-write: the load stops instead of losing it."""
    make_search(source_db, applications=1)
    assert run_etl(capsys, "run")[0] == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.readline()",
            str(warehouse_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = file_digest(warehouse_path)
        result = run_etl(capsys, "run")
        assert_one_clear_line(result, "locked by another process", "read-only")
        assert file_digest(warehouse_path) == before
    finally:
        holder.communicate("\n", timeout=30)


def test_renumbered_vocabulary_stops_incremental_and_full_reload_fixes_it(
    source_db, source_env, warehouse_path, capsys
):
    """The replica stores vocabulary ids: an admin renumbering one stops the next incremental
    run with the fix (the warehouse is left as it was), and the full run it names applies it."""
    make_search(source_db, applications=3)
    assert run_etl(capsys, "run")[0] == 0
    before = file_digest(warehouse_path)
    source_db.execute("update hirewire.process_statuses set id = 99 where code = 'offer'")
    result = run_etl(capsys, "run")
    assert_one_clear_line(result, "process_statuses.offer", "make etl MODE=full")
    assert file_digest(warehouse_path) == before
    assert run_etl(capsys, "run", "--mode", "full")[0] == 0
    offers = read_rows(
        warehouse_path,
        "select count(*) as changes from fct_status_change where to_status_key = 99",
    )
    assert offers == [{"changes": 1}]
