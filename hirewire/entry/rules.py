"""The data-entry rules: one module for every way in (flag commands, the manager, the CSV import).

Each check raises RuleError, a UserError whose one sentence names the problem and what to do;
the manager asks again, the flags exit 1, the import lists it against the line. Where a rule
can live in the database, migration 008 enforces it for plain SQL too; docs/data-entry.md has
the table of rules, where each is enforced and the message a user sees.

This module imports nothing from the rest of data entry: the flags, the manager, the importer
and the store import it, never the other way round.
"""

from __future__ import annotations

import datetime as dt

from hirewire.errors import UserError

# Text limits (characters); the schema's own bounds are in sql/postgres/003_core_tables.sql.
NAME_LIMIT, TITLE_LIMIT, SHORT_LIMIT, NOTES_LIMIT, URL_LIMIT = 200, 300, 500, 20_000, 2000

# Logging an interview moves an application still at these statuses to 'interviewing'.
EARLY_STATUSES = ("applied", "screening", "on_hold")


class RuleError(UserError):
    """An entry that breaks a data-entry rule; the message says which and how to fix it."""


def today() -> dt.date:
    return dt.date.today()


def check_applied_on(applied_on: dt.date, *, on: dt.date | None = None) -> None:
    """An application is dated the day it was sent: never in the future."""
    if applied_on > (on or today()):
        raise RuleError(
            f"the application date {applied_on} is in the future; give the day you applied"
        )


def check_event_on(
    applied_on: dt.date, when: dt.date, *, what: str = "the status date", on: dt.date | None = None
) -> None:
    """A status change or an outcome happens between the application date and today."""
    if when < applied_on:
        raise RuleError(
            f"{what} {when} is before the application date {applied_on}; "
            "nothing happens to an application before it is sent"
        )
    if when > (on or today()):
        raise RuleError(f"{what} {when} is in the future; give the date it really happened")


def check_interview_at(applied_on: dt.date, at: dt.datetime) -> None:
    """An interview is never before the application (it may be in the future: scheduled)."""
    if at.date() < applied_on:
        raise RuleError(
            f"the interview date {at.date()} is before the application date {applied_on}"
        )


def check_status_on_needs_status(status: str, status_on: dt.date | None) -> None:
    if status_on is not None and status == "applied":
        raise RuleError("a status date needs a status (the status reached on that date)")


def check_no_outcome_yet(application: dict) -> None:
    """An application has at most one outcome."""
    if application.get("outcome_code"):
        raise RuleError(
            f"application {application['id']} already has the outcome "
            f"{application['outcome_code']!r} ({application['decided_on']}); an application "
            "has at most one outcome: edit or delete it instead"
        )


def check_applied_on_before_events(applied_on: dt.date, first_event_on: dt.date | None) -> None:
    """Moving the application date keeps it on or before everything that followed it."""
    if first_event_on is not None and applied_on > first_event_on:
        raise RuleError(
            f"the application date {applied_on} is after something that followed it "
            f"({first_event_on}); correct or delete that first"
        )


def check_redate(when: dt.date, previous_on: dt.date, applied_on: dt.date) -> None:
    """The last status change stays after the one before it, and not in the future."""
    check_event_on(applied_on, when)
    if when < previous_on:
        raise RuleError(
            f"the status date {when} is before the previous status change ({previous_on}); "
            "statuses follow each other in time"
        )


def check_after_last_change(when: dt.date, last_on: dt.date | None) -> None:
    """A new status change is not dated before the current status was reached (the history
    would otherwise end on an older status than the application's)."""
    if last_on is not None and when < last_on:
        raise RuleError(
            f"the status date {when} is before the last status change ({last_on}); date it "
            "later, or undo or re-date the last change first"
        )


def check_offer_salary(salary: object, outcome: str | None) -> None:
    if salary is not None and not outcome:
        raise RuleError("an offered salary needs an outcome (offer or accepted)")


def interview_status_default(at: dt.datetime) -> str:
    """A past interview was held, a future one is scheduled."""
    return "completed" if at < dt.datetime.now().astimezone() else "scheduled"


def moves_to_interviewing(status_code: str) -> bool:
    return status_code in EARLY_STATUSES


def outcome_status(outcome_statuses: dict[str, str | None], outcome_code: str) -> str | None:
    """The status an outcome puts its application in (lookup column outcome_types.status_code,
    so a DBA's new outcome brings its own)."""
    return outcome_statuses.get(outcome_code)
