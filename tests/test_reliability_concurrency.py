"""Concurrency: readers never fail nor see a mix of versions (writers: test_reliability_writers)."""

from __future__ import annotations

import pytest

from tests.helpers_etl import make_search
from tests.helpers_reliability import (
    AS_OF,
    add_application,
    assert_healthy,
    dbt_env,
    leftovers,
    reader,
    run,
    source_applications,
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


# Each refresh is a publish the reader must meet: the reopened connection sees every one of
# them (asserted below), so more refreshes would only repeat the same evidence.
REFRESHES = 4


@pytest.mark.timeout(600)
@pytest.mark.slow
def test_reader_sees_one_consistent_version_during_refreshes(
    source_db, source_env, warehouse_path, tmp_path, monkeypatch
):
    """A reader process queries the published warehouse in a loop (one connection held open,
    one reopened per query) while 4 refreshes (ETL and dbt build, `make refresh`) publish one
    after another: zero errors, every answer is one complete version (fact and mart totals
    agree), and the reopened connection meets every publish: it sees each of the 5 versions
    (the first refresh's and the 4 new ones), in order."""
    for name, value in dbt_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    make_search(source_db, applications=4)
    first = run("hirewire.analytics", "refresh", "--as-of", AS_OF, timeout=300)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    base = [
        int(source_db.execute(f"select count(*) from hirewire.{table}").fetchone()[0])
        for table in ("interview_processes", "interviews", "process_status_history")
    ]
    with reader(warehouse_path, tmp_path, marts=True) as seen:
        for number in range(REFRESHES):
            add_application(source_db, number)
            result = run("hirewire.analytics", "refresh", "--as-of", AS_OF, timeout=300)
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert seen["errors"] == []
    assert seen["queries"] > 20
    for observation in seen["seen"]:
        assert_consistent(observation, base)
    held = [row for row in seen["seen"] if row[0] == "held"]
    reopened = [row for row in seen["seen"] if row[0] == "reopened"]
    # The held connection keeps the version it opened (its file was renamed away, not changed).
    assert len(held) == 1 and held[0][1] == base[0]
    versions = [row[1] for row in reopened]
    # Every publish met: each refresh's version seen, none skipped, never one going back.
    assert versions == list(range(base[0], base[0] + REFRESHES + 1)), versions
    # Every version the reader saw had its marts: the funnel was read, and matched, each time.
    assert all(row[5] is not None for row in seen["seen"]), seen["seen"]
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []
