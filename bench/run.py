"""One benchmark run: for each scale, a fresh source database, the generator, then every step
(floor, full ETL, incremental ETL, dbt build, full refresh, incremental refresh) measured `runs`
times as fresh subprocesses."""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import psutil

from bench import measure, report, source
from hirewire import analytics, db, duck, settings
from hirewire.errors import UserError

SQL_DIR = Path(__file__).resolve().parent / "sql"
# A reused database drifts by the change sets (+0.09% applications a run); more means another scale.
REUSE_TOLERANCE = 0.05
# The ETL's progress lines: "  [ 4/11] 20_extract.full     5.06 s" and "  checkpoint 0.02 s".
ETL_FILE_LINE = re.compile(r"^\s*(?:\[\s*\d+/\d+\]\s+)?(\S+)\s+([0-9]+\.[0-9]+) s$")
SLOWEST_DBT_NODES = 10
# File systems held in RAM: a warehouse there hides its size and its spill files in memory.
MEMORY_FILESYSTEMS = ("tmpfs", "ramfs")
# What a step's run records beside its timings, from its result (and the files it wrote).
Details = Callable[[measure.Measured], dict[str, Any]]


@dataclass(frozen=True)
class Options:
    scales: list[int]
    runs: int
    seed: int
    applications_per_candidate: int
    database: str
    keep_db: bool
    reuse_db: bool
    results_dir: Path
    work_dir: Path | None
    quiet: bool
    # --scales was given: report the full refresh's median seconds per million per scale.
    per_scale: bool = False


