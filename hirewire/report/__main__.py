"""Write the static HTML report from the published warehouse (opened read-only).

python -m hirewire.report                      # data/report.html (HIREWIRE_REPORT overrides)
python -m hirewire.report --as-of 2026-10-01   # refuse marts built for another date
python -m hirewire.report --screenshot docs/report.png
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from hirewire import db, settings
from hirewire.errors import run_cli
from hirewire.report import browser, build, data


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m hirewire.report",
        description="Write one self-contained HTML report (charts inlined, works offline) "
        "from the marts of the published warehouse.",
        epilog="example: python -m hirewire.report --as-of 2026-10-01 --screenshot docs/report.png",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date the marts must have been built for (make refresh AS_OF=...); "
        "default: whatever the marts were built for",
    )
    parser.add_argument(
        "--output",
        metavar="PATH",
        help="where to write the report (default: HIREWIRE_REPORT, else data/report.html); "
        "'-' writes it to standard output (how the report container hands it to the host)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="also render the report in headless Chromium and save a full-page PNG",
    )
    parser.add_argument(
        "--start-server",
        action="store_true",
        help="start the embedded PostgreSQL when it is stopped, saying so, as every pipeline "
        "target does (make report passes it; the report itself reads only the warehouse)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.output == "-" and args.screenshot:
        print("error: --screenshot needs a file, not --output -", file=sys.stderr)
        return 2
    if args.start_server:
        db.start_embedded_if_stopped()
    started = time.monotonic()
    warehouse = settings.warehouse_path()
    report = data.load(warehouse, args.as_of)
    html = build.render(report)
    # One name, or a count: hundreds of names on one line help nobody.
    count = len(report.candidates)
    names = (
        (f"{count} candidates" if count > 1 else f"candidate: {report.candidates[0].name}")
        if count
        else "no candidate"
    )
    summary = f"as of {report.as_of}, {names}) in {time.monotonic() - started:.1f} s"
    if args.output == "-":
        sys.stdout.write(html)
        sys.stdout.flush()
        print(f"report written to standard output ({summary}", file=sys.stderr)
        return 0
    output = Path(args.output) if args.output else settings.report_path()
    build.write_atomically(output, html)
    print(f"report written to {output} ({output.stat().st_size / 1e6:.1f} MB, {summary}")
    if args.screenshot:
        page = browser.screenshot(output, args.screenshot)
        print(f"screenshot written to {args.screenshot} ({page.charts_drawn} charts drawn)")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
