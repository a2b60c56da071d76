"""The container path's moving parts that run without a Docker engine: the oldest DuckDB that
reads a published warehouse, the runtime choice, main.sh in docker mode, the Metabase restart
on publish, and the design's command lines.

Where a test needs `docker` or `java`, a small stand-in script on PATH records how it was
called: what is under test is HireWire's own shell (scripts/runtime.sh, scripts/main.sh,
docker/metabase/run-metabase.sh), not Docker or Metabase. scripts/compose-smoke.sh runs the
real thing where Docker exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl import warehouse

ROOT = Path(__file__).resolve().parent.parent
READERS = ROOT / ".venv-duckdb-oldest"  # git-ignored; one small venv per DuckDB release
BEFORE_OLDEST = "1.0.0"  # the release series before warehouse.OLDEST_READER


def _duckdb_python(version: str) -> Path:
    """A Python with only duckdb==version installed, created once and kept for later runs."""
    python = READERS / version / "bin" / "python"
    if python.exists():
        return python
    staging = READERS / f".{version}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(staging)], check=True, timeout=120)
    subprocess.run(
        [
            str(staging / "bin/python"),
            *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
            f"duckdb=={version}",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    try:
        staging.rename(READERS / version)  # published whole: a killed install is redone
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another worker published it first
    return python


READ_EVERY_TABLE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [name for (name,) in con.execute(
    "select table_name from information_schema.tables where table_schema = 'main'").fetchall()]
rows = {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in tables}
print(duckdb.__version__, len(tables), rows["mart_applications"], rows["fct_application"])
"""


