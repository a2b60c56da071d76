"""The one-screen summary printed after a run."""

from __future__ import annotations

from etl.load import LoadSummary
from etl.warehouse import TABLES


def format_summary(summary: LoadSummary) -> str:
    # A full load rewrites every row it keeps, changed or not: "updated" would claim changes.
    kept = "rebuilt" if summary.mode == "full" else "updated"
    seconds = summary.duration_seconds
    rate = summary.rows_extracted / seconds if seconds > 0 else 0.0
    lines = [
        f"ETL run {summary.run_id}: {summary.mode}, {seconds:.2f} s, "
        f"{summary.rows_extracted:,} source rows read ({rate:,.0f} rows/s)",
        f"  source snapshot {summary.source_snapshot_at:%Y-%m-%d %H:%M:%S} UTC, "
        f"next run reads changes from {summary.watermark:%Y-%m-%d %H:%M:%S} UTC",
        "",
        f"  {'table':<22} {'inserted':>11} {kept:>11} {'deleted':>11}",
    ]
    for table in TABLES:
        if table == "etl_run":
            continue
        counts = summary.row_counts.get(table) or {"inserted": 0, "updated": 0, "deleted": 0}
        lines.append(
            f"  {table:<22} {counts['inserted']:>11,} {counts['updated']:>11,} "
            f"{counts['deleted']:>11,}"
        )
    nonzero = {name: value for name, value in summary.special_member_counts.items() if value}
    lines.append("")
    if nonzero:
        lines.append("  rows mapped to special members (-1 Unknown):")
        lines.extend(f"    {name:<28} {value:>9,}" for name, value in nonzero.items())
    else:
        lines.append(
            "  rows mapped to special members: none (no orphan, unknown value or bad date)"
        )
    lines.append(f"  applications in the warehouse: {summary.application_count:,}")
    return "\n".join(lines)
