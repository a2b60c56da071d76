"""Load the Postgres source into the DuckDB warehouse.

python -m etl init                    # create or upgrade the star schema (never loses data)
python -m etl run                     # incremental once a run succeeded, else full
python -m etl run --mode full         # rebuild everything
python -m etl check                   # compare the warehouse with the source; exit 1 if wrong
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import check, publish, source, warehouse
from etl.load import MODES, load_warehouse
from etl.summary import format_summary
from hirewire import settings
from hirewire.errors import run_cli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=settings.program("python -m etl"),
        description="Load HireWire's Postgres source into the DuckDB star schema.",
        epilog="example: python -m etl run --mode full   (warehouse: $HIREWIRE_WAREHOUSE)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    init = commands.add_parser(
        "init",
        help="create or upgrade the warehouse schema",
        epilog="example: python -m etl init",
    )
    init.add_argument("--wait", action="store_true", help="wait for a running writer")
    run = commands.add_parser(
        "run",
        help="load the source into the warehouse and publish it",
        epilog="example: python -m etl run --mode incremental",
    )
    run.add_argument(
        "--mode",
        choices=MODES,
        default="auto",
        help="auto (default): incremental once a run succeeded, else full",
    )
    run.add_argument("--wait", action="store_true", help="wait for a running writer")
    verify = commands.add_parser(
        "check",
        help="check the published warehouse against the source",
        epilog="example: python -m etl check --max-age-hours 48",
    )
    verify.add_argument(
        "--max-age-hours",
        type=float,
        default=float(settings.env("HIREWIRE_MAX_RUN_AGE_HOURS", "24") or 24),
        help="fail when the last run is older (default 24, HIREWIRE_MAX_RUN_AGE_HOURS)",
    )
    return parser


def _init(published: Path, wait: bool) -> int:
    before = None
    with publish.build_then_publish(
        published, "init", wait=wait, require_applications=False
    ) as build:
        con = warehouse.open_warehouse(build)
        try:
            if published.exists():
                before = warehouse.catalog_fingerprint(con)
            warehouse.apply_schema(con)
            changed = before != warehouse.catalog_fingerprint(con)
            con.execute("checkpoint")
            version = warehouse.storage_version(con)
        finally:
            con.close()
    if before is None:
        done = f"Created the warehouse schema in {published}"
    elif changed:
        done = f"Upgraded the warehouse schema in {published}"
    else:
        done = f"The warehouse schema in {published} is up to date"
    print(f"{done} (storage {version}: readable by DuckDB {warehouse.OLDEST_READER} and later).")
    return 0


def _run(published: Path, mode: str, wait: bool) -> int:
    with publish.build_then_publish(published, f"etl {mode}", wait=wait) as build:
        summary = load_warehouse(build, mode)
    print(format_summary(summary))
    return 0


def _check(published: Path, max_age_hours: float) -> int:
    source.start_embedded_server()
    lines = check.run_checks(published, max_age_hours)
    print(check.format_table(lines))
    if not any(line.failed for line in lines) and lines[0].status == "ok":
        print(check.special_members_line(published))
    failed = [line.name for line in lines if line.failed]
    if failed:
        print(
            f"error: warehouse check failed ({', '.join(failed)}): run `make etl`", file=sys.stderr
        )
        return 1
    # The last line is the verdict, with the fix when there is one.
    behind = [line.name for line in lines if line.status == "behind"]
    if behind:
        print(
            "verdict: the warehouse is behind the source (changes since the last run): "
            "run `make refresh` to bring them in"
        )
    else:
        print("verdict: the warehouse matches the source")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    published = settings.warehouse_path()
    if args.command == "init":
        return _init(published, args.wait)
    if args.command == "run":
        return _run(published, args.mode, args.wait)
    return _check(published, args.max_age_hours)


if __name__ == "__main__":
    sys.exit(run_cli(main))
