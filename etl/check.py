"""`make check`: is the published warehouse complete, in step with the source, and recent?"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl import source, warehouse
from hirewire.errors import UserError


@dataclass
class CheckLine:
    name: str
    warehouse: str
    source: str
    status: str  # ok, behind, FAIL

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h ago"
    return f"{seconds / 86400:.1f} days ago"


def run_checks(published: Path, max_age_hours: float) -> list[CheckLine]:
    """Every check of `make check`, as table lines (status FAIL marks a problem)."""
    if not published.exists():
        raise UserError(f"no warehouse at {published}: run `make refresh` (ETL and dbt) first")
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error as exc:
        raise UserError(warehouse.explain_duckdb_error(exc, published)) from None
    lines: list[CheckLine] = []
    try:
        present = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        missing = [table for table in warehouse.TABLES if table not in present]
        lines.append(
            CheckLine(
                "tables present",
                f"{len(warehouse.TABLES) - len(missing)}/{len(warehouse.TABLES)}",
                "",
                "FAIL" if missing else "ok",
            )
        )
        if missing:
            lines.append(CheckLine("missing", ", ".join(missing), "", "FAIL"))
            return lines
        last = con.execute(
            "select run_id, mode, status, finished_at, watermark, error "
            "from etl_run order by run_id desc limit 1"
        ).fetchone()
        succeeded = con.execute(
            "select source_snapshot_at from etl_run where status = 'succeeded' "
            "order by run_id desc limit 1"
        ).fetchone()
        counts, duplicates = {}, []
        for table, (target, key) in source.MIRRORED.items():
            # Names come from a constant mapping, never from input. These tables' keys have no
            # index (000_star_schema.sql): the same scan counts any key written twice.
            query = (
                f"select count(*) filter (where {key} > 0), count(*) - count(distinct {key}) "
                f"from {target}"
            )
            rows, duplicated = con.execute(query).fetchone()
            counts[table] = int(rows)
            duplicates.append((target, int(duplicated)))
    except duckdb.Error as exc:
        # A file that opens but whose blocks are damaged fails here, on the first read.
        raise UserError(warehouse.explain_duckdb_error(exc, published)) from None
    finally:
        con.close()

    duplicated = [f"{table} {count}" for table, count in duplicates if count]
    lines.append(
        CheckLine(
            "duplicate keys",
            ", ".join(duplicated) if duplicated else "none",
            "",
            "FAIL" if duplicated else "ok",
        )
    )
    since = succeeded[0] if succeeded else None
    source_rows, changes = source.source_counts(since)
    for table, (target, _key) in source.MIRRORED.items():
        same = counts[table] == source_rows[table]
        status = "ok" if same else ("behind" if changes else "FAIL")
        lines.append(CheckLine(target, str(counts[table]), str(source_rows[table]), status))
    if changes:
        lines.append(CheckLine("source changes since last run", "", str(changes), "behind"))

    if last is None:
        lines.append(CheckLine("last run", "none", "", "FAIL"))
        return lines
    run_id, mode, status, finished_at, _watermark, error = last
    run_text = f"#{run_id} {mode} {status}"
    lines.append(
        CheckLine("last run", run_text, error or "", "ok" if status == "succeeded" else "FAIL")
    )
    if finished_at is not None:
        age = (datetime.now(UTC) - finished_at).total_seconds()
        too_old = age > max_age_hours * 3600
        limit = f"limit {max_age_hours:g} h"
        lines.append(CheckLine("last run age", _age(age), limit, "FAIL" if too_old else "ok"))
    return lines


def format_table(lines: list[CheckLine]) -> str:
    header = CheckLine("check", "warehouse", "source", "status")
    rows = [header, *lines]
    widths = [
        max(len(getattr(row, column)) for row in rows) for column in ("name", "warehouse", "source")
    ]
    out = []
    for row in rows:
        name, rows_here, rows_there = (
            row.name.ljust(widths[0]),
            row.warehouse.rjust(widths[1]),
            row.source.rjust(widths[2]),
        )
        out.append(f"{name}  {rows_here}  {rows_there}  {row.status}")
    return "\n".join(out)


def special_members_line(published: Path) -> str:
    """The last run's special-member counts that are not zero, for the check's footer."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        row = con.execute(
            "select special_member_counts from etl_run where status = 'succeeded' "
            "order by run_id desc limit 1"
        ).fetchone()
    finally:
        con.close()
    counts = json.loads(row[0]) if row and row[0] else {}
    nonzero = {name: value for name, value in counts.items() if value}
    if not nonzero:
        return "special members: none (no orphan, unknown value or bad date)"
    return "special members: " + ", ".join(f"{name} {value}" for name, value in nonzero.items())
