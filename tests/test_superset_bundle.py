"""The Superset dashboards as code (dashboards/superset/) against the dbt marts, and the import
bundle built from them. No Superset runs here: test_superset.py drives the real server."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from hirewire import superset


def _columns(con: duckdb.DuckDBPyConnection, dataset: dict) -> list[str]:
    """The columns a dataset gives on a real warehouse: its SQL, or its mart."""
    relation = f"({dataset['sql']})" if dataset.get("sql") else dataset["table_name"]
    return [row[0] for row in con.execute(f"select * from {relation} limit 0").description]


@pytest.mark.slow
def test_every_dataset_column_and_metric_exists_in_the_marts(report_warehouse: Path) -> None:
    """On a warehouse built by the real ETL and dbt from the sample data, each dataset's SQL
    (or mart) runs, has every column its YAML lists, each metric's expression evaluates, and
    every chart names only its dataset's columns and metrics: a renamed mart column fails here,
    not on the dashboard."""
    sources = superset.load_sources()
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        for name, dataset in sources["datasets"].items():
            if not dataset.get("sql"):
                assert dataset["table_name"].startswith("mart_"), f"{name}: not a mart"
            available = _columns(con, dataset)
            listed = [column["column_name"] for column in dataset.get("columns", [])]
            missing = sorted(set(listed) - set(available))
            assert not missing, f"datasets/{name}.yaml lists columns the marts lack: {missing}"
            if dataset.get("main_dttm_col"):
                assert dataset["main_dttm_col"] in listed
            relation = f"({dataset['sql']})" if dataset.get("sql") else dataset["table_name"]
            for metric in dataset.get("metrics", []):
                con.execute(f"select {metric['expression']} from {relation} as dataset").fetchall()
        for name, chart in sources["charts"].items():
            dataset = sources["datasets"][chart["dataset"]]
            columns = {column["column_name"] for column in dataset.get("columns", [])}
            metrics = {metric["metric_name"] for metric in dataset.get("metrics", [])}
            params = chart["params"]
            named_columns = [
                *params.get("all_columns", []),
                *params.get("groupby", []),
                *[params[key] for key in ("x_axis", "source", "target") if key in params],
            ]
            assert set(named_columns) <= columns, f"charts/{name}.yaml: {named_columns}"
            named_metrics = [
                *params.get("metrics", []),
                *[params.get("metric")] * ("metric" in params),
            ]
            assert set(named_metrics) <= metrics, f"charts/{name}.yaml: {named_metrics}"
    finally:
        con.close()


def test_bundle_is_superset_import_format(tmp_path: Path) -> None:
    """The zip holds one database (read-only DuckDB on the given warehouse), every dataset and
    chart, and a dashboard whose layout gives each chart both meta.chartId and meta.uuid; the
    uuids are fixed in the sources, so a re-import updates in place."""
    warehouse = tmp_path / "hirewire.duckdb"
    target = tmp_path / "bundle.zip"
    superset.write_bundle(target, warehouse)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        files = {
            name.removeprefix(f"{superset.BUNDLE_ROOT}/"): yaml.safe_load(archive.read(name))
            for name in archive.namelist()
        }
    sources = superset.load_sources()
    assert files["metadata.yaml"]["type"] == "Dashboard"
    database = files["databases/HireWire_warehouse.yaml"]
    assert database["sqlalchemy_uri"] == f"duckdb:///{warehouse.resolve()}"
    assert database["extra"]["engine_params"]["connect_args"] == {"read_only": True}
    charts = [data for name, data in files.items() if name.startswith("charts/")]
    datasets = [data for name, data in files.items() if name.startswith("datasets/")]
    assert len(charts) == len(sources["charts"]) and len(datasets) == len(sources["datasets"])
    uuids = [data["uuid"] for data in [database, *charts, *datasets]]
    assert len(set(uuids)) == len(uuids)
    dashboard = files["dashboards/HireWire.yaml"]
    placed = [item for item in dashboard["position"].values() if isinstance(item, dict)]
    placed = [item for item in placed if item["type"] == "CHART"]
    assert sorted(item["meta"]["uuid"] for item in placed) == sorted(c["uuid"] for c in charts)
    chart_ids = [item["meta"]["chartId"] for item in placed]
    assert len(set(chart_ids)) == len(chart_ids)
    for native in dashboard["metadata"]["native_filter_configuration"]:
        assert set(native["scope"]["excluded"]) <= set(chart_ids)
    # The date range narrows only what is dated (docs/dashboards.md): the weekly activity and
    # the follow-ups; every other chart is a total over the whole search.
    by_uuid = {chart["uuid"]: name for name, chart in sources["charts"].items()}
    names = {item["meta"]["chartId"]: by_uuid[item["meta"]["uuid"]] for item in placed}
    filters = {n["name"]: n for n in dashboard["metadata"]["native_filter_configuration"]}
    in_scope = {names[chart] for chart in filters["Date range"]["chartsInScope"]}
    assert in_scope == {"weekly_activity", "follow_ups"}
    assert {names[chart] for chart in filters["Job seeker"]["chartsInScope"]} == set(
        sources["charts"]
    ) - {"coach_overview"}
    # Same sources, same bytes: the setup stamp does not change when nothing changed.
    again = tmp_path / "again.zip"
    superset.write_bundle(again, warehouse)
    assert again.read_bytes() == target.read_bytes()


def test_start_without_a_warehouse_says_run_make_refresh(data_dir: Path, cli) -> None:
    """`make superset` before any refresh: one line naming the missing file and the fix,
    exit 1, nothing set up."""
    result = cli("hirewire.superset", "start")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: no warehouse at {data_dir / 'hirewire.duckdb'}: run make refresh first"
    ]
    assert not (data_dir / "superset").exists()
