"""The marts' contract: enforced names and types, every column described, exposures naming what
each reader really reads, and the freshness of the star's run log (`etl_run`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from hirewire.analytics import dbt_executable
from tests.helpers_report import empty_warehouse

ROOT = Path(__file__).resolve().parent.parent
MARTS_DIR = ROOT / "dbt" / "models" / "marts"
# Each exposure and the folder holding its reader's queries (Superset's arrives with its
# dashboards as code: checked once the folder exists).
READERS = {
    "static_report": ROOT / "hirewire" / "report" / "sql",
    "metabase_dashboard": ROOT / "dashboards" / "metabase",
    "superset_dashboard": ROOT / "dashboards" / "superset",
}
RELATION = re.compile(r"\b((?:mart|dim|fct)_[a-z_]+)\b")


def manifest(report_warehouse: Path) -> dict:
    """The manifest of the build that made the shared sample warehouse."""
    return json.loads((report_warehouse.parent / "dbt-target" / "manifest.json").read_text())


def relations_read(folder: Path) -> set[str]:
    """The warehouse tables and marts a reader's query files name."""
    return {
        name
        for path in folder.rglob("*")
        if path.suffix in (".sql", ".yaml", ".yml")
        for name in RELATION.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.slow
def test_every_mart_has_an_enforced_contract_with_typed_described_columns(report_warehouse):
    """Each mart model is contract-enforced; the built table has exactly the declared columns,
    each with a data type and a description."""
    nodes = manifest(report_warehouse)["nodes"].values()
    marts = {node["name"]: node for node in nodes if node["resource_type"] == "model"}
    marts = {name: node for name, node in marts.items() if name.startswith("mart_")}
    assert set(marts) == {path.stem for path in MARTS_DIR.glob("mart_*.sql")}
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        for name, node in marts.items():
            assert node["config"]["contract"]["enforced"], name
            built = con.execute(
                "select column_name from information_schema.columns where table_name = ?", [name]
            ).fetchall()
            assert {row[0] for row in built} == set(node["columns"]), name
            for column, spec in node["columns"].items():
                assert spec["data_type"], f"{name}.{column} has no data_type"
                assert spec["description"].strip(), f"{name}.{column} is not described"
    finally:
        con.close()


# The key columns that scope an incremental build's data tests (scope_key_columns() in
# dbt/macros/incremental_scope.sql).
SCOPE_KEYS = {"application_key", "application_id", "candidate_id"}


@pytest.mark.slow
def test_every_tested_model_documents_the_keys_that_scope_its_tests(report_warehouse):
    """An incremental build filters each data test by a key column its model documents; a key
    the built table has but the YAML omits would leave the test on every row, or on a coarser
    scope, with nobody told. Each tested model documents exactly the key columns it has."""
    nodes = manifest(report_warehouse)["nodes"]
    tested = {
        node["attached_node"]
        for node in nodes.values()
        if node["resource_type"] == "test" and node.get("attached_node")
    }
    assert len(tested) > 20
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        for unique_id in sorted(tested):
            node = nodes[unique_id]
            built = con.execute(
                "select lower(column_name) from information_schema.columns where table_name = ?",
                [node["alias"]],
            ).fetchall()
            assert built, f"{node['name']} is not in the warehouse"
            documented = {column.lower() for column in node["columns"]}
            assert documented & SCOPE_KEYS == {row[0] for row in built} & SCOPE_KEYS, node["name"]
    finally:
        con.close()


@pytest.mark.slow
def test_build_fails_when_a_mart_renames_a_column_or_changes_its_type(report_warehouse, tmp_path):
    """In a copy of the project, mart_funnel renames a column and mart_weekly_activity narrows
    one column's type: dbt stops both on their contract; an unchanged mart still builds."""
    project = tmp_path / "dbt"
    shutil.copytree(ROOT / "dbt", project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / "hirewire.duckdb"
    shutil.copyfile(report_warehouse, warehouse)
    edits = {
        "mart_funnel": "select * rename (stage_label as stage_name) from final",
        "mart_weekly_activity": (
            "select * replace (cast(applications_sent as integer) as applications_sent) from final"
        ),
    }
    for mart, last_line in edits.items():
        model = project / "models" / "marts" / f"{mart}.sql"
        text = model.read_text(encoding="utf-8")
        assert text.rstrip().endswith("select * from final"), mart
        model.write_text(text.rstrip()[: -len("select * from final")] + last_line + "\n")
    target = tmp_path / "target"
    done = subprocess.run(
        [
            str(dbt_executable()),
            *("run", "--full-refresh"),
            *("--select", "mart_funnel", "mart_weekly_activity", "mart_stage_flow"),
            *("--project-dir", str(project), "--profiles-dir", str(project)),
            *("--target-path", str(target), "--log-path", str(tmp_path / "logs")),
        ],
        cwd=tmp_path,
        env={
            **os.environ,
            "DO_NOT_TRACK": "1",
            "HIREWIRE_DBT_PATH": str(warehouse),
            "HIREWIRE_EXTENSION_DIR": str(ROOT / ".duckdb_extensions"),
        },
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 1, done.stdout[-3000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    status = {result["unique_id"].rsplit(".", 1)[-1]: result for result in results}
    assert status["mart_stage_flow"]["status"] == "success"
    for mart, column in (("mart_funnel", "stage_name"), ("mart_weekly_activity", "INTEGER")):
        assert status[mart]["status"] == "error", mart
        message = status[mart]["message"]
        assert "contract" in message and column in message, message


@pytest.mark.slow
def test_exposures_name_exactly_what_each_reader_reads(report_warehouse):
    """Each exposure depends on the very marts (and tables) its reader's query files name, and
    the Metabase questions read marts only, never a star dimension or fact."""
    exposures = {
        exposure["name"]: {node.rsplit(".", 1)[-1] for node in exposure["depends_on"]["nodes"]}
        for exposure in manifest(report_warehouse)["exposures"].values()
    }
    assert set(exposures) == set(READERS)
    readers = {name: folder for name, folder in READERS.items() if folder.is_dir()}
    assert {"static_report", "metabase_dashboard"} <= set(readers)
    for name, folder in readers.items():
        assert exposures[name] == relations_read(folder), name
    metabase = relations_read(READERS["metabase_dashboard"])
    assert metabase and all(name.startswith("mart_") for name in metabase), metabase


def test_freshness_warns_after_a_day_and_fails_after_a_week(data_dir, warehouse_path, cli):
    """`python -m hirewire.analytics freshness` reads the last succeeded run of `etl_run`:
    two days old is a warning (exit 0), eight days old fails in one line naming the fix."""
    empty_warehouse(warehouse_path, [(1, "Me", True)])
    now = dt.datetime.now(dt.UTC)
    for age_days, code in ((2, 0), (8, 1)):
        con = duckdb.connect(str(warehouse_path))
        con.execute("update etl_run set finished_at = ?", [now - dt.timedelta(days=age_days)])
        con.close()
        checked = cli("hirewire.analytics", "freshness")
        assert checked.returncode == code, checked.stdout + checked.stderr
        assert "Traceback" not in checked.stderr
        if code == 0:
            last = checked.stdout.strip().splitlines()[-1]
            assert last.startswith("warning: the warehouse is getting stale"), last
            assert "2.0 days ago" in last
        else:
            last = checked.stderr.strip().splitlines()[-1]
            assert last.startswith("error: ") and "stale" in last and "make refresh" in last
            assert "8.0 days ago" in last
