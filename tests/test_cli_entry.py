"""Data entry from the command line: every flag command, its errors, hostile input, main.sh."""

from __future__ import annotations

import datetime as dt
import json
import os

from tests.helpers_entry import (
    add_application,
    assert_one_line_error,
    counts,
    entry,
    main_sh,
)


def test_add_application_creates_company_and_position_once(db):
    """add-application creates the missing company and position, prints the new id, and a
    second application reuses them whatever the case and spaces."""
    first = add_application("Acme", "Data Engineer", "2026-11-02")
    second = add_application(" ACME ", "data engineer", "2026-11-09")
    assert second != first
    rows = db.execute(
        "select companies.name, positions.title, processes.source_code, processes.applied_on"
        " from hirewire.interview_processes as processes"
        " join hirewire.job_positions as positions on positions.id = processes.position_id"
        " join hirewire.companies as companies on companies.id = positions.company_id"
        " where processes.id = %s",
        [first],
    ).fetchone()
    assert rows == ("Acme", "Data Engineer", "linkedin", dt.date(2026, 11, 2))
    assert counts(db)["companies"] == 1
    assert counts(db)["job_positions"] == 1


def test_duplicate_application_is_refused_and_nothing_is_written(db):
    """The same position on the same day twice: one sentence naming the constraint, exit 1,
    and not even a new company is left behind."""
    add_application("Acme", "Data Engineer", "2026-11-02")
    before = counts(db)
    ran = entry(
        "add-application", "--company", "acme", "--title", "Data Engineer", "--source",
        "indeed", "--applied-on", "02/11/2026",
    )  # fmt: skip
    assert_one_line_error(ran, "already applied", "interview_processes_natural_key")
    assert counts(db) == before


def test_status_interview_and_outcome_commands_write_dated_history(db):
    """set-status at a past date, add-interview and record-outcome each print the created id
    and date the status history when it happened, not now."""
    app = add_application("Globex", "Analyst", "2026-10-01", "--contact", "Jane Roe")
    ran = entry("set-status", "--application", str(app), "--status", "screening",
                "--on", "2026-10-05", "--note", "recruiter called")  # fmt: skip
    assert ran.code == 0, ran.err
    history_id = int(ran.out)
    ran = entry("add-interview", "--application", str(app), "--at", "2026-10-08 14:30",
                "--type", "visio", "--interviewer", "Sam", "--rating", "4")  # fmt: skip
    assert ran.code == 0, ran.err
    interview_id = int(ran.out)
    ran = entry("record-outcome", "--application", str(app), "--outcome", "offre",
                "--on", "2026-10-20", "--salary", "52 000 €")  # fmt: skip
    assert ran.code == 0, ran.err
    outcome_id = int(ran.out)
    history = db.execute(
        "select id, from_status_code, to_status_code, effective_at::date, note"
        " from hirewire.process_status_history where process_id = %s order by effective_at",
        [app],
    ).fetchall()
    assert [(row[1], row[2], row[3]) for row in history] == [
        (None, "applied", dt.date(2026, 10, 1)),
        ("applied", "screening", dt.date(2026, 10, 5)),
        ("screening", "interviewing", dt.date(2026, 10, 8)),
        ("interviewing", "offer", dt.date(2026, 10, 20)),
    ]
    assert history[1][0] == history_id and history[1][4] == "recruiter called"
    interview = db.execute(
        "select interview_type_code, status_code, rating from hirewire.interviews where id = %s",
        [interview_id],
    ).fetchone()
    assert interview == ("video", "completed", 4)
    outcome = db.execute(
        "select outcome_code, salary_offered, currency from hirewire.interview_outcomes"
        " where id = %s",
        [outcome_id],
    ).fetchone()
    assert outcome == ("offer", 52000, "EUR")

    shown = entry("show", str(app))
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert lines[0] == f"Application {app}: Analyst at Globex"
    assert "contact: Jane Roe" in shown.out
    events = [line.strip().split("  ", 1)[1] for line in lines if line.startswith("    2026")]
    assert events[:2] == ["Applied", "Status: applied -> screening  (recruiter called)"]
    assert set(events[2:4]) == {
        "Status: screening -> interviewing",
        f"Interview: Video call (completed) [id {interview_id}]  (with Sam; rated 4/5)",
    }
    as_json = json.loads(entry("show", str(app), "--format", "json").out)
    assert as_json["outcome_code"] == "offer"
    assert len(as_json["timeline"]) == 6