@pytest.mark.parametrize(
    ("version", "opens"), [(warehouse.OLDEST_READER, True), (BEFORE_OLDEST, False)]
)
def test_oldest_duckdb_stated_by_init_is_the_oldest_that_reads_a_published_warehouse(
    report_warehouse: Path, version: str, opens: bool
) -> None:
    """DuckDB OLDEST_READER (what `make init` announces) opens a warehouse published by the
    real refresh and reads every table and mart; the release series before it cannot."""
    done = subprocess.run(
        [str(_duckdb_python(version)), "-c", READ_EVERY_TABLE, str(report_warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if opens:
        assert done.returncode == 0, done.stderr
        reported, tables, marts, facts = done.stdout.split()
        assert reported == version
        assert int(tables) > 12 and int(marts) > 0 and int(facts) > 0
    else:
        assert done.returncode != 0
        assert "Serialization Error" in done.stderr, done.stderr


def _stand_in(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def docker_answers(tmp_path: Path) -> dict[str, str]:
    """An environment where `docker info` and `docker compose version` answer (a stand-in that
    logs its arguments to docker.log), with no compose password set anywhere."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stand_in(bin_dir, "docker", f'echo "$@" >> {tmp_path / "docker.log"}')
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith("PASSWORD") and key not in ("RUNTIME", "COMPOSE")
    }
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    env["HIREWIRE_ENV_FILE"] = str(tmp_path / "no.env")
    return env


def test_make_all_stays_local_when_docker_answers_but_nothing_is_configured(
    docker_answers: dict[str, str], tmp_path: Path
) -> None:
    """With Docker answering and no .env, `make all` runs locally and says how to switch;
    with the three compose passwords in the env file it runs in containers."""
    dry = ["make", "--no-print-directory", "-n", "all"]
    local = subprocess.run(dry, cwd=ROOT, env=docker_answers, capture_output=True, text=True)
    assert local.returncode == 0, local.stderr
    first = local.stdout.splitlines()[0]
    assert first.startswith("runtime: local (Docker answered, but POSTGRES_PASSWORD")
    assert "cp .env.example" in first
    assert "docker compose" not in local.stdout

    env_file = Path(docker_answers["HIREWIRE_ENV_FILE"])
    env_file.write_text(
        "POSTGRES_PASSWORD=a\nHIREWIRE_APP_PASSWORD=b\n# HIREWIRE_ETL_PASSWORD=\n", encoding="utf-8"
    )
    half = subprocess.run(dry, cwd=ROOT, env=docker_answers, capture_output=True, text=True)
    assert "runtime: local (Docker answered, but HIREWIRE_ETL_PASSWORD is not set" in half.stdout
    env_file.write_text(
        env_file.read_text().replace("# HIREWIRE_ETL_PASSWORD=", "export HIREWIRE_ETL_PASSWORD='c'")
    )
    docker = subprocess.run(dry, cwd=ROOT, env=docker_answers, capture_output=True, text=True)
    assert docker.stdout.startswith("runtime: docker (Docker answered")
    assert "docker compose run --rm migrate python -m hirewire.migrate" in docker.stdout
    assert "=a" not in docker.stdout + docker.stderr, "a password was printed"


def test_main_sh_runs_in_the_service_holding_the_right_role_in_docker_mode(
    docker_answers: dict[str, str], tmp_path: Path
) -> None:
    """RUNTIME=docker ./scripts/main.sh runs the same command in `docker compose run`: the ETL
    in duckdb_etl, data entry in cli with your directory mounted for file arguments."""
    env = {**docker_answers, "RUNTIME": "docker"}
    log = tmp_path / "docker.log"
    for args in (["etl", "run", "--mode", "full"], ["data-entry", "list", "--open"]):
        done = subprocess.run(
            ["./scripts/main.sh", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    etl, entry = [call for call in calls if call.startswith("compose run")]
    assert etl.startswith("compose run --rm -T ")
    assert etl.endswith(" duckdb_etl python -m etl run --mode full")
    assert entry.startswith("compose run --rm -T --volume ")
    assert f"{ROOT}:/work --env HIREWIRE_CWD=/work" in entry
    assert entry.endswith("cli python -m hirewire.entry list --open")


def test_metabase_restarts_once_per_publish_and_not_otherwise(tmp_path: Path) -> None:
    """The metabase container's main process restarts Metabase when a new warehouse is
    renamed over the old one (two publishes in a row: one restart), not for the first warehouse
    (Metabase had none open), never when nothing changed, and stops Metabase when the container
    stops. `java` is a stand-in that logs each start and answers /api/health like Metabase."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    www = tmp_path / "www"
    (www / "api").mkdir(parents=True)
    (www / "api" / "health").write_text('{"status":"ok"}')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    starts = tmp_path / "starts.log"
    _stand_in(
        bin_dir,
        "java",
        f"echo start >> {starts}; cd {www}; "
        f"exec {sys.executable} -m http.server {port} --bind 127.0.0.1 2>/dev/null",
    )
    published = tmp_path / "hirewire.duckdb"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HIREWIRE_WAREHOUSE_FILE": str(published),
        "HIREWIRE_WATCH_SECONDS": "0.5",
        "MB_JETTY_PORT": str(port),
    }
    watcher = subprocess.Popen(
        [str(ROOT / "docker/metabase/run-metabase.sh")],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )

    def started() -> int:
        return len(starts.read_text().splitlines()) if starts.exists() else 0

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 30
        while started() < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def wait_until_healthy() -> None:
        """Until the stand-in answers, then long enough for the watcher to have seen it."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.5)

    try:
        wait_for(1)
        (tmp_path / "first").write_text("v1")
        (tmp_path / "first").rename(published)  # `make init` on a fresh volume
        time.sleep(2)
        assert started() == 1, "restarted with no warehouse open"
        wait_until_healthy()
        builds = [tmp_path / f".hirewire.duckdb.build-{version}" for version in ("v2", "v3")]
        for build in builds:
            build.write_text(build.name)
        for build in builds:  # make etl, then make dbt: two publishes within one interval
            build.rename(published)
        wait_for(2)
        time.sleep(2)
        assert started() == 2
    finally:
        watcher.terminate()
        output, _ = watcher.communicate(timeout=10)
    assert watcher.returncode == 0
    assert output.count("republished") == 1


def test_design_etl_command_line_is_the_etl(tmp_path: Path) -> None:
    """`python3 scripts/etl/etl_postgres_to_duckdb.py` (the design's file) is `etl run`: same
    options, same clear failure on bad usage."""
    script = ROOT / "scripts/etl/etl_postgres_to_duckdb.py"
    shown = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert shown.returncode == 0
    assert "--mode {auto,full,incremental}" in shown.stdout
    wrong = subprocess.run(
        [sys.executable, str(script), "--mode", "sideways"], capture_output=True, text=True
    )
    assert wrong.returncode == 2
    assert "invalid choice: 'sideways'" in wrong.stderr


def test_dbt_typed_in_a_container_cannot_write_the_published_file_directly() -> None:
    """The image's `dbt run` publishes through hirewire.analytics; a partial run is refused
    with the command to use, and other commands get the read-only target."""
    wrapper = ROOT / "docker/app/bin/dbt"
    partial = subprocess.run(
        [str(wrapper), "run", "--select", "mart_funnel"], capture_output=True, text=True
    )
    assert partial.returncode == 2
    assert "python -m hirewire.analytics build" in partial.stderr
    shown = subprocess.run(
        [str(wrapper), "HIREWIRE_DBT_TARGET"],
        capture_output=True,
        text=True,
        env={**os.environ, "HIREWIRE_REAL_DBT": "/usr/bin/printenv"},
    )
    assert shown.stdout.strip() == "docs"


def test_pin_writes_lines_the_image_verifier_accepts(tmp_path: Path) -> None:
    """docker/metabase/pin.sh, pointed at a local mirror of the two releases, writes one
    versioned line per file; the image's verifier then accepts exactly those files, and a
    second pin keeps the lines it has."""
    import re
    import socket

    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", (ROOT / "Dockerfile").read_text(), re.M))
    metabase = tmp_path / "www" / f"v{args['METABASE_VERSION']}" / "metabase.jar"
    driver = tmp_path / "www" / args["DUCKDB_DRIVER_VERSION"] / "duckdb.metabase-driver.jar"
    for path in (metabase, driver):
        path.parent.mkdir(parents=True)
        path.write_bytes(os.urandom(64))
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("# pinned downloads\n", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path / "www",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    mirror = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PIN_SHA256SUMS": str(sums),
        "PIN_METABASE_DOWNLOADS": mirror,
        "PIN_DRIVER_RELEASES": mirror,
    }
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        pin = [str(ROOT / "docker/metabase/pin.sh")]
        first = subprocess.run(pin, env=env, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0, first.stderr
        pinned = sums.read_text(encoding="utf-8")
        again = subprocess.run(pin, env=env, capture_output=True, text=True, timeout=60)
        assert again.stdout.count("kept") == 2
        assert sums.read_text(encoding="utf-8") == pinned
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert pinned.startswith("# pinned downloads\n")
    verify = [
        str(ROOT / "docker/metabase/verify-downloads.sh"),
        str(sums),
        str(metabase),
        f"metabase-{args['METABASE_VERSION']}.jar",
        str(driver),
        f"duckdb.metabase-driver-{args['DUCKDB_DRIVER_VERSION']}.jar",
    ]
    checked = subprocess.run(verify, capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.count("verified") == 2
