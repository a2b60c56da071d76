"""compose.yml, the Dockerfile and the RUNTIME switch, checked without a Docker engine.

What a running engine would prove (images build, services start, Metabase loads the driver)
is not checked here: docs/dashboards.md lists it as unverified.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "compose.yml"
PERMANENT = ("postgres", "dbt", "metabase")
WRITERS = ("duckdb_init", "duckdb_etl", "dbt")
PIPELINE_SERVICES = {
    "init": "duckdb_init",
    "etl": "duckdb_etl",
    "dbt": "dbt",
    "refresh": "dbt",
    "check": "duckdb_etl",
    "report": "report",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _mounts(service: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """target -> long-syntax mount (the file uses the long syntax only)."""
    return {mount["target"]: mount for mount in service.get("volumes", [])}


def test_compose_file_is_valid_against_the_spec() -> None:
    """compose.yml validates against the compose specification (bundled schema, offline)."""
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_services_and_profiles_follow_the_design(compose: dict[str, Any]) -> None:
    """postgres, dbt and metabase run permanently; duckdb_init is in the `init` profile;
    duckdb_etl only runs on demand; dbt stays alive for `docker compose exec`."""
    services = compose["services"]
    for name in PERMANENT:
        assert "profiles" not in services[name], f"{name} must start with `docker compose up`"
        assert services[name]["restart"] == "unless-stopped"
    assert services["duckdb_init"]["profiles"] == ["init"]
    assert services["duckdb_init"]["command"] == ["python", "-m", "etl", "init"]
    assert services["duckdb_etl"]["profiles"], "duckdb_etl must not start with `up`"
    assert services["duckdb_etl"]["command"][:3] == ["python", "-m", "etl"]
    assert services["dbt"]["command"] == ["sleep", "infinity"]
    for name in (*WRITERS, "report", "migrate"):
        assert services[name]["build"] == {"context": ".", "target": "app"}, name
        assert services[name]["image"] == "hirewire-app:local", "one image for Python services"


def test_volumes_and_access_modes(compose: dict[str, Any]) -> None:
    """Named volumes for Postgres and /data; writers mount /data read-write, Metabase mounts it
    read-only at /duckdb-data, the report reads it read-only."""
    assert set(compose["volumes"]) >= {"postgres_data", "hirewire_data"}
    services = compose["services"]
    postgres = _mounts(services["postgres"])["/var/lib/postgresql/data"]
    assert (postgres["type"], postgres["source"]) == ("volume", "postgres_data")
    for name in WRITERS:
        data = _mounts(services[name])["/data"]
        assert (data["type"], data["source"]) == ("volume", "hirewire_data"), name
        assert not data.get("read_only", False), f"{name} writes the warehouse"
    metabase = _mounts(services["metabase"])["/duckdb-data"]
    assert (metabase["source"], metabase["read_only"]) == ("hirewire_data", True)
    assert "/data" not in _mounts(services["metabase"])
    assert _mounts(services["report"])["/data"]["read_only"] is True


def test_ports_listen_on_localhost_only(compose: dict[str, Any]) -> None:
    """Every published port is bound to 127.0.0.1."""
    published = [
        (name, port)
        for name, service in compose["services"].items()
        for port in service.get("ports", [])
    ]
    assert {name for name, _ in published} == {"postgres", "metabase"}
    for name, port in published:
        assert isinstance(port, str) and port.startswith("127.0.0.1:"), f"{name}: {port}"


def test_passwords_come_from_env_without_default(compose: dict[str, Any]) -> None:
    """Every password is `${NAME:?message}`: compose refuses to start without it, no default."""
    found = 0
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if "PASSWORD" in key:
                found += 1
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", str(value)), f"{name}.{key}={value}"
    assert found >= 4
    assert not re.search(r"PASSWORD[A-Z_]*:-", COMPOSE.read_text(encoding="utf-8"))
    # Least privilege: only the migrate service gets the admin password.
    holders = [
        name
        for name, service in compose["services"].items()
        if "PGPASSWORD" in (service.get("environment") or {})
    ]
    assert holders == ["migrate"]


def test_dockerfile_installs_the_pinned_set_and_metabase_on_glibc() -> None:
    """The app image installs requirements.lock (as make setup does) and fills the DuckDB
    extension dir at build time; Metabase runs on a glibc base with the DuckDB driver."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY requirements.lock" in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "python -m hirewire.duck install" in dockerfile
    bases = re.findall(r"^FROM (\S+) AS (\w+)", dockerfile, flags=re.MULTILINE)
    assert [target for _, target in bases] == ["app", "metabase"]
    assert not any("alpine" in image for image, _ in bases)
    assert "duckdb.metabase-driver.jar /plugins/" in dockerfile
    assert "MB_PLUGINS_DIR=/plugins" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", "data", ".venv"} <= set(ignored)


def _make_dry_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_runtime_switch_runs_pipeline_targets_in_containers(compose: dict[str, Any]) -> None:
    """RUNTIME=docker runs each pipeline target with `docker compose run --rm <service>` (a
    service of compose.yml); RUNTIME=local runs .venv's Python; the choice is printed once."""
    targets = list(PIPELINE_SERVICES)
    docker = _make_dry_run("RUNTIME=docker", *targets)
    assert docker.returncode == 0, docker.stderr
    assert docker.stdout.count("runtime: docker") == 1
    for target, service in PIPELINE_SERVICES.items():
        assert service in compose["services"]
        assert re.search(rf"docker compose run --rm (-T )?{service} python", docker.stdout), target
    assert ".venv/bin/python" not in docker.stdout
    # The report comes back on stdout and is saved by the host user, atomically.
    assert "report python -m hirewire.report --output -" in docker.stdout
    assert "mv -f data/.report.html.tmp data/report.html" in docker.stdout

    local = _make_dry_run("RUNTIME=local", *targets)
    assert local.returncode == 0, local.stderr
    assert local.stdout.count("runtime: local") == 1
    assert "docker compose" not in local.stdout
    assert local.stdout.count(".venv/bin/python") == len(targets)

    wrong = _make_dry_run("RUNTIME=podman", "report")
    assert wrong.returncode != 0
    assert "RUNTIME=podman is not valid: use RUNTIME=local or RUNTIME=docker" in wrong.stderr


