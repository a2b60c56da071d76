"""Concurrency: readers never fail nor see a mix of versions; two writers never collide."""

from __future__ import annotations

import time

import pytest

from tests.helpers_etl import make_search, table_contents
from tests.helpers_reliability import (
    add_application,
    assert_healthy,
    etl_cli,
    leftovers,
    reader,
    run,
    source_applications,
    spawn,
)


def assert_consistent(observation: list, base: list[int]) -> None:
    """One version: each refresh added one application, one interview and two status rows,
    so the fact tables move together; a mix of two versions would break the ratio."""
    _kind, applications, interviews, changes, _run_id, funnel = observation
    added = applications - base[0]
    assert interviews - base[1] == added, observation
    assert changes - base[2] == 2 * added, observation
    if funnel is not None:
        assert funnel == applications, observation


@pytest.mark.timeout(180)
def test_reader_sees_one_consistent_version_during_10_refreshes(
    source_db, source_env, warehouse_path, tmp_path
):
    """A reader process queries the published warehouse in a loop (one connection held open,
    one reopened per query) while 10 refreshes publish one after another: zero errors, every
    answer is one complete version, versions only move forward, and the reopened connection
    sees the new ones."""
    make_search(source_db, applications=4)
    assert run("etl", "run").returncode == 0
    base = [
        int(source_db.execute(f"select count(*) from hirewire.{table}").fetchone()[0])
        for table in ("interview_processes", "interviews", "process_status_history")
    ]
    with reader(warehouse_path, tmp_path) as seen:
        for number in range(10):
            add_application(source_db, number)
            # In this process (no interpreter start-up): the reader is the other process.
            result = etl_cli("run")
            assert result.returncode == 0, result.stderr
    assert seen["errors"] == []
    assert seen["queries"] > 20
    for observation in seen["seen"]:
        assert_consistent(observation, base)
    held = [row for row in seen["seen"] if row[0] == "held"]
    reopened = [row for row in seen["seen"] if row[0] == "reopened"]
    # The held connection keeps the version it opened (its file was renamed away, not changed).
    assert len(held) == 1 and held[0][1] == base[0]
    versions = [row[1] for row in reopened]
    assert versions == sorted(versions) and len(versions) >= 3, versions
    assert versions[-1] == base[0] + 10
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []


@pytest.mark.timeout(120)
def test_two_refreshes_at_once_one_waits_or_exits_and_the_result_equals_one(
    source_db, source_env, warehouse_path, tmp_path
):
    """Two `etl run` started together: one publishes, the other exits with 'another HireWire
    refresh is running' (or, with --wait, runs after it); the warehouse equals a single run."""
    make_search(source_db, applications=5)
    reference = tmp_path / "reference" / "hirewire.duckdb"
    single = etl_cli("run", env={"HIREWIRE_WAREHOUSE": str(reference)})
    assert single.returncode == 0, single.stderr
    expected = table_contents(reference)

    first, second = spawn("etl", "run"), spawn("etl", "run")
    results = [(process.wait(timeout=90), process.communicate()[1]) for process in (first, second)]
    codes = sorted(code for code, _err in results)
    assert codes == [0, 1] or codes == [0, 0], results
    for code, err in results:
        assert "Traceback" not in err
        if code == 1:
            assert (
                err.strip()
                .splitlines()[-1]
                .startswith("error: another HireWire refresh is running")
            ), err
    assert table_contents(warehouse_path) == expected

    waiting = [spawn("etl", "run", "--wait") for _ in range(2)]
    time.sleep(0.05)
    for process in waiting:
        _out, err = process.communicate(timeout=90)
        assert process.returncode == 0, err
    assert table_contents(warehouse_path) == expected
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []
