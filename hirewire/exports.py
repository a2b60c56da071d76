"""Exports read from Postgres (the freshest data).

    python -m hirewire.exports work-search --from 2026-11-01 --to 2026-11-30 --lang fr
    python -m hirewire.exports work-search --from 2026-11-01 --to 2026-11-30 --lang en \\
        --format html --output november.html
    python -m hirewire.exports applications --output my-search.csv

work-search is the job-search activity log France Travail (and US state work-search logs) ask
for: one line per action with its date, employer, position, channel, contact and result.
Cells a spreadsheet would run as a formula (=, +, -, @) are neutralised with a leading quote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys

import psycopg

from hirewire import settings
from hirewire.entry import output, store
from hirewire.entry.parse import ParseError, parse_date
from hirewire.errors import UserError, run_cli

HEADERS = {
    "en": ("Date", "Action", "Employer", "Position", "Channel", "Contact", "Result"),
    "fr": ("Date", "Type de démarche", "Entreprise", "Poste", "Canal", "Contact", "Résultat"),
}
ACTIONS = {
    "en": {
        "application": "Application sent",
        "interview": "Interview",
        "status": "Status update",
        "outcome": "Decision",
    },
    "fr": {
        "application": "Candidature envoyée",
        "interview": "Entretien",
        "status": "Suivi de candidature",
        "outcome": "Décision",
    },
}
TITLES = {
    "en": "Job search activity log",
    "fr": "Actes de recherche d'emploi",
}


def _date(raw: str) -> dt.date:
    try:
        return parse_date(raw)
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=settings.program("python -m hirewire.exports"),
        description="Export the job search: the work-search activity log, or every application.",
        epilog="example: python -m hirewire.exports work-search --from 2026-11-01 "
        "--to 2026-11-30 --lang fr",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = commands.add_parser(
        "work-search",
        help="one line per action, French or English (France Travail / US work search)",
        epilog="example: work-search --from 2026-11-01 --to 2026-11-30 --lang fr --format html",
    )
    today = dt.date.today()
    sub.add_argument("--from", dest="date_from", type=_date, default=today.replace(day=1),
                     help="first day (default: the 1st of this month)")  # fmt: skip
    sub.add_argument("--to", dest="date_to", type=_date, default=today,
                     help="last day (default: today)")  # fmt: skip
    sub.add_argument("--lang", choices=["fr", "en"], default="fr")
    sub.add_argument("--format", choices=["csv", "html"], default="csv")
    sub.add_argument("--output", metavar="FILE", help="default: standard output")
    sub.add_argument("--candidate", metavar="ID|NAME", help="default: the default candidate")

    sub = commands.add_parser(
        "applications", help="every application as CSV (the import template's columns)",
        epilog="example: applications --output my-search.csv",
    )  # fmt: skip
    sub.add_argument("--output", metavar="FILE", help="default: standard output")
    sub.add_argument("--candidate", metavar="ID|NAME|all", help="default: the default candidate")
    return parser


def label(code: str | None, english: str | None, french: str | None, lang: str) -> str:
    """The label of a lookup code in the export's language (French from the lookup tables'
    label_fr; a code a DBA added without one falls back to its English label)."""
    if code is None:
        return ""
    return (french if lang == "fr" else None) or english or code


def work_search_rows(conn: psycopg.Connection, candidate_id: int, args) -> list[tuple]:
    params = {"candidate_id": candidate_id, "date_from": args.date_from, "date_to": args.date_to}
    rows = conn.execute(store.sql("export_work_search"), params).fetchall()
    date_format = "%d/%m/%Y" if args.lang == "fr" else "%Y-%m-%d"
    return [
        (
            row["action_on"].strftime(date_format),
            ACTIONS[args.lang][row["action_code"]],
            row["company_name"],
            row["job_title"],
            label(row["channel_code"], row["channel_label"], row["channel_label_fr"], args.lang),
            row["contact"] or "",
            label(row["result_code"], row["result_label"], row["result_label_fr"], args.lang),
        )
        for row in rows
    ]


def to_csv(headers: tuple[str, ...], rows: list[tuple], lang: str) -> str:
    # French spreadsheets expect ';' between cells.
    delimiter = ";" if lang == "fr" else ","
    records = [dict(zip(headers, row, strict=True)) for row in rows]
    return output.to_csv(records, headers, delimiter=delimiter)


def to_html(headers: tuple[str, ...], rows: list[tuple], args, candidate: str) -> str:
    esc = html.escape
    period = (
        f"du {args.date_from:%d/%m/%Y} au {args.date_to:%d/%m/%Y}"
        if args.lang == "fr"
        else f"from {args.date_from} to {args.date_to}"
    )
    count = f"{len(rows)} " + ("actions" if args.lang == "en" else "démarches")
    body = "\n".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    head = "".join(f"<th>{esc(cell)}</th>" for cell in headers)
    return f"""<!doctype html>
<html lang="{args.lang}">
<head>
<meta charset="utf-8">
<title>{esc(TITLES[args.lang])}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.35rem 0.5rem; text-align: left; }}
th {{ background: #f2f2f2; }}
tr:nth-child(even) td {{ background: #fafafa; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>{esc(TITLES[args.lang])}</h1>
<p>{esc(candidate)}, {esc(period)}: {esc(count)}</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def write(text: str, target: str | None, bom: bool = False) -> None:
    if target is None:
        # The same bytes as a file: `> file.csv` must open in Excel with its accents too.
        sys.stdout.write(("\ufeff" if bom else "") + text)
        return
    path = output.user_path(target)
    try:
        path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    print(f"Wrote {path}", file=sys.stderr)


def work_search(conn: psycopg.Connection, args) -> int:
    if args.date_from > args.date_to:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}")
    candidate = store.resolve_candidate(conn, args.candidate)
    rows = work_search_rows(conn, candidate.id, args)
    headers = HEADERS[args.lang]
    if args.format == "html":
        write(to_html(headers, rows, args, candidate.name), args.output)
    else:
        # A BOM lets Excel read the accents of a French file saved to disk.
        write(to_csv(headers, rows, args.lang), args.output, bom=args.lang == "fr")
    print(f"{len(rows)} actions from {args.date_from} to {args.date_to}.", file=sys.stderr)
    return 0


APPLICATION_COLUMNS = [
    "id", "company", "title", "applied_on", "source", "status", "status_date", "outcome",
    "outcome_date", "salary", "offer_salary", "currency", "url", "location", "contact",
    "contact_email", "notes",
]  # fmt: skip


def applications(conn: psycopg.Connection, args) -> int:
    all_candidates = args.candidate is not None and args.candidate.strip().casefold() == "all"
    candidate = None if all_candidates else store.resolve_candidate(conn, args.candidate)
    rows = conn.execute(
        store.sql("export_applications"), {"candidate_id": candidate.id if candidate else None}
    ).fetchall()
    columns = (["candidate"] if all_candidates else []) + APPLICATION_COLUMNS
    for row in rows:
        row["salary"] = row["salary"] or None
    write(output.to_csv(rows, columns), args.output)
    print(f"{output.plural(len(rows), 'application')}.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    conn = store.open_connection()
    try:
        return {"work-search": work_search, "applications": applications}[args.command](conn, args)
    except psycopg.Error as exc:
        raise UserError(store.explain(exc)) from None
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(run_cli(main))
