"""Apache Superset on the published warehouse, without Docker (`make superset`).

    python -m hirewire.superset start     # set up once, import the dashboards, serve on 127.0.0.1
    python -m hirewire.superset stop      # stop the server started by `start`
    python -m hirewire.superset bundle FILE.zip   # only write the dashboards' import bundle

Superset runs from its own environment (.venv-superset, `requirements-superset.lock`); this
module drives it from the outside. State lives in data/superset/ (mode 0700: the metadata
database, and the secret key and generated admin password as 0600 files), the server's log in
data/superset.log. The dashboards are code, dashboards/superset/ (docs/dashboards.md), turned
into Superset's import bundle here with the warehouse path filled in. A second `start` with
nothing changed only checks that the server answers, or starts it.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import yaml

from hirewire import settings
from hirewire.errors import UserError, run_cli

SOURCE_DIR = settings.ROOT / "dashboards" / "superset"
CONFIG_FILE = settings.ROOT / "hirewire" / "superset_server" / "superset_config.py"
SETUP_FILE = settings.ROOT / "hirewire" / "superset_server" / "setup.py"
LOCK_FILE = settings.ROOT / "requirements-superset.lock"
BUNDLE_ROOT = "hirewire_dashboards"
VERSION = "1.0.0"
STARTUP_TIMEOUT_S = 180


# --- settings --------------------------------------------------------------------------------


def venv() -> Path:
    return Path(settings.env("HIREWIRE_SUPERSET_VENV", str(settings.ROOT / ".venv-superset")))


def home() -> Path:
    """Superset's state directory: metadata database, secret key, admin password, stamps."""
    return settings.data_dir() / "superset"


def log_path() -> Path:
    return settings.data_dir() / "superset.log"


def host() -> str:
    return settings.env("SUPERSET_HOST", "127.0.0.1") or "127.0.0.1"


def port() -> int:
    raw = settings.env("SUPERSET_PORT", "8088") or "8088"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise UserError(f"SUPERSET_PORT={raw} is not a port number: use e.g. SUPERSET_PORT=8088")
    return int(raw)


def admin_user() -> str:
    return settings.env("SUPERSET_ADMIN_USER", "admin") or "admin"


def url() -> str:
    return f"http://{host()}:{port()}"


# --- the dashboards as code -> Superset's import bundle ----------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path.relative_to(settings.ROOT)} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise UserError(f"{path.relative_to(settings.ROOT)} must be a YAML mapping")
    return data


def load_sources(source_dir: Path = SOURCE_DIR) -> dict[str, Any]:
    """The database, datasets, charts and dashboard as written in dashboards/superset/."""
    return {
        "database": _read(source_dir / "database.yaml"),
        "datasets": {p.stem: _read(p) for p in sorted((source_dir / "datasets").glob("*.yaml"))},
        "charts": {p.stem: _read(p) for p in sorted((source_dir / "charts").glob("*.yaml"))},
        "dashboard": _read(source_dir / "dashboard.yaml"),
    }


def _dataset_file(name: str, dataset: dict[str, Any], database: dict[str, Any]) -> dict[str, Any]:
    columns = [
        {
            "column_name": column["column_name"],
            "verbose_name": column.get("verbose_name"),
            "is_dttm": bool(column.get("is_dttm", False)),
            "is_active": True,
            "groupby": True,
            "filterable": True,
            "type": column.get("type"),
            "expression": None,
        }
        for column in dataset.get("columns", [])
    ]
    metrics = [
        {
            "metric_name": metric["metric_name"],
            "verbose_name": metric.get("verbose_name"),
            "expression": metric["expression"],
            "d3format": metric.get("d3format"),
            "metric_type": None,
        }
        for metric in dataset.get("metrics", [])
    ]
    return {
        "table_name": dataset["table_name"],
        "main_dttm_col": dataset.get("main_dttm_col"),
        "description": None,
        "schema": "main",
        "sql": dataset.get("sql"),
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "extra": None,
        "uuid": dataset["uuid"],
        "columns": columns,
        "metrics": metrics,
        "version": VERSION,
        "database_uuid": database["uuid"],
    }


def _chart_file(chart: dict[str, Any], dataset: dict[str, Any]) -> dict[str, Any]:
    params = dict(chart.get("params") or {})
    params["viz_type"] = chart["viz_type"]
    filters = list(params.get("adhoc_filters") or [])
    # The date-range filter narrows a chart through a TEMPORAL_RANGE filter on its dataset's
    # date; "No filter" until a user picks a range.
    if dataset.get("main_dttm_col") and not any(
        f.get("operator") == "TEMPORAL_RANGE" for f in filters
    ):
        filters.insert(
            0,
            {
                "clause": "WHERE",
                "comparator": "No filter",
                "expressionType": "SIMPLE",
                "operator": "TEMPORAL_RANGE",
                "subject": dataset["main_dttm_col"],
            },
        )
    params["adhoc_filters"] = filters
    return {
        "slice_name": chart["slice_name"],
        "description": chart.get("description"),
        "viz_type": chart["viz_type"],
        "params": params,
        "query_context": None,
        "cache_timeout": None,
        "uuid": chart["uuid"],
        "version": VERSION,
        "dataset_uuid": dataset["uuid"],
    }


def _dashboard_file(sources: dict[str, Any], chart_ids: dict[str, int]) -> dict[str, Any]:
    dashboard = sources["dashboard"]
    charts = sources["charts"]
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"id": "ROOT_ID", "type": "ROOT", "children": ["GRID_ID"]},
        "GRID_ID": {"id": "GRID_ID", "type": "GRID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {
            "id": "HEADER_ID",
            "type": "HEADER",
            "meta": {"text": dashboard["dashboard_title"]},
        },
    }
    for row_number, row in enumerate(dashboard["rows"], start=1):
        row_id = f"ROW-{row_number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "id": row_id,
            "type": "ROW",
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for cell in row:
            name = cell["chart"]
            if name not in charts:
                raise UserError(
                    f"dashboards/superset/dashboard.yaml names an unknown chart {name!r}"
                )
            chart_id = f"CHART-{name}"
            position[row_id]["children"].append(chart_id)
            position[chart_id] = {
                "id": chart_id,
                "type": "CHART",
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                # Superset maps chartId to the imported chart's id through the uuid: both needed.
                "meta": {
                    "chartId": chart_ids[name],
                    "uuid": charts[name]["uuid"],
                    "sliceName": charts[name]["slice_name"],
                    "width": cell["width"],
                    "height": cell["height"],
                },
            }
    filters = []
    for number, spec in enumerate(dashboard.get("filters", []), start=1):
        excluded = [chart_ids[name] for name in spec.get("exclude", [])]
        native: dict[str, Any] = {
            "id": f"NATIVE_FILTER-hirewire-{number}",
            "name": spec["name"],
            "type": "NATIVE_FILTER",
            "description": spec.get("description", ""),
            "cascadeParentIds": [],
            "scope": {"rootPath": ["ROOT_ID"], "excluded": excluded},
            "chartsInScope": [i for i in chart_ids.values() if i not in excluded],
            "tabsInScope": [],
        }
        if spec["type"] == "select":
            dataset = sources["datasets"][spec["dataset"]]
            native |= {
                "filterType": "filter_select",
                "targets": [{"datasetUuid": dataset["uuid"], "column": {"name": spec["column"]}}],
                "controlValues": {
                    "enableEmptyFilter": False,
                    "multiSelect": False,
                    "searchAllOptions": False,
                    "inverseSelection": False,
                    "defaultToFirstItem": False,
                    "sortAscending": True,
                },
                "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}},
            }
        elif spec["type"] == "time_range":
            native |= {
                "filterType": "filter_time",
                "targets": [{}],
                "controlValues": {},
                "defaultDataMask": {
                    "extraFormData": {"time_range": "No filter"},
                    "filterState": {"value": "No filter"},
                },
            }
        else:
            raise UserError(f"filter {spec['name']!r}: type must be select or time_range")
        filters.append(native)
    return {
        "dashboard_title": dashboard["dashboard_title"],
        "description": None,
        "css": "",
        "slug": dashboard.get("slug"),
        "published": bool(dashboard.get("published", False)),
        "uuid": dashboard["uuid"],
        "position": position,
        "metadata": {
            "native_filter_configuration": filters,
            "cross_filters_enabled": True,
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "timed_refresh_immune_slices": [],
            "expanded_slices": {},
            "default_filters": "{}",
            "chart_configuration": {},
            "global_chart_configuration": {},
        },
        "version": VERSION,
    }


