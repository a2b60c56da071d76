"""Summaries of a benchmark run: per-step figures, ratios, targets, the printed table."""

from __future__ import annotations

from typing import Any

STEPS = (
    "floor",
    "full_etl",
    "incremental_etl",
    "dbt_build",
    "full_refresh",
    "incremental_refresh",
)
LABELS = {
    "floor": "floor (COPY)",
    "full_etl": "full ETL",
    "incremental_etl": "incremental ETL",
    "dbt_build": "dbt build",
    "full_refresh": "full refresh",
    "incremental_refresh": "incr. refresh",
}
# Steps that run dbt: their ten slowest nodes are listed under the table.
DBT_STEPS = ("full_refresh", "incremental_refresh")
# The targets, stated for 5,000,000 applications on a 2-core machine.
FULL_OVER_FLOOR_MAX = 1.5
INCREMENTAL_OVER_FULL_MAX = 0.10
ETL_PEAK_RSS_MAX = 1.5e9
DBT_OVER_FULL_MAX = 1.0
FLATNESS_MAX = 0.25


def summarise_step(runs: list[dict[str, Any]], applications: int) -> dict[str, Any]:
    """Best of the runs (the least disturbed by other load) plus every run's figures."""
    best = min(runs, key=lambda run: run["seconds"])
    return {
        "runs": runs,
        "seconds": best["seconds"],
        "cpu_seconds": best["cpu_seconds"],
        "postgres_cpu_seconds": best.get("postgres_cpu_seconds"),
        "rows": best["rows"],
        "rows_per_second": best["rows_per_second"],
        "peak_rss_bytes": max(run["peak_rss_bytes"] for run in runs),
        "seconds_per_million_applications": round(best["seconds"] / (applications / 1e6), 3),
    }


def ratios(steps: dict[str, dict[str, Any]]) -> dict[str, float]:
    floor = steps["floor"]["seconds"]
    full = steps["full_etl"]["seconds"]
    return {
        "full_etl_over_floor": round(full / floor, 3),
        "incremental_over_full_etl": round(steps["incremental_etl"]["seconds"] / full, 3),
        "dbt_build_over_full_etl": round(steps["dbt_build"]["seconds"] / full, 3),
        "incremental_refresh_over_full_refresh": round(
            steps["incremental_refresh"]["seconds"] / steps["full_refresh"]["seconds"], 3
        ),
    }


def _target(name: str, scale: int | None, value: float, limit: float, passed: bool) -> dict:
    return {
        "target": name,
        "applications": scale,
        "value": round(value, 3),
        "limit": limit,
        "passed": passed,
    }


def targets(scales: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check the issue's targets at every measured scale, and flatness across scales."""
    checks = []
    for scale in scales:
        applications = scale["applications"]
        steps, scale_ratios = scale["steps"], scale["ratios"]
        value = scale_ratios["full_etl_over_floor"]
        checks.append(
            _target(
                "full ETL within 1.5x the floor",
                applications,
                value,
                FULL_OVER_FLOOR_MAX,
                value <= FULL_OVER_FLOOR_MAX,
            )
        )
        value = scale_ratios["incremental_over_full_etl"]
        checks.append(
            _target(
                "incremental ETL within 10% of the full ETL",
                applications,
                value,
                INCREMENTAL_OVER_FULL_MAX,
                value <= INCREMENTAL_OVER_FULL_MAX,
            )
        )
        peak = max(steps["full_etl"]["peak_rss_bytes"], steps["incremental_etl"]["peak_rss_bytes"])
        checks.append(
            _target(
                "ETL peak RSS under 1.5 GB",
                applications,
                peak,
                ETL_PEAK_RSS_MAX,
                peak < ETL_PEAK_RSS_MAX,
            )
        )
        value = scale_ratios["dbt_build_over_full_etl"]
        checks.append(
            _target(
                "dbt build within the full ETL's time",
                applications,
                value,
                DBT_OVER_FULL_MAX,
                value <= DBT_OVER_FULL_MAX,
            )
        )
    if len(scales) > 1:
        per_million = [
            scale["steps"]["full_etl"]["seconds_per_million_applications"] for scale in scales
        ]
        spread = max(per_million) / min(per_million) - 1
        checks.append(
            _target(
                "full ETL seconds per million applications flat within 25%",
                None,
                spread,
                FLATNESS_MAX,
                spread <= FLATNESS_MAX,
            )
        )
    return checks


def _megabytes(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


def _optional_seconds(value: float | None, width: int) -> str:
    return f"{value:>{width}.2f}" if value is not None else f"{'-':>{width}}"


def format_scale(scale: dict[str, Any]) -> str:
    runs = len(scale["steps"]["floor"]["runs"])
    lines = [
        f"{scale['applications']:,} applications, {scale['source_rows']:,} source rows "
        f"(best of {runs} run{'s' if runs > 1 else ''})",
        f"  {'step':<16}"
        + "".join(f"{f'run {n} s':>9}" for n in range(1, runs + 1))
        + f"{'CPU s':>8}{'PG CPU s':>9}{'rows':>13}{'rows/s':>12}{'s/M apps':>10}{'peak RSS':>10}",
    ]
    for name in STEPS:
        step = scale["steps"][name]
        lines.append(
            f"  {LABELS[name]:<16}"
            + "".join(f"{run['seconds']:>9.2f}" for run in step["runs"])
            + f"{step['cpu_seconds']:>8.2f}"
            + _optional_seconds(step.get("postgres_cpu_seconds"), 9)
            + f"{step['rows']:>13,}{step['rows_per_second']:>12,.0f}"
            + f"{step['seconds_per_million_applications']:>10.2f}"
            + f"{_megabytes(step['peak_rss_bytes']):>10}"
        )
    scale_ratios = scale["ratios"]
    lines.append(
        f"  full ETL / floor {scale_ratios['full_etl_over_floor']:.2f}x, "
        f"incremental / full {scale_ratios['incremental_over_full_etl']:.1%}, "
        f"dbt build / full ETL {scale_ratios['dbt_build_over_full_etl']:.2f}x, "
        f"incremental refresh / full refresh "
        f"{scale_ratios['incremental_refresh_over_full_refresh']:.1%}"
    )
    for name in DBT_STEPS:
        lines.extend(_slowest_nodes(scale["steps"][name], LABELS[name]))
    return "\n".join(lines)


def _slowest_nodes(step: dict[str, Any], label: str) -> list[str]:
    """dbt's slowest nodes in the step's best run (run_results.json's execution times)."""
    best = min(step["runs"], key=lambda run: run["seconds"])
    nodes = best.get("dbt_slowest_nodes") or {}
    if not nodes:
        return []
    lines = [f"  dbt's slowest nodes, {label} ({best.get('dbt_nodes', 0)} nodes):"]
    lines.extend(f"    {seconds:8.2f} s  {node}" for node, seconds in nodes.items())
    return lines


def format_targets(checks: list[dict[str, Any]]) -> str:
    lines = []
    for check in checks:
        where = f" at {check['applications']:,}" if check["applications"] else " across scales"
        if "RSS" in check["target"]:
            shown = f"{_megabytes(check['value'])} (limit {_megabytes(check['limit'])})"
        else:
            shown = f"{check['value']:.3f} (limit {check['limit']})"
        verdict = "PASS" if check["passed"] else "FAIL"
        lines.append(f"{verdict} {check['target']}{where}: {shown}")
    return "\n".join(lines)
