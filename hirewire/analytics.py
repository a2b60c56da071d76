"""Build the dbt marts into the warehouse and publish them atomically, or generate the docs.

    python -m hirewire.analytics build                      # dbt build on a copy, then publish
    python -m hirewire.analytics refresh --as-of 2026-10-01 # ETL + dbt build, published once
    python -m hirewire.analytics refresh --mode full        # full load and full build
    python -m hirewire.analytics docs                       # static docs site in dbt/target
    python -m hirewire.analytics freshness                  # fail when the last ETL is too old

`build` and `refresh` work on a private copy of the published warehouse (etl.publish) and
publish only when every model and every test passed: dashboards never see a new star schema
beside old marts, nor marts that failed their tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from etl.load import load_warehouse
from etl.publish import build_prefix, build_then_publish
from etl.summary import format_summary
from hirewire import duck, incremental, settings
from hirewire.errors import UserError, run_cli

DBT_DIR = settings.ROOT / "dbt"
# dbt's per-node progress lines left out by default: "12 of 134 START test ..." and
# "12 of 134 PASS not_null_..." (a failing test prints FAIL, a model OK/ERROR: both stay).
QUIET_DBT_LINE = re.compile(r"\b\d+ of \d+ (START|PASS)\b")
Echo = Callable[[str], None]
# What an incremental build leaves as it is. Its code is unchanged (hirewire.incremental), so:
# the unit tests, which test the code alone, passed in the build the code last ran in; the
# work-search log is a view whose definition cannot change, and its tests (its action ids are
# built from keys tested unique upstream) would compute the largest mart over again.
INCREMENTAL_SKIPS = ("--exclude-resource-type", "unit_test", "--exclude", "mart_work_search_log")


# In parse_cache(): the fingerprint of the dbt code (hirewire.incremental.code_fingerprint: the
# project and the tools' versions) whose unit tests last passed in a build here. Unit tests
# run the models on fixed rows written in the YAML, never on the warehouse's data, so their
# result follows from that code alone: a full build runs them for code that has not passed
# them yet (a new install, an upgrade, an edited model) and leaves them out otherwise.
UNIT_TESTS_PASSED = "unit-tests-passed"

# dbt's threads when HIREWIRE_DBT_THREADS is unset (the profile's default is one). DuckDB runs
# each query on every core, so nodes side by side pay only when each has many rows to compute:
# an incremental build with a large scope overlaps its mid-sized nodes. A full build's large
# models would only share the memory limit and spill, and a small build's nodes are mostly
# dbt's own Python, where two threads contend for one lock (docs/performance.md).
OVERLAP_FROM_APPLICATIONS = 20_000
# The settings of dbt/profiles.yml a user may put in .env.
PROFILE_SETTINGS = ("HIREWIRE_DBT_MEMORY_LIMIT", "HIREWIRE_DBT_THREADS")


def dbt_executable() -> Path:
    """The dbt of this virtualenv (never `dbt --version`: it contacts the package index)."""
    return Path(sys.executable).parent / "dbt"


def target_path(warehouse: Path | None = None) -> Path:
    """dbt's output directory (manifest, run results, partial parse state; logs in `logs/`
    unless DBT_LOG_PATH says otherwise).

    DBT_TARGET_PATH wins. A build keeps its own next to the warehouse it publishes
    (`<data dir>/dbt-target`), so builds of different warehouses (tests, a coach's second data
    dir) never share one; the docs go to dbt/target.
    """
    if os.environ.get("DBT_TARGET_PATH"):
        return Path(os.environ["DBT_TARGET_PATH"]).resolve()
    if warehouse is None:
        return DBT_DIR / "target"
    return Path(warehouse).resolve().parent / "dbt-target"


def parse_cache() -> Path:
    """Where the last successful run's parse of the project is kept, per profile target:
    `dbt/target/parse-cache/` (git-ignored), or HIREWIRE_DBT_PARSE_CACHE (the tests keep
    theirs out of the repository)."""
    return Path(settings.env("HIREWIRE_DBT_PARSE_CACHE", "") or DBT_DIR / "target" / "parse-cache")


def dbt_environment(warehouse: Path | None, profile_target: str) -> dict[str, str]:
    """The environment dbt runs with: no tracking, the warehouse to build, offline extensions.

    The warehouse is named relative to its own directory, where dbt runs (`dbt_directory`):
    the profile is then the same for every warehouse of the same name, which is what lets a
    new warehouse's first build start from another build's parse (`parse_cache()`).
    """
    environment = dict(os.environ)
    # The profile reads these from the environment only; .env may hold them too (.env.example).
    for name in PROFILE_SETTINGS:
        value = settings.env(name, "")
        if value:
            environment[name] = value
    environment.update(
        {
            "DO_NOT_TRACK": "1",
            "HIREWIRE_DBT_TARGET": profile_target,
            "HIREWIRE_EXTENSION_DIR": str(settings.extension_dir()),
        }
    )
    if warehouse is not None:
        environment["HIREWIRE_DBT_PATH"] = Path(warehouse).name
    return environment


def dbt_directory(warehouse: Path | None) -> Path:
    """Where dbt runs: beside the warehouse it builds, else the repository root."""
    return Path(warehouse).resolve().parent if warehouse is not None else settings.ROOT


def _seed_parse(output: Path, profile_target: str) -> None:
    """Give a target directory that has never parsed the project the last build's parse.

    dbt checks the saved parse against every project file, the profile, the variables and
    its own version, and parses again whatever changed; without one it parses the whole
    project, the largest fixed cost of a small build.
    """
    saved = output / "partial_parse.msgpack"
    cached = parse_cache() / f"{profile_target}.msgpack"
    if not saved.exists() and cached.exists():
        output.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            shutil.copyfile(cached, saved)


def _keep_parse(output: Path, profile_target: str) -> None:
    """Keep a successful run's parse for the next new target directory (atomic replace)."""
    saved = output / "partial_parse.msgpack"
    if not saved.exists():
        return
    cache = parse_cache()
    partial = cache / f".{profile_target}.{os.getpid()}.msgpack"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, partial)
        os.replace(partial, cache / f"{profile_target}.msgpack")
    except OSError:
        partial.unlink(missing_ok=True)  # a cache is optional: the next run parses in full


