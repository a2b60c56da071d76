"""Incremental loads equal full loads, whatever inserts, updates and deletes happen between."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from etl.load import load_warehouse
from tests.helpers_changes import Tally, change_rounds, search_start
from tests.helpers_etl import make_search, table_contents

QUIET = {"progress": lambda _line: None}


def test_incremental_equals_full_after_random_changes(source_db, source_env, data_dir, tmp_path):
    """After any mix of inserts, updates and deletes, incremental and full give the same tables.
    The examples are derandomized (the same ones every run, dated relative to today), every
    kind of change is applied at least once, and the changes the source refuses are counted,
    each by a foreign key, a required column, a unique name or a date rule, never silently."""
    make_search(source_db, applications=5, start=search_start())
    incremental = tmp_path / "incremental.duckdb"
    load_warehouse(incremental, "full", **QUIET)
    counter = iter(range(1000))
    tally = Tally()

    @settings(
        max_examples=8,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(round_of_changes=change_rounds())
    def check(round_of_changes: list[tuple[str, int, int]]) -> None:
        # The incremental warehouse lives on across examples: errors would accumulate.
        tally.apply_all(source_db, round_of_changes)
        summary = load_warehouse(incremental, "auto", **QUIET)
        assert summary.mode == "incremental"
        full = tmp_path / f"full-{next(counter)}.duckdb"
        load_warehouse(full, "full", **QUIET)
        assert table_contents(incremental) == table_contents(full)
        full.unlink()

    check()
    tally.check()


def test_incremental_reads_only_changed_rows(source_db, source_env, data_dir, tmp_path):
    """An incremental run pulls only rows changed since the watermark, and applies deletions."""
    apps = make_search(source_db, applications=6)
    path = tmp_path / "warehouse.duckdb"
    load_warehouse(path, "full", **QUIET)
    source_db.execute("delete from hirewire.interview_processes where id = %s", [apps[1]])
    source_db.execute(
        "update hirewire.companies set industry = 'Retail' where id = "
        "(select min(id) from hirewire.companies)"
    )
    summary = load_warehouse(path, "auto", **QUIET)
    assert summary.mode == "incremental"
    # The deleted application, its interview and 2 history rows are tombstones; 1 company changed.
    assert summary.rows_extracted == 5
    assert summary.row_counts["fct_application"] == {"inserted": 0, "updated": 0, "deleted": 1}
    assert summary.row_counts["dim_company"]["updated"] == 1
    assert summary.application_count == 5
