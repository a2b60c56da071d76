"""Faults: after each one the published warehouse is the previous one or the complete new one,
it opens, `python -m etl check` passes, the next run succeeds and nothing is left behind."""

from __future__ import annotations

import time

import pytest

from etl.load import load_warehouse
from hirewire.errors import UserError
from tests.helpers_etl import file_digest, make_search, table_contents
from tests.helpers_reliability import (
    PUBLISHED,
    add_application,
    assert_check_cli_passes,
    assert_clean_failure,
    assert_healthy,
    backend_count,
    build_leftovers,
    build_sets,
    can_mount,
    etl_cli,
    fill,
    free_port,
    kill_group,
    leftovers,
    opens_and_counts,
    run,
    small_filesystem,
    source_applications,
    spawn,
    terminate_backends,
)


@pytest.mark.timeout(90)
def test_postgres_unreachable_before_a_load_keeps_the_previous_warehouse(
    source_db, source_env, warehouse_path, tmp_path, monkeypatch
):
    """A closed port, a missing database or a stopped embedded server (which the ETL starts,
    saying so, and finds without the HireWire schema) fails in one line; the warehouse stays
    as it was."""
    make_search(source_db, applications=3)
    assert etl_cli("run").returncode == 0
    before = file_digest(warehouse_path)
    add_application(source_db, 1)
    for env, fragment in (
        ({"PGPORT": str(free_port())}, "PostgreSQL is not answering"),
        ({"PGHOST": "127.0.0.1", "PGPORT": str(free_port())}, "fix PGHOST/PGPORT"),
        ({"PGDATABASE": "hirewire_no_such_db"}, "does not exist"),
    ):
        assert_clean_failure(etl_cli("run", env=env), fragment)
        assert file_digest(warehouse_path) == before
        assert leftovers(warehouse_path.parent) == []
    assert_clean_failure(etl_cli("check", env={"PGPORT": str(free_port())}), "not answering")
    # The embedded server stopped (no PG* variable: HireWire would use its own server).
    with monkeypatch.context() as patch:
        for name in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
            patch.delenv(name, raising=False)
        patch.setenv("HIREWIRE_PGDATA", str(tmp_path / "stopped-postgres"))
        # The embedded server's runtime files go beside it, not beside the warehouse.
        patch.setenv("HIREWIRE_DATA_DIR", str(tmp_path / "embedded"))
        try:
            started = etl_cli("run")
            assert "is stopped: starting it" in started.stderr
            assert_clean_failure(started, "embedded PostgreSQL", "make migrate")
        finally:
            from hirewire import db

            db.stop_server()
    assert file_digest(warehouse_path) == before
    assert etl_cli("run").returncode == 0
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []


@pytest.mark.timeout(120)
def test_source_connections_killed_mid_load(source_db, source_env, warehouse_path):
    """pg_terminate_backend on the ETL's connections at several points: a clean one-line
    failure (or a complete run), the previous warehouse intact, the next run succeeds.
    The points count from the moment the ETL is first seen connected (a fixed delay after
    the start missed the whole load on a fast machine)."""
    make_search(source_db, applications=6)
    assert etl_cli("run").returncode == 0
    dbname = source_db.info.dbname
    interrupted = 0
    for attempt, after_connect in enumerate((0.0, 0.02, 0.08, 0.2)):
        add_application(source_db, attempt)
        before = file_digest(warehouse_path)
        process = spawn("etl", "run", "--mode", "full")
        began, killed, connected_at = time.monotonic(), 0, None
        while process.poll() is None and time.monotonic() - began < 60:
            if connected_at is None and backend_count(source_db, dbname) > 0:
                connected_at = time.monotonic()
            if connected_at is not None and time.monotonic() - connected_at >= after_connect:
                killed += terminate_backends(source_db, dbname)
            time.sleep(0.002)
        _out, err = process.communicate(timeout=60)
        assert "Traceback" not in err, err
        if process.returncode == 0:
            assert_healthy(warehouse_path, source_applications(source_db))
            continue
        assert process.returncode == 1, err
        assert killed > 0, err
        interrupted += 1
        last = err.strip().splitlines()[-1]
        assert last.startswith("error: ") and "PostgreSQL" in last, err
        assert file_digest(warehouse_path) == before
        assert build_leftovers(warehouse_path.parent) == []
    assert interrupted >= 2, "the loop never caught the ETL connected"  # 0.0 always does
    assert etl_cli("run").returncode == 0
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("mode", "last_step"), [("full", "20_extract"), ("incremental", "90_summary")]
)
def test_source_lost_while_committing_names_postgres(
    source_db, source_env, tmp_path, mode, last_step
):
    """The source dropping the ETL's connection just before the COMMIT that ends the source
    transaction (the last moment it is used: right after the extract in a full load, at the
    end of an incremental one) still fails with the one-line PostgreSQL message, not a
    secondary DuckDB error; the next run works."""
    make_search(source_db, applications=3)
    dbname = source_db.info.dbname
    path = tmp_path / "build.duckdb"
    if mode == "incremental":
        load_warehouse(path, "full", progress=lambda _line: None)

    def kill_after_last_use(line: str) -> None:
        if last_step in line:
            assert terminate_backends(source_db, dbname) > 0

    with pytest.raises(UserError) as failure:
        load_warehouse(path, mode, progress=kill_after_last_use)
    message = str(failure.value)
    assert "lost the connection to PostgreSQL" in message and "\n" not in message
    assert load_warehouse(path, mode, progress=lambda _line: None)