def _die_with_parent() -> None:
    """In the dbt child (Linux): get SIGTERM if hirewire.analytics itself is killed."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run_dbt(
    arguments: list[str],
    warehouse: Path | None,
    *,
    as_of: date | None = None,
    variables: dict[str, str] | None = None,
    profile_target: str = "dev",
    output: Path | None = None,
    echo: Echo = print,
) -> float:
    """Run `dbt <arguments>` on `warehouse`, streaming its progress; returns seconds taken.
    Each model's result, warnings, failures and the summary are shown; the start line of every
    node and the PASS line of every test are not (over 250 lines), unless HIREWIRE_DBT_VERBOSE=1.

    Raises UserError naming the failing models and tests when dbt fails.
    """
    verbose = settings.env("HIREWIRE_DBT_VERBOSE", "") not in ("", "0")
    executable = dbt_executable()
    if not executable.exists():
        raise UserError(f"dbt is not installed in {executable.parent}: run `make setup`")
    output = output or target_path(warehouse)
    command = [
        str(executable),
        *arguments,
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(output),
        "--log-path",
        os.environ.get("DBT_LOG_PATH") or str(output / "logs"),
        # dbt's debug file log (every query and event: thousands of lines a build) slows small
        # builds; the results, warnings and errors are at info level.
        "--log-level-file",
        "debug" if verbose else "info",
    ]
    if not sys.stdout.isatty():
        command.append("--no-use-colors")
    variables = dict(variables or {})
    if as_of is not None:
        variables["as_of_date"] = as_of.isoformat()
    if variables:
        command += ["--vars", json.dumps(variables)]
    results_file = output / "run_results.json"
    results_file.unlink(missing_ok=True)
    _seed_parse(output, profile_target)
    started = time.monotonic()
    tail: list[str] = []
    with subprocess.Popen(
        command,
        cwd=dbt_directory(warehouse),
        env=dbt_environment(warehouse, profile_target),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if verbose or not QUIET_DBT_LINE.search(line):
                echo(line.rstrip())
            tail = [*tail[-19:], line.strip()]
        returncode = process.wait()
    elapsed = time.monotonic() - started
    if returncode != 0:
        raise UserError(describe_failure(arguments[0], results_file, tail))
    _keep_parse(output, profile_target)
    return elapsed


def describe_failure(step: str, results_file: Path, tail: list[str]) -> str:
    """One line naming what failed, from dbt's run_results.json (or its last error line)."""
    failures: list[str] = []
    if results_file.is_file():
        results = json.loads(results_file.read_text(encoding="utf-8")).get("results", [])
        manifest = _manifest(results_file.parent / "manifest.json")
        for result in results:
            if result.get("status") not in ("error", "fail"):
                continue
            unique_id = result.get("unique_id", "?")
            node = manifest.get(unique_id, {})
            kind = unique_id.split(".")[0]
            name = node.get("name") or unique_id.rsplit(".", 1)[-1]
            described = f"{kind} {name}"
            attached = node.get("attached_node") or ""
            if attached:
                described += f" on {attached.rsplit('.', 1)[-1]}"
            if result.get("status") == "fail":
                rows = result.get("failures")
                described += f" failed ({rows} row{'' if rows == 1 else 's'})"
            else:
                message = (result.get("message") or "error").strip().splitlines()[0]
                described += f" errored ({message[:160]})"
            failures.append(described)
    if not failures:
        errors = [line for line in tail if "error" in line.lower()] or tail[-1:] or ["no output"]
        failures.append(errors[-1][:200])
    shown = "; ".join(failures[:3])
    more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
    return f"dbt {step} failed: {shown}{more}. Nothing was published; fix the data or the model."


