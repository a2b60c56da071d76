"""Provision Metabase over its REST API: admin user, the DuckDB warehouse (read-only) and a
"HireWire" dashboard with one native SQL question per file in dashboards/metabase/.

    python -m hirewire.metabase setup              # against METABASE_URL (http://127.0.0.1:3000)
    python -m hirewire.metabase setup --dry-run    # print the dashboard spec, contact nothing
    python -m hirewire.metabase check              # run every card through Metabase's API

Idempotent: everything is looked up by name first; re-running updates the questions, the
database and the dashboard layout in place and creates no duplicates. Each SQL file starts with
`-- key: value` lines: title, display (a Metabase visualisation), dimensions, metrics and size
(`WIDTHxHEIGHT` on Metabase's 24-column grid).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hirewire import settings
from hirewire.errors import UserError, run_cli

QUESTIONS_DIR = settings.ROOT / "dashboards" / "metabase"
DASHBOARD_NAME = "HireWire"
COLLECTION_NAME = "HireWire"
DATABASE_NAME = "HireWire warehouse"
GRID_WIDTH = 24
# The driver puts DuckDB's temp directory beside the database file, on the read-only mount, so
# a query that spills would fail; /tmp is writable in the Metabase container. Options given as
# "additional-options" come after the driver's own and replace them.
TEMP_DIRECTORY = "/tmp/hirewire-duckdb"  # noqa: S108 (a path in the container, not here)
HEADER_KEYS = ("title", "display", "dimensions", "metrics", "size")


@dataclass(frozen=True)
class Question:
    """One dashboard card, read from one SQL file."""

    slug: str
    title: str
    display: str
    sql: str
    description: str
    dimensions: tuple[str, ...]
    metrics: tuple[str, ...]
    width: int
    height: int
    row: int = 0
    col: int = 0

    def visualization_settings(self) -> dict[str, Any]:
        if self.display == "funnel":
            return {"funnel.dimension": self.dimensions[0], "funnel.metric": self.metrics[0]}
        if self.display == "sankey":
            return {
                "sankey.source": self.dimensions[0],
                "sankey.target": self.dimensions[1],
                "sankey.value": self.metrics[0],
            }
        if self.display in ("line", "bar", "area", "row", "combo"):
            return {"graph.dimensions": list(self.dimensions), "graph.metrics": list(self.metrics)}
        return {}


@dataclass
class DashboardSpec:
    name: str
    questions: list[Question] = field(default_factory=list)


def parse_question(path: Path) -> Question:
    """Read the `-- key: value` header and the description comments of one SQL file."""
    headers: dict[str, str] = {}
    description: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        text = line.removeprefix("--").strip()
        key, _, value = text.partition(":")
        if key.strip() in HEADER_KEYS and value.strip():
            headers[key.strip()] = value.strip()
        else:
            description.append(text)
    missing = [key for key in HEADER_KEYS if key not in headers]
    if missing:
        raise UserError(
            f"{path}: header line(s) missing: {', '.join(f'-- {k}: ...' for k in missing)}"
        )
    try:
        width, height = (int(part) for part in headers["size"].lower().split("x"))
    except ValueError:
        raise UserError(f"{path}: '-- size: {headers['size']}' must look like 12x8") from None
    if not 1 <= width <= GRID_WIDTH or height < 1:
        raise UserError(f"{path}: size {width}x{height} does not fit a {GRID_WIDTH}-column grid")

    def names(key: str) -> tuple[str, ...]:
        return tuple(name.strip() for name in headers[key].split(",") if name.strip())

    return Question(
        slug=path.stem,
        title=headers["title"],
        display=headers["display"],
        sql=path.read_text(encoding="utf-8"),
        description=" ".join(description).strip(),
        dimensions=names("dimensions"),
        metrics=names("metrics"),
        width=width,
        height=height,
    )


def layout(questions: list[Question]) -> list[Question]:
    """Place cards left to right in file order, wrapping at the grid's width."""
    placed: list[Question] = []
    row = col = row_height = 0
    for question in questions:
        if col + question.width > GRID_WIDTH:
            row, col, row_height = row + row_height, 0, 0
        placed.append(_replace(question, row=row, col=col))
        col += question.width
        row_height = max(row_height, question.height)
    return placed


def _replace(question: Question, **changes: int) -> Question:
    values = {**question.__dict__, **changes}
    return Question(**values)


def build_spec(directory: Path = QUESTIONS_DIR) -> DashboardSpec:
    files = sorted(directory.glob("*.sql"))
    if not files:
        raise UserError(f"no SQL question in {directory}: add one file per dashboard card")
    return DashboardSpec(DASHBOARD_NAME, layout([parse_question(path) for path in files]))


# --- payloads (pure: what is sent to Metabase) --------------------------------------------------


def database_payload(warehouse_file: str) -> dict[str, Any]:
    return {
        "name": DATABASE_NAME,
        "engine": "duckdb",
        "details": {
            "database_file": warehouse_file,
            "read_only": True,
            "old_implicit_casting": True,
            "advanced-options": True,
            "additional-options": f"temp_directory={TEMP_DIRECTORY}",
        },
        "is_full_sync": True,
    }


