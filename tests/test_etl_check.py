"""`make check`: a short table, exit 0 when the warehouse matches the source, 1 when not."""

from __future__ import annotations

import duckdb

from tests.helpers_etl import make_search, run_etl


def test_check_reports_counts_run_status_and_age(source_db, source_env, warehouse_path, capsys):
    """After a run every table is present and counted; a stale run or no warehouse fails."""
    code, _out, err = run_etl(capsys, "check")
    assert code == 1 and "run `make refresh`" in err

    make_search(source_db, applications=4)
    assert run_etl(capsys, "run")[0] == 0
    code, out, err = run_etl(capsys, "check")
    assert code == 0, out + err
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    assert lines["tables"] == ["present", "12/12", "ok"]
    assert lines["fct_application"] == ["4", "4", "ok"]
    assert lines["fct_status_change"][-1] == "ok"
    assert "#1 full succeeded" in out
    assert lines["duplicate"] == ["keys", "none", "ok"]
    assert out.splitlines()[-1] == "verdict: the warehouse matches the source"

    make_search(source_db, applications=1)
    code, out, _err = run_etl(capsys, "check")
    assert code == 0 and "behind" in out
    assert out.splitlines()[-1] == (
        "verdict: the warehouse is behind the source (changes since the last run): "
        "run `make refresh` to bring them in"
    )

    code, _out, err = run_etl(capsys, "check", "--max-age-hours", "0")
    assert code == 1
    assert "last run age" in err and "make etl" in err


def test_check_fails_on_a_duplicated_fact_key(source_db, source_env, warehouse_path, capsys):
    """The big tables' keys are not enforced by an index: the check is what catches a load
    that wrote one twice, naming the table."""
    make_search(source_db, applications=3)
    assert run_etl(capsys, "run")[0] == 0
    with duckdb.connect(str(warehouse_path)) as con:
        con.execute("insert into fct_interview select * from fct_interview limit 1")
    code, out, err = run_etl(capsys, "check")
    assert code == 1
    lines = {line.split()[0]: line.split()[1:] for line in (out + err).splitlines() if line}
    assert lines["duplicate"] == ["keys", "fct_interview", "1", "FAIL"]
