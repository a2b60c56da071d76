"""The interactive manager, driven through a pseudo-terminal as a person would use it."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import sys

import pexpect

from tests.helpers_entry import ROOT, counts


def spawn() -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "hirewire.entry", "manage"],
        cwd=str(ROOT),
        env=os.environ.copy(),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
        # As from a script run in the background (`cmd &`, nohup): SIGINT starts ignored, and
        # Ctrl-C must still cancel.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    child.logfile_read = io.StringIO()
    child.expect("Choose: ")
    return child


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect(prompt)
    child.sendline(text)


def test_add_application_interview_and_outcome_flows(db):
    """A new application (new company and position), an interview and an offer, entered at
    the prompts with defaults and one rejected answer, land in Postgres as typed."""
    child = spawn()
    child.sendline("1")
    answer(child, r"Company \(name or part of it, Tab completes\): ", "Société Générale d'Études")
    child.expect("new company")
    answer(child, "Job title: ", "Data Engineer")
    answer(child, r"Source \[linkedin\]: ", "wttj")
    answer(child, r"Applied on \[\d{4}-\d\d-\d\d\]: ", "31/02/2026")
    child.expect("not a real date")
    answer(child, "Applied on", "2/11/26")
    answer(child, r"Current status \[applied\]: ", "")
    answer(child, "Contact name", "Zoë O'Neil")
    answer(child, "Contact e-mail", "not-an-email")
    child.expect("is not an e-mail address")
    answer(child, "Contact e-mail", "zoe@example.com")
    answer(child, "Notes", "")
    answer(child, r"Save this application\?", "")
    child.expect(r"Saved application (\d+)\.")
    application_id = int(child.match.group(1))

    child.expect("Choose: ")
    child.sendline("2")
    answer(child, "Application", "générale")
    answer(child, r"Interview type \[phone_screen\]: ", "visio")
    answer(child, "When", "2026-11-05 14:30")
    answer(child, r"Duration in minutes \[45\]: ", "")
    answer(child, "Interviewer", "Sam")
    answer(child, r"Interview status \[completed\]: ", "")
    answer(child, "How did it go", "4")
    answer(child, "Feedback", "good talk")
    answer(child, r"Move the application from applied to interviewing\?", "y")
    answer(child, r"Save this interview\?", "y")
    child.expect(r"Saved interview \d+\.")

    child.expect("Choose: ")
    child.sendline("3")
    answer(child, "Application", str(application_id))
    answer(child, "Outcome", "offer")
    answer(child, "Decided on", "2026-11-20")
    answer(child, "Salary offered", "55k€")
    answer(child, "Notes", "")
    answer(child, r"Save this outcome\?", "")
    child.expect(r"Saved outcome \d+\.")
    child.expect("Choose: ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    row = db.execute(
        "select companies.name, positions.title, processes.source_code, processes.applied_on,"
        " processes.contact_name, processes.contact_email, processes.status_code"
        " from hirewire.interview_processes as processes"
        " join hirewire.job_positions as positions on positions.id = processes.position_id"
        " join hirewire.companies as companies on companies.id = positions.company_id"
        " where processes.id = %s",
        [application_id],
    ).fetchone()
    assert row == (
        "Société Générale d'Études", "Data Engineer", "welcome_to_the_jungle",
        dt.date(2026, 11, 2), "Zoë O'Neil", "zoe@example.com", "offer",
    )  # fmt: skip
    interview = db.execute(
        "select interview_type_code, status_code, duration_minutes, rating, feedback"
        " from hirewire.interviews"
    ).fetchall()
    assert interview == [("video", "completed", 45, 4, "good talk")]
    outcome = db.execute(
        "select outcome_code, decided_on, salary_offered from hirewire.interview_outcomes"
    ).fetchall()
    assert outcome == [("offer", dt.date(2026, 11, 20), 55000)]
    statuses = db.execute(
        "select to_status_code, effective_at::date from hirewire.process_status_history"
        " order by effective_at"
    ).fetchall()
    assert statuses == [
        ("applied", dt.date(2026, 11, 2)),
        ("interviewing", dt.date(2026, 11, 5)),
        ("offer", dt.date(2026, 11, 20)),
    ]


def test_ctrl_c_mid_flow_saves_nothing_and_returns_to_the_menu(db):
    """Ctrl-C halfway through a new application leaves no company, position or application,
    shows no traceback, and the manager carries on; Ctrl-C at the menu quits cleanly."""
    before = counts(db)
    child = spawn()
    child.sendline("1")
    answer(child, "Company", "Half Written Ltd")
    answer(child, "Job title", "Engineer")
    answer(child, "Source", "indeed")
    child.expect(r"Applied on.*: ")
    child.sendintr()
    child.expect("Cancelled: nothing was saved.")
    child.expect("Choose: ")
    child.sendline("5")
    answer(child, "Filter by status", "")
    answer(child, "Filter by source", "")
    answer(child, "Company or title contains", "")
    answer(child, r"Open applications only\?", "")
    child.expect(r"\(no rows\)")
    child.expect("Choose: ")
    child.sendintr()
    child.expect("Bye.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.logfile_read.getvalue()
    assert counts(db) == before


def test_find_an_application_then_edit_undo_and_delete(db):
    """Menu 9 finds an application by text, edits its company and date (Enter keeps the rest,
    a future date is refused at the prompt), undoes its last status change, then deletes the
    application after showing what goes (a plain Enter keeps it)."""
    from tests.helpers_entry import add_application, entry

    app = add_application("Acmee", "Dev", "2026-10-01")
    entry("set-status", "--application", str(app), "--status", "screening", "--on", "2026-10-04")
    entry("add-interview", "--application", str(app), "--at", "2026-10-05 10:00", "--no-status")
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    child = spawn()
    child.sendline("9")
    answer(child, "Application", "acmee")
    answer(child, "Action", "e")
    answer(child, r"Company \[Acmee\]: ", "Acme")
    answer(child, r"Job title \[Dev\]: ", "")
    answer(child, r"Source \[linkedin\]: ", "")
    answer(child, r"Applied on \[2026-10-01\]: ", future)
    child.expect("is in the future")
    answer(child, "Applied on", "2026-10-02")
    for prompt in ("Contact name", "Contact e-mail", "Notes", "Location", "Link to the offer",
                   "Remote"):  # fmt: skip
        answer(child, prompt, "")
    answer(child, "Advertised salary", "45-55k")
    answer(child, r"Save these changes\?", "y")
    child.expect("Saved: ")
    child.expect("Choose: ")
    child.sendline("9")
    answer(child, "Application", str(app))
    answer(child, "Action", "u")
    child.expect("screening on 2026-10-04; the status goes back to applied")
    answer(child, r"Undo it\?", "y")
    child.expect("back to applied")
    child.expect("Choose: ")
    child.sendline("9")
    answer(child, "Application", str(app))
    answer(child, "Action", "d")
    child.expect("with 1 interview, 1 status history step")
    answer(child, r"Delete it all\?", "")
    child.expect("Not deleted.")
    child.expect("Choose: ")
    assert counts(db)["interviews"] == 1
    child.sendline("9")
    answer(child, "Application", str(app))
    answer(child, "Action", "d")
    answer(child, r"Delete it all\?", "y")
    child.expect(f"Deleted application {app}.")
    child.expect("Choose: ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.logfile_read.getvalue()
    assert counts(db)["interview_processes"] == 0
    salary = db.execute("select salary_min, salary_max from hirewire.job_positions").fetchall()
    assert salary == [(45000, 55000)]
    # The typo's company went with the edit; the corrected one stays after the deletion.
    assert db.execute("select name from hirewire.companies").fetchall() == [("Acme",)]