class Progress:
    """Timestamped progress lines on stderr: wall clock and time since the start."""

    def __init__(self, quiet: bool) -> None:
        self.started = time.perf_counter()
        self.quiet = quiet

    def say(self, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        clock = datetime.now(UTC).strftime("%H:%M:%S")
        print(f"[{clock} +{elapsed:7.1f} s] {message}", file=sys.stderr, flush=True)

    def child(self, line: str) -> None:
        if not self.quiet:
            print(f"      | {line}", file=sys.stderr, flush=True)


def _python() -> str:
    return sys.executable


def _step(
    progress: Progress,
    label: str,
    command: list[str],
    env: dict[str, str],
    settle_db: str | None = None,
    server: int | None = None,
) -> measure.Measured:
    if settle_db:
        source.settle(settle_db)
    progress.say(f"{label} ...")
    result = measure.run(command, env, str(settings.ROOT), progress.child, server)
    if result.returncode != 0:
        tail = "\n".join(result.output_tail[-8:])
        raise UserError(
            f"{label} failed (exit {result.returncode}) after {result.seconds:.1f} s; "
            f"its last output:\n{tail}"
        )
    server_cpu = (
        f", PostgreSQL {result.server_cpu_seconds:.2f} s"
        if result.server_cpu_seconds is not None
        else ""
    )
    dbt_peak = (
        f" (dbt {result.dbt_peak_rss_bytes / 1e6:,.0f} MB)"
        if result.dbt_peak_rss_bytes is not None
        else ""
    )
    progress.say(
        f"{label}: {result.seconds:.2f} s (CPU {result.cpu_seconds:.2f} s{server_cpu}), "
        f"peak RSS {result.peak_rss_bytes / 1e6:,.0f} MB{dbt_peak}"
    )
    return result


def _run_record(result: measure.Measured, rows: int, **extra: Any) -> dict[str, Any]:
    return {
        "seconds": round(result.seconds, 3),
        "cpu_seconds": round(result.cpu_seconds, 3),
        "postgres_cpu_seconds": (
            None if result.server_cpu_seconds is None else round(result.server_cpu_seconds, 3)
        ),
        "rows": rows,
        "rows_per_second": round(rows / result.seconds, 1),
        "peak_rss_bytes": result.peak_rss_bytes,
        "own_peak_rss_bytes": result.own_peak_rss_bytes,
        "dbt_peak_rss_bytes": result.dbt_peak_rss_bytes,
        **extra,
    }


def _warehouse_query(warehouse: Path, file_name: str) -> tuple | None:
    """One row from the published warehouse, or None when it lacks what the query needs."""
    try:
        con = duck.connect(warehouse, read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute((SQL_DIR / file_name).read_text()).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()


def _last_etl_run(warehouse: Path) -> dict[str, Any]:
    row = _warehouse_query(warehouse, "last_etl_run.sql")
    if row is None:
        return {}
    mode, status, rows_extracted, row_counts = row
    counts = json.loads(row_counts) if isinstance(row_counts, str) else row_counts
    return {
        "etl_run": {
            "mode": mode,
            "status": status,
            "rows_extracted": rows_extracted,
            "row_counts": counts,
        }
    }


def _last_analytics_run(warehouse: Path) -> dict[str, Any]:
    """How the last dbt build ran (full or incremental), where the warehouse records it."""
    row = _warehouse_query(warehouse, "last_analytics_run.sql")
    if row is None:
        return {}
    mode, changed_applications, changed_candidates = row
    return {
        "analytics_run": {
            "mode": mode,
            "changed_applications": changed_applications,
            "changed_candidates": changed_candidates,
        }
    }


def full_mode_arguments(command: str) -> list[str]:
    """`--mode full` when `hirewire.analytics <command>` takes it (dbt builds incrementally by
    default there), else nothing: without the option every build is a full one."""
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text), contextlib.suppress(SystemExit):
        analytics.parser().parse_args([command, "--help"])
    return ["--mode", "full"] if "--mode" in help_text.getvalue() else []


def work_filesystem(path: Path) -> str:
    """The file system type under `path` (the warehouse and DuckDB's spill files go there)."""
    resolved = str(path.resolve())
    best, fstype = "", "unknown"
    for partition in psutil.disk_partitions(all=True):
        mount = partition.mountpoint.rstrip("/") + "/"
        if (resolved + "/").startswith(mount) and len(mount) > len(best):
            best, fstype = mount, partition.fstype
    return fstype


def _etl_files(result: measure.Measured) -> dict[str, Any]:
    """Seconds per transform file, as the ETL printed them: where a run's time went."""
    files = {}
    for line in result.output:
        match = ETL_FILE_LINE.match(line)
        if match:
            files[match.group(1)] = float(match.group(2))
    return {"files": files} if files else {}


def _dbt_nodes(data_dir: Path) -> dict[str, Any]:
    """dbt's own timing: elapsed, node count, the slowest models and tests."""
    path = data_dir / "dbt-target" / "run_results.json"
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    nodes = sorted(results.get("results", []), key=lambda node: -node["execution_time"])
    return {
        "dbt_elapsed_seconds": round(results.get("elapsed_time", 0.0), 3),
        "dbt_nodes": len(nodes),
        "dbt_node_seconds_total": round(sum(node["execution_time"] for node in nodes), 3),
        "dbt_slowest_nodes": {
            node["unique_id"]: round(node["execution_time"], 3)
            for node in nodes[:SLOWEST_DBT_NODES]
        },
    }


def _change_set(dbname: str, applications: int, progress: Progress, label: str) -> source.ChangeSet:
    """The bench's change set (1% move a stage, 0.1% new, 0.01% deleted), applied now."""
    # A salt new to every change set: a reused database already holds earlier runs' inserts of
    # the same day, which the natural key would otherwise skip.
    salt = time.time_ns() // 1000
    change = source.apply_change_set(dbname, applications, salt=salt)
    progress.say(
        f"change set {label}: {change.updated:,} status changes, {change.inserted:,} new, "
        f"{change.deleted:,} deleted applications ({change.changed_rows:,} source rows) "
        f"in {change.seconds:.2f} s"
    )
    return change


def extension_load_seconds(tries: int = 2) -> float:
    """Seconds to load the postgres extension with DuckDB's signature check (every ETL run and
    every refresh pays it once): the best of `tries` fresh connections."""
    best = float("inf")
    for _ in range(tries):
        con = duckdb.connect(":memory:", config=duck.config())
        try:
            started = time.perf_counter()
            con.execute("load postgres")
            best = min(best, time.perf_counter() - started)
        finally:
            con.close()
    return round(best, 3)


def _reset_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


@dataclass
class _ScaleSteps:
    """The measured steps at one scale: each run `options.runs` times as a fresh subprocess."""

    options: Options
    progress: Progress
    env: dict[str, str]
    dbname: str
    server: int | None
    applications: int
    warehouse: Path

    def step(self, label: str, arguments: list[str]) -> measure.Measured:
        command = [_python(), *arguments]
        return _step(self.progress, label, command, self.env, self.dbname, self.server)

    def floor(self) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Postgres' COPY of every source table: the rate no load can beat."""
        runs, tables = [], {}
        for run in range(1, self.options.runs + 1):
            result = self.step(f"floor run {run}", ["-m", "bench.floor"])
            summary = json.loads(result.stdout.strip().splitlines()[-1])
            tables = summary["tables"]
            runs.append(_run_record(result, summary["rows"], bytes=summary["bytes"]))
        return runs, tables

    def from_scratch(
        self, label: str, arguments: list[str], rows: int, details: Details
    ) -> list[dict[str, Any]]:
        """The step into a fresh data directory (no warehouse) each time."""
        runs = []
        for run in range(1, self.options.runs + 1):
            _reset_dir(self.warehouse.parent)
            result = self.step(label.format(run=run), arguments)
            runs.append(_run_record(result, rows, **details(result)))
        return runs

    def on_etl_warehouse(
        self, label: str, arguments: list[str], rows: int, details: Details
    ) -> list[dict[str, Any]]:
        """The step on the warehouse the ETL steps left (no marts yet), restored before each
        run: every run builds every mart, whatever the build's default mode."""
        snapshot = self.warehouse.parent.parent / f"etl-only-{self.warehouse.name}"
        shutil.copyfile(self.warehouse, snapshot)
        runs = []
        try:
            for run in range(1, self.options.runs + 1):
                if run > 1:
                    self.warehouse.with_name(self.warehouse.name + ".wal").unlink(missing_ok=True)
                    shutil.copyfile(snapshot, self.warehouse)
                result = self.step(label.format(run=run), arguments)
                runs.append(_run_record(result, rows, **details(result)))
        finally:
            snapshot.unlink(missing_ok=True)
        return runs

    def after_change_sets(
        self, label: str, arguments: list[str], change_sets: list[dict], details: Details
    ) -> list[dict[str, Any]]:
        """The step after a fresh change set each time (appended to `change_sets`)."""
        runs = []
        for run in range(1, self.options.runs + 1):
            change = _change_set(self.dbname, self.applications, self.progress, str(run))
            change_sets.append(asdict(change))
            result = self.step(label.format(run=run), arguments)
            runs.append(_run_record(result, change.changed_rows, **details(result)))
        return runs

    def etl_details(self, result: measure.Measured) -> dict[str, Any]:
        return {**_etl_files(result), **_last_etl_run(self.warehouse)}

    def refresh_details(self, _result: measure.Measured) -> dict[str, Any]:
        return {
            **_last_etl_run(self.warehouse),
            **_last_analytics_run(self.warehouse),
            **_dbt_nodes(self.warehouse.parent),
        }

    def build_details(self, _result: measure.Measured) -> dict[str, Any]:
        return {**_last_analytics_run(self.warehouse), **_dbt_nodes(self.warehouse.parent)}


def run_scale(options: Options, applications: int, work: Path, progress: Progress) -> dict:
    """Everything at one scale, in its own freshly created benchmark database."""
    # One database per scale, so --reuse-db finds each scale's data again.
    dbname = options.database
    if options.per_scale:
        dbname = f"{options.database}_{applications}"
    candidates = max(1, applications // options.applications_per_candidate)
    data_dir = work / "data"
    warehouse = data_dir / "hirewire.duckdb"
    env = source.child_env(dbname, data_dir, warehouse)
    python = _python()

    reuse = options.reuse_db and source.exists(dbname)
    if reuse:
        found = source.application_count(dbname)
        if abs(found - applications) > applications * REUSE_TOLERANCE:
            raise UserError(
                f"database {dbname} holds {found:,} applications, not about {applications:,}: "
                "run without --reuse-db to generate it again"
            )
        progress.say(f"== {applications:,} applications: reusing database {dbname} ({found:,})")
    else:
        progress.say(f"== {applications:,} applications: creating database {dbname}")
        source.recreate(dbname)
    try:
        applied = source.apply_migrations(dbname)
        progress.say(f"applied {applied} migrations")
        _reset_dir(data_dir)
        generate_seconds = None
        if not reuse:
            generated = _step(
                progress,
                f"generate {applications:,} applications, {candidates:,} candidates",
                [
                    python,
                    *("-m", "hirewire.sample", "--seed", str(options.seed)),
                    *("--applications", str(applications), "--candidates", str(candidates)),
                ],
                env,
            )
            generate_seconds = round(generated.seconds, 3)
        started = time.perf_counter()
        source.vacuum_analyze(dbname)
        vacuum_seconds = time.perf_counter() - started
        progress.say(f"vacuum analyze: {vacuum_seconds:.2f} s")
        server = source.server_process(dbname)
        if server is None:
            progress.say("PostgreSQL runs elsewhere: its CPU is not measured")
        # Seconds per million count what the source holds: a reused database has drifted.
        in_source = source.application_count(dbname)

        bench = _ScaleSteps(options, progress, env, dbname, server, applications, warehouse)
        floor_runs, floor_tables = bench.floor()
        source_rows = floor_runs[0]["rows"]
        etl_details, refresh_details = bench.etl_details, bench.refresh_details
        etl, refresh = ["-m", "etl", "run"], ["-m", "hirewire.analytics", "refresh"]
        change_sets: list[dict[str, Any]] = []
        full_runs = bench.from_scratch(
            "full ETL run {run} (fresh warehouse)",
            [*etl, "--mode", "full"],
            source_rows,
            etl_details,
        )
        incremental_runs = bench.after_change_sets(
            "incremental ETL run {run}",
            [*etl, "--mode", "incremental"],
            change_sets,
            etl_details,
        )
        fact_row = _warehouse_query(warehouse, "warehouse_fact_rows.sql")
        fact_rows = int(fact_row[0]) if fact_row and fact_row[0] else source_rows
        build = ["-m", "hirewire.analytics", "build"]
        dbt_runs = bench.on_etl_warehouse(
            "full dbt build run {run}",
            [*build, *full_mode_arguments("build")],
            fact_rows,
            bench.build_details,
        )
        full_refresh_runs = bench.from_scratch(
            "full refresh run {run} (fresh warehouse: ETL, dbt build, publish)",
            [*refresh, *full_mode_arguments("refresh")],
            source_rows,
            refresh_details,
        )
        incremental_refresh_runs = bench.after_change_sets(
            "incremental refresh run {run}", refresh, change_sets, refresh_details
        )
    finally:
        if options.keep_db or options.reuse_db:
            progress.say(f"kept database {dbname} (--keep-db / --reuse-db)")
        else:
            source.drop(dbname)

    steps = {
        "floor": report.summarise_step(floor_runs, in_source),
        "full_etl": report.summarise_step(full_runs, in_source),
        "incremental_etl": report.summarise_step(incremental_runs, in_source),
        "dbt_build": report.summarise_step(dbt_runs, in_source),
        "full_refresh": report.summarise_step(full_refresh_runs, in_source),
        "incremental_refresh": report.summarise_step(incremental_refresh_runs, in_source),
    }
    return {
        "applications": applications,
        "applications_in_source": in_source,
        "database": dbname,
        "candidates": floor_tables.get("candidates", {}).get("rows"),
        "reused_database": reuse,
        "source_rows": source_rows,
        "source_tables": floor_tables,
        "warehouse_fact_rows": fact_rows,
        "generate_seconds": generate_seconds,
        "vacuum_analyze_seconds": round(vacuum_seconds, 3),
        "change_sets": change_sets,
        "steps": steps,
        "ratios": report.ratios(steps),
    }


def _machine(postgres_version: str) -> dict[str, Any]:
    memory = psutil.virtual_memory()
    return {
        "cpus": os.cpu_count(),
        "memory_bytes": memory.total,
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "postgres": postgres_version,
        "platform": platform.platform(),
    }


def run(options: Options) -> tuple[dict[str, Any], Path]:
    """The whole benchmark; returns the result document and where it was written."""
    source.check_name(options.database)
    for applications in options.scales:
        source.check_name(f"{options.database}_{applications}")
    db.ensure_server()
    progress = Progress(options.quiet)
    started_at = datetime.now(UTC)
    options.results_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hirewire-bench-", dir=options.work_dir))
    machine = _machine(source.server_version("postgres"))
    extension_seconds = extension_load_seconds()
    progress.say(f"postgres extension load, signature checked: {extension_seconds:.3f} s")
    filesystem = work_filesystem(work)
    if filesystem in MEMORY_FILESYSTEMS:
        progress.say(
            f"warning: {work} is on {filesystem}: the warehouse and DuckDB's spill files live "
            "in memory, so peak memory is understated; pass --work-dir on a disk"
        )
    scales = []
    try:
        for number, applications in enumerate(options.scales, start=1):
            progress.say(f"scale {number} of {len(options.scales)}: {applications:,} applications")
            started = time.perf_counter()
            scale = run_scale(options, applications, work, progress)
            scales.append(scale)
            progress.say(
                f"scale {applications:,} done in {time.perf_counter() - started:,.0f} s: "
                + report.scale_summary(scale)
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    checks = report.targets(scales)
    document = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "server": source.target(options.database).describe(),
        "database": options.database,
        "machine": machine
        | {
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "work_dir_filesystem": filesystem,
        },
        "runs_per_step": options.runs,
        "extension_check_seconds": extension_seconds,
        "scales": scales,
        "seconds_per_million_applications": {
            str(scale["applications"]): {
                name: scale["steps"][name]["seconds_per_million_applications"]
                for name in report.STEPS
            }
            for scale in scales
        },
        **({"per_scale": report.per_scale(scales)} if options.per_scale else {}),
        "targets": checks,
    }
    path = options.results_dir / f"{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return document, path
