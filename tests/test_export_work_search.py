"""Exports: the work-search activity log (French / English, CSV / HTML) and applications CSV."""

from __future__ import annotations

import csv
import io

import pytest

from hirewire.exports import main as exports_main
from tests.helpers_entry import (
    add_application,
    assert_one_line_error,
    entry,
    main_sh,
    run_main,
)


def exports(*argv: str):
    return run_main(exports_main, *argv)


@pytest.fixture
def search(db) -> dict[str, int]:
    """Three applications: one interviewed then rejected, one with a hostile contact, one
    outside the reporting period."""
    acme = add_application("Acme", "Data Engineer", "2026-10-02", "--contact", "Jane Roe")
    entry("add-interview", "--application", str(acme), "--at", "2026-10-09 10:00",
          "--type", "video", "--interviewer", "Sam")  # fmt: skip
    entry("record-outcome", "--application", str(acme), "--outcome", "rejected",
          "--on", "2026-10-20")  # fmt: skip
    evil = add_application("=HYPERLINK(\"http://x\")", "@SUM(A1)", "2026-10-05",
                           "--contact=-2+3", "--notes", "+cmd|' /C calc'!A0")  # fmt: skip
    old = add_application("Old Co", "Dev", "2026-08-01")
    return {"acme": acme, "evil": evil, "old": old}


def test_work_search_in_french_and_english(search):
    """One line per action in the period (application, interview, decision) with employer,
    position, channel, contact and result, labelled in the chosen language; French CSV on
    standard output starts with the UTF-8 BOM like a file written with --output (Excel)."""
    french = exports("work-search", "--from", "01/10/2026", "--to", "31/10/2026", "--lang", "fr")
    assert french.code == 0, french.err
    assert french.out.startswith("\ufeffDate;")
    rows = list(csv.reader(io.StringIO(french.out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Date", "Type de démarche", "Entreprise", "Poste", "Canal", "Contact",
                       "Résultat"]  # fmt: skip
    acme = [row for row in rows[1:] if row[2] == "Acme"]
    assert acme == [
        ["02/10/2026", "Candidature envoyée", "Acme", "Data Engineer", "LinkedIn", "Jane Roe",
         "Refus"],
        ["09/10/2026", "Entretien", "Acme", "Data Engineer", "Visioconférence", "Sam", "Réalisé"],
        ["09/10/2026", "Suivi de candidature", "Acme", "Data Engineer", "LinkedIn", "Jane Roe",
         "Entretiens en cours"],
        ["20/10/2026", "Décision", "Acme", "Data Engineer", "LinkedIn", "Jane Roe", "Refus"],
    ]  # fmt: skip
    assert all(row[2] != "Old Co" for row in rows)
    english = exports("work-search", "--from", "2026-10-01", "--to", "2026-10-31", "--lang", "en")
    assert english.out.startswith("Date,")
    rows = list(csv.reader(io.StringIO(english.out)))
    assert rows[0] == ["Date", "Action", "Employer", "Position", "Channel", "Contact", "Result"]
    assert ["2026-10-20", "Decision", "Acme", "Data Engineer", "LinkedIn", "Jane Roe",
            "Rejected"] in rows  # fmt: skip


def test_exports_neutralise_spreadsheet_formulas(search, tmp_path):
    """Cells starting with =, +, - or @ are prefixed so a spreadsheet shows them as text, in
    the work-search log and in the applications export; HTML escapes them instead."""
    log = exports("work-search", "--from", "2026-10-01", "--to", "2026-10-31", "--lang", "en")
    evil = next(row for row in csv.reader(io.StringIO(log.out)) if "HYPERLINK" in row[2])
    assert evil[2:6] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "LinkedIn", "'-2+3"]
    dumped = exports("applications")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(dumped.out))}
    assert rows[str(search["evil"])]["notes"] == "'+cmd|' /C calc'!A0"
    assert rows[str(search["acme"])]["outcome"] == "rejected"
    page = main_sh(
        "export", "work-search", "--from", "2026-10-01", "--to", "2026-10-31", "--lang", "fr",
        "--format", "html", "--output", "log.html", cwd=tmp_path,
    )  # fmt: skip
    assert page.code == 0, page.err
    html = (tmp_path / "log.html").read_text(encoding="utf-8")
    assert "<td>=HYPERLINK(&quot;http://x&quot;)</td>" in html
    assert "Actes de recherche d&#x27;emploi" in html


def test_applications_export_imports_back(search, db, tmp_path):
    """`export applications` writes the import template's columns: importing it for another
    candidate recreates the same applications, statuses and outcomes."""
    path = tmp_path / "mine.csv"
    assert exports("applications", "--output", str(path)).code == 0
    db.execute("insert into hirewire.candidates (name) values ('Twin')")
    ran = entry("import", str(path), "--candidate", "Twin")
    assert ran.code == 0, ran.err
    assert "Created 3 applications, 0 companies, 0 positions, 1 outcome;" in ran.out
    query = (
        "select position_id, source_code, status_code, applied_on from hirewire.interview_processes"
        " where candidate_id = %s order by applied_on"
    )
    assert db.execute(query, [1]).fetchall() == db.execute(query, [2]).fetchall()


def test_bad_export_options_are_one_sentence(db):
    """A period that ends before it starts, or a bad date, is refused in one line."""
    assert_one_line_error(
        exports("work-search", "--from", "2026-10-31", "--to", "2026-10-01"), "is after --to"
    )
    assert_one_line_error(exports("work-search", "--from", "someday"), "not a date", code=2)
