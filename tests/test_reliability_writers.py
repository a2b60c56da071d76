"""Concurrency: two writers never collide; the result equals one refresh.

Its own file so that the test workers run it beside the reader test's refreshes
(test_reliability_concurrency), not after them.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.helpers_etl import STAR_TABLES, make_search, table_contents
from tests.helpers_reliability import (
    AS_OF,
    assert_healthy,
    dbt_env,
    leftovers,
    run,
    source_applications,
    spawn,
)


def facts_and_marts(warehouse) -> dict[str, list[tuple]]:
    """Every row of every star table and every mart: equal dicts mean identical refreshes."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        marts = con.execute(
            "select table_name from information_schema.tables"
            " where starts_with(table_name, 'mart_')"
        ).fetchall()
    finally:
        con.close()
    assert marts, "the refresh published no mart"
    return table_contents(warehouse, STAR_TABLES + tuple(sorted(name for (name,) in marts)))


@pytest.mark.timeout(300)
@pytest.mark.slow
def test_two_refreshes_at_once_one_waits_or_exits_and_the_result_equals_one(
    source_db, source_env, warehouse_path, tmp_path, monkeypatch
):
    """Two `make refresh` (ETL and dbt) started together: one publishes, the other exits with
    'another HireWire refresh is running' at once; the warehouse, marts included, equals a
    single refresh. With --wait, two ETL runs queue and both succeed."""
    for name, value in dbt_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    make_search(source_db, applications=5)
    reference = tmp_path / "reference" / "hirewire.duckdb"
    refresh = ("hirewire.analytics", "refresh", "--as-of", AS_OF)
    single = run(*refresh, env={"HIREWIRE_WAREHOUSE": str(reference)}, timeout=240)
    assert single.returncode == 0, single.stdout[-3000:] + single.stderr
    expected = facts_and_marts(reference)

    first, second = spawn(*refresh), spawn(*refresh)
    results = [(process.wait(timeout=240), *process.communicate()) for process in (first, second)]
    codes = sorted(code for code, _out, _err in results)
    assert codes == [0, 1], [(code, out[-2000:], err) for code, out, err in results]
    for code, _out, err in results:
        assert "Traceback" not in err
        if code == 1:
            assert (
                err.strip()
                .splitlines()[-1]
                .startswith("error: another HireWire refresh is running")
            ), err
    assert facts_and_marts(warehouse_path) == expected

    # Queued writers: the lock is the same for `etl run` and `refresh`; the ETL is quicker.
    star_only = table_contents(warehouse_path)
    waiting = [spawn("etl", "run", "--wait") for _ in range(2)]
    time.sleep(0.05)
    for process in waiting:
        _out, err = process.communicate(timeout=90)
        assert process.returncode == 0, err
    assert table_contents(warehouse_path) == star_only
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []
