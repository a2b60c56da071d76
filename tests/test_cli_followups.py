"""Follow-ups and maintenance: silent applications, ghosting from the marts, past interviews."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hirewire import duck
from hirewire.followups import main as followups_main
from tests.helpers_dbt import create_mart
from tests.helpers_entry import (
    add_application,
    assert_one_line_error,
    counts,
    entry,
    reset,
    run_main,
    shared_database,
)


@pytest.fixture(scope="module")
def shared_db(postgresql_noproc, request):
    return shared_database(postgresql_noproc, request.config)


@pytest.fixture
def db(shared_db, monkeypatch):
    return reset(shared_db, monkeypatch)


def followups(*argv: str, stdin: str = ""):
    return run_main(followups_main, *argv, stdin=stdin)


def test_follow_ups_list_silent_applications_with_the_next_step(db):
    """Open applications silent 7 days after applying or 5 after an interview are listed with a
    next step; fresh, closed or upcoming-interview applications are not."""
    quiet = add_application("Quiet Co", "Dev", "2026-10-01", "--contact", "Ann",
                            "--contact-email", "ann@quiet.example")  # fmt: skip
    interviewed = add_application("Talk Co", "Dev", "2026-10-01")
    entry("add-interview", "--application", str(interviewed), "--at", "2026-10-10 10:00",
          "--type", "technical", "--interviewer", "Bob")  # fmt: skip
    add_application("Fresh Co", "Dev", "2026-10-12")
    closed = add_application("Closed Co", "Dev", "2026-09-01")
    entry("record-outcome", "--application", str(closed), "--outcome", "rejected",
          "--on", "2026-09-05")  # fmt: skip
    upcoming = add_application("Soon Co", "Dev", "2026-09-01")
    entry("add-interview", "--application", str(upcoming), "--at", "2026-10-20 10:00",
          "--status", "scheduled")  # fmt: skip

    ran = followups("follow-ups", "--as-of", "2026-10-15", "--format", "json")
    assert ran.code == 0, ran.err
    rows = json.loads(ran.out)
    assert [(row["application_id"], row["silent_days"]) for row in rows] == [
        (quiet, 14),
        (interviewed, 5),
    ]
    assert rows[0]["next_step"] == "send a follow-up to Ann <ann@quiet.example>"
    assert rows[1]["next_step"] == "ask Bob for news since the technical interview of 2026-10-10"
    longer = json.loads(
        followups("follow-ups", "--as-of", "2026-10-15", "--days-after-interview", "6",
                  "--format", "json").out
    )  # fmt: skip
    assert [row["application_id"] for row in longer] == [quiet]


def test_update_interviews_is_a_dry_run_unless_applied(db):
    """Past scheduled interviews are listed; only --apply marks them completed."""
    app = add_application("Acme", "Dev", "2026-10-01")
    past = entry("add-interview", "--application", str(app), "--at", "2026-10-05 10:00",
                 "--status", "scheduled", "--no-status")  # fmt: skip
    future = dt.date.today() + dt.timedelta(days=10)
    entry("add-interview", "--application", str(app), "--at", f"{future} 10:00", "--no-status")
    dry = followups("update-interviews", "--format", "csv")
    assert dry.code == 0
    assert dry.out.splitlines()[1].startswith(f"{int(past.out)},{app},Acme,Dev,other,scheduled")
    assert len(dry.out.splitlines()) == 2
    assert "Dry run" in dry.err
    statuses = "select status_code from hirewire.interviews order by id"
    assert [row[0] for row in db.execute(statuses)] == ["scheduled", "scheduled"]
    applied = followups("update-interviews", "--apply")
    assert applied.code == 0 and "Marked 1 interviews completed" in applied.err
    assert [row[0] for row in db.execute(statuses)] == ["completed", "scheduled"]


def write_mart(path, rows: list[tuple]) -> None:
    """A published warehouse whose mart_applications has its contract's columns (a renamed
    column breaks this test as it breaks detect-ghosted), holding these rows."""
    names = ("application_id", "candidate_id", "company_name", "job_title", "source",
             "current_status", "applied_on", "last_activity_on", "days_since_last_activity",
             "is_ghosted")  # fmt: skip
    con = duck.connect(path)
    create_mart(con, "mart_applications", [dict(zip(names, row, strict=True)) for row in rows])
    con.close()


def test_detect_ghosted_reads_the_marts_and_records_only_when_confirmed(db, data_dir):
    """detect-ghosted lists what the mart counts as ghosted; --apply asks first, records the
    'ghosted' outcome and status, and skips what closed since the refresh."""
    assert_one_line_error(followups("detect-ghosted"), "run `make refresh` first")
    silent = add_application("Silent Co", "Dev", "2026-08-01")
    closed = add_application("Closed Co", "Dev", "2026-08-01")
    lively = add_application("Lively Co", "Dev", "2026-10-01")
    entry("record-outcome", "--application", str(closed), "--outcome", "rejected")
    write_mart(data_dir / "hirewire.duckdb", [
        (silent, 1, "Silent Co", "Dev", "linkedin", "applied", dt.date(2026, 8, 1),
         dt.date(2026, 8, 1), 90, True),
        (closed, 1, "Closed Co", "Dev", "linkedin", "applied", dt.date(2026, 8, 1),
         dt.date(2026, 8, 1), 90, True),
        (lively, 1, "Lively Co", "Dev", "linkedin", "applied", dt.date(2026, 10, 1),
         dt.date(2026, 10, 1), 10, False),
    ])  # fmt: skip
    listed = followups("detect-ghosted", "--format", "json")
    assert [row["application_id"] for row in json.loads(listed.out)] == [silent, closed]
    before = counts(db)
    declined = followups("detect-ghosted", "--apply", stdin="n\n")
    assert declined.code == 1 and "Nothing recorded" in declined.err
    assert counts(db) == before
    applied = followups("detect-ghosted", "--apply", stdin="y\n")
    assert applied.code == 0, applied.err
    assert "Recorded 'ghosted' for 1 applications; 1 skipped" in applied.err
    state = db.execute(
        "select processes.id, processes.status_code, outcomes.outcome_code"
        " from hirewire.interview_processes as processes"
        " left join hirewire.interview_outcomes as outcomes on outcomes.process_id = processes.id"
        " order by processes.id"
    ).fetchall()
    assert state == [(silent, "ghosted", "ghosted"), (closed, "rejected", "rejected"),
                     (lively, "applied", None)]  # fmt: skip
