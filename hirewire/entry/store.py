"""Data-entry actions on Postgres: one function per user action, one transaction each.

Connections use the hirewire_app role. Every query lives in sql/entry/<name>.sql and takes
bound parameters. Database refusals become a UserError with one sentence (see explain()).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import dict_row

from hirewire import db, settings
from hirewire.entry.parse import (
    INTERVIEW_TYPE_SYNONYMS,
    OUTCOME_SYNONYMS,
    SOURCE_SYNONYMS,
    STATUS_SYNONYMS,
    Vocabulary,
)
from hirewire.errors import UserError

SQL_DIR = settings.ROOT / "sql" / "entry"

# Constraint name -> what to tell the user (the database's names, sql/postgres/003).
CONSTRAINT_MESSAGES = {
    "companies_name_key": "a company with that name already exists",
    "job_positions_company_title_key": "that company already has a position with that title",
    "interview_processes_natural_key": (
        "this candidate already applied to that position on that date; "
        "use another date or update the existing application"
    ),
    "interview_outcomes_process_id_key": (
        "that application already has an outcome; an application has at most one"
    ),
    "candidates_email_key": "another candidate already uses that e-mail",
    "job_positions_salary_range_check": "the salary range's low end is above its high end",
    "interview_processes_applied_on_check": "the application date must be within 1990-2100",
    "interview_processes_candidate_id_fkey": "that candidate does not exist",
    "interview_processes_position_id_fkey": "that position does not exist",
    "interview_processes_source_code_fkey": "unknown source",
    "interview_processes_status_code_fkey": "unknown status",
    "interviews_process_id_fkey": "that application does not exist",
    "interview_outcomes_process_id_fkey": "that application does not exist",
    "interviews_rating_check": "the rating must be from 1 to 5",
    "interviews_duration_minutes_check": "the duration must be from 1 to 1440 minutes",
    "job_positions_company_id_fkey": "that company does not exist",
    # The data-entry rules the database enforces too (sql/postgres/008).
    "interview_processes_applied_on_not_future": (
        "the application date is in the future; give the day you applied"
    ),
    "interview_processes_applied_on_before_events": (
        "the application date would come after something that followed it; "
        "correct or delete that first"
    ),
    "interviews_not_before_application": "the interview is before the application date",
    "interview_outcomes_not_before_application": "the decision is before the application date",
    "interview_outcomes_decided_on_not_future": (
        "the decision date is in the future; give the date it really happened"
    ),
    "process_status_history_not_before_application": (
        "the status change is before the application date"
    ),
    "process_status_history_effective_at_not_future": (
        "the status change is dated in the future; give the date it really happened"
    ),
}


def sql(name: str) -> str:
    """The text of sql/entry/<name>.sql."""
    return _read_sql(name)


# The .sql files use :name parameters (readable by psql and sqlfluff); psycopg wants %(name)s.
# A :: cast and a time such as '12:00' are left alone.
_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@functools.cache
def _read_sql(name: str) -> str:
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _PARAMETER.sub(r"%(\1)s", text.replace("%", "%%"))


def explain(exc: psycopg.Error) -> str:
    """One sentence for a database refusal, naming the constraint when we know it."""
    constraint = getattr(exc.diag, "constraint_name", None) or ""
    if constraint in CONSTRAINT_MESSAGES:
        return f"{CONSTRAINT_MESSAGES[constraint]} (constraint {constraint}); nothing was saved"
    if isinstance(exc, psycopg.errors.IntegrityError) and constraint:
        detail = (exc.diag.message_primary or "").strip()
        return f"the database refused the change ({constraint}: {detail}); nothing was saved"
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return (
            "the data-entry role may not do that; run `make migrate` so its grants are current "
            "(nothing was saved)"
        )
    if isinstance(exc, psycopg.OperationalError):
        return (
            "lost the connection to PostgreSQL; nothing of the unfinished step was saved: "
            "check it is running (`make db-status`) and try again"
        )
    message = (exc.diag.message_primary or str(exc)).strip().splitlines()[0]
    return f"the database refused the change: {message}; nothing was saved"


def open_connection(quiet: bool = False) -> psycopg.Connection:
    """A data-entry connection (role hirewire_app), autocommit between explicit transactions.
    Says which server it uses on stderr, like every HireWire command."""
    db.ensure_server(quiet=quiet, role="app")
    conn = db.connect("app", autocommit=True, row_factory=dict_row)
    try:
        conn.execute("select 1 from hirewire.candidates limit 1")
    except psycopg.errors.UndefinedTable:
        conn.close()
        raise UserError("the HireWire tables do not exist yet: run `make migrate` first") from None
    except psycopg.Error as exc:
        conn.close()
        raise UserError(explain(exc)) from None
    return conn


@contextmanager
def action(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """One user action = one transaction; any refusal rolls it all back and becomes UserError."""
    try:
        with conn.transaction():
            yield conn
    except psycopg.Error as exc:
        raise UserError(explain(exc)) from None


def set_effective_at(conn: psycopg.Connection, when: dt.date | dt.datetime | None) -> None:
    """Date the status changes of this transaction (the history trigger reads it)."""
    if when is None:
        return
    # A bare date: midday UTC keeps it on that calendar day in every European/US zone.
    dated = isinstance(when, dt.datetime)
    value = when.isoformat() if dated else f"{when.isoformat()} 12:00+00"
    conn.execute("select set_config('hirewire.effective_at', %s, true)", [value])


# --- vocabularies and candidates ---------------------------------------------------------------


@dataclass(frozen=True)
class Vocabularies:
    sources: Vocabulary
    statuses: Vocabulary
    outcomes: Vocabulary
    interview_types: Vocabulary
    interview_statuses: Vocabulary
    open_statuses: frozenset[str]
    # outcome code -> the status it puts its application in (outcome_types.status_code)
    outcome_statuses: dict[str, str | None] = field(default_factory=dict)


def _labels(conn: psycopg.Connection, table: str) -> dict[str, str]:
    query = psycopg.sql.SQL("select code, label from hirewire.{} order by sort_order").format(
        psycopg.sql.Identifier(table)
    )
    return {row["code"]: row["label"] for row in conn.execute(query)}


def vocabularies(conn: psycopg.Connection) -> Vocabularies:
    """The lookup tables as they are in the database (a DBA may have added values)."""
    open_rows = conn.execute("select code from hirewire.process_statuses where category = 'open'")
    open_codes = frozenset(row["code"] for row in open_rows)
    outcome_rows = conn.execute("select code, status_code from hirewire.outcome_types")
    return Vocabularies(
        sources=Vocabulary("source", _labels(conn, "application_sources"), SOURCE_SYNONYMS),
        statuses=Vocabulary("status", _labels(conn, "process_statuses"), STATUS_SYNONYMS),
        outcomes=Vocabulary("outcome", _labels(conn, "outcome_types"), OUTCOME_SYNONYMS),
        interview_types=Vocabulary(
            "interview type", _labels(conn, "interview_types"), INTERVIEW_TYPE_SYNONYMS
        ),
        interview_statuses=Vocabulary("interview status", _labels(conn, "interview_statuses"), {}),
        open_statuses=open_codes,
        outcome_statuses={row["code"]: row["status_code"] for row in outcome_rows},
    )


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str


def resolve_candidate(conn: psycopg.Connection, ref: str | None) -> Candidate:
    """The candidate named by id or name; the default candidate (id 1, 'Me') when ref is None."""
    if ref is None or not ref.strip():
        row = conn.execute(
            "select id, name from hirewire.candidates order by is_default desc, id limit 1"
        ).fetchone()
        if row is None:
            raise UserError("there is no candidate yet: run `make migrate` to create 'Me'")
        return Candidate(row["id"], row["name"])
    text = ref.strip()
    if text.isdigit():
        row = conn.execute(
            "select id, name from hirewire.candidates where id = %s", [int(text)]
        ).fetchone()
    else:
        rows = conn.execute(
            "select id, name from hirewire.candidates where lower(btrim(name)) = lower(%s)", [text]
        ).fetchall()
        if len(rows) > 1:
            raise UserError(f"{len(rows)} candidates are named {text!r}; give the id instead")
        row = rows[0] if rows else None
    if row is None:
        raise UserError(f"no candidate {text!r}: give an existing candidate id or name")
    return Candidate(row["id"], row["name"])


def last_source(conn: psycopg.Connection, candidate_id: int) -> str | None:
    """The source of the candidate's most recently entered application (the prompt default)."""
    row = conn.execute(
        "select source_code from hirewire.interview_processes where candidate_id = %s"
        " order by created_at desc, id desc limit 1",
        [candidate_id],
    ).fetchone()
    return row["source_code"] if row else None


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching text anywhere, with its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- reads -------------------------------------------------------------------------------------


