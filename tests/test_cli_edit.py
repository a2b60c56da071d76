"""Correcting data entry: edit, delete and undo from the flag commands, one set of rules on every
way in (flags, CSV import, plain SQL), and every correction reaching the marts on a refresh."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from helpers_dbt import query

from hirewire.entry.cli import build_parser
from tests.helpers_entry import (
    add_application,
    assert_one_line_error,
    count,
    counts,
    entry,
    main_sh,
    write_csv,
)


def ok(*argv: str, stdin: str = "") -> str:
    ran = entry(*argv, stdin=stdin)
    assert ran.code == 0, ran.err
    return ran.err


def application_row(db: psycopg.Connection, application_id: int) -> tuple:
    return db.execute(
        "select companies.name, positions.title, processes.applied_on, processes.contact_name,"
        " processes.notes, processes.status_code"
        " from hirewire.interview_processes as processes"
        " join hirewire.job_positions as positions on positions.id = processes.position_id"
        " join hirewire.companies as companies on companies.id = positions.company_id"
        " where processes.id = %s",
        [application_id],
    ).fetchone()


def history(db: psycopg.Connection, application_id: int) -> list[tuple]:
    return db.execute(
        "select to_status_code, effective_at::date from hirewire.process_status_history"
        " where process_id = %s order by effective_at, id",
        [application_id],
    ).fetchall()


def test_edit_application_fixes_a_typo_everywhere_it_shows(db):
    """A company typo, the date, the contact and the notes are corrected in place; the typo's
    company and position, used by no other application, go."""
    app = add_application("Acmee", "Data Enginer", "2026-11-02", "--notes", "old",
                          "--salary", "45-55k", "--location", "Lyon")  # fmt: skip
    other = add_application("Globex", "Analyst", "2026-11-03")
    err = ok("edit-application", "--application", str(app), "--company", "Acme",
             "--title", "Data Engineer", "--applied-on", "2026-11-01", "--contact", "Jane",
             "--notes", "")  # fmt: skip
    assert "removed company Acmee" in err
    assert application_row(db, app) == (
        "Acme", "Data Engineer", dt.date(2026, 11, 1), "Jane", None, "applied"
    )  # fmt: skip
    assert history(db, app) == [("applied", dt.date(2026, 11, 1))]
    assert db.execute(
        "select positions.salary_min, positions.salary_max, positions.location"
        " from hirewire.job_positions as positions"
        " join hirewire.interview_processes as processes on processes.position_id = positions.id"
        " where processes.id = %s",
        [app],
    ).fetchone() == (45000, 55000, "Lyon")
    names = [row[0] for row in db.execute("select name from hirewire.companies order by name")]
    assert names == ["Acme", "Globex"]
    assert application_row(db, other)[0] == "Globex"


def test_status_can_be_undone_and_redated(db):
    """A new status is never dated before the current one; undo-status removes the last step
    and restores the status before it; --status-on alone moves the last step's date; nothing
    is left to undo after the first step."""
    app = add_application("Acme", "Dev", "2026-10-01")
    ok("set-status", "--application", str(app), "--status", "screening", "--on", "2026-10-05")
    ok("set-status", "--application", str(app), "--status", "rejected", "--on", "2026-10-09")
    ran = entry("set-status", "--application", str(app), "--status", "offer", "--on", "2026-10-07")
    assert_one_line_error(ran, "before the last status change (2026-10-09)")
    err = ok("undo-status", "--application", str(app), "--yes")
    assert "back to screening" in err
    assert application_row(db, app)[5] == "screening"
    ok("edit-application", "--application", str(app), "--status-on", "2026-10-06")
    assert history(db, app) == [
        ("applied", dt.date(2026, 10, 1)), ("screening", dt.date(2026, 10, 6))
    ]  # fmt: skip
    ran = entry("edit-application", "--application", str(app), "--status-on", "2026-09-20")
    assert_one_line_error(ran, "before the application date 2026-10-01")
    ok("undo-status", "--application", str(app), "--yes")
    ran = entry("undo-status", "--application", str(app), "--yes")
    assert_one_line_error(ran, "no status change to undo")
    assert history(db, app) == [("applied", dt.date(2026, 10, 1))]


def test_edit_interview_and_outcome_the_status_follows(db):
    """An interview's time and rating change; an outcome changed from offer to rejected moves
    the status it gave to rejected, and deleting it takes the status back."""
    app = add_application("Acme", "Dev", "2026-10-01")
    interview = int(entry("add-interview", "--application", str(app), "--at",
                          "2026-10-03 10:00", "--type", "video").out)  # fmt: skip
    ok("edit-interview", "--interview", str(interview), "--at", "2026-10-04 11:00",
       "--rating", "5", "--type", "technical")  # fmt: skip
    row = db.execute(
        "select interview_type_code, rating, scheduled_at::date from hirewire.interviews"
    ).fetchone()
    assert row == ("technical", 5, dt.date(2026, 10, 4))
    ran = entry("edit-interview", "--interview", str(interview), "--at", "2026-09-01 10:00")
    assert_one_line_error(ran, "before the application date")

    outcome = int(entry("record-outcome", "--application", str(app), "--outcome", "offer",
                        "--on", "2026-10-10").out)  # fmt: skip
    ok("edit-outcome", "--outcome", str(outcome), "--type", "rejected", "--on", "2026-10-11")
    assert application_row(db, app)[5] == "rejected"
    assert history(db, app)[-1] == ("rejected", dt.date(2026, 10, 11))
    err = ok("delete-outcome", "--outcome", str(outcome), "--yes")
    assert "status back to offer" in err
    assert count(db, "interview_outcomes") == 0


def test_deletion_shows_what_goes_and_needs_a_yes(db):
    """delete-application lists the interviews, outcome and history it takes; without a yes
    nothing goes; with one, everything goes and leaves tombstones for the ETL, but the company
    and the position, which other applications may share."""
    app = add_application("Acme", "Dev", "2026-10-01")
    for day in ("02", "03"):
        ok("add-interview", "--application", str(app), "--at", f"2026-10-{day} 10:00")
    ok("record-outcome", "--application", str(app), "--outcome", "rejected", "--on", "2026-10-09")
    before = counts(db)
    ran = entry("delete-application", "--application", str(app), stdin="n\n")
    assert_one_line_error(ran, "not confirmed")
    assert "2 interviews, its outcome (rejected), 3 status history steps" in ran.err
    assert counts(db) == before
    err = ok("delete-application", "--application", str(app), stdin="y\n")
    assert sum(counts(db)[table] for table in ("interview_processes", "interviews")) == 0
    # The position and its company stay (recorded on purpose, perhaps), and it says so.
    assert "stays, with its company, used by no application now" in err
    assert count(db, "companies") == 1 and count(db, "job_positions") == 1
    tombstones = dict(db.execute(
        "select table_name, count(*) from hirewire.deleted_rows group by 1"
    ).fetchall())  # fmt: skip
    assert tombstones["interview_processes"] == 1
    assert tombstones["interviews"] == 2
    # With another application on the same position, it says that one still uses it.
    first = add_application("Acme", "Dev", "2026-10-01")
    add_application("Acme", "Dev", "2026-10-05")
    err = ok("delete-application", "--application", str(first), "--yes")
    assert "(Dev at Acme) stays: 1 other application uses it." in err


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        ("update hirewire.interview_processes set applied_on = current_date + 30",
         "interview_processes_applied_on_not_future"),
        ("insert into hirewire.interviews (process_id, scheduled_at)"
         " values ({app}, '2026-09-01 10:00+00')", "interviews_not_before_application"),
        ("insert into hirewire.interview_outcomes (process_id, outcome_code, decided_on)"
         " values ({app}, 'offer', '2026-09-01')", "interview_outcomes_not_before_application"),
        ("insert into hirewire.process_status_history"
         " (process_id, to_status_code, effective_at) values ({app}, 'screening', '2026-09-01')",
         "process_status_history_not_before_application"),
        ("update hirewire.interview_processes set applied_on = '2026-10-20'",
         "interview_processes_applied_on_before_events"),
    ],
)  # fmt: skip
def test_plain_sql_meets_the_same_rules(db, statement, constraint):
    """A DBA's plain SQL is refused by the same date rules, naming the constraint the entry
    commands translate."""
    app = add_application("Acme", "Dev", "2026-10-01")
    ok("set-status", "--application", str(app), "--status", "screening", "--on", "2026-10-05")
    with pytest.raises(psycopg.errors.CheckViolation) as refused:
        db.execute(statement.format(app=app))
    assert refused.value.diag.constraint_name == constraint


def test_future_application_is_refused_by_flags_edits_and_import(db, tmp_path):
    """The date rule is the same sentence from add-application, edit-application and the CSV
    import: an application dated in the future."""
    tomorrow = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    app = add_application("Acme", "Dev", "2026-10-01")
    for argv in (
        ["add-application", "--company", "A", "--title", "B", "--source", "other",
         "--applied-on", tomorrow],
        ["edit-application", "--application", str(app), "--applied-on", tomorrow],
    ):  # fmt: skip
        assert_one_line_error(entry(*argv), f"application date {tomorrow} is in the future")
    path = write_csv(tmp_path / "future.csv", f"company,title,applied_on\nA,B,{tomorrow}\n")
    ran = entry("import", str(path))
    assert ran.code == 1
    assert f"the application date {tomorrow} is in the future" in ran.err


def test_edits_and_deletions_reach_the_marts(source_db, source_env, warehouse_path: Path, cli,
                                              tmp_path: Path, monkeypatch):  # fmt: skip
    """After a full refresh, an edit (company, status undone) and a deletion are in the marts
    after the next refresh, which runs incrementally."""
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    kept = add_application("Acmee", "Dev", "2026-10-01")
    ok("set-status", "--application", str(kept), "--status", "rejected", "--on", "2026-10-05")
    gone = add_application("Globex", "Analyst", "2026-10-02")
    first = cli("hirewire.analytics", "refresh", timeout=300)
    assert first.returncode == 0, first.stderr + first.stdout

    ok("edit-application", "--application", str(kept), "--company", "Acme")
    ok("undo-status", "--application", str(kept), "--yes")
    ok("delete-application", "--application", str(gone), "--yes")
    second = cli("hirewire.analytics", "refresh", timeout=300)
    assert second.returncode == 0, second.stderr + second.stdout

    modes = query(warehouse_path, "select mode from etl_run order by 1")
    assert sorted(row[0] for row in modes) == ["full", "incremental"]
    rows = query(
        warehouse_path,
        "select application_id, company_name, current_status from mart_applications",
    )
    assert rows == [(kept, "Acme", "applied")]


def test_main_sh_offers_every_data_entry_command(db):
    """Every `python -m hirewire.entry` command is a `main.sh data-entry` script, and a
    correction runs through it (the deletion asks on standard input)."""
    commands = next(
        action for action in build_parser()._actions if action.dest == "command"
    ).choices
    listing = main_sh().out
    missing = [name for name in commands if f"  {name} " not in listing]
    assert missing == []
    app = add_application("Acme", "Dev", "2026-10-01")
    ran = main_sh("data-entry", "delete-application", "--application", str(app), "--yes")
    assert ran.code == 0, ran.err
    assert count(db, "interview_processes") == 0
