"""Follow-ups and maintenance: silent applications, ghosting from the marts, past interviews."""

from __future__ import annotations

import datetime as dt
import json
import re

from hirewire import duck
from hirewire.followups import main as followups_main
from tests.helpers_entry import (
    add_application,
    assert_one_line_error,
    counts,
    entry,
    run_main,
)


def followups(*argv: str, stdin: str = ""):
    return run_main(followups_main, *argv, stdin=stdin)


def test_follow_ups_are_the_same_applications_in_the_cli_the_mart_and_the_report(db, data_dir):
    """One follow-up rule: as of 2026-11-20, `follow-ups`, mart_applications.needs_follow_up and
    the report's table list the same applications: open and silent 7 days after applying
    (11-05: 15 days) or 5 after an interview (11-12: 8 days); not a fresh one (4 days), one
    interviewed 3 days ago, one with an interview to come, a closed or a ghosted one (applied
    80 days ago). The report shows each with its contact e-mail and job link."""
    assert_one_line_error(followups("follow-ups"), "run `make refresh` first")
    quiet = add_application("Quiet Co", "Dev", "2026-11-05", "--contact", "Ann",
                            "--contact-email", "ann@quiet.example",
                            "--url", "https://quiet.example/jobs/1")  # fmt: skip
    interviewed = add_application("Talk Co", "Dev", "2026-11-01")
    entry("add-interview", "--application", str(interviewed), "--at", "2026-11-12 10:00",
          "--type", "technical", "--interviewer", "Bob")  # fmt: skip
    recent = add_application("Recent Co", "Dev", "2026-11-10")
    entry("add-interview", "--application", str(recent), "--at", "2026-11-17 10:00")
    add_application("Fresh Co", "Dev", "2026-11-16")
    closed = add_application("Closed Co", "Dev", "2026-11-01")
    entry("record-outcome", "--application", str(closed), "--outcome", "rejected",
          "--on", "2026-11-03")  # fmt: skip
    upcoming = add_application("Soon Co", "Dev", "2026-11-01")
    entry("add-interview", "--application", str(upcoming), "--at", "2026-11-25 10:00",
          "--status", "scheduled")  # fmt: skip
    add_application("Gone Co", "Dev", "2026-09-01")
    refresh("2026-11-20")

    ran = followups("follow-ups", "--format", "json")
    assert ran.code == 0, ran.err
    rows = json.loads(ran.out)
    assert [(row["application_id"], row["silent_days"]) for row in rows] == [
        (quiet, 15),
        (interviewed, 8),
    ]
    assert rows[0]["next_step"] == "send a follow-up to Ann"
    assert rows[0]["contact_email"] == "ann@quiet.example"
    assert rows[1]["next_step"] == "ask Bob for news since the technical interview of 2026-11-12"
    con = duck.connect(data_dir / "hirewire.duckdb", read_only=True)
    try:
        mart = {row[0] for row in con.execute(
            "select application_id from mart_applications where needs_follow_up"
        ).fetchall()}  # fmt: skip
    finally:
        con.close()
    assert mart == {quiet, interviewed}
    from tests.conftest import run_module

    done = run_module("hirewire.report")
    assert done.returncode == 0, done.stderr
    html = (data_dir / "report.html").read_text(encoding="utf-8")
    section = html[html.index('data-section="follow_ups"') :]
    section = section[: section.index("</article>")]
    assert set(map(int, re.findall(r'data-application="(\d+)"', section))) == mart
    assert "Open applications to follow up: 2" in section
    assert 'href="mailto:ann@quiet.example"' in section
    assert 'href="https://quiet.example/jobs/1"' in section


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
    assert applied.code == 0 and "Marked 1 interview completed." in applied.err
    assert [row[0] for row in db.execute(statuses)] == ["completed", "scheduled"]