def card_payload(question: Question, database_id: int, collection_id: int) -> dict[str, Any]:
    return {
        "name": question.title,
        "description": question.description or None,
        "display": question.display,
        "collection_id": collection_id,
        "visualization_settings": question.visualization_settings(),
        "dataset_query": {
            "type": "native",
            "database": database_id,
            "native": {"query": question.sql, "template-tags": {}},
        },
    }


def dashcards_payload(
    questions: list[Question], card_ids: dict[str, int], existing: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The dashboard's full card list: existing dashcards keep their id (updated in place), new
    ones get negative ids (Metabase creates them), dashcards of no current question are dropped."""
    existing_by_card = {dashcard.get("card_id"): dashcard for dashcard in existing}
    result = []
    for number, question in enumerate(questions, start=1):
        card_id = card_ids[question.slug]
        current = existing_by_card.get(card_id)
        result.append(
            {
                "id": current["id"] if current else -number,
                "card_id": card_id,
                "row": question.row,
                "col": question.col,
                "size_x": question.width,
                "size_y": question.height,
                "parameter_mappings": [],
                "series": [],
                "visualization_settings": {},
            }
        )
    return result


# --- REST client -------------------------------------------------------------------------------


class Metabase:
    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session: str | None = None

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if self.session:
            request.add_header("X-Metabase-Session", self.session)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:300]
            raise UserError(f"Metabase refused {method} {path}: HTTP {exc.code} {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UserError(
                f"Metabase does not answer at {self.url} ({reason}): start it with make up"
            ) from None
        return json.loads(raw) if raw.strip() else None

    def wait_until_healthy(self, timeout: float) -> None:
        print(f"metabase: waiting for {self.url} to be healthy (up to {timeout:.0f} s) ...")
        deadline = time.monotonic() + timeout
        while True:
            try:
                if (self.request("GET", "/api/health") or {}).get("status") == "ok":
                    return
            except UserError:
                if time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise UserError(f"Metabase at {self.url} is not healthy after {timeout:.0f} s")
            time.sleep(2)


def _items(answer: Any) -> list[dict[str, Any]]:
    """Metabase lists come bare or as {"data": [...]}, depending on the endpoint and version."""
    if isinstance(answer, dict):
        return list(answer.get("data", []))
    return list(answer or [])


def _log_in(client: Metabase, email: str, password: str) -> str:
    properties = client.request("GET", "/api/session/properties") or {}
    if not properties.get("has-user-setup") and properties.get("setup-token"):
        answer = client.request(
            "POST",
            "/api/setup",
            {
                "token": properties["setup-token"],
                "user": {
                    "email": email,
                    "password": password,
                    "first_name": "HireWire",
                    "last_name": "Admin",
                    "site_name": "HireWire",
                },
                "prefs": {"site_name": "HireWire", "site_locale": "en", "allow_tracking": False},
            },
        )
        client.session = answer["id"]
        return "created the admin user"
    answer = client.request("POST", "/api/session", {"username": email, "password": password})
    client.session = answer["id"]
    return "logged in as the existing admin"


def _upsert(
    client: Metabase, path: str, found: dict[str, Any] | None, body: dict[str, Any]
) -> tuple[int, str]:
    if found:
        client.request("PUT", f"{path}/{found['id']}", body)
        return int(found["id"]), "updated"
    return int(client.request("POST", path, body)["id"]), "created"


def _named(items: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    matches = [item for item in items if item.get("name") == name and not item.get("archived")]
    return min(matches, key=lambda item: item["id"]) if matches else None


def setup(
    client: Metabase,
    spec: DashboardSpec,
    email: str,
    password: str,
    warehouse_file: str,
    wait: float = 180,
) -> None:
    client.wait_until_healthy(timeout=wait)
    print(f"metabase: {_log_in(client, email, password)} ({email})")

    databases = _items(client.request("GET", "/api/database"))
    database_id, done = _upsert(
        client, "/api/database", _named(databases, DATABASE_NAME), database_payload(warehouse_file)
    )
    print(f"metabase: {done} database '{DATABASE_NAME}' -> {warehouse_file} (read-only)")

    collections = _items(client.request("GET", "/api/collection"))
    collection_id, done = _upsert(
        client,
        "/api/collection",
        _named(collections, COLLECTION_NAME),
        {
            "name": COLLECTION_NAME,
            "description": "Provisioned by make metabase-setup",
        },
    )
    print(f"metabase: {done} collection '{COLLECTION_NAME}'")

    items = _items(client.request("GET", f"/api/collection/{collection_id}/items"))
    cards = [item for item in items if item.get("model") == "card"]
    card_ids: dict[str, int] = {}
    for question in spec.questions:
        card_id, done = _upsert(
            client,
            "/api/card",
            _named(cards, question.title),
            card_payload(question, database_id, collection_id),
        )
        card_ids[question.slug] = card_id
        print(f"metabase: {done} question '{question.title}' ({question.slug}.sql)")

    dashboards = [item for item in items if item.get("model") == "dashboard"]
    dashboard_id, done = _upsert(
        client,
        "/api/dashboard",
        _named(dashboards, spec.name),
        {
            "name": spec.name,
            "collection_id": collection_id,
            "description": "Job search analytics from the marts",
        },
    )
    existing = client.request("GET", f"/api/dashboard/{dashboard_id}") or {}
    dashcards = dashcards_payload(spec.questions, card_ids, existing.get("dashcards", []))
    client.request("PUT", f"/api/dashboard/{dashboard_id}", {"dashcards": dashcards})
    print(
        f"metabase: {done} dashboard '{spec.name}' with {len(dashcards)} cards: "
        f"{client.url}/dashboard/{dashboard_id}"
    )


def _log_in_existing(client: Metabase, email: str, password: str) -> None:
    answer = client.request("POST", "/api/session", {"username": email, "password": password})
    client.session = answer["id"]


def check(client: Metabase, spec: DashboardSpec, email: str, password: str, wait: float) -> int:
    """Run every provisioned card through Metabase (its driver, its connection to the
    warehouse): each must complete with rows, and each object must exist once. Prints one line
    per card with a digest of its rows, so two checks show whether the data changed."""
    client.wait_until_healthy(timeout=wait)
    _log_in_existing(client, email, password)
    problems: list[str] = []
    databases = [d for d in _items(client.request("GET", "/api/database")) if not d.get("archived")]
    collections = _items(client.request("GET", "/api/collection"))
    for kind, items, name in (
        ("database", databases, DATABASE_NAME),
        ("collection", collections, COLLECTION_NAME),
    ):
        count = sum(1 for item in items if item.get("name") == name and not item.get("archived"))
        if count != 1:
            problems.append(f"{count} {kind}s named '{name}' (expected 1)")
    collection = _named(collections, COLLECTION_NAME)
    items = (
        _items(client.request("GET", f"/api/collection/{collection['id']}/items"))
        if collection
        else []
    )
    expected = [("dashboard", spec.name), *(("card", q.title) for q in spec.questions)]
    for model, name in expected:
        found = [item for item in items if item.get("model") == model and item.get("name") == name]
        if len(found) != 1:
            problems.append(f"{len(found)} {model}s named '{name}' (expected 1)")
            continue
        if model != "card":
            continue
        result = client.request("POST", f"/api/card/{found[0]['id']}/query", {}) or {}
        rows = (result.get("data") or {}).get("rows") or []
        digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]
        status = result.get("status")
        print(f"card '{name}': {status}, {len(rows)} rows, digest {digest}")
        if status != "completed" or not rows:
            problems.append(f"card '{name}' {status} with {len(rows)} rows: {result.get('error')}")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    if problems:
        raise UserError(f"Metabase check failed ({len(problems)} problems above)")
    print(f"metabase: {len(spec.questions)} cards answered from the warehouse, no duplicates")
    return 0


def _credentials() -> tuple[str, str]:
    email = settings.env("METABASE_ADMIN_EMAIL")
    password = settings.env("METABASE_ADMIN_PASSWORD")
    if not email or not password:
        raise UserError("set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env (no default)")
    return email, password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hirewire.metabase",
        description="Provision Metabase: admin user, DuckDB database (read-only), dashboard.",
        epilog="example: python -m hirewire.metabase setup --url http://127.0.0.1:3000",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("setup", help="create or update everything (idempotent)")
    default_url = (
        settings.env("METABASE_URL") or f"http://127.0.0.1:{settings.env('METABASE_PORT', '3000')}"
    )
    command.add_argument(
        "--url", default=default_url, help=f"Metabase address (default {default_url})"
    )
    command.add_argument(
        "--warehouse-file",
        default=settings.env("METABASE_WAREHOUSE_FILE", "/duckdb-data/hirewire.duckdb"),
        help="the warehouse path as the Metabase container sees it",
    )
    command.add_argument(
        "--wait", type=float, default=180, metavar="SECONDS", help="how long to wait for Metabase"
    )
    command.add_argument("--dry-run", action="store_true", help="print the dashboard spec and stop")
    verify = commands.add_parser(
        "check", help="run every card through Metabase: completed, rows, no duplicates"
    )
    verify.add_argument("--url", default=default_url, help="Metabase address (as for setup)")
    verify.add_argument(
        "--wait", type=float, default=180, metavar="SECONDS", help="how long to wait for Metabase"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    if args.command == "check":
        email, password = _credentials()
        return check(Metabase(args.url), build_spec(), email, password, args.wait)

    spec = build_spec()
    if args.dry_run:
        for question in spec.questions:
            print(
                f"{question.slug}: '{question.title}' {question.display} "
                f"at row {question.row} col {question.col}, {question.width}x{question.height}"
            )
        return 0
    email, password = _credentials()
    setup(Metabase(args.url), spec, email, password, args.warehouse_file, args.wait)
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