EXPECTED_ERRORS = [
    (["set-status", "--application", "999", "--status", "rejected"],
     ["no application with id 999"], 1),
    (["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
          "--applied-on", "31/02/2026"], ["not a real date"], 2),
    (["add-application", "--company", "A", "--title", "B", "--source", "myspace"],
         ["unknown source 'myspace'", "linkedin"], 1),
    (["set-status", "--application", "{app}", "--status", "rejected", "--on", "2026-09-01"],
         ["before the application date"], 1),
    (["set-status", "--application", "{app}", "--status", "nope"], ["unknown status"], 1),
    (["record-outcome", "--application", "{app}", "--outcome", "offer", "--on", "2099-01-01"],
         ["in the future"], 1),
    (["add-interview", "--application", "{app}", "--at", "2026-13-45 25:99"],
     ["no such time of day"], 2),
    (["add-interview", "--application", "{app}", "--at", "2026-11-03 10:00", "--rating", "9"],
         ["rating must be a whole number from 1 to 5"], 2),
    (["list", "--candidate", "Nobody"], ["no candidate 'Nobody'"], 1),
    (["add-position", "--company", "Acme", "--title", "data engineer"], ["already has"], 1),
    (["add-company", "--name", "ACME"], ["already exists"], 1),
    (["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
      "--applied-on", "2099-01-01"], ["application date 2099-01-01 is in the future"], 1),
]  # fmt: skip


def test_expected_errors_are_one_sentence(db):
    """Unknown id, bad date, unknown vocabulary, impossible dates, duplicates: one clear
    line, a non-zero exit, no traceback and nothing written."""
    app = add_application("Acme", "Data Engineer", "2026-10-01")
    before = counts(db)
    for argv, fragments, code in EXPECTED_ERRORS:
        ran = entry(*[arg.replace("{app}", str(app)) for arg in argv])
        assert_one_line_error(ran, *fragments, code=code)
    assert counts(db) == before


def test_second_outcome_is_refused(db):
    """An application has at most one outcome: the second is refused, the first kept."""
    app = add_application("Acme", "Data Engineer", "2026-10-01")
    assert entry("record-outcome", "--application", str(app), "--outcome", "rejected").code == 0
    before = counts(db)
    ran = entry("record-outcome", "--application", str(app), "--outcome", "offer")
    assert_one_line_error(ran, "already has the outcome 'rejected'")
    assert counts(db) == before


def test_list_filters_and_formats(db):
    """list filters by status, source, text and open-only, as a table, CSV or JSON."""
    acme = add_application("Acme", "Data Engineer", "2026-10-01")
    globex = add_application("Globex", "BI Analyst", "2026-10-02")
    initech = entry("add-application", "--company", "Initech", "--title", "DBA", "--source",
                    "referral", "--applied-on", "2026-10-03", "--status", "rejected",
                    "--status-on", "2026-10-10")  # fmt: skip
    assert initech.code == 0
    table = entry("list").out.splitlines()
    assert table[0].split() == [
        "id", "company_name", "job_title", "source", "status", "interviews", "outcome",
        "applied_on", "last_change_on",
    ]  # fmt: skip
    assert [line.split()[1] for line in table[2:]] == ["Initech", "Globex", "Acme"]
    as_json = json.loads(entry("list", "--open", "--format", "json").out)
    assert [row["id"] for row in as_json] == [globex, acme]
    as_csv = entry("list", "--source", "Referral", "--format", "csv").out.splitlines()
    assert len(as_csv) == 2 and as_csv[1].split(",")[1:6] == [
        "Initech", "DBA", "referral", "rejected", "0",
    ]  # fmt: skip
    assert json.loads(entry("list", "--company", "analyst", "--format", "json").out)[0]["id"] == (
        globex
    )
    assert entry("list", "--status", "rejected", "--format", "json").out.count('"id"') == 1
    assert json.loads(entry("list", "--company", "%", "--format", "json").out) == []


def test_hostile_input_is_stored_verbatim_or_refused(db):
    """Quotes, SQL fragments, unicode and very long strings are data, never SQL; what breaks a
    limit or holds a control character is refused in one line."""
    company = "Robert'); drop table hirewire.companies; --"
    title = 'Ingénieur·e "données" 数据 🚀 \u202eRTL'
    notes = "x" * 10_000
    app = add_application(company, title, "2026-10-01", "--notes", notes, "--contact", "O'Hara")
    stored = db.execute(
        "select companies.name, positions.title, processes.notes"
        " from hirewire.interview_processes as processes"
        " join hirewire.job_positions as positions on positions.id = processes.position_id"
        " join hirewire.companies as companies on companies.id = positions.company_id"
        " where processes.id = %s",
        [app],
    ).fetchone()
    assert stored == (company, title, notes)
    listed = json.loads(entry("list", "--company", "drop table", "--format", "json").out)
    assert listed[0]["company_name"] == company
    before = counts(db)
    too_long = entry("add-application", "--company", "y" * 10_000, "--title", "T",
                     "--source", "linkedin")  # fmt: skip
    assert_one_line_error(too_long, "10000 characters long; the limit is 200", code=2)
    nul = entry("add-application", "--company", "Evil\x00Corp", "--title", "T",
                "--source", "linkedin")  # fmt: skip
    assert_one_line_error(nul, "control character", code=2)
    assert counts(db) == before