def refresh(as_of: str) -> None:
    """The real ETL and dbt build of the test database, published in the test's data dir."""
    from tests.conftest import run_module

    done = run_module("hirewire.analytics", "refresh", "--as-of", as_of, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_detect_ghosted_proposes_open_applications_dated_when_they_became_ghosted(db, data_dir):
    """detect-ghosted proposes only open applications the marts count as ghosted, says what it
    will write and why the others are skipped, dates the outcome and status on the day each
    became ghosted (applying + 30 days; last interview + 45 days), and a second --apply
    records nothing."""
    assert_one_line_error(followups("detect-ghosted"), "run `make refresh` first")
    # As of 2026-11-20: silent since applying on 09-01, ghosted 30 days later (10-01).
    silent = add_application("Silent Co", "Dev", "2026-09-01")
    # Answered, interviewed on 08-20, then nothing: ghosted 45 days later (10-04).
    talked = add_application("Talk Co", "Dev", "2026-08-01", "--status", "screening",
                             "--status-on", "2026-08-05")  # fmt: skip
    entry("add-interview", "--application", str(talked), "--at", "2026-08-20 10:00")
    # Already recorded as ghosted: closed, never proposed again.
    recorded = add_application("Old Co", "Dev", "2026-07-01")
    entry("record-outcome", "--application", str(recorded), "--outcome", "ghosted",
          "--on", "2026-08-15")  # fmt: skip
    # Ghosted in the marts, rejected after the refresh: skipped as closed.
    closed = add_application("Closed Co", "Dev", "2026-09-01")
    add_application("Fresh Co", "Dev", "2026-11-15")
    refresh("2026-11-20")
    entry("record-outcome", "--application", str(closed), "--outcome", "rejected")

    listed = followups("detect-ghosted", "--format", "json")
    assert listed.code == 0, listed.err
    assert [row["application_id"] for row in json.loads(listed.out)] == [talked, silent]
    assert (
        "3 open applications ghosted in the published marts: would record 2 applications as "
        "ghosted (outcome and status, dated the day each became ghosted); 1 skipped: closed "
        "since the last refresh." in listed.err
    )
    before = counts(db)
    declined = followups("detect-ghosted", "--apply", stdin="n\n")
    assert declined.code == 1 and "Nothing recorded" in declined.err
    assert counts(db) == before
    applied = followups("detect-ghosted", "--apply", stdin="y\n")
    assert applied.code == 0, applied.err
    assert "Recorded 'ghosted' for 2 applications." in applied.err
    state = db.execute(
        "select processes.id, processes.status_code, outcomes.outcome_code, outcomes.decided_on,"
        " (select history.effective_at::date from hirewire.process_status_history as history"
        "  where history.process_id = processes.id and history.to_status_code = 'ghosted')"
        " from hirewire.interview_processes as processes"
        " left join hirewire.interview_outcomes as outcomes on outcomes.process_id = processes.id"
        " where processes.id = any(%s) order by processes.id",
        [[silent, talked]],
    ).fetchall()
    assert state == [
        (silent, "ghosted", "ghosted", dt.date(2026, 10, 1), dt.date(2026, 10, 1)),
        (talked, "ghosted", "ghosted", dt.date(2026, 10, 4), dt.date(2026, 10, 4)),
    ]
    after = counts(db)
    again = followups("detect-ghosted", "--apply", "--yes")
    assert again.code == 0, again.err
    assert "would record" not in again.err and "records 0 applications" in again.err
    assert "2 skipped: already recorded as ghosted; 1 skipped: closed" in again.err
    assert counts(db) == after


def test_a_corrupt_warehouse_names_the_fix_that_works(db, data_dir):
    """A file that is no DuckDB database: follow-ups, detect-ghosted and the report each say to
    move it away and run `make refresh` (a refresh alone would read the broken file first)."""
    from tests.conftest import run_module

    warehouse = data_dir / "hirewire.duckdb"
    warehouse.write_bytes(b"not a database\n" * 2000)
    fix = f"(mv {warehouse} {warehouse}.broken) and run `make refresh`"
    for command in ("follow-ups", "detect-ghosted"):
        assert_one_line_error(followups(command), "is corrupt or not a DuckDB file", fix)
    done = run_module("hirewire.report")
    assert done.returncode == 1 and done.stderr.strip().splitlines()[-1].endswith(
        f"{fix} to rebuild it and its marts"
    )