def _dockerfile_args(stage: str) -> dict[str, str]:
    """`ARG NAME=value` lines of one Dockerfile stage."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    body = re.split(r"^FROM .* AS (\w+)$", text, flags=re.MULTILINE)
    stages = dict(zip(body[1::2], body[2::2], strict=True))
    return dict(re.findall(r"^ARG (\w+)=(\S+)$", stages[stage], flags=re.MULTILINE))


def test_metabase_and_driver_are_a_pair_the_driver_repository_tests() -> None:
    """The Metabase release is the one the driver's repository pairs with the pinned driver
    release: driver 1.5.5.0 is titled "Metabase 63 + DuckDB 1.5.5" and its own Dockerfile at
    that release builds it with Metabase 0.63.10 (motherduckdb/metabase_duckdb_driver)."""
    paired_by_the_driver = {"1.5.5.0": "0.63.10"}
    args = _dockerfile_args("metabase")
    assert paired_by_the_driver.get(args["DUCKDB_DRIVER_VERSION"]) == args["METABASE_VERSION"]


def test_every_download_is_checked_against_a_pinned_sha256_before_use() -> None:
    """Both jars the metabase stage downloads are verified, under names carrying their
    versions, by the same RUN that installs them; nothing else is downloaded."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    downloads = re.findall(r"^ADD (https?://\S+|\$\{\w+\}\S*) (\S+)$", text, flags=re.MULTILINE)
    assert len(downloads) == 2
    verify = re.search(r"^RUN /opt/hirewire/verify-downloads\.sh (.*?)&&", text, re.M | re.S)
    assert verify, "the downloads must be verified in a RUN of their own stage"
    checked = verify.group(1)
    assert '"metabase-${METABASE_VERSION}.jar"' in checked
    assert '"duckdb.metabase-driver-${DUCKDB_DRIVER_VERSION}.jar"' in checked
    for _url, target in downloads:
        assert target.rstrip("/") in checked, target
    assert "docker/metabase/SHA256SUMS" in text


def _verify(sums: str, tmp_path: Path, content: bytes, name: str) -> subprocess.CompletedProcess:
    (tmp_path / "SHA256SUMS").write_text(sums, encoding="utf-8")
    (tmp_path / "file.jar").write_bytes(content)
    return subprocess.run(
        [
            str(ROOT / "docker/metabase/verify-downloads.sh"),
            str(tmp_path / "SHA256SUMS"),
            str(tmp_path / "file.jar"),
            name,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_download_verifier_accepts_only_the_pinned_bytes(tmp_path: Path) -> None:
    """The image's verifier passes the pinned bytes, and fails, naming the fix, on other bytes
    or on a file without a pinned line (a version bumped without its checksum)."""
    import hashlib

    pinned = hashlib.sha256(b"the release").hexdigest()
    sums = f"# comment\n{pinned}  metabase-0.63.10.jar\n"
    good = _verify(sums, tmp_path, b"the release", "metabase-0.63.10.jar")
    assert good.returncode == 0, good.stderr
    tampered = _verify(sums, tmp_path, b"something else", "metabase-0.63.10.jar")
    assert tampered.returncode != 0
    assert f"pins {pinned}" in tampered.stderr
    unpinned = _verify(sums, tmp_path, b"the release", "metabase-0.63.11.jar")
    assert unpinned.returncode != 0
    assert "no SHA-256 for metabase-0.63.11.jar: run docker/metabase/pin.sh" in unpinned.stderr


def test_warehouse_volume_gets_the_same_owner_from_either_image() -> None:
    """Both images create their mount point of hirewire_data owned by uid/gid 1000, so the
    empty volume gets that owner whichever service mounts it first; both run as uid 1000."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("useradd --system --uid 1000 --gid") == 2
    assert text.count("groupadd --system --gid 1000") == 2
    assert re.search(r"chown hirewire:hirewire /data\b", text)
    assert re.search(r"chown metabase:metabase [^\n]*/duckdb-data", text)
    assert re.findall(r"^USER (\w+)$", text, flags=re.MULTILINE) == ["hirewire", "metabase"]


def test_duckdb_temp_directory_is_writable_for_metabase(compose: dict[str, Any]) -> None:
    """Metabase's DuckDB spills outside the read-only warehouse mount (the driver's default
    is beside the database file)."""
    from hirewire import metabase

    details = metabase.database_payload("/duckdb-data/hirewire.duckdb")["details"]
    options = dict(part.split("=", 1) for part in details["additional-options"].split("&"))
    temp = options["temp_directory"]
    for target, mount in _mounts(compose["services"]["metabase"]).items():
        if mount.get("read_only"):
            assert not temp.startswith(target), f"{temp} is on the read-only mount {target}"
    assert temp.startswith("/tmp/")
    assert not compose["services"]["metabase"].get("read_only"), "/tmp must stay writable"


def test_compose_file_parses_for_docker_compose_v1_and_lists_its_variables() -> None:
    """No top-level `name:` (docker-compose v1 rejects it; COMPOSE_PROJECT_NAME in .env names
    the project), and .env.example lists every variable compose.yml reads."""
    text = COMPOSE.read_text(encoding="utf-8")
    assert "name" not in yaml.safe_load(text)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", text))
    assert used, "compose.yml reads its passwords from the environment"
    assert used | {"COMPOSE_PROJECT_NAME"} <= listed, used - listed


def test_design_command_paths_exist_in_the_app_image() -> None:
    """The design's `python3 /scripts/etl/etl_postgres_to_duckdb.py` and `cd /usr/app && dbt
    run` resolve in the app image: /scripts and /usr/app link into /app, and the image's `dbt`
    on PATH is the publishing wrapper."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "ln -s /app/scripts /scripts" in text
    assert "ln -s /app/dbt /usr/app" in text
    assert (ROOT / "scripts/etl/etl_postgres_to_duckdb.py").is_file()
    assert (ROOT / "dbt/dbt_project.yml").is_file()
    assert "ENV PATH=/app/docker/app/bin:$PATH" in text
    assert (ROOT / "docker/app/bin/dbt").stat().st_mode & 0o111


def test_metabase_setup_needs_only_the_standard_library() -> None:
    """`make metabase-setup` runs the host's python3, not .venv (no `make setup` first), and
    the module runs with no site-packages at all."""
    dry = _make_dry_run("metabase-setup")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip() == "python3 -m hirewire.metabase setup"
    import sys

    done = subprocess.run(
        [sys.executable, "-S", "-m", "hirewire.metabase", "setup", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "01_funnel" in done.stdout


def test_compose_smoke_runs_as_a_second_ci_job_with_the_design_commands() -> None:
    """CI runs scripts/compose-smoke.sh in its own job; the script says first what it needs,
    and drives the design's own command lines and the Metabase checks."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    smoke_job = workflow["jobs"]["compose-smoke"]
    assert [step.get("run") for step in smoke_job["steps"]][-1] == "scripts/compose-smoke.sh"
    assert "services" not in smoke_job, "the smoke test brings its own compose services"
    script = (ROOT / "scripts/compose-smoke.sh").read_text(encoding="utf-8")
    assert "Needs Docker with Compose v2" in script.splitlines()[1]
    for command in (
        "--profile init up --exit-code-from duckdb_init duckdb_init",
        "run --rm -T duckdb_etl python3 /scripts/etl/etl_postgres_to_duckdb.py",
        'exec -T dbt sh -c "cd /usr/app && dbt run"',
        "./scripts/main.sh testing test",
        "python3 -m hirewire.metabase setup",
        "python3 -m hirewire.metabase check",
        "make --no-print-directory refresh",
    ):
        assert command in script, command
    done = subprocess.run(["bash", "-n", str(ROOT / "scripts/compose-smoke.sh")], timeout=30)
    assert done.returncode == 0


def test_metabase_listens_inside_its_container_for_the_published_port(
    compose: dict[str, Any],
) -> None:
    """Metabase listens on localhost by default, which a published port cannot reach: the
    image listens on every interface of the container, and compose publishes that port on
    127.0.0.1 of the host only."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    metabase_stage = text[text.index("AS metabase") :]
    assert "MB_JETTY_HOST=0.0.0.0" in metabase_stage
    assert "MB_JETTY_PORT=3000" in metabase_stage
    assert compose["services"]["metabase"]["ports"] == ["127.0.0.1:${METABASE_PORT:-3000}:3000"]