def search_companies(conn: psycopg.Connection, text: str, limit: int = 10) -> list[dict]:
    params = {"pattern": like_pattern(text.strip()), "name": text, "limit": limit}
    return conn.execute(sql("company_search"), params).fetchall()


def company_names(conn: psycopg.Connection, limit: int = 5000) -> list[str]:
    rows = conn.execute("select name from hirewire.companies order by name limit %s", [limit])
    return [row["name"] for row in rows]


def positions_of(conn: psycopg.Connection, company_id: int) -> list[dict]:
    return conn.execute(
        "select id, title from hirewire.job_positions where company_id = %s order by title",
        [company_id],
    ).fetchall()


def get_application(conn: psycopg.Connection, application_id: int) -> dict:
    row = conn.execute(sql("application_get"), {"application_id": application_id}).fetchone()
    if row is None:
        raise UserError(f"no application with id {application_id}: `data-entry list` shows the ids")
    return row


def search_applications(
    conn: psycopg.Connection, candidate_id: int, text: str, limit: int = 10
) -> list[dict]:
    params = {"candidate_id": candidate_id, "pattern": like_pattern(text.strip()), "limit": limit}
    return conn.execute(sql("application_search"), params).fetchall()


@dataclass
class ListFilters:
    candidate_id: int | None = None
    status: str | None = None
    source: str | None = None
    text: str | None = None
    open_only: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 1000


