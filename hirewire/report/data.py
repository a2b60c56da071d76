"""Read what the report shows from the published warehouse, opened read-only.

Every query is a file in sql/; this module only runs them and groups rows by candidate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from hirewire import duck
from hirewire.errors import UserError

SQL_DIR = Path(__file__).resolve().parent / "sql"
Row = dict[str, Any]

# The per-candidate sections, each one query returning rows that carry candidate_id.
SECTIONS = (
    "headline",
    "funnel",
    "stage_flow",
    "weekly_activity",
    "sources",
    "companies",
    "interviews",
    "follow_ups",
)


@dataclass
class Candidate:
    candidate_id: int
    name: str
    is_default: bool
    applications: int
    sections: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, section: str) -> list[Row]:
        return self.sections.get(section, [])


@dataclass
class ReportData:
    warehouse: Path
    loaded_at: dt.datetime | None
    as_of: dt.date
    candidates: list[Candidate]
    overview: list[Row] = field(default_factory=list)  # mart_candidates, attention order


def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _fetch(con: duckdb.DuckDBPyConnection, name: str) -> list[Row]:
    cursor = con.execute(sql(name))
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise UserError(f"no warehouse at {path}: run make refresh first")
    try:
        return duck.connect(path, read_only=True)
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0]
        if "lock" in first_line.lower():
            raise UserError(
                f"the warehouse {path} is held by another process writing it ({first_line}): "
                "retry when it finishes (make refresh publishes a new file atomically)"
            ) from None
        raise UserError(
            f"cannot open the warehouse {path} read-only ({first_line}): run make refresh first"
        ) from None


def load(path: Path, as_of: dt.date | None = None) -> ReportData:
    """Everything the report shows, grouped by candidate (default candidate first)."""
    con = _open(path)
    try:
        try:
            candidates = _fetch(con, "candidates")
            overview = _fetch(con, "overview")
            loaded_at = _fetch(con, "loaded_at")[0]["loaded_at"]
            marts_as_of = _fetch(con, "as_of")[0]["as_of_date"]
            grouped: dict[str, dict[int, list[Row]]] = {}
            for section in SECTIONS:
                by_candidate: dict[int, list[Row]] = defaultdict(list)
                for row in _fetch(con, section):
                    by_candidate[row["candidate_id"]].append(row)
                grouped[section] = by_candidate
        except duckdb.CatalogException as exc:
            missing = str(exc).splitlines()[0]
            raise UserError(
                f"the warehouse {path} lacks the marts the report reads ({missing}): "
                "run make refresh first"
            ) from None
    finally:
        con.close()

    if as_of is not None and marts_as_of is not None and as_of != marts_as_of:
        raise UserError(
            f"the marts in {path} were built as of {marts_as_of}, not {as_of}: "
            f"run make refresh AS_OF={as_of} first"
        )
    report_as_of = marts_as_of or as_of or dt.datetime.now(dt.UTC).date()
    people = [
        Candidate(
            candidate_id=row["candidate_id"],
            name=row["candidate_name"],
            is_default=bool(row["is_default"]),
            applications=int(row["applications"]),
            sections={name: grouped[name].get(row["candidate_id"], []) for name in SECTIONS},
        )
        for row in candidates
    ]
    return ReportData(
        warehouse=path,
        loaded_at=loaded_at,
        as_of=report_as_of,
        candidates=people,
        overview=overview,
    )
