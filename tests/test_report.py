"""The static HTML report: built from a real warehouse, rendered in a real headless Chromium."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from helpers_report import SAMPLE_AS_OF, STAR_SCHEMA, empty_warehouse

from hirewire.report import browser

CHARTS_PER_CANDIDATE = 6  # funnel, sources, stage flow, weekly activity, companies, interviews

# What a reader sees, read from the rendered page (not from the HTML source).
PROBE = """(() => ({
    names: [...document.querySelectorAll('section.candidate h2')].map(e => e.textContent.trim()),
    applications: [...document.querySelectorAll('[data-kpi="Applications"]')]
        .map(e => e.textContent.trim()),
    asOf: document.querySelector('[data-field="as-of"]').textContent.trim(),
    loadedAt: document.querySelector('[data-field="loaded-at"]').textContent.trim(),
    external: [...document.querySelectorAll('script[src], link[href], img[src]')].length,
}))()"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected(warehouse: Path) -> dict:
    """The numbers the page must show, straight from the marts."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        candidates = con.execute(
            "select c.candidate_name, count(*) from mart_applications as a "
            "inner join dim_candidate as c on a.candidate_id = c.candidate_id "
            "group by c.candidate_name, c.is_default order by c.is_default desc, 1"
        ).fetchall()
        loaded_at = con.execute(
            "select strftime(max(finished_at) at time zone 'UTC', '%Y-%m-%d %H:%M UTC') "
            "from etl_run where status = 'succeeded'"
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "names": [name for name, _ in candidates],
        "applications": [str(count) for _, count in candidates],
        "loaded_at": loaded_at,
    }


@pytest.fixture
def published(report_warehouse: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared sample warehouse, as this test's published warehouse."""
    monkeypatch.setenv("HIREWIRE_WAREHOUSE", str(report_warehouse))
    return report_warehouse


@pytest.mark.slow
def test_report_renders_every_chart_in_chromium(published: Path, data_dir: Path, cli) -> None:
    """One self-contained file: every chart draws offline in Chromium, no console error, and
    the page shows each candidate's numbers, the load time and the as-of date from the marts."""
    before = _digest(published)
    done = cli("hirewire.report")
    assert done.returncode == 0, done.stderr
    report = data_dir / "report.html"
    assert "report written to" in done.stdout
    assert report.stat().st_mode & 0o777 == 0o600
    assert _digest(published) == before, "the report must open the warehouse read-only"

    html = report.read_text(encoding="utf-8")
    assert html.count("* plotly.js v") == 1, "plotly.js must be inlined exactly once"

    expected = _expected(published)
    page = browser.load_page(report.as_uri(), probe=PROBE, screenshot=True)
    assert page.errors == []
    assert page.png is not None and page.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(page.png[16:20], "big") == 1280  # full-page width, as docs/report.png
    assert page.charts_total == CHARTS_PER_CANDIDATE * len(expected["names"])
    assert page.charts_drawn == page.charts_total
    assert page.probe == {
        "names": expected["names"],
        "applications": expected["applications"],
        "asOf": SAMPLE_AS_OF,
        "loadedAt": expected["loaded_at"],
        "external": 0,
    }


def test_missing_warehouse_is_one_clear_line(data_dir: Path, cli) -> None:
    """No warehouse: one line saying to run make refresh, exit 1, no traceback, no file."""
    done = cli("hirewire.report")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: no warehouse at {data_dir / 'hirewire.duckdb'}: run make refresh first"
    ]
    assert not (data_dir / "report.html").exists()


def test_warehouse_without_marts_says_refresh(warehouse_path: Path, data_dir: Path, cli) -> None:
    """A star schema without marts (ETL ran, dbt did not) is refused with the fix to apply."""
    con = duckdb.connect(str(warehouse_path))
    con.execute(STAR_SCHEMA.read_text(encoding="utf-8"))
    con.close()
    done = cli("hirewire.report")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "lacks the marts" in done.stderr and "run make refresh first" in done.stderr
    assert not (data_dir / "report.html").exists()


def test_other_as_of_is_refused_and_old_report_kept(published: Path, data_dir: Path, cli) -> None:
    """--as-of must match the marts' date; on refusal the previous report stays untouched."""
    report = data_dir / "report.html"
    report.write_text("previous report", encoding="utf-8")
    done = cli("hirewire.report", "--as-of", "2026-01-01")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: the marts in {published} were built as of {SAMPLE_AS_OF}, not 2026-01-01: "
        "run make refresh AS_OF=2026-01-01 first"
    )
    assert report.read_text(encoding="utf-8") == "previous report"
    assert cli("hirewire.report", "--as-of", "yesterday").returncode == 2


def test_no_applications_gives_a_friendly_page(warehouse_path: Path, data_dir: Path, cli) -> None:
    """A candidate with no application yet gets a message and zeros, not broken charts."""
    empty_warehouse(warehouse_path, [(7, "Alex Martin", True)])
    done = cli("hirewire.report")
    assert done.returncode == 0, done.stderr
    html = (data_dir / "report.html").read_text(encoding="utf-8")
    assert "No applications yet for Alex Martin." in html
    assert "plotly-graph-div" not in html
    assert 'data-kpi="Applications">0<' in html
    assert "2026-11-20 08:30 UTC" in html  # the ETL run's finished_at: when data was loaded


def test_output_dash_writes_the_page_to_stdout(warehouse_path: Path, data_dir: Path, cli) -> None:
    """`--output -` (the report container) prints the page and writes no file."""
    empty_warehouse(warehouse_path, [(7, "Alex Martin", True)])
    done = cli("hirewire.report", "--output", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and done.stdout.rstrip().endswith("</html>")
    assert "report written to standard output" in done.stderr
    assert not (data_dir / "report.html").exists()


def test_warehouse_held_by_a_writer_is_named(warehouse_path: Path, data_dir: Path, cli) -> None:
    """While another process writes the warehouse, the report says so in one line, exit 1."""
    empty_warehouse(warehouse_path, [(7, "Alex Martin", True)])
    writer = duckdb.connect(str(warehouse_path))
    try:
        done = cli("hirewire.report")
    finally:
        writer.close()
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "is held by another process writing it" in done.stderr
    assert not (data_dir / "report.html").exists()


def test_names_typed_by_users_cannot_inject_markup(
    warehouse_path: Path, data_dir: Path, cli
) -> None:
    """A company name holding HTML is shown as text in the table and inside the chart data."""
    empty_warehouse(warehouse_path, [(7, "Alex Martin", True)])
    evil = "</script><script>alert(1)</script><b>Evil"
    con = duckdb.connect(str(warehouse_path))
    con.execute(
        "insert into mart_applications (application_id, candidate_id, company_name, job_title, "
        "source, source_label, applied_on, current_status, days_since_last_activity, "
        "needs_follow_up, as_of_date) values (1, 7, ?, 'Analyst', 'linkedin', 'LinkedIn', "
        "date '2026-11-01', 'applied', 19, true, date '2026-11-20')",
        [evil],
    )
    con.execute(
        "insert into mart_company_responsiveness (candidate_id, company_name, applications, "
        "responses, response_rate, ghosted, ghost_rate) values (7, ?, 1, 0, 0.0, 0, 0.0)",
        [evil],
    )
    con.close()
    done = cli("hirewire.report")
    assert done.returncode == 0, done.stderr
    html = (data_dir / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>Evil" not in html
    assert "&lt;b&gt;Evil" in html  # the follow-up table shows it as text
    assert 'data-section="companies"' in html and "plotly-graph-div" in html
