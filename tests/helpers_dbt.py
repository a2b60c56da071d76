"""Builders for the dbt tests: small job searches written straight into the star schema.

The star schema (sql/duckdb/0NN_*.sql) is dbt's source, so a warehouse made of its DDL plus a
few hand-written rows is a legitimate input for the marts. The accumulating snapshot's
milestones (furthest stage, first response, offer, open) are the ETL's to compute: a search
states them as worked out by hand, as the ETL's tests check them. Vocabulary ids follow the
insertion order of sql/postgres/002_vocabularies.sql, as the ETL's keys do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
STAR_SCHEMA = sorted((ROOT / "sql" / "duckdb").glob("[0-9][0-9][0-9]_*.sql"))
MARTS_YML = ROOT / "dbt" / "models" / "marts" / "_marts__models.yml"

# code, label, category, stage_order, is_terminal: ids 1.. in this order.
STATUSES = [
    ("applied", "Applied", "open", 1, False),
    ("screening", "Screening", "open", 2, False),
    ("interviewing", "Interviewing", "open", 3, False),
    ("technical_test", "Technical test", "open", 4, False),
    ("final_round", "Final round", "open", 5, False),
    ("offer", "Offer", "closed_positive", 6, False),
    ("accepted", "Accepted", "closed_positive", 7, True),
    ("rejected", "Rejected", "closed_negative", None, True),
    ("withdrew", "Withdrew", "closed_negative", None, True),
    ("ghosted", "Ghosted", "closed_negative", None, True),
    ("on_hold", "On hold", "open", None, False),
]
SOURCES = [
    ("linkedin", "LinkedIn", "job_board"),
    ("indeed", "Indeed", "job_board"),
    ("welcome_to_the_jungle", "Welcome to the Jungle", "job_board"),
    ("company_website", "Company website", "direct"),
    ("referral", "Referral", "network"),
    ("recruiter", "Recruiter", "agency"),
    ("france_travail", "France Travail", "public_service"),
    ("networking", "Networking", "network"),
    ("job_fair", "Job fair", "network"),
    ("apec", "APEC", "public_service"),
    ("other", "Other", "other"),
]
INTERVIEW_TYPES = [
    ("phone_screen", "screening"),
    ("hr", "screening"),
    ("video", "screening"),
    ("technical", "technical"),
    ("coding_challenge", "technical"),
    ("system_design", "technical"),
    ("take_home", "technical"),
    ("behavioral", "behavioral"),
    ("onsite", "final"),
    ("final", "final"),
    ("other", "other"),
]
OUTCOMES = [
    ("offer", "positive"),
    ("accepted", "positive"),
    ("declined", "neutral"),
    ("rejected", "negative"),
    ("ghosted", "negative"),
    ("withdrew", "neutral"),
]
SPECIAL = [(-1, "unknown", "Unknown"), (-2, "not_applicable", "Not applicable / not yet")]


def repository_dbt_target() -> dict[str, int]:
    """Every file under the repository's dbt/target (the developer's own `make dbt` state,
    which a test run must leave alone) with its modification time."""
    target = ROOT / "dbt" / "target"
    return {str(path): path.stat().st_mtime_ns for path in target.rglob("*") if path.is_file()}


def key_of(vocabulary: list[tuple], code: str) -> int:
    return next(index for index, row in enumerate(vocabulary, start=1) if row[0] == code)


def date_key(day: date | None) -> int:
    return int(day.strftime("%Y%m%d")) if day else -2


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@dataclass
class Interview:
    type: str
    on: date
    status: str = "completed"
    rating: int | None = None


@dataclass
class Application:
    id: int
    candidate: int
    company: int
    position: int
    source: str
    applied_on: date
    # (status, effective date) in the order they were recorded; history ids follow this order,
    # so a backdated row is simply one listed late with an early date.
    changes: list[tuple[str, date]] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    # (outcome code, decided on, salary offered)
    outcome: tuple[str, date, int | None] | None = None
    has_history: bool = True
    # The snapshot's milestones, by the glossary's rules (worked out by hand).
    furthest: str = "applied"
    first_response_on: date | None = None
    offer_on: date | None = None
    is_open: bool = True

    @property
    def status(self) -> str:
        dated = sorted(self.changes, key=lambda change: change[1])
        return dated[-1][0] if dated and self.has_history else "applied"


@dataclass
class StarSearch:
    """A job search described in a few lines, written into a star-schema DuckDB file."""

    candidates: dict[int, str] = field(default_factory=dict)
    companies: dict[int, str] = field(default_factory=dict)
    # id -> (company id, title, salary min, salary max)
    positions: dict[int, tuple[int, str, int | None, int | None]] = field(default_factory=dict)
    applications: list[Application] = field(default_factory=list)

    def write(self, path: Path) -> Path:
        con = duckdb.connect(str(path))
        try:
            # The star schema and its additive upgrades, in order.
            for schema_file in STAR_SCHEMA:
                con.execute(schema_file.read_text(encoding="utf-8"))
            for table, rows in self.rows().items():
                insert(con, table, rows)
        finally:
            con.close()
        return path

    def rows(self) -> dict[str, list[dict]]:
        tables: dict[str, list[dict]] = {
            "dim_candidate": [
                *(
                    {"candidate_key": key, "candidate_name": label, "is_default": False}
                    for key, _, label in SPECIAL
                ),
                *(
                    {
                        "candidate_key": key,
                        "candidate_id": key,
                        "candidate_name": name,
                        "is_default": key == 1,
                    }
                    for key, name in self.candidates.items()
                ),
            ],
            "dim_company": [
                *({"company_key": key, "company_name": label} for key, _, label in SPECIAL),
                *(
                    {"company_key": key, "company_id": key, "company_name": name}
                    for key, name in self.companies.items()
                ),
            ],
            "dim_position": [
                *(
                    {
                        "position_key": key,
                        "company_key": key,
                        "job_title": label,
                        "salary_band": "not posted",
                    }
                    for key, _, label in SPECIAL
                ),
                *(
                    {
                        "position_key": key,
                        "position_id": key,
                        "company_key": company,
                        "job_title": title,
                        "currency": "EUR",
                        "salary_band": "posted" if low else "not posted",
                        "salary_min": low,
                        "salary_max": high,
                    }
                    for key, (company, title, low, high) in self.positions.items()
                ),
            ],
            "dim_source": vocabulary_rows(
                "source",
                SOURCES,
                lambda row: {"source_label": row[1], "channel_category": row[2]},
                lambda label: {"source_label": label, "channel_category": "other"},
            ),
            "dim_status": vocabulary_rows(
                "status",
                STATUSES,
                lambda row: {
                    "status_label": row[1],
                    "status_category": row[2],
                    "stage_order": row[3],
                    "is_terminal": row[4],
                },
                lambda label: {
                    "status_label": label,
                    "status_category": "open",
                    "is_terminal": False,
                },
            ),
            "dim_interview_type": vocabulary_rows(
                "interview_type",
                INTERVIEW_TYPES,
                lambda row: {
                    "interview_type_label": row[0].replace("_", " ").title(),
                    "interview_type_category": row[1],
                },
                lambda label: {"interview_type_label": label, "interview_type_category": "other"},
            ),
            "dim_outcome": vocabulary_rows(
                "outcome",
                OUTCOMES,
                lambda row: {"outcome_label": row[0].title(), "outcome_category": row[1]},
                lambda label: {"outcome_label": label, "outcome_category": "neutral"},
            ),
            "fct_application": [],
            "fct_interview": [],
            "fct_status_change": [],
        }
        interview_key = status_change_key = 0
        for app in self.applications:
            status = key_of(STATUSES, app.status)
            outcome_code, outcome_on, salary = app.outcome or (None, None, None)
            keys = {
                "application_key": app.id,
                "candidate_key": app.candidate,
                "company_key": app.company,
            }
            tables["fct_application"].append(
                {
                    **keys,
                    "application_id": app.id,
                    "position_key": app.position,
                    "source_key": key_of(SOURCES, app.source),
                    "current_status_key": status,
                    "furthest_status_key": key_of(STATUSES, app.furthest),
                    "outcome_key": key_of(OUTCOMES, outcome_code) if outcome_code else -2,
                    "applied_date_key": date_key(app.applied_on),
                    "first_response_date_key": date_key(app.first_response_on),
                    # Not read by dbt: a plausible filler.
                    "first_interview_date_key": -2,
                    "offer_date_key": date_key(app.offer_on),
                    "outcome_date_key": date_key(outcome_on),
                    "last_activity_date_key": -2,
                    "offer_salary": Decimal(salary) if salary is not None else None,
                    "offer_currency": "EUR" if salary is not None else None,
                    "days_to_first_response": (
                        (app.first_response_on - app.applied_on).days
                        if app.first_response_on
                        else None
                    ),
                    "interview_count": len(app.interviews),
                    "completed_interview_count": 0,
                    "status_change_count": len(app.changes) + 1,
                    "has_responded": app.first_response_on is not None,
                    "is_open": app.is_open,
                    "applied_on": app.applied_on,
                    "first_response_on": app.first_response_on,
                    "offer_on": app.offer_on,
                }
            )
            for number, interview in enumerate(app.interviews, start=1):
                interview_key += 1
                tables["fct_interview"].append(
                    {
                        **keys,
                        "interview_key": interview_key,
                        "interview_id": interview_key,
                        "position_key": app.position,
                        "interview_type_key": key_of(INTERVIEW_TYPES, interview.type),
                        "interview_date_key": date_key(interview.on),
                        "interview_status": interview.status,
                        "interview_status_category": {
                            "completed": "done",
                            "cancelled": "cancelled",
                            "no_show": "cancelled",
                        }.get(interview.status, "planned"),
                        "interview_number": number,
                        "rating": interview.rating,
                        "is_completed": interview.status == "completed",
                        "scheduled_at": at_noon(interview.on),
                    }
                )
            if not app.has_history:
                continue
            previous = -2
            for number, (code, effective_on) in enumerate(
                [("applied", app.applied_on), *app.changes], start=1
            ):
                status_change_key += 1
                tables["fct_status_change"].append(
                    {
                        **keys,
                        "status_change_key": status_change_key,
                        "status_change_id": status_change_key,
                        "source_key": key_of(SOURCES, app.source),
                        "from_status_key": previous,
                        "to_status_key": key_of(STATUSES, code),
                        "effective_date_key": date_key(effective_on),
                        "change_number": number,
                        "effective_at": at_noon(effective_on),
                    }
                )
                previous = key_of(STATUSES, code)
        return tables


def vocabulary_rows(name: str, vocabulary: list[tuple], described, special) -> list[dict]:
    """A lookup dimension: special members, then one row per code with id = position."""
    rows = [
        {f"{name}_key": key, f"{name}_code": code, **special(label), "sort_order": key}
        for key, code, label in SPECIAL
    ]
    for index, row in enumerate(vocabulary, start=1):
        rows.append(
            {f"{name}_key": index, f"{name}_code": row[0], **described(row), "sort_order": index}
        )
    return rows


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert dict rows (columns not given stay null), with bound parameters."""
    for row in rows:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


def query(path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    """Rows of one query against a built warehouse, opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, parameters or []).fetchall()
    finally:
        con.close()


def query_dicts(path: Path, sql: str, parameters: list | None = None) -> list[dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute(sql, parameters or [])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def contract_columns() -> dict[str, list[tuple[str, str]]]:
    """Every mart's (column, data_type) pairs as its enforced contract declares them: dbt build
    fails when a model differs, so a mart written from these is what a build gives."""
    models = yaml.safe_load(MARTS_YML.read_text(encoding="utf-8"))["models"]
    return {
        model["name"]: [(column["name"], column["data_type"]) for column in model["columns"]]
        for model in models
    }


def create_mart(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict] = ()) -> None:
    """Create mart `name` from its contract and insert `rows` (columns not given stay null)."""
    columns = ", ".join(f"{column} {data_type}" for column, data_type in contract_columns()[name])
    con.execute(f"create table {name} ({columns})")
    insert(con, name, list(rows))
