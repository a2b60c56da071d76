"""How `make refresh` / `make dbt` build the marts: incremental when they can, full when they
must, each build recorded in analytics_run with its reason (hirewire/incremental.py).
Against real Postgres, DuckDB and dbt; the equivalence of the two modes on random changes is
tests/test_refresh_incremental.py's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest
from helpers_dbt import query
from helpers_etl import file_digest, make_search

from hirewire import analytics
from hirewire.errors import UserError

pytestmark = pytest.mark.slow

AS_OF = date(2026, 10, 15)
ROOT = Path(__file__).resolve().parent.parent


def last_build(warehouse: Path) -> tuple:
    return query(
        warehouse,
        "select mode, reason, changed_applications, changed_candidates, etl_run_id, as_of_date"
        " from analytics_run order by run_id desc limit 1",
    )[0]


def unit_tests_run(target: Path) -> int:
    """How many unit tests the last dbt run in `target` ran."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return sum(result["unique_id"].startswith("unit_test.") for result in results)


def refresh(mode: str = "auto", as_of: date = AS_OF) -> list[str]:
    lines: list[str] = []
    analytics.refresh(as_of, echo=lines.append, mode=mode)
    return lines


# Ten dbt builds, one per state checked: among the longest files, so the suite starts it first
# (conftest orders the files by this bound) rather than last, alone on one worker.
@pytest.mark.timeout(600)
def test_builds_are_incremental_unless_they_must_be_full(
    source_db, source_env, warehouse_path: Path, tmp_path: Path, monkeypatch, cli, dbt_parse_cache
) -> None:
    target = tmp_path / "target"
    monkeypatch.setenv("DBT_TARGET_PATH", str(target))
    # As on a new install: no dbt code has passed its unit tests here yet.
    passed = dbt_parse_cache / analytics.UNIT_TESTS_PASSED
    passed.unlink(missing_ok=True)
    applications = make_search(source_db, applications=6)

    shown = refresh()
    assert last_build(warehouse_path)[:2] == (
        "full",
        "the marts were never built in this warehouse",
    )
    assert "dbt: full build: the marts were never built in this warehouse" in shown
    # New code on this install: the full build runs the unit tests, and remembers they passed.
    assert "dbt: unit tests too: this dbt code has not passed them here yet" in shown
    assert unit_tests_run(target) >= 5 and passed.is_file()
    # A full build runs one node at a time (unless HIREWIRE_DBT_THREADS), and says so.
    assert any("Concurrency: 1 threads" in line for line in shown), shown
    assert any(line.startswith("dbt: one node at a time") for line in shown), shown

    # Nothing changed, same as-of date: incremental, nothing to recompute, one node at a time.
    shown = refresh()
    assert any("Concurrency: 1 threads" in line for line in shown), shown
    assert last_build(warehouse_path)[:4] == ("incremental", "1 ETL run since the last build", 0, 0)

    # One application moves on: it alone is rebuilt, with its candidate. A scope from one
    # application up counts as large here: two nodes at a time.
    source_db.execute(
        "update hirewire.interview_processes set status_code = 'interviewing' where id = %s",
        [applications[0]],
    )
    large_scope = analytics.OVERLAP_FROM_APPLICATIONS
    monkeypatch.setattr(analytics, "OVERLAP_FROM_APPLICATIONS", 1)
    shown = refresh()
    monkeypatch.setattr(analytics, "OVERLAP_FROM_APPLICATIONS", large_scope)
    assert any("Concurrency: 2 threads" in line for line in shown), shown
    assert any(line.startswith("dbt: two nodes at a time") for line in shown), shown
    mode, _reason, changed_applications, changed_candidates, etl_run_id, _ = last_build(
        warehouse_path
    )
    assert (mode, changed_applications, changed_candidates) == ("incremental", 1, 1)
    assert any(
        line.startswith("dbt: incremental build: 1 application and 1 candidate ") for line in shown
    )
    assert query(
        warehouse_path,
        "select current_status from mart_applications where application_id = ?",
        [applications[0]],
    ) == [("interviewing",)]
    # The changed applications the build consumed are forgotten; the ETL run is recorded.
    assert query(warehouse_path, "select count(*) from etl_changed_application") == [(0,)]
    assert query(warehouse_path, "select max(run_id) from etl_run") == [(etl_run_id,)]

    # Another as-of date: the applications whose answers change on it are rebuilt.
    refresh(as_of=date(2026, 12, 31))
    mode, reason, changed_applications, *_ = last_build(warehouse_path)
    assert mode == "incremental"
    assert reason.endswith("as of 2026-12-31 instead of 2026-10-15")
    assert changed_applications > 0

    # A lookup label changes: every application may read differently.
    source_db.execute(
        "update hirewire.process_statuses set label = 'Phone screen' where code = 'screening'"
    )
    refresh()
    assert last_build(warehouse_path)[:2] == (
        "full",
        "a lookup table (statuses, sources, interview types, outcomes) changed",
    )

    # A build made by other dbt code (an upgrade of HireWire, an edited model), whose unit
    # tests were the last to pass here: the full build runs this code's unit tests.
    with duckdb.connect(str(warehouse_path)) as con:
        con.execute("update analytics_run set code_fingerprint = 'older code'")
    passed.write_text("older code\n", encoding="utf-8")
    shown = refresh()
    assert last_build(warehouse_path)[:2] == (
        "full",
        "the dbt project or its tools changed since the last build",
    )
    assert "dbt: unit tests too: this dbt code has not passed them here yet" in shown
    assert unit_tests_run(target) >= 5

    # The same code again: its unit tests passed here, a full build leaves them out.
    shown = refresh(mode="full")
    assert last_build(warehouse_path)[:2] == ("full", "asked for with MODE=full")
    assert any(line.startswith("dbt: no unit tests: this dbt code passed them") for line in shown)
    assert unit_tests_run(target) == 0
    assert query(warehouse_path, "select mode from etl_run order by run_id desc limit 1") == [
        ("full",)
    ]
    # `make dbt` alone after a refresh: nothing new, incremental; dbt's threads set in .env.
    env_file = tmp_path / ".env"
    env_file.write_text("HIREWIRE_DBT_THREADS=2\n", encoding="utf-8")
    monkeypatch.setenv("HIREWIRE_ENV_FILE", str(env_file))
    shown = []
    analytics.build(AS_OF, echo=shown.append)
    assert last_build(warehouse_path)[0] == "incremental"
    assert any("Concurrency: 2 threads" in line for line in shown), shown
    assert not any(line.startswith("dbt: one node at a time") for line in shown), shown
    assert "dbt: 2 thread(s), as HIREWIRE_DBT_THREADS says" in shown, shown
    monkeypatch.setenv("HIREWIRE_ENV_FILE", os.devnull)

    # `make etl MODE=full` then `make dbt`: the marts follow the full load with a full build.
    result = cli("etl", "run", "--mode", "full")
    assert result.returncode == 0, result.stderr
    analytics.build(AS_OF, echo=lambda _line: None)
    assert last_build(warehouse_path)[:2] == ("full", "a full ETL load ran since the last build")


