"""Correcting what was typed: edit, delete and undo, shared by the flag commands and the manager.

Each function checks the data-entry rules (hirewire.entry.rules) and writes through the store;
call it inside `with store.action(conn):` so the whole correction is one transaction. It
returns the sentences to tell the user. Edits reach the warehouse through updated_at and
deletions through the tombstones (sql/postgres/004), on the next refresh.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

from hirewire.entry import rules, store
from hirewire.entry.output import plural

APPLICATION_FIELDS = ("source_code", "contact_name", "contact_email", "notes")
POSITION_FIELDS = ("location", "remote_policy", "currency", "url")


def _local_day(value: dt.datetime) -> dt.date:
    return value.astimezone().date()


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return str(value)


def _changed(before: dict, changes: dict[str, Any], names: dict[str, str]) -> list[str]:
    return [
        f"{label} {_shown(before.get(key))} -> {_shown(changes[key])}"
        for key, label in names.items()
        if key in changes and changes[key] != before.get(key)
    ]


def edit_application(
    conn: psycopg.Connection, application: dict, changes: dict[str, Any]
) -> list[str]:
    """Apply the given fields (the add-application names: company, title, source_code,
    applied_on, status_code, status_on, contact_name, contact_email, notes, location,
    remote_policy, salary, currency, url) to one application."""
    said: list[str] = []
    application_id = application["id"]
    applied_on = changes.get("applied_on", application["applied_on"])
    process = {key: changes[key] for key in APPLICATION_FIELDS if key in changes}
    if "applied_on" in changes:
        rules.check_applied_on(applied_on)
        if applied_on > application["applied_on"]:
            rules.check_applied_on_before_events(
                applied_on, store.first_event_on(conn, application_id)
            )
        process["applied_on"] = applied_on
    position_id = application["position_id"]
    if "company" in changes or "title" in changes:
        company = changes.get("company", application["company_name"])
        title = changes.get("title", application["job_title"])
        company_id, _ = store.upsert_company(conn, company)
        # A position created by the move (a typo fixed) keeps the old one's details; an
        # existing position keeps its own.
        details = store.PositionDetails(
            **{key: application[key] for key in store.PositionDetails.__dataclass_fields__}
        )
        position_id, _ = store.upsert_position(conn, company_id, title, details)
        if position_id != application["position_id"]:
            process["position_id"] = position_id
            said.append(f"now {title} at {company} (position {position_id})")
    said += _changed(application, process, {
        "applied_on": "applied", "source_code": "source", "contact_name": "contact",
        "contact_email": "contact e-mail", "notes": "notes",
    })  # fmt: skip
    store.update_row(conn, "interview_processes", application_id, process)
    if "position_id" in process:
        for removed in store.drop_unused_position(conn, application["position_id"]):
            said.append(f"removed {removed}, which no application uses any more")
    position = {key: changes[key] for key in POSITION_FIELDS if key in changes}
    if "salary" in changes:
        salary = changes["salary"]
        position["salary_min"] = salary.low if salary else None
        position["salary_max"] = salary.high if salary else None
        if salary and salary.currency and "currency" not in changes:
            position["currency"] = salary.currency
    if "currency" in position and position["currency"] is None:
        position["currency"] = "EUR"
    if store.update_row(conn, "job_positions", position_id, position):
        said.append("position details updated (" + ", ".join(position) + ")")
    said += _status_changes(conn, application, applied_on, changes)
    return said


def _status_changes(
    conn: psycopg.Connection, application: dict, applied_on: dt.date, changes: dict[str, Any]
) -> list[str]:
    status = changes.get("status_code", application["status_code"])
    status_on = changes.get("status_on")
    if status != application["status_code"]:
        if status_on is not None:
            check_new_status_on(conn, application | {"applied_on": applied_on}, status_on)
        store.change_status(conn, application["id"], status, status_on)
        when = f" on {status_on}" if status_on else ""
        return [f"status {application['status_code']} -> {status}{when}"]
    if status_on is not None:
        return [redate_last_status(conn, application["id"], applied_on, status_on)]
    return []


def check_new_status_on(conn: psycopg.Connection, application: dict, when: dt.date) -> None:
    """A new status change dated `when`: after the application, not in the future, not before
    the current status was reached."""
    rules.check_event_on(application["applied_on"], when)
    steps = store.last_status_steps(conn, application["id"])
    last = steps[0] if steps and steps[0]["from_status_code"] else None
    rules.check_after_last_change(when, _local_day(last["effective_at"]) if last else None)


def redate_last_status(
    conn: psycopg.Connection, application_id: int, applied_on: dt.date, when: dt.date
) -> str:
    """Correct the date of the last status change (the current status)."""
    steps = store.last_status_steps(conn, application_id)
    if not steps or steps[0]["from_status_code"] is None:
        raise rules.RuleError(
            f"application {application_id} has no status change after applying to re-date; "
            "--applied-on moves the application date"
        )
    previous_on = _local_day(steps[1]["effective_at"]) if len(steps) > 1 else applied_on
    rules.check_redate(when, previous_on, applied_on)
    store.redate_status(conn, steps[0]["id"], when)
    return f"status {steps[0]['to_status_code']} now dated {when}"


def edit_interview(conn: psycopg.Connection, interview: dict, changes: dict[str, Any]) -> list[str]:
    """Apply the given fields (scheduled_at, interview_type_code, status_code,
    duration_minutes, interviewer_name, feedback, rating) to one interview."""
    if "scheduled_at" in changes:
        rules.check_interview_at(interview["applied_on"], changes["scheduled_at"])
    said = _changed(interview, changes, {
        "scheduled_at": "at", "interview_type_code": "type", "status_code": "status",
        "duration_minutes": "duration", "interviewer_name": "interviewer",
        "feedback": "feedback", "rating": "rating",
    })  # fmt: skip
    store.update_row(conn, "interviews", interview["id"], changes)
    return said


def edit_outcome(
    conn: psycopg.Connection,
    outcome: dict,
    changes: dict[str, Any],
    outcome_statuses: dict[str, str | None],
    update_status: bool = True,
) -> list[str]:
    """Apply the given fields (outcome_code, decided_on, salary_offered, currency, notes) to
    one outcome; the application's status follows a new outcome type, as when recording one,
    when it is still the status the old one gave."""
    decided_on = changes.get("decided_on", outcome["decided_on"])
    if "decided_on" in changes:
        rules.check_event_on(outcome["applied_on"], decided_on, what="the decision date")
    if "currency" in changes and changes["currency"] is None:
        changes["currency"] = "EUR"
    said = _changed(outcome, changes, {
        "outcome_code": "outcome", "decided_on": "decided", "salary_offered": "salary",
        "currency": "currency", "notes": "notes",
    })  # fmt: skip
    store.update_row(conn, "interview_outcomes", outcome["id"], changes)
    old_status = rules.outcome_status(outcome_statuses, outcome["outcome_code"])
    new_status = rules.outcome_status(
        outcome_statuses, changes.get("outcome_code", outcome["outcome_code"])
    )
    application_id = outcome["application_id"]
    if not update_status or outcome["application_status_code"] != old_status:
        return said
    if new_status and new_status != old_status:
        store.change_status(conn, application_id, new_status, decided_on)
        said.append(f"status {old_status} -> {new_status} on {decided_on}")
    elif "decided_on" in changes and decided_on != outcome["decided_on"]:
        steps = store.last_status_steps(conn, application_id)
        if steps and steps[0]["to_status_code"] == old_status:
            store.redate_status(conn, steps[0]["id"], decided_on)
            said.append(f"status {old_status} now dated {decided_on}")
    return said


# --- what a deletion or an undo takes away (the confirmation shows it) -------------------------


def describe_application(application: dict, summary: dict) -> str:
    """What deleting `application` takes with it, from its store.deletion_summary."""
    parts = [plural(summary["interview_count"], "interview")]
    if summary["outcome_code"]:
        parts.append(f"its outcome ({summary['outcome_code']})")
    parts.append(plural(summary["status_change_count"], "status history step"))
    return (
        f"application {application['id']}: {application['job_title']} at "
        f"{application['company_name']}, applied {application['applied_on']} "
        f"(now {application['status_code']}), with " + ", ".join(parts)
    )


def kept_on_delete(application: dict, summary: dict) -> str:
    """What deleting an application leaves: its position and company, which may have been
    recorded on purpose and may serve other applications (its store.deletion_summary, read
    before the deletion)."""
    others = summary["other_applications_on_position"]
    position = (
        f"position {application['position_id']} ({application['job_title']} at "
        f"{application['company_name']})"
    )
    if others:
        verb = "uses" if others == 1 else "use"
        return f"Its {position} stays: {plural(others, 'other application')} {verb} it."
    return f"Its {position} stays, with its company, used by no application now."


def describe_interview(interview: dict) -> str:
    at = interview["scheduled_at"].astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        f"interview {interview['id']} of application {interview['application_id']}: "
        f"{interview['interview_type_code']} at {at} ({interview['status_code']})"
    )


def describe_outcome(outcome: dict) -> str:
    return (
        f"outcome {outcome['id']} of application {outcome['application_id']}: "
        f"{outcome['outcome_code']} on {outcome['decided_on']}"
    )


def describe_undo(conn: psycopg.Connection, application: dict) -> str:
    steps = store.last_status_steps(conn, application["id"])
    if not steps or steps[0]["from_status_code"] is None:
        raise rules.RuleError(
            f"application {application['id']} has no status change to undo "
            f"(it is {application['status_code']} since it was sent)"
        )
    last = steps[0]
    back_to = steps[1]["to_status_code"] if len(steps) > 1 else last["from_status_code"]
    return (
        f"the last status change of application {application['id']}: "
        f"{last['from_status_code']} -> {last['to_status_code']} on "
        f"{_local_day(last['effective_at'])}; the status goes back to {back_to}"
    )


def delete_outcome(
    conn: psycopg.Connection,
    outcome: dict,
    outcome_statuses: dict[str, str | None],
    update_status: bool = True,
) -> list[str]:
    """Delete an outcome; the status it gave is undone too when it is still the last step."""
    said = []
    status = rules.outcome_status(outcome_statuses, outcome["outcome_code"])
    if update_status and status and outcome["application_status_code"] == status:
        steps = store.last_status_steps(conn, outcome["application_id"])
        if steps and steps[0]["to_status_code"] == status and steps[0]["from_status_code"]:
            undone = store.undo_status(conn, outcome["application_id"])
            if undone:
                said.append(f"status back to {undone['restored_status_code']}")
    store.delete_row(conn, "interview_outcomes", outcome["id"])
    return said