def list_applications(conn: psycopg.Connection, filters: ListFilters) -> list[dict]:
    params = {
        "candidate_id": filters.candidate_id,
        "status": filters.status,
        "source": filters.source,
        "pattern": like_pattern(filters.text) if filters.text else None,
        "open_only": filters.open_only,
        "since": filters.since,
        "until": filters.until,
        "limit": filters.limit,
    }
    return conn.execute(sql("application_list"), params).fetchall()


def timeline(conn: psycopg.Connection, application_id: int) -> list[dict]:
    return conn.execute(sql("application_timeline"), {"application_id": application_id}).fetchall()


# --- writes (call inside `with action(conn):`) -------------------------------------------------


@dataclass
class PositionDetails:
    location: str | None = None
    remote_policy: str | None = None
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    currency: str | None = None
    url: str | None = None


def upsert_company(conn: psycopg.Connection, name: str, **details: Any) -> tuple[int, bool]:
    """(company id, created?) for a name; matching ignores case and surrounding spaces."""
    params = {"name": name, "industry": None, "location": None, "website": None, "notes": None}
    params |= details
    row = conn.execute(sql("company_upsert"), params).fetchone()
    return row["id"], row["is_created"]


def upsert_position(
    conn: psycopg.Connection, company_id: int, title: str, details: PositionDetails | None = None
) -> tuple[int, bool]:
    """(position id, created?) for a company and title."""
    details = details or PositionDetails()
    params = {"company_id": company_id, "title": title} | details.__dict__
    row = conn.execute(sql("position_upsert"), params).fetchone()
    return row["id"], row["is_created"]


@dataclass
class NewApplication:
    candidate_id: int
    position_id: int
    source_code: str
    applied_on: dt.date
    status_code: str = "applied"
    status_on: dt.date | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    notes: str | None = None


def insert_application(conn: psycopg.Connection, new: NewApplication) -> int:
    if new.status_code != "applied":
        set_effective_at(conn, new.status_on or new.applied_on)
    params = {key: value for key, value in new.__dict__.items() if key != "status_on"}
    return conn.execute(sql("application_insert"), params).fetchone()["id"]


def change_status(
    conn: psycopg.Connection,
    application_id: int,
    status_code: str,
    when: dt.date | dt.datetime | None = None,
    note: str | None = None,
) -> int | None:
    """Move an application to a status; the id of the history row written (None if unchanged)."""
    set_effective_at(conn, when)
    params = {"application_id": application_id, "status_code": status_code}
    changed = conn.execute(sql("status_set"), params).fetchone()["changed_count"]
    if not changed:
        return None
    history_id = conn.execute(
        "select max(id) as id from hirewire.process_status_history where process_id = %s",
        [application_id],
    ).fetchone()["id"]
    if note:
        conn.execute(
            "update hirewire.process_status_history set note = %s where id = %s",
            [note, history_id],
        )
    return history_id


@dataclass
class NewInterview:
    application_id: int
    interview_type_code: str
    scheduled_at: dt.datetime
    status_code: str = "scheduled"
    duration_minutes: int | None = None
    interviewer_name: str | None = None
    feedback: str | None = None
    rating: int | None = None


def insert_interview(conn: psycopg.Connection, new: NewInterview) -> int:
    return conn.execute(sql("interview_insert"), new.__dict__).fetchone()["id"]


@dataclass
class NewOutcome:
    application_id: int
    outcome_code: str
    decided_on: dt.date
    salary_offered: Decimal | None = None
    currency: str | None = None
    notes: str | None = None


def insert_outcome(conn: psycopg.Connection, new: NewOutcome, status_code: str | None) -> int:
    """Record an outcome and move the status to status_code (dated decided_on) unless None."""
    outcome_id = conn.execute(sql("outcome_insert"), new.__dict__).fetchone()["id"]
    if status_code:
        change_status(conn, new.application_id, status_code, new.decided_on)
    return outcome_id


# --- edits and deletions (call inside `with action(conn):`) ------------------------------------

