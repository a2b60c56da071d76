"""How a dbt build runs: full, or incremental over what changed since the last build.

    plan = incremental.prepare(build_path, requested="auto", as_of=date(2026, 12, 4))
    ... dbt build, with --full-refresh when plan.mode == "full" ...
    incremental.record(build_path, plan)

An incremental build rebuilds the applications the ETL changed since the last build (it lists
them in etl_changed_application) and those whose as-of-dependent answers differ on the new
as-of date, and recomputes the aggregates of their candidates (sql/duckdb/analytics/scope.sql,
dbt/macros/incremental_scope.sql). A build is full when asked, on a warehouse never built, after
a full ETL load, or when the dbt project, the tools' versions or a lookup table changed: the
marts of a full and an incremental build are then identical (tests/test_refresh_incremental.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

from etl import warehouse
from hirewire import settings
from hirewire.errors import UserError

MODES = ("auto", "full")
ANALYTICS_SQL = warehouse.SQL_DIR / "analytics"
DBT_DIR = settings.ROOT / "dbt"
# What the marts are computed by: the project's code and settings, and the tools' versions.
# Data tests, docs and the profile (connection settings) change no row.
CODE_PATHS = ("dbt_project.yml", "models", "macros")
CODE_SUFFIXES = (".sql", ".yml", ".yaml")
TOOLS = ("dbt-core", "dbt-duckdb", "duckdb")


@dataclass(frozen=True)
class Plan:
    mode: str  # full, incremental
    reason: str
    as_of: date
    etl_run_id: int
    changed_applications: int
    changed_candidates: int
    code_fingerprint: str
    reference_fingerprint: str
    started_at: datetime

    def describe(self) -> str:
        if self.mode == "full":
            return f"full build: {self.reason}"
        applications = self.changed_applications
        candidates = self.changed_candidates
        return (
            f"incremental build: {applications:,} application{'s' if applications != 1 else ''}"
            f" and {candidates:,} candidate{'s' if candidates != 1 else ''} to recompute "
            f"({self.reason})"
        )


def code_fingerprint() -> str:
    """A digest of the dbt project's code and settings and of the tools that run them."""
    digest = hashlib.sha256()
    for relative in CODE_PATHS:
        root = DBT_DIR / relative
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and path.suffix in CODE_SUFFIXES:
                digest.update(str(path.relative_to(DBT_DIR)).encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    for tool in TOOLS:
        digest.update(f"{tool}=={metadata.version(tool)}\n".encode())
    return digest.hexdigest()


def _sql(name: str) -> str:
    return (ANALYTICS_SQL / name).read_text(encoding="utf-8")


def _full_build_reason(requested: str, last: tuple | None, code: str, reference: str) -> str | None:
    """Why the next build must be full, or None when it may be incremental."""
    if requested == "full":
        return "asked for with MODE=full"
    if last is None:
        return "the marts were never built in this warehouse"
    _etl_run_id, _as_of, last_code, last_reference, full_loads, has_marts = last
    if not has_marts:
        return "the marts are missing from this warehouse"
    if full_loads:
        return "a full ETL load ran since the last build"
    if last_code != code:
        return "the dbt project or its tools changed since the last build"
    if last_reference != reference:
        return "a lookup table (statuses, sources, interview types, outcomes) changed"
    return None


def check_mode(requested: str) -> None:
    if requested not in MODES:
        raise UserError(f"unknown build mode {requested!r}: use MODE=auto or MODE=full")


def prepare(path: Path, requested: str, as_of: date) -> Plan:
    """Decide how the build of `path` runs and, when incremental, write its scope there."""
    check_mode(requested)
    started_at = datetime.now(UTC)
    code = code_fingerprint()
    con = warehouse.open_warehouse(path)
    try:
        # The analytics tables of a warehouse last loaded by an older version.
        warehouse.apply_schema(con)
        reference = str(con.execute(_sql("reference_fingerprint.sql")).fetchone()[0])
        latest = int(
            con.execute(
                "select coalesce(max(run_id), 0) from etl_run where status = 'succeeded'"
            ).fetchone()[0]
        )
        last = con.execute(_sql("last_build.sql")).fetchone()
        full_reason = _full_build_reason(requested, last, code, reference)
        if full_reason is not None:
            # A full build recomputes everything: it says so in its counts.
            applications, candidates = con.execute(_sql("full_counts.sql")).fetchone()
        else:
            since_etl_run, last_as_of = int(last[0]), last[1]
            con.execute(_sql("scope_parameters.sql"), [since_etl_run, as_of])
            applications, candidates = con.execute(_sql("scope.sql")).fetchone()
            loads = latest - since_etl_run
            reason = f"{loads} ETL run{'s' if loads != 1 else ''} since the last build"
            if last_as_of != as_of:
                reason += f", as of {as_of} instead of {last_as_of}"
        con.execute("checkpoint")
    finally:
        con.close()
    return Plan(
        mode="full" if full_reason else "incremental",
        reason=full_reason or reason,
        as_of=as_of,
        etl_run_id=latest,
        changed_applications=int(applications),
        changed_candidates=int(candidates),
        code_fingerprint=code,
        reference_fingerprint=reference,
        started_at=started_at,
    )


def record(path: Path, plan: Plan) -> None:
    """Record a successful build in the warehouse it built (analytics_run)."""
    con = warehouse.open_warehouse(path)
    try:
        con.execute(
            _sql("build_parameters.sql"),
            [
                plan.etl_run_id,
                plan.as_of,
                plan.mode,
                plan.reason,
                plan.changed_applications,
                plan.changed_candidates,
                plan.code_fingerprint,
                plan.reference_fingerprint,
                plan.started_at,
            ],
        )
        con.execute(_sql("record_build.sql"))
        con.execute("checkpoint")
    finally:
        con.close()
