"""Load the source into a warehouse file: run sql/duckdb/load/*.sql, the source in one snapshot.

`load_warehouse(path, mode)` works on whatever file it is given (etl.publish hands it a private
build copy); it creates the schema if needed, records the run in etl_run and checkpoints.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl import source, warehouse
from hirewire import settings
from hirewire.errors import UserError

MODES = ("auto", "full", "incremental")
# Steps whose output the later steps scan in bulk: a full load commits after each
# (see _run_transforms).
COMMIT_AFTER = ("20_extract", "40_fct_application")
Progress = Callable[[str], None]


@dataclass
class LoadSummary:
    """What a run did; printed by `python -m etl run` and returned to callers."""

    run_id: int
    mode: str
    started_at: datetime
    finished_at: datetime
    source_snapshot_at: datetime | None
    watermark: datetime | None
    rows_extracted: int
    application_count: int
    row_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    special_member_counts: dict[str, int] = field(default_factory=dict)
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _announce(line: str) -> None:
    """On a terminal, show the step that is running now; its timing line overwrites it."""
    if sys.stderr.isatty():
        print(f"{line} ...", end="\r", file=sys.stderr, flush=True)


def load_warehouse(
    warehouse_path: Path, mode: str = "auto", progress: Progress | None = None
) -> LoadSummary:
    """Load the source into the DuckDB file at warehouse_path; returns the run's summary."""
    if mode not in MODES:
        raise UserError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    say = progress or _stderr
    source.start_embedded_server()
    target = settings.postgres("etl")
    with source.libpq_environment(target):
        con = warehouse.open_warehouse(warehouse_path)
        try:
            return _load(con, warehouse_path, mode, target, say, progress is None)
        except duckdb.Error as exc:
            raise UserError(warehouse.explain_duckdb_error(exc, warehouse_path)) from None
        finally:
            con.close()


def _load(con, path: Path, mode: str, target, say: Progress, announce: bool) -> LoadSummary:
    warehouse.apply_schema(con)
    # Before the ATTACH: duckdb_columns() would read the attached source's catalog too.
    fingerprint = warehouse.schema_fingerprint(con)
    source.attach(con, target)
    source.preflight(con, target)
    resolved, since = _resolve_mode(con, mode, fingerprint, say)
    run_id = int(con.execute("select coalesce(max(run_id), 0) + 1 from etl_run").fetchone()[0])
    started_at = datetime.now(UTC)
    shown = warehouse.published_name(path)
    say(f"ETL run {run_id} ({resolved}) from {target.describe()} into {shown}")
    record_run = (warehouse.SQL_DIR / "run" / "record_run.sql").read_text(encoding="utf-8")
    con.execute("begin transaction")
    try:
        con.execute(
            "create or replace temp table etl_parameters as "
            "select ?::varchar as mode, ?::timestamptz as since, ?::bigint as run_id",
            [resolved, since, run_id],
        )
        # Marks the file as mid-load until the summary replaces it (see _run_transforms).
        con.execute(
            record_run,
            [run_id, resolved, "running", *[None] * 4, started_at, *[None] * 3, fingerprint],
        )
        summary_row, steps, committing = _run_transforms(con, resolved, say, announce)
        summary = _record_success(
            con, record_run, run_id, resolved, started_at, fingerprint, summary_row, steps
        )
        began = time.perf_counter()
        con.execute("commit")
        committing += time.perf_counter() - began
    except BaseException:
        # A failed COMMIT (the source dropped its connection while DuckDB committed the
        # attached Postgres transaction) ends the transaction itself: the rollback then has
        # nothing to undo, and its own error must not hide the real one.
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    began = time.perf_counter()
    con.execute("detach pg")
    con.execute("checkpoint")
    say(f"  commits {committing:.2f} s, checkpoint {time.perf_counter() - began:.2f} s")
    return summary


