"""Atomic publish: readers never blocked nor half-loaded, kills leave no trace, one writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psycopg
import pytest

from etl.load import load_warehouse
from etl.publish import build_then_publish
from hirewire.errors import UserError
from tests.conftest import ROOT
from tests.helpers_etl import file_digest, make_search, read_rows, run_etl

READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select count(*) from fct_application").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("select count(*) from fct_application").fetchone()[0], flush=True)
con.close()
fresh = duckdb.connect(sys.argv[1], read_only=True)
print(fresh.execute("select count(*) from fct_application").fetchone()[0], flush=True)
"""


def start_etl(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "run", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_blocked(conn: psycopg.Connection, timeout: float = 60) -> None:
    """Wait until the ETL's Postgres session waits on our table lock (mid-load)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = conn.execute(
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and usename = 'hirewire_etl' and wait_event_type = 'Lock'"
        ).fetchone()[0]
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the ETL never reached the locked table")


def lock_interviews(source_db: psycopg.Connection) -> psycopg.Connection:
    """A second admin session holding an exclusive lock: the load stops in the middle."""
    info = source_db.info
    locker = psycopg.connect(host=info.host, port=info.port, user=info.user, dbname=info.dbname)
    locker.execute("lock table hirewire.interviews in access exclusive mode")
    return locker


def test_reader_keeps_its_version_and_never_blocks_a_load(
    source_db, source_env, warehouse_path, capsys
):
    """A read-only reader in another process keeps the old warehouse while a load publishes."""
    make_search(source_db, applications=3)
    assert run_etl(capsys, "run")[0] == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "3"
        make_search(source_db, applications=2)
        code, _out, err = run_etl(capsys, "run")
        assert code == 0, err
        out, _ = reader.communicate("\n", timeout=30)
    finally:
        reader.kill()
    old_connection, new_connection = out.split()
    assert old_connection == "3"  # never a half-loaded or mixed view
    assert new_connection == "5"


def test_killed_load_leaves_published_file_identical(source_db, source_env, warehouse_path, capsys):
    """SIGKILL mid-load: the published file is byte-identical; the next run cleans up."""
    make_search(source_db, applications=3)
    assert run_etl(capsys, "run")[0] == 0
    before = file_digest(warehouse_path)
    locker = lock_interviews(source_db)
    writer = start_etl("--mode", "full")
    try:
        wait_until_blocked(source_db)
        leftovers = list(warehouse_path.parent.glob(".hirewire.duckdb.build-*"))
        assert leftovers, "the load should be building its private copy"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        locker.close()
        writer.kill()
    assert file_digest(warehouse_path) == before
    code, _out, err = run_etl(capsys, "run")
    assert code == 0, err
    assert "left by an interrupted run" in err
    assert not list(warehouse_path.parent.glob(".hirewire.duckdb.build-*"))


def test_second_writer_gets_a_clear_message_or_waits(source_db, source_env, warehouse_path, capsys):
    """Two writers at once: the second stops with one clear line, or waits with --wait."""
    make_search(source_db, applications=3)
    locker = lock_interviews(source_db)
    first = start_etl()
    try:
        wait_until_blocked(source_db)
        code, _out, err = run_etl(capsys, "run")
        assert code == 1
        assert err.strip() == (
            f"error: another HireWire refresh is running (pid {first.pid}); wait for it or "
            f"remove {warehouse_path.parent / '.hirewire.duckdb.lock'} if stale"
        )
        waiting = start_etl("--wait")
        time.sleep(0.5)
        assert waiting.poll() is None
    finally:
        locker.close()
    assert first.wait(timeout=60) == 0
    assert waiting.wait(timeout=60) == 0, waiting.stderr.read()
    runs = read_rows(warehouse_path, "select mode from etl_run order by run_id")
    assert [row["mode"] for row in runs] == ["full", "incremental"]


def test_refuses_to_publish_zero_applications(source_db, source_env, warehouse_path, data_dir):
    """A build with no applications while the source has some is not published."""
    make_search(source_db, applications=2)
    with build_then_publish(warehouse_path, "test") as build:
        load_warehouse(build, progress=lambda _line: None)
    before = file_digest(warehouse_path)
    refused = pytest.raises(UserError, match="no applications while the source has some")
    with refused, build_then_publish(warehouse_path, "test") as build:
        con = duckdb.connect(str(build))
        con.execute("delete from fct_application")
        con.close()
    with pytest.raises(RuntimeError), build_then_publish(warehouse_path, "test"):
        raise RuntimeError("a failing step")
    assert file_digest(warehouse_path) == before
    assert sorted(path.name for path in Path(data_dir).iterdir()) == [
        ".hirewire.duckdb.lock",
        "hirewire.duckdb",
    ]
