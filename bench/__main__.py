"""Benchmark the ETL against the rate at which Postgres hands data out, at growing scale.

    python -m bench --applications 1000000
    python -m bench --scales 250000,1000000,4000000

Creates its own database (hirewire_bench, or hirewire_bench_<scale> with --scales; dropped
and recreated, never yours) on the configured server, fills it with the generator, then
measures each step twice (three times per scale with --scales) as a fresh subprocess: the
floor (binary COPY of every source table), a full ETL into a fresh warehouse, an incremental
ETL after changing 1% / inserting 0.1% / deleting 0.01% of the applications, a full dbt
build, a full refresh (ETL + dbt + publish) into a fresh warehouse and an incremental refresh
after another such change set. Prints a table and PASS/FAIL lines for issue 23's targets, and
writes bench/results/<UTC timestamp>.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import report
from bench.run import Options, run
from hirewire import settings
from hirewire.errors import run_cli

MIN_APPLICATIONS = 1_000


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < MIN_APPLICATIONS:
        raise argparse.ArgumentTypeError(f"{value} is too small: use at least {MIN_APPLICATIONS}")
    return value


def _scales(text: str) -> list[int]:
    return [_count(part) for part in text.split(",") if part.strip()]


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number >= 1")
    return int(text)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Benchmark HireWire's ETL and dbt build against Postgres' COPY rate, in a separate "
            "benchmark database."
        ),
        epilog=(
            "example: python -m bench --applications 1000000\n"
            "         python -m bench --scales 250000,1000000,4000000"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--applications",
        type=_count,
        default=1_000_000,
        help="applications to generate (default 1,000,000)",
    )
    parser.add_argument(
        "--scales",
        type=_scales,
        help="comma-separated application counts, measured one after the other in databases "
        "hirewire_bench_<count> (replaces --applications); adds the full refresh's median "
        "seconds per million applications per scale and how flat they are",
    )
    parser.add_argument(
        "--runs",
        type=_positive,
        help="runs of each step (default 2, with --scales 3): the best run gives a scale's "
        "ratios, the median its seconds per million applications",
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument(
        "--applications-per-candidate",
        type=_positive,
        default=100,
        help="candidates = applications / this (default 100)",
    )
    parser.add_argument(
        "--database",
        default="hirewire_bench",
        help="benchmark database, dropped and recreated; must start with hirewire_bench",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the benchmark database afterwards"
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="reuse the benchmark database a --keep-db run left at the same scale "
        "(skips generation; implies --keep-db)",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=settings.ROOT / "bench" / "results",
        help="where the JSON result goes (default bench/results)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="parent of the temporary warehouse directory (default: the system temp dir)",
    )
    parser.add_argument("--quiet", action="store_true", help="hide the steps' own progress output")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target fails (default: report only)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    options = Options(
        scales=args.scales or [args.applications],
        # Three runs per scale: the median then ignores one disturbed run.
        runs=args.runs or (3 if args.scales else 2),
        seed=args.seed,
        applications_per_candidate=args.applications_per_candidate,
        database=args.database,
        keep_db=args.keep_db,
        reuse_db=args.reuse_db,
        results_dir=args.results_dir,
        work_dir=args.work_dir,
        quiet=args.quiet,
        per_scale=args.scales is not None,
    )
    document, path = run(options)
    print()
    for scale in document["scales"]:
        print(report.format_scale(scale))
        print()
    if "per_scale" in document:
        print(report.format_per_scale(document["per_scale"]))
        print()
    print(
        "postgres extension load, signature checked: "
        f"{document['extension_check_seconds']:.3f} s (paid once by every ETL run and refresh)"
    )
    print(report.format_targets(document["targets"]))
    print(f"\nResults written to {path}")
    failed = [check for check in document["targets"] if not check["passed"]]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