def test_candidate_option_selects_another_job_seeker(db):
    """--candidate (id or name) records and lists for another candidate, as a coach does."""
    db.execute("insert into hirewire.candidates (name) values ('Ana Lima')")
    ran = entry("add-application", "--candidate", "ana lima", "--company", "Acme", "--title",
                "Dev", "--source", "indeed", "--applied-on", "2026-10-01")  # fmt: skip
    assert ran.code == 0, ran.err
    owner = db.execute(
        "select candidates.name from hirewire.interview_processes as processes"
        " join hirewire.candidates as candidates on candidates.id = processes.candidate_id"
        " where processes.id = %s",
        [int(ran.out)],
    ).fetchone()[0]
    assert owner == "Ana Lima"
    assert json.loads(entry("list", "--format", "json").out) == []
    assert len(json.loads(entry("list", "--candidate", "2", "--format", "json").out)) == 1
    everyone = json.loads(entry("list", "--candidate", "all", "--format", "json").out)
    assert [row["candidate_name"] for row in everyone] == ["Ana Lima"]


def test_main_sh_lists_dispatches_and_refuses_unknown_names(db, tmp_path):
    """main.sh with no argument lists every category; unknown names get the list and exit 2;
    a script runs the Python entry point with its options, from any directory."""
    listing = main_sh()
    assert listing.code == 0
    for category in ("data-entry", "etl", "export", "setup", "testing"):
        assert f"\n{category}\n" in listing.out
    assert "  manage " in listing.out and "  work-search " in listing.out
    unknown = main_sh("nope")
    assert unknown.code == 2 and "unknown category 'nope'" in unknown.err
    assert "data-entry" in unknown.err
    unknown = main_sh("data-entry", "frobnicate")
    assert unknown.code == 2 and "unknown script 'frobnicate'" in unknown.err
    added = main_sh("data-entry", "add-application", "--company", "Acme", "--title", "Dev",
                    "--source", "linkedin", "--applied-on", "2026-11-02", cwd=tmp_path)  # fmt: skip
    assert added.code == 0, added.err
    assert added.out.strip() == str(
        db.execute("select max(id) from hirewire.interview_processes").fetchone()[0]
    )
    # Help and usage errors name the command as typed, not the Python module behind it.
    helped = main_sh("data-entry", "add-application", "--help")
    assert helped.code == 0 and helped.out.startswith(
        "usage: ./scripts/main.sh data-entry add-application "
    )
    missing = main_sh("export", "work-search", "--lang", "de")
    assert missing.code == 2 and "usage: ./scripts/main.sh export work-search " in missing.err


def test_database_down_is_one_sentence(db, tmp_path):
    """With PostgreSQL unreachable, a command says so in one sentence (the server named once)
    and exits 1, naming where the setting to fix comes from: the shell, or .env."""
    env = os.environ | {"PGPORT": "1", "HIREWIRE_CONNECT_TIMEOUT": "2"}
    ran = main_sh("data-entry", "list", env=env)
    assert_one_line_error(ran, "PostgreSQL is not answering at ", "PGPORT from the shell")
    assert "at PostgreSQL at" not in ran.err
    dotenv = tmp_path / ".env"
    dotenv.write_text("PGPORT=1\n", encoding="utf-8")
    env = {name: value for name, value in env.items() if name != "PGPORT"}
    ran = main_sh("data-entry", "list", env=env | {"HIREWIRE_ENV_FILE": str(dotenv)})
    assert_one_line_error(ran, "PostgreSQL is not answering at ", "PGPORT from .env")


def test_banner_names_the_role_data_entry_uses(db):
    """Data entry connects as hirewire_app, and its banner says so (not the admin role)."""
    ran = entry("list")
    assert ran.code == 0, ran.err
    assert "Using PostgreSQL at " in ran.err and ", user hirewire_app" in ran.err