@pytest.mark.timeout(60)
def test_run_stopped_after_its_first_commit_makes_the_next_run_full(
    source_db, source_env, tmp_path
):
    """A load stopped once it has committed part of its work (possible when a program calls
    load_warehouse on a file of its own; `etl run` throws such a copy away) leaves a
    'running' row: the next run is full, not an incremental on half-rebuilt tables, and it
    equals a fresh full load."""
    make_search(source_db, applications=3)
    path = tmp_path / "reused.duckdb"
    load_warehouse(path, "full", progress=lambda _line: None)

    def stop_mid_facts(line: str) -> None:
        if "40_fct_application" in line:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        load_warehouse(path, "full", progress=stop_mid_facts)
    lines: list[str] = []
    summary = load_warehouse(path, "auto", progress=lines.append)
    assert summary.mode == "full"
    assert any("stopped before it finished" in line for line in lines), lines
    fresh = tmp_path / "fresh.duckdb"
    load_warehouse(fresh, "full", progress=lambda _line: None)
    assert table_contents(path) == table_contents(fresh)


def wait_for_build(process, directory, timeout: float = 60) -> float | None:
    """Wait until `python -m etl run` (`process`) has its private build copy beside the
    published file; the moment it appeared, or None when the run ended or never made one."""
    build = directory / f".{PUBLISHED}.build-{process.pid}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if build.exists():
            return time.monotonic()
        time.sleep(0.002)
    return None


@pytest.mark.timeout(150)
@pytest.mark.slow
def test_etl_killed_at_20_points(source_db, source_env, warehouse_path):
    """SIGKILL of `python -m etl run` at 20 points spread over its build (counted from the
    moment its build copy exists, as the dbt kill test waits for dbt): the published file is
    byte-identical or a complete new one, never more than one build's leftovers, the next run
    cleans them up, and most kills really interrupted a build."""
    make_search(source_db, applications=4)
    assert run("etl", "run").returncode == 0
    reference = spawn("etl", "run")  # a real process: its build's duration sets the delays
    built_from = wait_for_build(reference, warehouse_path.parent)
    assert built_from is not None, reference.communicate()
    assert reference.wait(timeout=60) == 0
    duration = time.monotonic() - built_from
    # Spread over one build (capped so a loaded machine keeps the loop short).
    delays = [min(duration, 1.6) * step / 20 for step in range(20)]
    published_versions = interrupted = 0
    for number, delay in enumerate(delays):
        add_application(source_db, number)
        before = file_digest(warehouse_path)
        process = spawn("etl", "run")
        assert wait_for_build(process, warehouse_path.parent) is not None, process.communicate()
        time.sleep(delay)
        building = process.poll() is None and build_sets(warehouse_path.parent) == 1
        _out, err = kill_group(process)
        assert "Traceback" not in err
        after = file_digest(warehouse_path)
        if after != before:
            # The kill came after the rename: the new version is complete.
            published_versions += 1
            assert_healthy(warehouse_path, source_applications(source_db))
        else:
            interrupted += building
            opens_and_counts(warehouse_path)
        assert build_sets(warehouse_path.parent) <= 1, build_leftovers(warehouse_path.parent)
    result = etl_cli("run")
    assert result.returncode == 0, result.stderr
    assert_healthy(warehouse_path, source_applications(source_db))
    assert leftovers(warehouse_path.parent) == []
    assert_check_cli_passes()
    # Kills before the publish left a build behind: the loop really interrupted runs.
    assert interrupted >= len(delays) // 2, (interrupted, published_versions, duration)