def _record_success(
    con,
    record_run: str,
    run_id: int,
    resolved: str,
    started_at: datetime,
    fingerprint: str,
    summary_row: tuple | None,
    steps: list[tuple[str, float]],
) -> LoadSummary:
    """Replace the run's 'running' row by its summary (committed with the load)."""
    snapshot_at, watermark = con.execute(
        "select snapshot_at, watermark from etl_snapshot"
    ).fetchone()
    row_counts = json.loads(summary_row[0]) if summary_row else {}
    special = json.loads(summary_row[1]) if summary_row else {}
    summary = LoadSummary(
        run_id=run_id,
        mode=resolved,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        source_snapshot_at=snapshot_at,
        watermark=watermark,
        rows_extracted=int(summary_row[2] or 0) if summary_row else 0,
        application_count=int(summary_row[3] or 0) if summary_row else 0,
        row_counts=row_counts,
        special_member_counts={k: int(v) for k, v in special.items()},
        steps=steps,
    )
    con.execute("delete from etl_run where run_id = ?", [run_id])
    con.execute(
        record_run,
        [
            run_id,
            resolved,
            "succeeded",
            None,
            json.dumps(row_counts),
            json.dumps(special),
            summary.rows_extracted,
            started_at,
            summary.finished_at,
            snapshot_at,
            watermark,
            fingerprint,
        ],
    )
    return summary


def _resolve_mode(con, mode: str, fingerprint: str, say: Progress) -> tuple[str, datetime | None]:
    """The mode this run takes (auto: incremental after a complete run of the same schema) and
    the watermark an incremental run pulls from."""
    # Only finished runs replace their 'running' row, so the latest row tells whether this
    # file holds a complete load to continue from.
    last = con.execute(
        "select run_id, status, watermark, schema_fingerprint from etl_run "
        "order by run_id desc limit 1"
    ).fetchone()
    resolved = mode if mode != "auto" else ("incremental" if last else "full")
    if resolved == "incremental" and not last:
        resolved = "full"
        say("No successful run in this warehouse yet: running a full load instead.")
    elif resolved == "incremental" and last[1] != "succeeded":
        # Its commits after the extract are in this file, its summary is not: rebuild.
        resolved = "full"
        say(f"Run {last[0]} stopped before it finished: running a full load instead.")
    elif resolved == "incremental" and last[3] != fingerprint:
        resolved = "full"
        say("The star schema changed since the last run: running a full load to fill it.")
    return resolved, (last[2] if resolved == "incremental" else None)


def _run_transforms(
    con, resolved: str, say: Progress, announce: bool
) -> tuple[tuple | None, list[tuple[str, float]], float]:
    """Run the mode's transform files in order, timing each; returns the summary row of the
    last one (90_summary), the steps' timings and the seconds spent committing."""
    files = warehouse.transform_files(resolved)
    steps: list[tuple[str, float]] = []
    result = None
    committing = 0.0
    for number, sql_file in enumerate(files, start=1):
        name = sql_file.name.removesuffix(".sql")
        began = time.perf_counter()
        if announce:
            _announce(f"  [{number:2d}/{len(files)}] {name:<32}")
        result = con.execute(sql_file.read_text(encoding="utf-8"))
        elapsed = time.perf_counter() - began
        steps.append((name, elapsed))
        say(f"  [{number:2d}/{len(files)}] {name:<32} {elapsed:7.2f} s")
        if resolved == "full" and name.startswith(COMMIT_AFTER):
            # DuckDB scans committed rows with every thread but a transaction's own
            # uncommitted rows with one: commit what the next steps read in bulk (an
            # incremental load reads little, and a commit costs more than it saves). The source
            # is read by then (one Postgres snapshot, in the first transaction). The file is a
            # private build copy, published only when the whole load succeeds; a run stopped
            # in between leaves its 'running' row, and the next run on the same file is full.
            began = time.perf_counter()
            con.execute("commit")
            con.execute("begin transaction")
            committing += time.perf_counter() - began
    return (result.fetchone() if result else None), steps, committing
