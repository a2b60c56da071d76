"""The full load: numbers checked by hand, special members, idempotence, init, storage version."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import duckdb
from helpers_original import make_original

from etl import warehouse
from etl.load import load_warehouse
from etl.summary import format_summary
from hirewire import migrate
from tests.conftest import migrations_lock
from tests.helpers_etl import (
    change_status,
    make_application,
    make_company,
    make_interview,
    make_outcome,
    make_position,
    make_search,
    read_rows,
    run_etl,
    table_contents,
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def build_hand_search(conn) -> dict[str, int]:
    """Three applications whose milestones are worked out by hand in the test below."""
    acme = make_company(conn, "Acme")
    paid = make_position(conn, acme, "Data engineer", 50000, 70000)
    unpaid = make_position(conn, acme, "Analytics engineer")
    rejected = make_application(conn, paid, date(2026, 10, 1), "linkedin")
    change_status(conn, rejected, "screening", at("2026-10-04"))
    make_interview(conn, rejected, at("2026-10-06", 14), "phone_screen", "completed")
    make_interview(conn, rejected, at("2026-10-09"), "technical", "cancelled")
    change_status(conn, rejected, "rejected", at("2026-10-12"))
    make_outcome(conn, rejected, "rejected", date(2026, 10, 12))
    offered = make_application(conn, unpaid, date(2026, 10, 2), "referral")
    make_outcome(conn, offered, "offer", date(2026, 10, 20), 65000)
    ghosted = make_application(conn, unpaid, date(2026, 10, 3), "indeed")
    change_status(conn, ghosted, "ghosted", at("2026-11-01"))
    return {"rejected": rejected, "offered": offered, "ghosted": ghosted, "paid": paid}


def lookup_id(conn, table: str, code: str) -> int:
    query = f"select id from hirewire.{table} where code = %s"
    return int(conn.execute(query, [code]).fetchone()[0])


def test_full_load_matches_hand_computed_numbers(source_db, source_env, warehouse_path, cli):
    """A full run gives the hand-computed milestones, lags and stages; a rerun changes nothing."""
    ids = build_hand_search(source_db)
    result = cli("etl", "run")
    assert result.returncode == 0, result.stderr
    assert "ETL run 1: full" in result.stdout
    assert "fct_application" in result.stdout and "Traceback" not in result.stderr
    assert "[ 1/" in result.stderr  # progress, step by step

    rows = {
        row["application_id"]: row
        for row in read_rows(warehouse_path, "select * from fct_application")
    }
    status = {
        code: lookup_id(source_db, "process_statuses", code)
        for code in ("interviewing", "rejected", "offer", "applied", "ghosted")
    }
    rejected = rows[ids["rejected"]]
    assert rejected["applied_date_key"] == 20261001
    assert rejected["first_response_date_key"] == 20261004
    assert rejected["days_to_first_response"] == 3
    assert rejected["first_interview_date_key"] == 20261006
    assert rejected["days_to_first_interview"] == 5
    assert rejected["offer_date_key"] == -2
    assert rejected["outcome_date_key"] == 20261012
    assert rejected["days_to_outcome"] == 11
    assert rejected["furthest_status_key"] == status["interviewing"]
    assert rejected["current_status_key"] == status["rejected"]
    assert rejected["outcome_key"] == lookup_id(source_db, "outcome_types", "rejected")
    assert (rejected["interview_count"], rejected["completed_interview_count"]) == (2, 1)
    assert rejected["status_change_count"] == 3
    assert rejected["last_activity_date_key"] == 20261012
    assert rejected["has_responded"] and not rejected["is_open"]
    assert rejected["position_key"] == ids["paid"]

    offered = rows[ids["offered"]]
    assert offered["first_response_date_key"] == 20261020
    assert offered["offer_date_key"] == 20261020
    assert offered["days_to_offer"] == 18
    assert offered["furthest_status_key"] == status["offer"]
    assert offered["current_status_key"] == status["applied"]
    assert float(offered["offer_salary"]) == 65000 and offered["offer_currency"] == "EUR"
    # Open is no outcome and an open status (the glossary): the offer closes it.
    assert not offered["is_open"]

    ghosted = rows[ids["ghosted"]]
    assert ghosted["first_response_date_key"] == -2 and not ghosted["has_responded"]
    assert ghosted["furthest_status_key"] == status["applied"]
    assert ghosted["outcome_key"] == -2 and ghosted["outcome_date_key"] == -2

    changes = read_rows(
        warehouse_path,
        "select * from fct_status_change where application_key = ? order by change_number",
        [ids["rejected"]],
    )
    assert [row["from_status_key"] for row in changes] == [
        -2,
        status["applied"],
        lookup_id(source_db, "process_statuses", "screening"),
    ]
    assert [row["hours_in_previous_status"] for row in changes][1:] == [82, 192]
    assert [row["days_in_previous_status"] for row in changes] == [None, 3, 8]

    interviews = read_rows(warehouse_path, "select * from fct_interview order by interview_number")
    assert [row["interview_number"] for row in interviews] == [1, 2]
    assert [row["interview_status_category"] for row in interviews] == ["done", "cancelled"]
    assert interviews[0]["company_key"] == rejected["company_key"]

    position = read_rows(
        warehouse_path, "select * from dim_position where position_key = ?", [ids["paid"]]
    )
    assert position[0]["salary_band"] == "60k-80k"
    day = read_rows(warehouse_path, "select * from dim_date where date_key = 20261003")[0]
    assert (day["day_of_week"], day["iso_week"], day["is_weekend"]) == (6, 40, True)
    bounds = read_rows(
        warehouse_path, "select min(date_day) as low, max(date_day) as high from dim_date"
    )
    assert bounds[0]["low"] == date(2025, 1, 1)
    assert bounds[0]["high"] >= date(2027, 12, 31)
    first = table_contents(warehouse_path)
    rerun = load_warehouse(warehouse_path, "auto", progress=lambda _line: None)
    assert rerun.mode == "incremental"
    assert rerun.row_counts["fct_application"] == {"inserted": 0, "updated": 0, "deleted": 0}
    assert table_contents(warehouse_path) == first  # a rerun is idempotent

    for table, key in (
        ("dim_candidate", "candidate_key"),
        ("dim_status", "status_key"),
        ("dim_date", "date_key"),
        ("dim_outcome", "outcome_key"),
    ):
        specials = read_rows(
            warehouse_path, f"select {key} as k from {table} where {key} < 0 order by 1"
        )
        assert [row["k"] for row in specials] == [-2, -1], table


def test_data_problems_go_to_special_members_and_are_counted(
    source_db, source_env, warehouse_path, capsys
):
    """Orphans, unknown vocabulary and absurd dates never crash a load: -1 members, counted."""
    acme = make_company(source_db, "Acme")
    position = make_position(source_db, acme)
    good = make_application(source_db, position, date(2026, 10, 1))
    # Legacy data the constraints would refuse today: switch them off for this test database.
    source_db.execute(
        "alter table hirewire.interview_processes "
        "drop constraint interview_processes_applied_on_check"
    )
    source_db.execute("set session_replication_role = replica")
    source_db.execute(
        "insert into hirewire.interview_processes (id, position_id, source_code, applied_on) "
        "values (900, 999, 'monster', '1900-01-01')"
    )
    source_db.execute(
        "insert into hirewire.interviews (process_id, interview_type_code, scheduled_at) "
        "values (%s, 'karaoke', '2026-10-05 10:00+00'), (901, 'phone_screen', '2026-10-05')",
        [good],
    )
    source_db.execute("set session_replication_role = origin")

    code, out, err = run_etl(capsys, "run")
    assert code == 0, err
    assert "unknown_source" in out and "orphan_position" in out

    app = read_rows(warehouse_path, "select * from fct_application where application_id = 900")[0]
    assert (app["position_key"], app["company_key"], app["source_key"]) == (-1, -1, -1)
    assert app["applied_date_key"] == -1 and app["applied_on"] is None
    orphan = read_rows(warehouse_path, "select * from fct_interview where application_key = -1")
    assert len(orphan) == 1 and orphan[0]["candidate_key"] == -1
    run = read_rows(warehouse_path, "select special_member_counts from etl_run")[0]
    counts = json.loads(run["special_member_counts"])
    assert counts["unknown_source"] == 1
    assert counts["orphan_position"] == 1
    assert counts["bad_applied_date"] == 1
    assert counts["unknown_interview_type"] == 1
    assert counts["orphan_interview"] == 1
    assert counts["unknown_status"] == 0


def test_init_creates_then_upgrades_without_loss(source_db, source_env, warehouse_path, capsys):
    """`etl init` creates the schema in an old-reader storage version and never drops data."""
    code, _out, err = run_etl(capsys, "init")
    assert code == 0, err
    assert read_rows(warehouse_path, "select count(*) as n from fct_application")[0]["n"] == 0
    build_hand_search(source_db)
    assert run_etl(capsys, "run")[0] == 0
    code, out, err = run_etl(capsys, "init")
    assert code == 0, err
    assert "is up to date" in out and "Upgraded" not in out
    assert read_rows(warehouse_path, "select count(*) as n from fct_application")[0]["n"] == 3
    tags = read_rows(
        warehouse_path,
        "select tags['storage_version'] as version from duckdb_databases() "
        "where database_name = current_database()",
    )
    assert tags[0]["version"] == "v1.0.0+"
    assert warehouse_path.read_bytes()[8:12] == b"DUCK"
    # Storage version 64 is what DuckDB 0.10 to 1.1 write and read.
    assert warehouse_path.read_bytes()[12] == 64


def test_first_load_after_a_schema_upgrade_is_full(source_db, source_env, warehouse_path, capsys):
    """A warehouse from before 002_days_since_applied.sql: init adds the columns, the next
    `make etl` sees the star schema changed and runs full, filling them; then incremental."""
    build_hand_search(source_db)
    assert run_etl(capsys, "run")[0] == 0
    with duckdb.connect(str(warehouse_path)) as con:
        for table, column in (
            ("fct_interview", "days_since_applied"),
            ("fct_status_change", "days_since_applied"),
            ("etl_run", "schema_fingerprint"),
        ):
            con.execute(f"alter table {table} drop column {column}")
    code, out, err = run_etl(capsys, "init")
    assert code == 0, err
    assert "Upgraded the warehouse schema" in out
    code, _out, err = run_etl(capsys, "run")
    assert code == 0, err
    assert "star schema changed" in err and "(full)" in err
    filled = read_rows(
        warehouse_path,
        "select count(days_since_applied) as n, count(*) as total from fct_status_change",
    )[0]
    assert filled["n"] == filled["total"] > 0
    code, _out, err = run_etl(capsys, "run")
    assert code == 0 and "(incremental)" in err, err


def test_warehouse_whose_replica_held_codes_is_upgraded_by_a_full_load(
    source_db, source_env, warehouse_path, capsys
):
    """A warehouse from before the replica stored vocabulary ids (text codes in the children):
    the next run swaps the columns, loads in full with ids, then goes incremental again."""
    build_hand_search(source_db)
    assert run_etl(capsys, "run")[0] == 0
    before = table_contents(warehouse_path)
    with duckdb.connect(str(warehouse_path)) as con:
        for table, old, new in (
            ("process_status_history", "to_status_code", "to_status_id"),
            ("interviews", "status_code", "status_id"),
        ):
            con.execute(f"alter table source_replica.{table} drop column {new}")
            con.execute(f"alter table source_replica.{table} add column {old} varchar")
        # What the previous code recorded: the fingerprint of its own columns.
        old_fingerprint = warehouse.schema_fingerprint(con)
        con.execute("update etl_run set schema_fingerprint = ?", [old_fingerprint])
    code, _out, err = run_etl(capsys, "run")
    assert code == 0, err
    assert "star schema changed" in err and "(full)" in err
    columns = read_rows(
        warehouse_path,
        "select table_name, column_name from duckdb_columns() where schema_name = "
        "'source_replica' and (column_name like '%status%') order by all",
    )
    assert [(row["table_name"], row["column_name"]) for row in columns] == [
        ("interview_processes", "status_id"),
        ("interviews", "status_id"),
        ("process_status_history", "from_status_id"),
        ("process_status_history", "to_status_id"),
    ]
    assert table_contents(warehouse_path) == before
    code, _out, err = run_etl(capsys, "run")
    assert code == 0 and "(incremental)" in err, err


def test_source_created_by_the_original_hirewire_then_migrated_loads(
    source_db, source_env, data_dir, tmp_path
):
    """A database made by the original HireWire (all its migrations, with data), upgraded by
    the migrations, loads whole: every original application, each with its dates and codes."""
    # Turn the test database back into an original one.
    source_db.execute("drop schema hirewire cascade")
    make_original(source_db)
    with migrations_lock():  # the roles the migrations alter are server-wide
        migrate.apply_pending(source_db, echo=lambda _line: None)
    originals = source_db.execute(
        "select count(*) from hirewire_original.interview_processes"
    ).fetchone()[0]

    path = tmp_path / "original.duckdb"
    summary = load_warehouse(path, "full", progress=lambda _line: None)
    assert summary.application_count == originals
    rows = read_rows(path, "select * from fct_application order by application_id")
    # Application 1: applied 2024-03-01, rejected on 2024-03-20, one interview.
    assert rows[0]["applied_date_key"] == 20240301
    assert rows[0]["outcome_date_key"] == 20240320
    assert rows[0]["interview_count"] == 1
    assert all(row["source_key"] != -1 and row["current_status_key"] != -1 for row in rows)


def test_full_reload_counts_inserted_updated_and_deleted(source_db, source_env, warehouse_path):
    """A full load over an existing warehouse reports what it rebuilt, added and dropped, the
    same way an incremental run does, though it counts the big tables instead of joining keys."""
    first, second, third = make_search(source_db, applications=3)
    summary = load_warehouse(warehouse_path, "full", progress=lambda _line: None)
    assert summary.row_counts["fct_application"] == {"inserted": 3, "updated": 0, "deleted": 0}
    interviews = summary.row_counts["fct_interview"]["inserted"]
    assert interviews == 2

    source_db.execute("delete from hirewire.interview_processes where id = %s", [third])
    (fourth,) = make_search(source_db, applications=1)
    again = load_warehouse(warehouse_path, "full", progress=lambda _line: None)
    assert again.row_counts["fct_application"] == {"inserted": 1, "updated": 2, "deleted": 1}
    assert again.row_counts["fct_interview"] == {"inserted": 0, "updated": 1, "deleted": 1}
    assert again.row_counts["dim_company"] == {"inserted": 1, "updated": 3, "deleted": 0}
    # Printed, a full load's kept rows read "rebuilt": it rewrites them, changed or not.
    header = format_summary(again).splitlines()[3].split()
    assert header == ["table", "inserted", "rebuilt", "deleted"]
    keys = read_rows(warehouse_path, "select application_key from fct_application order by 1")
    assert [row["application_key"] for row in keys] == [first, second, fourth]


def test_reruns_give_identical_tables(source_db, source_env, tmp_path):
    """Loading an unchanged source again, full then incremental, changes no row of any star
    table and reports nothing inserted, updated or deleted."""
    make_search(source_db, applications=3)
    path = tmp_path / "rerun.duckdb"
    load_warehouse(path, "full", progress=lambda _line: None)
    first = table_contents(path)
    for mode in ("full", "auto"):
        summary = load_warehouse(path, mode, progress=lambda _line: None)
        assert table_contents(path) == first, mode
        changed = {
            table: counts
            for table, counts in summary.row_counts.items()
            if counts["inserted"] or counts["deleted"] or (mode == "auto" and counts["updated"])
        }
        assert changed == {}, (mode, changed)
    assert summary.mode == "incremental"