def _manifest(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}


@contextlib.contextmanager
def stable_name(build_path: Path, published: Path) -> Iterator[Path]:
    """A hard link to the private build copy under a name that stays the same between runs.

    dbt re-parses the whole project whenever the profile changes, and the copy's name (which
    carries a process id) is part of the profile: the stable name keeps partial parsing, and
    with it a couple of seconds per run. It matches etl.publish's leftover pattern, so a killed
    run's link is cleaned by the next writer like any other leftover.
    """
    link = published.with_name(f"{build_prefix(published)}dbt")
    for leftover in (link, link.with_name(link.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        os.link(build_path, link)
    except OSError:
        yield build_path  # no hard links on this file system: build under the copy's name
        return
    try:
        yield link
        wal = link.with_name(link.name + ".wal")
        if wal.exists():
            # dbt's on-run-end hook checkpoints; this only guards against a run that did not.
            duck.connect(link).close()
            wal.unlink(missing_ok=True)
    finally:
        link.unlink(missing_ok=True)


def build(as_of: date | None, echo: Echo = print, mode: str = "auto") -> None:
    """dbt build on a private copy of the published warehouse; publish it if all passed.
    `mode` auto: incremental when the last build allows it (hirewire.incremental); full: all."""
    published = settings.warehouse_path()
    if not published.exists():
        raise UserError(f"no warehouse at {published}: run `make refresh` (ETL and dbt) first")
    as_of = as_of or today()
    echo(f"dbt build of {published} (as of {as_of}) on a private copy ...")
    with build_then_publish(published, "dbt") as build_path:
        elapsed = _build_marts(build_path, published, as_of, mode, echo)
    echo(f"dbt build passed in {elapsed:.1f} s; published {published}")


def refresh(as_of: date | None, echo: Echo = print, mode: str = "auto") -> None:
    """ETL then dbt build in the same private copy, published once. `mode` full: a full load
    and a full build; auto: each incremental when it can be."""
    incremental.check_mode(mode)
    published = settings.warehouse_path()
    as_of = as_of or today()
    echo(f"refresh of {published} (as of {as_of}): ETL, then dbt build ...")
    started = time.monotonic()
    with build_then_publish(published, "refresh") as build_path:
        echo(format_summary(load_warehouse(build_path, mode=mode)))
        elapsed = _build_marts(build_path, published, as_of, mode, echo)
    total = time.monotonic() - started
    echo(f"refresh done in {total:.1f} s (dbt build {elapsed:.1f} s); published {published}")


def _build_marts(build_path: Path, published: Path, as_of: date, mode: str, echo: Echo) -> float:
    """The dbt build of a private copy, full or incremental, recorded in it; returns seconds."""
    plan = incremental.prepare(build_path, mode, as_of)
    echo(f"dbt: {plan.describe()}")
    full = plan.mode == "full"
    arguments = ["build", "--full-refresh"] if full else ["build", *INCREMENTAL_SKIPS]
    unit_tests = full and not _unit_tests_passed(plan.code_fingerprint)
    if full and not unit_tests:
        arguments += ["--exclude-resource-type", "unit_test"]
        echo("dbt: no unit tests: this dbt code passed them before (they test code, not data)")
    elif unit_tests:
        echo("dbt: unit tests too: this dbt code has not passed them here yet")
    arguments += _threads(plan, echo)
    with stable_name(build_path, published) as dbt_path:
        elapsed = run_dbt(
            arguments,
            dbt_path,
            as_of=as_of,
            # In both modes: dbt parses the project again whenever its variables change.
            variables={"incremental_scope": "prepared"},
            output=target_path(published),
            echo=echo,
        )
    incremental.record(build_path, plan)
    if unit_tests:
        _remember_unit_tests(plan.code_fingerprint)
    return elapsed


def _unit_tests_passed(code: str) -> bool:
    """Whether this dbt code's unit tests passed in an earlier build here (UNIT_TESTS_PASSED)."""
    try:
        return (parse_cache() / UNIT_TESTS_PASSED).read_text(encoding="utf-8").strip() == code
    except OSError:
        return False


def _remember_unit_tests(code: str) -> None:
    """Record that this dbt code passed its unit tests (atomic replace; optional like the
    parse cache: without the record, the next full build runs them again)."""
    cache = parse_cache()
    partial = cache / f".{UNIT_TESTS_PASSED}.{os.getpid()}"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial.write_text(code + "\n", encoding="utf-8")
        os.replace(partial, cache / UNIT_TESTS_PASSED)
    except OSError:
        partial.unlink(missing_ok=True)


def _threads(plan: incremental.Plan, echo: Echo) -> list[str]:
    """dbt's --threads for this build (none: the profile's, HIREWIRE_DBT_THREADS when set)."""
    chosen = settings.env("HIREWIRE_DBT_THREADS", "")
    if chosen:
        echo(f"dbt: {chosen} thread(s), as HIREWIRE_DBT_THREADS says")
        return []
    if plan.mode == "incremental" and plan.changed_applications >= OVERLAP_FROM_APPLICATIONS:
        echo("dbt: two nodes at a time, for a large scope (HIREWIRE_DBT_THREADS unset)")
        return ["--threads", "2"]
    echo("dbt: one node at a time, each query using every core (HIREWIRE_DBT_THREADS unset)")
    return []


def today() -> date:
    """The default as-of date: today in UTC, as dbt's own default (macros/as_of_date.sql)."""
    return datetime.now(UTC).date()


def docs(echo: Echo = print) -> Path:
    """Generate the dbt docs as one static HTML file; the catalog comes from the warehouse."""
    warehouse = settings.warehouse_path()
    arguments = ["docs", "generate", "--static"]
    if warehouse.exists():
        # Read-only: a dashboard holding the warehouse open is not disturbed.
        run_dbt(arguments, warehouse, profile_target="docs", output=target_path(), echo=echo)
    else:
        echo(f"no warehouse at {warehouse}: docs without table statistics (--empty-catalog)")
        run_dbt(
            [*arguments, "--empty-catalog"],
            None,
            profile_target="lint",
            output=target_path(),
            echo=echo,
        )
    site = target_path() / "static_index.html"
    echo(f"docs: open {site} in a browser (one self-contained file, no server needed)")
    return site


def freshness(echo: Echo = print) -> None:
    """Check the published star's freshness (`etl_run`'s latest succeeded run, thresholds in
    dbt/models/staging/warehouse/_warehouse__sources.yml); fails when it is stale.

    Read-only like `docs`, with its own target directory, so a build running at the same time
    keeps its own.
    """
    warehouse = settings.warehouse_path()
    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}: run `make refresh` first")
    output = warehouse.parent / "dbt-freshness"
    if os.environ.get("DBT_TARGET_PATH"):
        output = target_path()
    (output / "sources.json").unlink(missing_ok=True)
    arguments = ["source", "freshness", "--select", "source:warehouse.etl_run"]
    try:
        run_dbt(arguments, warehouse, profile_target="docs", output=output, echo=echo)
    except UserError:
        result = _freshness_result(output)
        if result.get("status") != "error":
            raise
        raise UserError(
            f"the warehouse {warehouse} is stale: {_last_run(result)}, more than the "
            "error threshold: run `make refresh`"
        ) from None
    result = _freshness_result(output)
    verdict = "warning: the warehouse is getting stale" if result["status"] == "warn" else "fresh"
    echo(f"{verdict}: {_last_run(result)} ({warehouse})")


def _freshness_result(output: Path) -> dict:
    """The etl_run entry of dbt's sources.json, empty when dbt wrote none."""
    path = output / "sources.json"
    if not path.is_file():
        return {}
    results = json.loads(path.read_text(encoding="utf-8")).get("results", [])
    return results[0] if results else {}


def _last_run(result: dict) -> str:
    if not result.get("max_loaded_at"):
        return "no ETL run has succeeded yet"
    finished = result["max_loaded_at"][:16].replace("T", " ")
    days = result["max_loaded_at_time_ago_in_s"] / 86400
    return f"the last successful ETL run finished {finished} UTC, {days:.1f} days ago"


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-10-01"
        ) from None


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m hirewire.analytics",
        description="Build the dbt marts (published atomically) or generate the dbt docs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  python -m hirewire.analytics build --as-of 2026-10-01\n"
        "  python -m hirewire.analytics refresh\n"
        "  python -m hirewire.analytics docs\n"
        "  python -m hirewire.analytics freshness",
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="command")
    for name, help_text in (
        ("build", "dbt build (models and tests) on a copy of the warehouse, then publish"),
        ("refresh", "ETL from Postgres then dbt build on one copy, published once"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "--as-of",
            type=parse_date,
            metavar="YYYY-MM-DD",
            help="reference date of time-dependent metrics (ghosting, days since); default today",
        )
        command.add_argument(
            "--mode",
            choices=incremental.MODES,
            default="auto",
            help="auto (default): incremental when possible; full: rebuild everything",
        )
    commands.add_parser("docs", help="generate the docs site as static files in dbt/target")
    commands.add_parser(
        "freshness", help="fail when the published warehouse's last ETL run is too old"
    )
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if arguments.command == "build":
        build(arguments.as_of, mode=arguments.mode)
    elif arguments.command == "refresh":
        refresh(arguments.as_of, mode=arguments.mode)
    elif arguments.command == "freshness":
        freshness()
    else:
        docs()
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