# The columns a user may edit, per table; everything else (ids, timestamps) is the system's.
EDITABLE = {
    "interview_processes": (
        "position_id", "source_code", "status_code", "applied_on", "contact_name",
        "contact_email", "notes",
    ),
    "job_positions": ("location", "remote_policy", "salary_min", "salary_max", "currency", "url"),
    "interviews": (
        "interview_type_code", "status_code", "scheduled_at", "duration_minutes",
        "interviewer_name", "feedback", "rating",
    ),
    "interview_outcomes": ("outcome_code", "decided_on", "salary_offered", "currency", "notes"),
}  # fmt: skip


def update_row(conn: psycopg.Connection, table: str, row_id: int, changes: dict[str, Any]) -> bool:
    """Set the given columns of one row (updated_at follows by trigger); False if none changed."""
    unknown = set(changes) - set(EDITABLE[table])
    if unknown:
        raise ValueError(f"not editable in {table}: {sorted(unknown)}")
    if not changes:
        return False
    query = psycopg.sql.SQL(
        "update hirewire.{} set {} where id = {} and ({}) is distinct from ({})"
    )
    columns = [psycopg.sql.Identifier(column) for column in changes]
    values = [psycopg.sql.Placeholder(column) for column in changes]
    statement = query.format(
        psycopg.sql.Identifier(table),
        psycopg.sql.SQL(", ").join(
            psycopg.sql.SQL("{} = {}").format(column, value)
            for column, value in zip(columns, values, strict=True)
        ),
        psycopg.sql.Placeholder("row_id"),
        psycopg.sql.SQL(", ").join([*columns, psycopg.sql.SQL("null")]),
        psycopg.sql.SQL(", ").join([*values, psycopg.sql.SQL("null")]),
    )
    return conn.execute(statement, {**changes, "row_id": row_id}).rowcount > 0


def first_event_on(conn: psycopg.Connection, application_id: int) -> dt.date | None:
    """The day of the first interview, outcome or status change after applying (None: none)."""
    row = conn.execute(sql("application_first_event"), {"application_id": application_id})
    return row.fetchone()["first_event_on"]


def get_interview(conn: psycopg.Connection, interview_id: int) -> dict:
    row = conn.execute(sql("interview_get"), {"interview_id": interview_id}).fetchone()
    if row is None:
        raise UserError(
            f"no interview with id {interview_id}: `data-entry show APPLICATION` lists them"
        )
    return row


def get_outcome(conn: psycopg.Connection, outcome_id: int) -> dict:
    row = conn.execute(sql("outcome_get"), {"outcome_id": outcome_id}).fetchone()
    if row is None:
        raise UserError(f"no outcome with id {outcome_id}: `data-entry show APPLICATION` shows it")
    return row


def last_status_steps(conn: psycopg.Connection, application_id: int) -> list[dict]:
    """The last two steps of the status history, latest first (the last one is what an undo
    removes or a re-dating moves)."""
    return conn.execute(sql("status_last_steps"), {"application_id": application_id}).fetchall()


def undo_status(conn: psycopg.Connection, application_id: int) -> dict | None:
    """Delete the last status change and put the application back to the status before it;
    the removed step, or None when there is nothing after 'applied' to undo."""
    conn.execute("select set_config('hirewire.history_written', 'on', true)")
    row = conn.execute(sql("status_undo"), {"application_id": application_id}).fetchone()
    conn.execute("select set_config('hirewire.history_written', '', true)")
    return row


def redate_status(conn: psycopg.Connection, history_id: int, when: dt.date | dt.datetime) -> None:
    """Move one status change to the day (midday UTC) or time it really happened."""
    dated = isinstance(when, dt.datetime)
    value = when if dated else dt.datetime.combine(when, dt.time(12), dt.UTC)
    conn.execute(
        "update hirewire.process_status_history set effective_at = %s where id = %s",
        [value, history_id],
    )


def drop_unused_position(conn: psycopg.Connection, position_id: int) -> list[str]:
    """Delete a position no application uses any more, and its company if it has no position
    left; what was removed, for the message."""
    rows = conn.execute(sql("position_drop_unused"), {"position_id": position_id}).fetchall()
    return [row["removed"] for row in rows]


def deletion_summary(conn: psycopg.Connection, application_id: int) -> dict:
    """What deleting an application takes with it (interviews, outcome, history)."""
    return conn.execute(
        sql("application_deletion_summary"), {"application_id": application_id}
    ).fetchone()


def delete_row(conn: psycopg.Connection, table: str, row_id: int) -> None:
    """Delete one application, interview or outcome (tombstones follow by trigger)."""
    if table not in ("interview_processes", "interviews", "interview_outcomes"):
        raise ValueError(f"not deletable here: {table}")
    conn.execute(
        psycopg.sql.SQL("delete from hirewire.{} where id = %s").format(
            psycopg.sql.Identifier(table)
        ),
        [row_id],
    )
