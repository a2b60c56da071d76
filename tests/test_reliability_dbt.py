"""The dbt step killed mid-build, readers watching: marts and facts are published together,
and no password leaks into any output, process title or file on the way."""

from __future__ import annotations

import time

import psutil
import pytest

from tests.helpers_etl import file_digest, make_search
from tests.helpers_reliability import (
    AS_OF,
    FAKE_PASSWORD,
    add_application,
    assert_check_cli_passes,
    assert_healthy,
    build_leftovers,
    build_sets,
    dbt_env,
    files_containing,
    kill_group,
    leftovers,
    opens_and_counts,
    process_titles,
    reader,
    run,
    source_applications,
    spawn,
)

# Seconds after dbt starts, every 0.3 s: parsing, the first views, the mart tables, the tests.
DBT_KILL_DELAYS = tuple(round(0.3 * step, 1) for step in range(20))


def wait_for_dbt(process, timeout: float = 60) -> bool:
    """Wait until the dbt child of `python -m hirewire.analytics` is running."""
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if any(
                "dbt" in " ".join(child.cmdline()[:2]) for child in parent.children(recursive=True)
            ):
                return True
        except psutil.Error:
            pass
        time.sleep(0.02)
    return False


@pytest.mark.timeout(300)
@pytest.mark.slow
def test_dbt_step_killed_at_20_points_then_one_refresh_publishes_facts_and_marts_together(
    source_db, source_env, warehouse_path, tmp_path, monkeypatch
):
    """SIGKILL of `python -m hirewire.analytics build` at 20 points of its dbt run leaves the
        published file byte-identical and at most one build's leftovers; the next `refresh`
        succeeds and publishes facts and marts at once: a reader never sees fact and mart totals
        disagree (count of fct_application = applications at the funnel's 'applied' stage). With a
    distinctive password in every password variable, it shows up nowhere."""
    # A distinctive password in every variable that may hold one: searched for at the end.
    secrets = dict.fromkeys(
        ("PGPASSWORD", "HIREWIRE_ETL_PASSWORD", "HIREWIRE_APP_PASSWORD"), FAKE_PASSWORD
    )
    for name, value in (dbt_env(tmp_path) | secrets).items():
        monkeypatch.setenv(name, value)
    outputs: list[str] = []
    titles: list[str] = []
    make_search(source_db, applications=4)
    assert run("etl", "run").returncode == 0
    with reader(warehouse_path, tmp_path, marts=True) as seen:
        for delay in DBT_KILL_DELAYS:
            before = file_digest(warehouse_path)
            process = spawn("hirewire.analytics", "build", "--as-of", AS_OF)
            assert wait_for_dbt(process), process.communicate()
            time.sleep(delay)
            titles.append(process_titles())
            out, err = kill_group(process)
            outputs.extend([out, err])
            assert "Traceback" not in err
            if file_digest(warehouse_path) != before:
                # dbt finished before this kill: the new version is complete.
                assert opens_and_counts(warehouse_path) > 0
            assert build_sets(warehouse_path.parent) <= 1, build_leftovers(warehouse_path.parent)
        for number in range(3):
            add_application(source_db, 100 + number)
        refresh = spawn("hirewire.analytics", "refresh", "--as-of", AS_OF)
        while refresh.poll() is None:
            titles.append(process_titles())
            time.sleep(0.1)
        out, err = refresh.communicate()
        outputs.extend([out, err])
        assert refresh.returncode == 0, out[-3000:] + err
        time.sleep(0.3)
    assert seen["errors"] == []
    for _kind, applications, _interviews, _changes, _run_id, funnel in seen["seen"]:
        assert funnel is None or funnel == applications, seen["seen"]
    final = source_applications(source_db)
    assert any(row[0] == "reopened" and row[5] == final for row in seen["seen"]), seen["seen"]
    assert_healthy(warehouse_path, final)
    assert_check_cli_passes()
    assert leftovers(warehouse_path.parent) == []
    # No password in any output, process title (ours, dbt's, Postgres'), or generated file.
    assert len(titles) > len(DBT_KILL_DELAYS)
    assert not [text for text in outputs + titles if FAKE_PASSWORD in text]
    # dbt's manifest, run results and logs all live under its target path.
    for directory in (warehouse_path.parent, tmp_path / "dbt-target"):
        assert any(directory.rglob("*")), directory
        assert files_containing(directory, FAKE_PASSWORD.encode()) == []
