"""Bad input at every door: each one ends in one line naming the problem and the fix, a
non-zero exit, no traceback, and nothing written. The tables below are the contract."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import pexpect
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load import load_warehouse
from hirewire.entry import importer, parse, store
from hirewire.errors import UserError
from tests.helpers_dbt import INTERVIEW_TYPES, OUTCOMES, SOURCES, STATUSES
from tests.helpers_entry import counts, reset, run_main
from tests.helpers_etl import (
    change_status,
    make_application,
    make_company,
    make_interview,
    make_outcome,
    make_position,
    read_rows,
    written_before_the_date_rules,
)
from tests.helpers_reliability import (
    ROOT,
    free_port,
    password_server,
)


@pytest.fixture
def db(shared_db, monkeypatch, data_dir):
    """The shared data-entry database, emptied, with one application (id 1) to act on."""
    conn = reset(shared_db, monkeypatch)
    company = make_company(conn, "Acme")
    position = make_position(conn, company, "Data engineer")
    make_application(conn, position, dt.date(2026, 10, 1))
    return conn


def main_of(module: str):
    """The `main(argv)` a `python -m module` runs (run in-process: same code, no start-up)."""
    name = {"entry": "hirewire.entry.cli", "report": "hirewire.report.__main__"}.get(module, module)
    if name == "etl":
        name = "etl.__main__"
    return importlib.import_module(name).main


def assert_one_line(ran, fragment: str, code: int) -> None:
    """Exit `code`, no traceback, and exactly one `error:` line, which holds `fragment`."""
    assert ran.code == code, (ran.code, ran.out, ran.err)
    assert "Traceback" not in ran.err + ran.out
    errors = [line for line in ran.err.splitlines() if "error:" in line]
    assert len(errors) == 1, ran.err
    assert fragment in errors[0], (fragment, errors[0])


# door, module, arguments, expected part of the one error line, exit code (2 = usage)
BAD_FLAGS = [
    ("unknown source", "entry",
     ["add-application", "--company", "A", "--title", "B", "--source", "monster"],
     "unknown source 'monster'; use one of: linkedin", 1),
    ("impossible date", "entry",
     ["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
      "--applied-on", "2026-13-45"], "'2026-13-45' is not a real date; use YYYY-MM-DD", 2),
    ("date out of range", "entry",
     ["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
      "--applied-on", "1850-01-01"], "outside 1990-01-01..2100-12-31", 2),
    ("day/month swapped", "entry",
     ["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
      "--applied-on", "11/25/2026"], "looks like month/day order", 2),
    ("negative salary", "entry",
     ["add-position", "--company", "A", "--title", "B", "--salary=-5000"],
     "'-5000' is not an amount", 2),
    ("salary range upside down", "entry",
     ["add-position", "--company", "A", "--title", "B", "--salary", "60-40k"],
     "low end is above its high end", 2),
    ("absurd salary", "entry",
     ["add-position", "--company", "A", "--title", "B", "--salary", "99999999999"],
     "too large for an amount", 2),
    ("unknown application id", "entry",
     ["add-interview", "--application", "999999", "--at", "2026-11-05 14:30"],
     "no application with id 999999", 1),
    ("id that is not a number", "entry",
     ["set-status", "--application", "abc", "--status", "screening"],
     "an id must be a whole number", 2),
    ("unknown status", "entry", ["set-status", "--application", "1", "--status", "vacationing"],
     "unknown status 'vacationing'", 1),
    ("status before applying", "entry",
     ["set-status", "--application", "1", "--status", "screening", "--on", "2026-09-01"],
     "is before the application date 2026-10-01", 1),
    ("interview before applying", "entry",
     ["add-interview", "--application", "1", "--at", "2026-09-01 10:00"],
     "is before the application date", 1),
    ("unknown outcome", "entry",
     ["record-outcome", "--application", "1", "--outcome", "maybe"], "unknown outcome 'maybe'", 1),
    ("rating out of range", "entry",
     ["add-interview", "--application", "1", "--at", "2026-11-05 14:30", "--rating", "9"],
     "the rating must be a whole number from 1 to 5", 2),
    ("empty company name", "entry", ["add-company", "--name", "  "],
     "the company name is required", 2),
    ("control character", "entry", ["add-company", "--name", "Acme\x07"],
     "contains a control character", 2),
    ("bad e-mail", "entry",
     ["add-application", "--company", "A", "--title", "B", "--source", "linkedin",
      "--contact-email", "not-an-email"], "is not an e-mail address", 2),
    ("unknown candidate", "entry", ["list", "--candidate", "nobody"], "no candidate 'nobody'", 1),
    ("bad list date", "entry", ["list", "--since", "someday"], "is not a date", 2),
    ("missing CSV file", "entry", ["import", "/nonexistent/search.csv"],
     "cannot read /nonexistent/search.csv", 1),
    ("export period reversed", "hirewire.exports",
     ["work-search", "--from", "2026-11-30", "--to", "2026-11-01"], "is after --to", 1),
    ("unknown ETL mode", "etl", ["run", "--mode", "fast"], "invalid choice: 'fast'", 2),
    ("bad as-of date", "hirewire.analytics", ["refresh", "--as-of", "2026-02-30"],
     "'2026-02-30' is not a date", 2),
    ("bad report date", "report", ["--as-of", "yesterday"], "is not a date", 2),
    ("zero sample size", "hirewire.sample", ["--applications", "0"], "is out of range", 2),
    ("check without warehouse", "etl", ["check"], "no warehouse at", 1),
]  # fmt: skip


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("module", "argv", "fragment", "code"),
    [case[1:] for case in BAD_FLAGS],
    ids=[case[0] for case in BAD_FLAGS],
)
def test_bad_command_line_input(db, module, argv, fragment, code):
    """Each bad flag value: one clear line, exit 1 (2 for usage), nothing written."""
    before = counts(db)
    ran = run_main(main_of(module), *argv)
    assert_one_line(ran, fragment, code)
    assert counts(db) == before


# environment overrides, command, expected part of the error line
BAD_CONFIG = [
    ("port not a number", {"PGPORT": "abc"}, "etl", ["run"],
     "PGPORT='abc' is not a port number: set it to 1-65535"),
    ("port out of range", {"PGPORT": "99999"}, "entry", ["list"],
     "PGPORT='99999' is not a port number"),
    ("nothing listening", {"PGPORT": "closed"}, "etl", ["run"],
     "PostgreSQL is not answering at 127.0.0.1:"),
    ("unknown host", {"PGHOST": "no-such-host.invalid"}, "etl", ["run"],
     "cannot connect to PostgreSQL at no-such-host.invalid"),
    ("unknown database", {"PGDATABASE": "hirewire_no_such_db"}, "entry", ["list"],
     "database 'hirewire_no_such_db' does not exist"),
    ("unknown ETL role", {"HIREWIRE_ETL_USER": "nobody_etl"}, "etl", ["run"],
     "role 'nobody_etl' does not exist"),
    ("unknown data-entry role", {"HIREWIRE_APP_USER": "nobody_app"}, "entry", ["list"],
     "role 'nobody_app' does not exist"),
    ("warehouse under a missing directory", {"HIREWIRE_WAREHOUSE": "/proc/none/x.duckdb"},
     "etl", ["run"], "/proc/none"),
    ("warehouse is a directory", {"HIREWIRE_WAREHOUSE": "/tmp"}, "etl", ["check"], "/tmp"),
    ("missing extension", {"HIREWIRE_EXTENSION_DIR": "/nonexistent/extensions"}, "etl", ["run"],
     "postgres extension is missing"),
]  # fmt: skip


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("env", "module", "argv", "fragment"),
    [case[1:] for case in BAD_CONFIG],
    ids=[case[0] for case in BAD_CONFIG],
)
def test_bad_configuration(db, monkeypatch, env, module, argv, fragment):
    """Each bad setting: one line naming the setting to fix; the source is untouched."""
    before = counts(db)
    for name, value in env.items():
        monkeypatch.setenv(name, str(free_port()) if value == "closed" else value)
    monkeypatch.setenv("HIREWIRE_CONNECT_TIMEOUT", "3")
    ran = run_main(main_of(module), *argv)
    assert_one_line(ran, fragment, 1)
    monkeypatch.undo()
    assert counts(db) == before


@pytest.mark.timeout(120)
def test_missing_or_wrong_password_is_named_and_never_echoed(data_dir, monkeypatch):
    """Against a server that checks passwords (scram-sha-256): a missing or wrong password, for
    the admin and for the ETL role, says which variable to fix and never prints the attempt."""
    right, wrong, etl_password = "right-Pw-4471", "wrong-Pw-9913", "etl-Pw-5521"
    with password_server(right) as server:
        for name, value in server.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("HIREWIRE_ENV_FILE", os.devnull)
        monkeypatch.setenv("PGDATABASE", "postgres")
        monkeypatch.setenv("PGPASSWORD", right)
        admin = psycopg.connect(dbname="postgres", password=right, autocommit=True)
        admin.execute(
            psycopg.sql.SQL("create role hirewire_etl login password {}").format(etl_password)
        )
        admin.close()
        cases = [
            ({"PGPASSWORD": None}, "hirewire.db", ["status"], "PGPASSWORD"),
            ({"PGPASSWORD": wrong}, "hirewire.db", ["status"], "PGPASSWORD"),
            ({"PGPASSWORD": wrong}, "hirewire.migrate", [], "PGPASSWORD"),
            ({"HIREWIRE_ETL_PASSWORD": None}, "etl", ["run"], "HIREWIRE_ETL_PASSWORD"),
            ({"HIREWIRE_ETL_PASSWORD": wrong}, "etl", ["run"], "HIREWIRE_ETL_PASSWORD"),
        ]
        for env, module, argv, variable in cases:
            with monkeypatch.context() as patch:
                for name, value in env.items():
                    if value is None:
                        patch.delenv(name, raising=False)
                    else:
                        patch.setenv(name, value)
                ran = run_main(main_of(module), *argv)
            assert_one_line(ran, "PostgreSQL refused the password", 1)
            assert variable in ran.err, (variable, ran.err)
            for password in (right, wrong, etl_password):
                assert password not in ran.err + ran.out
        # The right password works: the failures above were about the password only.
        monkeypatch.setenv("HIREWIRE_ETL_PASSWORD", right)
        assert run_main(main_of("hirewire.db"), "status").code == 0


# file content, expected part of the error or rejection line
BAD_CSV = [
    ("empty file", "", "the file is empty"),
    ("only blank lines", "\n \n", "the file is empty"),
    ("no company column", "title,applied on\nDev,2026-10-01\n", "the header has no company"),
    ("column named twice", "company,entreprise,title,date\nA,B,Dev,2026-10-01\n",
     "names the company column twice"),
    ("broken quoting", 'company,title,date\n"Acme,Dev,2026-10-01\n', "the CSV is malformed"),
    ("impossible date", "company,title,date\nAcme,Dev,2026-02-30\n", "line 2: '2026-02-30'"),
    ("future date", "company,title,date\nAcme,Dev,2099-01-01\n", "is in the future"),
    ("unknown source", "company,title,date,source\nAcme,Dev,2026-10-01,pigeon\n",
     "unknown source 'pigeon'"),
    ("negative salary", "company,title,date,salary\nAcme,Dev,2026-10-01,-40000\n",
     "is not an amount"),
    ("status before applying", "company,title,date,status,status on\n"
     "Acme,Dev,2026-10-01,rejected,2026-09-01\n", "is before the application date"),
    ("duplicate line", "company,title,date\nAcme,Dev,2026-10-01\nACME ,dev,2026-10-01\n",
     "duplicate of line 2"),
    ("binary garbage", "\x00\x01\x02\xff\xfe", "the header has no company"),
]  # fmt: skip


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("content", "fragment"), [case[1:] for case in BAD_CSV], ids=[case[0] for case in BAD_CSV]
)
def test_bad_csv_import_writes_nothing(db, tmp_path, content, fragment):
    """A bad file or a bad line: the problem is named (with its line), nothing is imported."""
    path = tmp_path / "search.csv"
    path.write_bytes(content.encode("latin-1", errors="replace"))
    before = counts(db)
    ran = run_main(main_of("entry"), "import", str(path))
    assert ran.code == 1, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    assert fragment in ran.err, ran.err
    assert counts(db) == before


@pytest.mark.timeout(60)
def test_interactive_prompts_refuse_bad_answers_and_save_nothing_on_eof(db):
    """At the manager's prompts an unknown source, an impossible date and a bad e-mail are
    refused with the accepted forms and asked again; Ctrl-D abandons the flow without saving."""
    before = counts(db)
    child = pexpect.spawn(
        sys.executable, ["-m", "hirewire.entry", "manage"], cwd=str(ROOT),
        env=os.environ.copy(), encoding="utf-8", timeout=30, dimensions=(40, 200),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    child.expect("Choose: ")
    child.sendline("1")
    child.expect("Company")
    child.sendline("Prompt Test Corp")
    child.expect("Job title: ")
    child.sendline("Analyst")
    child.expect(r"Source \[linkedin\]: ")
    child.sendline("carrier pigeon")
    child.expect("unknown source")
    child.expect("Source")
    child.sendline("indeed")
    child.expect("Applied on")
    child.sendline("31/02/2026")
    child.expect("not a real date")
    child.expect("Applied on")
    child.sendline("2026-10-02")
    child.expect(r"Current status \[applied\]: ")
    child.sendline("")
    child.expect("Contact name")
    child.sendline("")
    child.expect("Contact e-mail")
    child.sendline("at@@")
    child.expect("is not an e-mail address")
    child.expect("Contact e-mail")
    child.sendeof()
    child.expect("Choose: ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    transcript = child.logfile_read.getvalue()
    assert "Traceback" not in transcript
    assert child.exitstatus in (0, 1, 130), transcript
    assert counts(db) == before


@pytest.mark.timeout(90)
def test_hand_written_source_rows_are_loaded_and_counted(source_db, source_env, tmp_path):
    """Rows a DBA writes in SQL, bypassing the application where the constraints allow (an
    application with an empty status history, an interview before the application date, an
    outcome with no status change, a status change dated before the application), load
    without error and are counted in the run's summary."""
    # Migration 008 refuses these for new writes; rows written before it (an upgraded database)
    # are what this test loads.
    with written_before_the_date_rules(source_db):
        company = make_company(source_db, "Hand made")
        position = make_position(source_db, company, "Analyst")
        no_history = make_application(source_db, position, dt.date(2026, 10, 1))
        source_db.execute(
            "delete from hirewire.process_status_history where process_id = %s", [no_history]
        )
        early = make_application(source_db, position, dt.date(2026, 10, 10), "indeed")
        make_interview(source_db, early, dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
        silent = make_application(source_db, position, dt.date(2026, 10, 12), "referral")
        make_outcome(source_db, silent, "offer", dt.date(2026, 10, 20), 50000)
        backdated = make_application(source_db, position, dt.date(2026, 10, 15), "other")
        change_status(source_db, backdated, "screening", dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
        normal = make_application(source_db, position, dt.date(2026, 10, 16))
        change_status(source_db, normal, "screening", dt.datetime(2026, 10, 18, tzinfo=dt.UTC))

    path = tmp_path / "hand.duckdb"
    summary = load_warehouse(path, "full", progress=lambda _line: None)
    assert summary.application_count >= 5
    special = summary.special_member_counts
    assert special["application_without_history"] == 1
    assert special["interview_before_application"] == 1
    assert special["outcome_without_status_change"] == 1
    assert special["status_change_before_application"] == 1
    rows = read_rows(path, "select special_member_counts from etl_run")
    assert json.loads(rows[0]["special_member_counts"]) == special
    loaded = {
        row["application_id"]
        for row in read_rows(path, "select application_id from fct_application")
    }
    assert {no_history, early, silent, backdated, normal} <= loaded
    # A second run over the same rows is as calm as the first (nothing half-written).
    again = load_warehouse(path, "incremental", progress=lambda _line: None)
    assert again.special_member_counts == special


# --- fuzzing: the parsers and the CSV checker never fail with anything but a clear message ---

VOCABULARIES = store.Vocabularies(
    sources=parse.Vocabulary(
        "source", {code: label for code, label, _ in SOURCES}, parse.SOURCE_SYNONYMS
    ),
    statuses=parse.Vocabulary(
        "status", {row[0]: row[1] for row in STATUSES}, parse.STATUS_SYNONYMS
    ),
    outcomes=parse.Vocabulary(
        "outcome", {code: code.title() for code, _ in OUTCOMES}, parse.OUTCOME_SYNONYMS
    ),
    interview_types=parse.Vocabulary(
        "interview type", {code: code for code, _ in INTERVIEW_TYPES},
        parse.INTERVIEW_TYPE_SYNONYMS,
    ),
    interview_statuses=parse.Vocabulary("interview status", {"completed": "Completed"}, {}),
    open_statuses=frozenset(row[0] for row in STATUSES if row[2] == "open"),
)  # fmt: skip
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
messy_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.from_regex(r"[0-9 ./,:kK€$-]{0,20}", fullmatch=True)


@pytest.mark.timeout(60)
@FUZZ
@given(messy_text)
def test_fuzz_date_parser(raw):
    """Any text gives a date within the schema's bounds or one ParseError line."""
    try:
        value = parse.parse_date(raw, today=dt.date(2026, 11, 20))
    except parse.ParseError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert parse.MIN_DATE <= value <= parse.MAX_DATE


@pytest.mark.timeout(60)
@FUZZ
@given(messy_text)
def test_fuzz_datetime_and_number_parsers(raw):
    """Any text gives a valid amount (0 <= low <= high <= decimal(12, 2)), time or integer,
    or one ParseError line; never another exception."""
    for parser in (
        parse.parse_amount,
        parse.parse_datetime,
        lambda text: parse.parse_int(text, low=1, high=5, what="the rating"),
    ):
        try:
            value = parser(raw)
        except parse.ParseError as exc:
            assert "\n" not in str(exc) and str(exc)
            continue
        if isinstance(value, parse.Amount):
            assert Decimal(0) <= value.low <= value.high <= parse.MAX_AMOUNT
        elif isinstance(value, int):
            assert 1 <= value <= 5


@pytest.mark.timeout(60)
@FUZZ
@given(
    st.lists(st.lists(messy_text, min_size=0, max_size=6), min_size=0, max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_fuzz_csv_checker(rows, delimiter):
    """Any grid of cells under a valid header is accepted or rejected line by line (never an
    exception); accepted lines carry clean values within the schema's bounds."""
    header = delimiter.join(["company", "title", "applied on", "source", "salary", "status"])
    body = "\n".join(
        delimiter.join(cell.replace("\n", " ").replace("\r", " ") for cell in row) for row in rows
    )
    try:
        checked = importer.check(header + "\n" + body, delimiter, VOCABULARIES, 1)
    except UserError as exc:
        assert "malformed" in str(exc)
        return
    assert len(checked.rows) + len(checked.rejected) <= len(rows)
    for staged in checked.rows:
        _line, _candidate, company, title, applied_on = staged[:5]
        assert company and title and company == company.strip()
        assert parse.MIN_DATE <= applied_on <= dt.date.today()
    for _line, reason in checked.rejected:
        assert reason and "\n" not in reason


@pytest.mark.timeout(60)
@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                     min_size=1, max_size=30).filter(str.strip),
            st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 11, 1)),
        ),
        min_size=1, max_size=5, unique_by=lambda row: (row[0].strip().lower(), row[1]),
    )
)  # fmt: skip
def test_fuzz_valid_csv_lines_round_trip(rows):
    """Valid lines with any printable company name come back exactly as typed."""
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(["company", "title", "applied on"])
    for company, applied in rows:
        writer.writerow([company, "Engineer", applied.isoformat()])
    checked = importer.check(buffer.getvalue(), ",", VOCABULARIES, 1)
    assert checked.rejected == []
    assert [(row[2], row[4]) for row in checked.rows] == [
        (company.strip(), applied) for company, applied in rows
    ]


def test_docs_table_lists_every_bad_input():
    """docs/reliability.md names every case of the tables above (the tables are the contract)."""
    doc = (Path(ROOT) / "docs" / "reliability.md").read_text(encoding="utf-8")
    for case in BAD_FLAGS + BAD_CONFIG + BAD_CSV:
        assert case[0] in doc, case[0]


def test_docs_cite_only_tests_that_exist():
    """Every test docs/reliability.md cites as a proof (`tests/x.py::name`, or `::name` after
    one) is defined in that file."""
    doc = (Path(ROOT) / "docs" / "reliability.md").read_text(encoding="utf-8")
    cited, current = [], None
    for path, name in re.findall(r"(tests/\w+\.py)?::(\w+)", doc):
        current = path or current
        cited.append((current, name))
    assert len(cited) > 20
    for path, name in cited:
        source = (Path(ROOT) / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.MULTILINE), f"{path}::{name}"