def test_an_incremental_build_tests_a_dimension_the_load_changed(
    source_db, source_env, warehouse_path: Path, tmp_path: Path, monkeypatch
) -> None:
    """An incremental build tests a dimension only when an ETL run since the last build changed
    it (the same rows passed the same tests before): a position the load brings with its salary
    range reversed fails the build, incremental as it is, and nothing is published."""
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    make_search(source_db, applications=3)
    refresh()
    # A source without the range check: one upgraded by hand, or edited around the rules.
    source_db.execute(
        "alter table hirewire.job_positions drop constraint job_positions_salary_range_check"
    )
    source_db.execute(
        "update hirewire.job_positions set salary_min = 90000, salary_max = 50000 "
        "where id = (select min(id) from hirewire.job_positions)"
    )
    digest = file_digest(warehouse_path)
    shown: list[str] = []
    with pytest.raises(UserError, match="test expression_is_true_stg_warehouse__positions_"):
        analytics.refresh(AS_OF, echo=shown.append)
    assert any(line.startswith("dbt: incremental build: ") for line in shown), shown
    assert file_digest(warehouse_path) == digest


def dbt_by_hand(
    arguments: list[str], warehouse: Path, tmp_path: Path
) -> subprocess.CompletedProcess:
    """`dbt <arguments>` as a user would type it on `warehouse`, outside hirewire.analytics
    (its target and log beside the test, not in the repository's dbt/)."""
    return subprocess.run(
        [
            str(analytics.dbt_executable()),
            *arguments,
            "--project-dir",
            str(ROOT / "dbt"),
            "--profiles-dir",
            str(ROOT / "dbt"),
            "--target-path",
            str(tmp_path / "by-hand"),
            "--log-path",
            str(tmp_path / "by-hand-logs"),
        ],
        cwd=ROOT,
        env={**os.environ, "DO_NOT_TRACK": "1", "HIREWIRE_DBT_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_dbt_build_by_hand_on_incremental_marts_refuses(
    report_warehouse: Path, warehouse_path: Path, tmp_path: Path
) -> None:
    """Run by hand without --full-refresh, dbt would keep stale rows: it refuses in one line
    naming the fix, and the warehouse is unchanged."""
    # A copy of the shared warehouse that `refresh` published: its marts are incremental. What
    # is tested is the by-hand run on such a file, not the refresh that made it.
    shutil.copyfile(report_warehouse, warehouse_path)
    assert query(warehouse_path, "select count(*) from int_applications_measured")[0][0] > 0
    before = query(warehouse_path, "select count(*) from analytics_run")
    digest = file_digest(warehouse_path)
    result = dbt_by_hand(["build"], warehouse_path, tmp_path)
    assert result.returncode != 0
    assert "build them with `make dbt`" in result.stdout
    assert "dbt build --full-refresh" in result.stdout
    assert query(warehouse_path, "select count(*) from analytics_run") == before
    assert file_digest(warehouse_path) == digest


def test_a_dbt_test_by_hand_checks_every_row(
    report_warehouse: Path, warehouse_path: Path, tmp_path: Path
) -> None:
    """Between builds the scope tables are empty: a `dbt test` by hand must not read them as
    the rows to check, or it would pass whatever the marts hold. A duplicated funnel row that
    also grows the funnel is found by both tests that guard against it."""
    shutil.copyfile(report_warehouse, warehouse_path)
    with duckdb.connect(str(warehouse_path)) as con:
        # More than any stage before it can hold, whichever of the two rows comes first.
        con.execute(
            "insert into mart_funnel select * replace (applications + 100000 as applications) "
            "from mart_funnel where stage = 'offer'"
        )
    result = dbt_by_hand(["test", "--select", "mart_funnel"], warehouse_path, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "FAIL" in result.stdout and "unique_combination_mart_funnel" in result.stdout
    assert "assert_funnel_never_increases" in result.stdout