@pytest.mark.timeout(120)
def test_out_of_space_at_every_stage_leaves_the_previous_warehouse(
    source_db, source_env, tmp_path, monkeypatch
):
    """A small file system (tmpfs) filled to leave 0.1 to 12 MB: the copy, the load or the
    checkpoint fails in one sentence, the published file is byte-identical, no build file stays;
    with the space back, the next run succeeds."""
    assert can_mount(), "the out-of-space test needs root to mount a tmpfs (CI runs as root)"
    make_search(source_db, applications=3)
    mount = tmp_path / "small"
    with small_filesystem(mount, 48):
        data = mount / "data"
        data.mkdir()
        published = data / "hirewire.duckdb"
        monkeypatch.setenv("HIREWIRE_DATA_DIR", str(data))
        monkeypatch.setenv("HIREWIRE_WAREHOUSE", str(published))
        assert etl_cli("run").returncode == 0
        size = published.stat().st_size
        filler = mount / "filler.bin"
        failures = 0
        # No room for the copy; room for the copy but not the load; room for most of the load.
        for leave in (100_000, size + 1_000_000, 2 * size):
            add_application(source_db, leave % 97)
            before = file_digest(published)
            fill(filler, leave)
            result = etl_cli("run", "--mode", "full")
            if result.returncode == 0:
                assert_healthy(published, source_applications(source_db))
            else:
                failures += 1
                assert_clean_failure(result, "disk is full", "free some space")
                assert file_digest(published) == before
                assert opens_and_counts(published) > 0
            assert leftovers(data) == []
            filler.unlink()
        assert failures >= 2
        result = etl_cli("run")
        assert result.returncode == 0, result.stderr
        assert_healthy(published, source_applications(source_db))
        assert leftovers(data) == []


@pytest.mark.timeout(90)
def test_corrupted_published_file_is_reported_kept_and_rebuilt(
    source_db, source_env, warehouse_path
):
    """Bytes overwritten in the middle, a truncated file, a wrong header: `etl check` and
    `etl run` say so in one line naming the file, never overwrite it; after `mv` as the message
    says, the next run rebuilds it and `etl check` passes."""
    make_search(source_db, applications=4)
    assert etl_cli("run").returncode == 0
    good = warehouse_path.read_bytes()

    def overwrite_blocks(data: bytes) -> bytes:
        # Headers intact (the first 12 KiB), every data block overwritten: it opens, reads fail.
        return data[:12288] + bytes(range(256)) * ((len(data) - 12288) // 256 + 1)

    for corrupt in (
        overwrite_blocks,
        lambda data: data[: len(data) // 5],
        lambda data: b"\x00" * 4096 + data[4096:],
    ):
        warehouse_path.write_bytes(corrupt(good))
        damaged = file_digest(warehouse_path)
        checked = etl_cli("check")
        assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
        loaded = etl_cli("run")
        # Never overwritten, even when the damaged file still opens: the user decides.
        last = assert_clean_failure(loaded, str(warehouse_path), "corrupt")
        assert file_digest(warehouse_path) == damaged
        assert "mv " in last
        warehouse_path.rename(warehouse_path.with_name("hirewire.duckdb.broken"))
        assert etl_cli("run").returncode == 0
        warehouse_path.with_name("hirewire.duckdb.broken").unlink()
        assert_healthy(warehouse_path, source_applications(source_db))
        assert build_leftovers(warehouse_path.parent) == []
    assert_check_cli_passes()
