"""Smoke test of `make bench`: the whole benchmark at 10,000 applications, in its own database."""

from __future__ import annotations

import json
import os

import psycopg
import pytest

from bench.report import LABELS

STEPS = (
    "floor",
    "full_etl",
    "incremental_etl",
    "dbt_build",
    "full_refresh",
    "incremental_refresh",
)
APPLICATIONS = 10_000


def _database_exists(source_db: psycopg.Connection, name: str) -> bool:
    row = source_db.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
    return row is not None


@pytest.mark.slow
def test_bench_measures_every_step_at_10k_and_drops_its_database(
    source_db, source_env, data_dir, tmp_path, cli
):
    """The bench runs every step end to end, writes its JSON, leaves the user's data alone."""
    database = f"hirewire_bench_smoke_{os.getpid()}"
    results = tmp_path / "results"
    result = cli(
        "bench",
        # One run of each step keeps the smoke test within its time budget; `make bench` runs two.
        *("--applications", str(APPLICATIONS), "--runs", "1", "--database", database),
        *("--results-dir", str(results), "--work-dir", str(tmp_path), "--quiet"),
        timeout=420,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    files = list(results.glob("*.json"))
    assert len(files) == 1
    document = json.loads(files[0].read_text())

    (scale,) = document["scales"]
    assert scale["applications"] == APPLICATIONS
    assert scale["source_rows"] > APPLICATIONS
    for name in STEPS:
        step = scale["steps"][name]
        assert len(step["runs"]) == 1, name
        for run in step["runs"]:
            assert run["seconds"] > 0 and run["rows"] > 0 and run["rows_per_second"] > 0, name
            assert run["peak_rss_bytes"] > 10_000_000, name
            # The test server runs on this machine: its share of the work is measured too.
            assert run["postgres_cpu_seconds"] is not None, name
    for name in ("floor", "full_etl"):
        assert scale["steps"][name]["postgres_cpu_seconds"] > 0, name
    # One change set before the incremental ETL, one before the incremental refresh.
    assert len(scale["change_sets"]) == 2
    for change in scale["change_sets"]:
        assert change["updated"] == APPLICATIONS // 100
        assert 0 < change["inserted"] <= APPLICATIONS // 1000
        assert change["deleted"] == APPLICATIONS // 10_000
    assert set(scale["ratios"]) == {
        "full_etl_over_floor",
        "incremental_over_full_etl",
        "dbt_build_over_full_etl",
        "incremental_refresh_over_full_refresh",
    }
    assert all(value > 0 for value in scale["ratios"].values())
    # A refresh is ETL then dbt: the full one loads everything, the incremental one the changes.
    full, incremental = (scale["steps"][name]["runs"][0] for name in STEPS[-2:])
    assert full["etl_run"]["mode"] == "full" and incremental["etl_run"]["mode"] == "incremental"
    for run in (full, incremental):
        assert 0 < len(run["dbt_slowest_nodes"]) <= 10 < run["dbt_nodes"]
        assert run["seconds"] > run["dbt_elapsed_seconds"] > 0
    assert 0 < document["extension_check_seconds"] < full["seconds"]
    assert {check["target"] for check in document["targets"]} >= {
        "full ETL within 1.5x the floor",
        "incremental ETL within 10% of the full ETL",
        "ETL peak RSS under 1.5 GB",
        "dbt build within the full ETL's time",
    }
    # The printed report shows the JSON's figures: each step's row with its run's seconds, the
    # ratios, and one verdict per target that agrees with the target's value and limit.
    rows = result.stdout.splitlines()
    for name in STEPS:
        label = LABELS[name]
        row = next(line for line in rows if line.strip().startswith(label + " "))
        assert f"{scale['steps'][name]['runs'][0]['seconds']:.2f}" in row, (name, row)
    floor, full = (scale["steps"][name]["seconds"] for name in ("floor", "full_etl"))
    ratio = scale["ratios"]["full_etl_over_floor"]
    assert ratio == round(full / floor, 3)
    assert f"full ETL / floor {ratio:.2f}x" in result.stdout
    for check in document["targets"]:
        if "RSS" in check["target"]:
            assert check["passed"] == (check["value"] < check["limit"]), check
        else:
            assert check["passed"] == (check["value"] <= check["limit"]), check
        verdict = "PASS" if check["passed"] else "FAIL"
        assert f"{verdict} {check['target']} at {APPLICATIONS:,}: " in result.stdout, check
    # Its own database is gone; the user's database was never touched.
    assert not _database_exists(source_db, database)
    count = source_db.execute("select count(*) from hirewire.interview_processes").fetchone()[0]
    assert count == 0


def test_bench_refuses_a_database_name_that_could_be_real(source_env, cli):
    """A --database that is not a hirewire_bench* name is refused before anything is dropped."""
    result = cli("bench", "--applications", "1000", "--database", source_env["PGDATABASE"])
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: benchmark database")
    assert "Traceback" not in result.stderr
