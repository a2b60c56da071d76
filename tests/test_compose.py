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