def bundle_files(warehouse: Path, source_dir: Path = SOURCE_DIR) -> dict[str, str]:
    """Superset's import bundle as {path: YAML text}, the warehouse path filled in."""
    sources = load_sources(source_dir)
    database = dict(sources["database"])
    database["sqlalchemy_uri"] = f"duckdb:///{warehouse.resolve()}"
    database["version"] = VERSION
    datasets = sources["datasets"]
    layout_order = [cell["chart"] for row in sources["dashboard"]["rows"] for cell in row]
    unused = sorted(set(sources["charts"]) - set(layout_order))
    if unused:
        raise UserError(f"charts not placed on dashboard.yaml's rows: {', '.join(unused)}")
    chart_ids = {name: number for number, name in enumerate(layout_order, start=1)}

    def dump(data: dict[str, Any]) -> str:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    files = {
        "metadata.yaml": dump(
            {"version": VERSION, "type": "Dashboard", "timestamp": "2026-01-01T00:00:00+00:00"}
        ),
        "databases/HireWire_warehouse.yaml": dump(database),
    }
    for name, dataset in datasets.items():
        files[f"datasets/HireWire_warehouse/{name}.yaml"] = dump(
            _dataset_file(name, dataset, database)
        )
    for name, chart in sources["charts"].items():
        if chart.get("dataset") not in datasets:
            raise UserError(f"charts/{name}.yaml: unknown dataset {chart.get('dataset')!r}")
        files[f"charts/{name}_{chart_ids[name]}.yaml"] = dump(
            _chart_file(chart, datasets[chart["dataset"]])
        )
    files["dashboards/HireWire.yaml"] = dump(_dashboard_file(sources, chart_ids))
    return files


