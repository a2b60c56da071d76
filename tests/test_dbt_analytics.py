"""`python -m hirewire.analytics`: refresh (ETL + dbt, published once), build refusing to publish
marts that fail their tests, docs as a static site; against real Postgres, DuckDB and dbt.

The end-to-end search, entered in Postgres (as of 2026-03-31):
  P1 Acme "Data Engineer" (50-60k), linkedin, applied 02-02: screening 02-04, interviewing
     02-09, technical interview 02-10 (completed, 4), offer 02-20 (outcome offer at 58k)
  P2 Beta "Analyst", indeed, applied 02-03, nothing since         -> ghosted (56 days)
  P3 Acme "ML Engineer", referral, applied 03-02: rejected 03-06 (outcome rejected)
  P4 Gamma "Engineer", company_website, applied 03-16: phone screen scheduled 03-18, no status
     change                                                        -> responded, open
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import psycopg
import pytest
from helpers_dbt import Application, Interview, StarSearch, query

from hirewire import analytics

pytestmark = pytest.mark.slow

AS_OF = "2026-03-31"


def add_application(
    conn: psycopg.Connection, company: str, title: str, source: str, applied_on: str,
    salary: tuple[int, int] | None = None,
) -> int:  # fmt: skip
    """Insert company (once), position and application; returns the application id."""
    company_id = (
        conn.execute(
            "insert into hirewire.companies (name) values (%s) on conflict do nothing returning id",
            [company],
        ).fetchone()
        or conn.execute("select id from hirewire.companies where name = %s", [company]).fetchone()
    )
    low, high = salary or (None, None)
    position_id = conn.execute(
        "insert into hirewire.job_positions (company_id, title, salary_min, salary_max)"
        " values (%s, %s, %s, %s) returning id",
        [company_id[0], title, low, high],
    ).fetchone()[0]
    return conn.execute(
        "insert into hirewire.interview_processes (position_id, source_code, applied_on)"
        " values (%s, %s, %s) returning id",
        [position_id, source, applied_on],
    ).fetchone()[0]


def set_status(conn: psycopg.Connection, application: int, status: str, on: str) -> None:
    """Change the status, backdated to noon UTC of `on` (the history trigger reads it)."""
    with conn.transaction():
        conn.execute("select set_config('hirewire.effective_at', %s, true)", [f"{on} 12:00+00"])
        conn.execute(
            "update hirewire.interview_processes set status_code = %s where id = %s",
            [status, application],
        )


def add_search(conn: psycopg.Connection) -> None:
    """The end-to-end search of the module docstring."""
    p1 = add_application(conn, "Acme", "Data Engineer", "linkedin", "2026-02-02", (50000, 60000))
    for status, on in (("screening", "02-04"), ("interviewing", "02-09"), ("offer", "02-20")):
        set_status(conn, p1, status, f"2026-{on}")
    add_application(conn, "Beta", "Analyst", "indeed", "2026-02-03")
    p3 = add_application(conn, "Acme", "ML Engineer", "referral", "2026-03-02")
    set_status(conn, p3, "rejected", "2026-03-06")
    p4 = add_application(conn, "Gamma", "Engineer", "company_website", "2026-03-16")
    conn.execute(
        "insert into hirewire.interviews"
        " (process_id, interview_type_code, status_code, scheduled_at, rating)"
        " values (%s, 'technical', 'completed', '2026-02-10 10:00+00', 4),"
        " (%s, 'phone_screen', 'scheduled', '2026-03-18 10:00+00', null)",
        [p1, p4],
    )
    conn.execute(
        "insert into hirewire.interview_outcomes"
        " (process_id, outcome_code, decided_on, salary_offered)"
        " values (%s, 'offer', '2026-02-20', 58000), (%s, 'rejected', '2026-03-06', null)",
        [p1, p3],
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refresh_loads_builds_and_publishes_once(
    source_db, source_env, warehouse_path: Path, cli, tmp_path: Path, monkeypatch
) -> None:
    """Postgres search -> refresh (ETL + dbt build) -> one published warehouse with the marts."""
    add_search(source_db)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    result = cli("hirewire.analytics", "refresh", "--as-of", AS_OF, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Completed successfully" in result.stdout
    assert "refresh done in" in result.stdout
    # A line per model and dbt's summary; not the start and PASS lines of every node.
    assert "OK created sql incremental model main.mart_funnel" in result.stdout
    assert "Done. PASS=" in result.stdout
    assert not re.search(r"\d+ of \d+ (START|PASS) ", result.stdout)

    # Published once, nothing left behind by the build.
    assert query(warehouse_path, "select count(*) from etl_run") == [(1,)]
    assert not list(warehouse_path.parent.glob(".hirewire.duckdb.build-*"))

    funnel = query(
        warehouse_path, "select stage, applications from mart_funnel order by stage_order"
    )
    assert funnel == [("applied", 4), ("screening", 2), ("interviewing", 2),
                      ("technical_test", 1), ("final_round", 1), ("offer", 1),
                      ("accepted", 0)]  # fmt: skip
    applications = query(
        warehouse_path,
        "select job_title, has_responded, days_to_first_response, is_ghosted, terminal_state"
        " from mart_applications order by applied_on",
    )
    assert applications == [
        ("Data Engineer", True, 2, False, "offer"),
        ("Analyst", False, None, True, "ghosted"),
        ("ML Engineer", True, 4, False, "rejected"),
        ("Engineer", True, 2, False, "open"),
    ]
    assert query(
        warehouse_path,
        "select applications, responses, response_rate, median_days_to_first_response"
        " from mart_company_responsiveness where company_name = 'Acme'",
    ) == [(2, 2, 1.0, 3.0)]
    edges = dict(
        ((row[0], row[1]), row[2])
        for row in query(
            warehouse_path, "select source_stage, target_stage, applications from mart_stage_flow"
        )
    )
    assert edges == {
        ("applied", "screening"): 1, ("screening", "interviewing"): 1,
        ("interviewing", "offer"): 1, ("applied", "ghosted"): 1, ("applied", "rejected"): 1,
        ("applied", "interviewing"): 1, ("interviewing", "open"): 1,
    }  # fmt: skip
    weeks = query(
        warehouse_path,
        "select week_start, applications_sent, interviews_held, offers, rejections"
        " from mart_weekly_activity order by week_start",
    )
    assert weeks == [
        (date(2026, 2, 2), 2, 0, 0, 0),
        (date(2026, 2, 9), 0, 1, 0, 0),
        (date(2026, 2, 16), 0, 0, 1, 0),
        (date(2026, 2, 23), 0, 0, 0, 0),
        (date(2026, 3, 2), 1, 0, 0, 1),
        (date(2026, 3, 9), 0, 0, 0, 0),
        (date(2026, 3, 16), 1, 0, 0, 0),  # the 03-18 phone screen is not held yet
    ]
    assert query(
        warehouse_path, "select salary_vs_posted_range, offer_salary from mart_offers"
    ) == [("within", 58000)]
    # The intermediate views still work in the published file (no build-copy name in them).
    assert query(warehouse_path, "select count(*) from int_applications_measured") == [(4,)]


def test_failing_data_test_publishes_nothing(
    data_dir: Path, warehouse_path: Path, cli, tmp_path: Path, monkeypatch
) -> None:
    """A failing dbt test: exit 1, one line naming the test and model, warehouse untouched."""
    broken = StarSearch(
        candidates={1: "Me"},
        companies={1: "Acme"},
        positions={1: (1, "Engineer", None, None)},
        applications=[
            Application(
                1, 1, 1, 1, "linkedin", date(2026, 3, 2),
                interviews=[Interview("technical", date(2026, 3, 5), rating=9)],
            )
        ],
    )  # fmt: skip
    broken.write(warehouse_path)
    before = file_digest(warehouse_path)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("HIREWIRE_DBT_VERBOSE", "1")  # every node's lines, as dbt prints them
    result = cli("hirewire.analytics", "build", "--as-of", AS_OF, timeout=300)
    assert result.returncode == 1
    assert re.search(r"\d+ of \d+ START test ", result.stdout)
    assert re.search(r"\d+ of \d+ PASS ", result.stdout)
    assert re.search(r"\d+ of \d+ FAIL 1 accepted_values_stg_warehouse__", result.stdout)
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("error: dbt build failed: test accepted_values_stg_warehouse__")
    assert "on stg_warehouse__interviews failed (1 row)." in error
    assert "Nothing was published" in error
    assert "Traceback" not in result.stderr
    assert file_digest(warehouse_path) == before
    assert not list(data_dir.glob(".hirewire.duckdb.build-*"))
    tables = {
        row[0] for row in query(warehouse_path, "select table_name from information_schema.tables")
    }
    assert not any(table.startswith("mart_") for table in tables)


def test_a_new_warehouse_starts_from_the_last_parse(tmp_path: Path, monkeypatch) -> None:
    """A new warehouse's first dbt run reuses the last run's parse of the project (dbt checks
    it against every file) instead of parsing everything again."""
    monkeypatch.setenv("HIREWIRE_DBT_PARSE_CACHE", str(tmp_path / "parse-cache"))
    output: dict[str, list[str]] = {}
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        path = StarSearch(candidates={1: "Me"}).write(tmp_path / name / "hirewire.duckdb")
        lines: list[str] = []
        analytics.run_dbt(["parse"], path, output=tmp_path / name / "target", echo=lines.append)
        output[name] = lines
    assert any("Starting full parse" in line for line in output["first"])
    assert not any("full parse" in line for line in output["second"]), output["second"]
    manifest = (tmp_path / "second" / "target" / "manifest.json").read_text(encoding="utf-8")
    assert "model.hirewire.mart_work_search_log" in manifest


def test_bad_as_of_is_refused_before_anything_runs(data_dir: Path, cli) -> None:
    """--as-of must be a date: exit 2 with a one-line usage error, no dbt run."""
    result = cli("hirewire.analytics", "build", "--as-of", "31/03/2026")
    assert result.returncode == 2
    assert "'31/03/2026' is not a date: use YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (data_dir / "dbt-target").exists()


def test_build_without_warehouse_says_what_to_run(data_dir: Path, cli) -> None:
    """No published warehouse yet: a one-line error pointing at `make refresh`, exit 1."""
    result = cli("hirewire.analytics", "build")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: no warehouse at ")
    assert "make refresh" in result.stderr


def test_docs_writes_a_static_site_with_the_glossary(
    warehouse_path: Path, cli, tmp_path: Path, monkeypatch
) -> None:
    """make docs: one self-contained HTML file holding the models and the metric glossary."""
    StarSearch(candidates={1: "Me"}).write(warehouse_path)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    result = cli("hirewire.analytics", "docs", timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
    site = tmp_path / "target" / "static_index.html"
    assert f"open {site}" in result.stdout
    html = site.read_text(encoding="utf-8")
    assert "mart_stage_flow" in html and "mart_work_search_log" in html
    assert "**Days to first response**" in html  # the glossary's docs block
    assert "fct_application" in html  # the catalog, read from the warehouse