def write_bundle(target: Path, warehouse: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in bundle_files(warehouse).items():
            # A fixed date: the same sources give the same bytes (the setup stamp hashes them).
            entry = zipfile.ZipInfo(f"{BUNDLE_ROOT}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(entry, text, compress_type=zipfile.ZIP_DEFLATED)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())


# --- secrets -----------------------------------------------------------------------------------


def _write_private(path: Path, text: str) -> None:
    """Create a file readable by its owner only; never overwrite one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


def ensure_home() -> Path:
    state = home()
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)
    key = state / "secret_key"
    if not key.exists():
        # Generated once and kept: it signs sessions and encrypts what Superset stores.
        _write_private(key, secrets.token_urlsafe(48))
    return state


def _secret_key() -> bytes:
    return (home() / "secret_key").read_bytes().strip()


def admin_password() -> tuple[str, bool]:
    """The admin password and whether it was generated just now (then it is printed once)."""
    configured = settings.env("SUPERSET_ADMIN_PASSWORD")
    if configured:
        return configured, False
    stored = home() / "admin_password"
    if stored.exists():
        return stored.read_text(encoding="utf-8").strip(), False
    password = secrets.token_urlsafe(18)
    _write_private(stored, password)
    return password, True


def _fingerprint(*parts: bytes) -> str:
    """A keyed digest (the secret key as HMAC key): stamps can hold it without revealing input."""
    digest = hmac.new(_secret_key(), digestmod=hashlib.sha256)
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _stamp_matches(name: str, value: str) -> bool:
    path = home() / name
    return path.exists() and path.read_text(encoding="utf-8").strip() == value


def _write_stamp(name: str, value: str) -> None:
    path = home() / name
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)


# --- the server --------------------------------------------------------------------------------


def _superset_env() -> dict[str, str]:
    child = {
        key: value for key, value in os.environ.items() if not key.startswith("SUPERSET_ADMIN_")
    }
    child |= {
        "SUPERSET_CONFIG_PATH": str(CONFIG_FILE),
        "HIREWIRE_SUPERSET_HOME": str(home()),
        "PYTHONPATH": str(settings.ROOT),
        "FLASK_APP": "superset.app:create_app()",
        "DO_NOT_TRACK": "1",
        "PYTHONUNBUFFERED": "1",
    }
    return child


def _set_up(user: str, bundle: Path, password: str | None) -> None:
    """Run the one-process setup inside .venv-superset, its steps shown as they finish and its
    log appended to data/superset.log; the password goes through stdin, never argv."""
    args = [str(venv() / "bin" / "python"), "-m", "hirewire.superset_server.setup", user]
    args += [str(bundle), *(["--admin"] if password is not None else [])]
    print("superset: setting up (metadata database, roles, admin, dashboards) ...", flush=True)
    with log_path().open("a", encoding="utf-8") as log:
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} set up\n")
        log.flush()
        process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=_superset_env(),
            cwd=settings.ROOT,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write((password or "") + "\n")
        process.stdin.close()
        for line in process.stdout:
            print(f"superset: {line.rstrip()}", flush=True)
    if process.wait() != 0:
        raise UserError(f"setting Superset up failed: see {log_path()} (its last lines say why)")


def _pid_file() -> Path:
    return home() / "server.pid"


def running_pid() -> int | None:
    """The pid of the server this module started, when it is still alive."""
    try:
        pid = int(_pid_file().read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _answers(timeout: float = 2.0) -> bool:
    try:
        # Always http://SUPERSET_HOST:SUPERSET_PORT, never a user-given scheme.
        with urllib.request.urlopen(f"{url()}/health", timeout=timeout) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _refuse_taken_port() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        taken = probe.connect_ex((host(), port())) == 0
    if taken:
        raise UserError(
            f"port {port()} on {host()} is already in use by another program: stop it, or "
            f"choose another port with SUPERSET_PORT={port() + 1} make superset"
        )


def _serve() -> int:
    _refuse_taken_port()
    binary = venv() / "bin" / "gunicorn"
    args = [
        str(binary),
        "--bind",
        f"{host()}:{port()}",
        "--workers",
        "1",
        "--threads",
        "8",
        "--timeout",
        "120",
        "--limit-request-line",
        "0",
        "--limit-request-field_size",
        "0",
        "superset.app:create_app()",
    ]
    with log_path().open("a", encoding="utf-8") as log:
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} serve on {url()}\n")
        log.flush()
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=_superset_env(),
            cwd=settings.ROOT,
            start_new_session=True,
        )
    _pid_file().write_text(f"{process.pid}\n", encoding="utf-8")
    started = time.monotonic()
    print(f"superset: starting the server on {url()} ...", flush=True)
    last_note = started
    while not _answers():
        if process.poll() is not None:
            _pid_file().unlink(missing_ok=True)
            raise UserError(f"the Superset server exited at start: see {log_path()}")
        if time.monotonic() - started > STARTUP_TIMEOUT_S:
            stop_server(quiet=True)
            raise UserError(
                f"the Superset server did not answer within {STARTUP_TIMEOUT_S} s: see {log_path()}"
            )
        if time.monotonic() - last_note > 15:
            print(f"superset: still starting ({time.monotonic() - started:.0f} s)", flush=True)
            last_note = time.monotonic()
        time.sleep(0.5)
    print(f"superset: serving in {time.monotonic() - started:.1f} s (pid {process.pid})")
    return process.pid


def stop_server(quiet: bool = False) -> bool:
    pid = running_pid()
    if pid is None:
        _pid_file().unlink(missing_ok=True)
        if not quiet:
            print("superset: not running")
        return False
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.2)
    else:
        os.killpg(pid, signal.SIGKILL)
    _pid_file().unlink(missing_ok=True)
    if not quiet:
        print(f"superset: stopped (pid {pid})")
    return True


# --- commands ----------------------------------------------------------------------------------


def preflight() -> Path:
    """What can be refused before installing or setting anything up: no warehouse to show, or
    another program on the port. Returns the warehouse."""
    warehouse = settings.warehouse_path()
    if not warehouse.is_file():
        raise UserError(f"no warehouse at {warehouse}: run make refresh first")
    if running_pid() is None:
        _refuse_taken_port()
    return warehouse


def start() -> int:
    warehouse = preflight()
    if not (venv() / "bin" / "superset").exists():
        raise UserError(f"Superset is not installed in {venv()}: run make superset")
    state = ensure_home()
    bundle = state / "hirewire_dashboards.zip"
    write_bundle(bundle, warehouse)
    password, generated = admin_password()
    user = admin_user()
    setup_stamp = _fingerprint(
        bundle.read_bytes(),
        LOCK_FILE.read_bytes(),
        CONFIG_FILE.read_bytes(),
        SETUP_FILE.read_bytes(),
        user.encode(),
    )
    admin_stamp = _fingerprint(user.encode(), password.encode())
    fresh = not (state / "superset.db").exists()
    changed = fresh or not _stamp_matches(".setup-stamp", setup_stamp)
    admin_changed = fresh or not _stamp_matches(".admin-stamp", admin_stamp)

    pid = running_pid()
    if pid is not None and not changed and not admin_changed and _answers():
        print(f"superset: already running on {url()} (pid {pid}), dashboards up to date")
        return 0
    if pid is not None:
        stop_server(quiet=True)

    if changed or admin_changed:
        started = time.monotonic()
        # The password is set when it changed (or on the first run), never behind the back of
        # someone who changed it in Superset's own settings since.
        _set_up(user, bundle, password if admin_changed else None)
        _write_stamp(".admin-stamp", admin_stamp)
        _write_stamp(".setup-stamp", setup_stamp)
        print(f"superset: set up in {time.monotonic() - started:.1f} s")
    _serve()
    print(f"Superset: {url()}/superset/dashboard/hirewire/  (user {user})")
    if generated:
        print(
            f"  generated admin password (shown this once, kept in {home() / 'admin_password'}, "
            f"mode 0600): {password}"
        )
    elif settings.env("SUPERSET_ADMIN_PASSWORD"):
        print("  password: SUPERSET_ADMIN_PASSWORD")
    else:
        print(f"  password: in {home() / 'admin_password'}")
    print("  stop it with: make superset-stop")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=settings.program("python -m hirewire.superset"),
        description="Apache Superset on the published warehouse, with HireWire's dashboards.",
        epilog="example: python -m hirewire.superset start   (what `make superset` runs)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("start", help="set up (once), import the dashboards, serve on 127.0.0.1")
    commands.add_parser("stop", help="stop the server")
    commands.add_parser("preflight", help="refuse early: no warehouse, or the port taken")
    bundle = commands.add_parser("bundle", help="write the dashboards' import bundle (a zip)")
    bundle.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "start":
        return run_cli(start)
    if args.command == "preflight":
        return run_cli(lambda: (preflight(), 0)[1])
    if args.command == "stop":
        return run_cli(lambda: (stop_server(), 0)[1])
    return run_cli(lambda: (write_bundle(args.output, settings.warehouse_path()), 0)[1])


if __name__ == "__main__":
    sys.exit(main())
