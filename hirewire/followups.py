"""Follow-ups and maintenance of the job search.

    python -m hirewire.followups follow-ups                  # who to write to, and what
    python -m hirewire.followups detect-ghosted [--apply]    # what the marts count as ghosted
    python -m hirewire.followups update-interviews [--apply] # past scheduled -> completed

follow-ups and detect-ghosted read the published warehouse (`make refresh` builds it), so the
follow-up and ghosting rules live in one place, the marts (glossary: follow_up, ghosted), and
their counts agree with the report's; detect-ghosted --apply records the 'ghosted' outcome and
status in Postgres after a confirmation. update-interviews reads Postgres.
"""

from __future__ import annotations

import argparse
import sys

import duckdb
import psycopg

from hirewire import duck, settings
from hirewire.entry import output, store
from hirewire.errors import UserError, run_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=settings.program("python -m hirewire.followups"),
        description="Follow-ups and maintenance: silent applications, ghosting, past interviews.",
        epilog="example: python -m hirewire.followups follow-ups --format csv",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--candidate", metavar="ID|NAME|all", help="default: the default one")
    common.add_argument("--format", choices=["table", "csv", "json"], default="table")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser(
        "follow-ups", parents=[common], help="open applications silent for too long",
        description="The applications mart_applications.needs_follow_up lists, as of the "
        "published warehouse's date (`make refresh`); thresholds: dbt/dbt_project.yml vars.",
        epilog="example: follow-ups --format csv",
    )  # fmt: skip

    sub = commands.add_parser(
        "detect-ghosted", parents=[common], help="applications the marts count as ghosted",
        epilog="example: detect-ghosted --apply --yes",
    )  # fmt: skip
    sub.add_argument("--apply", action="store_true", help="record them as ghosted in Postgres")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    sub = commands.add_parser(
        "update-interviews", parents=[common], help="mark past scheduled interviews completed",
        epilog="example: update-interviews --apply",
    )  # fmt: skip
    sub.add_argument("--apply", action="store_true", help="write the change (default: dry run)")
    return parser


def _candidate_id(conn, ref: str | None) -> int | None:
    if ref is not None and ref.strip().casefold() == "all":
        return None
    return store.resolve_candidate(conn, ref).id


def follow_ups(conn, args) -> int:
    rows = read_mart("followups_from_mart", _candidate_id(conn, args.candidate))
    columns = ["application_id", "company_name", "job_title", "status", "silent_days",
               "last_activity_on", "next_step", "contact_email", "job_url"]  # fmt: skip
    if args.format == "table" and not rows:
        print("Nothing to follow up: every open application has had news recently.")
        _point_at_other_candidates(args, "followups_from_mart", "need a follow-up")
        return 0
    print(output.render(rows, columns, args.format, max_width=60).rstrip("\n"))
    if args.format == "table":
        as_of = rows[0]["as_of_date"]
        print(
            f"{output.plural(len(rows), 'application')} to follow up as of {as_of} (the "
            "published warehouse; `make refresh` brings in what you entered since).",
            file=sys.stderr,
        )
    return 0


def _point_at_other_candidates(args, query: str, what: str) -> None:
    """With no --candidate, an empty answer for the default candidate may hide the sample's
    (filed under its own candidate): say so, and how to see them."""
    if args.candidate is not None:
        return
    others = read_mart(query, None)
    if others:
        print(
            f"note: {output.plural(len(others), 'application')} of other candidates (the "
            f"sample's, or a coach's) {what}: add --candidate all (or --candidate NAME).",
            file=sys.stderr,
        )


def read_ghosted(candidate_id: int | None) -> list[dict]:
    """The open applications the published warehouse counts as ghosted (read-only)."""
    return read_mart("ghosted_from_mart", candidate_id)


def read_mart(query: str, candidate_id: int | None) -> list[dict]:
    """Rows of a query on the published warehouse's marts (read-only)."""
    path = settings.warehouse_path()
    if not path.is_file():
        raise UserError(f"no warehouse at {path}: run `make refresh` first")
    try:
        con = duck.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise UserError(
            duck.corrupt_warehouse_fix(exc, path)
            or f"cannot open the warehouse {path} ({exc}); run `make refresh` first"
        ) from None
    try:
        cursor = con.execute(store.sql(query))
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.CatalogException:
        raise UserError(
            f"the warehouse {path} has no mart_applications yet: run `make refresh` first"
        ) from None
    except duckdb.BinderException:
        raise UserError(
            f"the warehouse {path} was built by an older HireWire (mart_applications lacks "
            "a column this command reads): run `make refresh` to rebuild its marts"
        ) from None
    finally:
        con.close()
    return [row for row in rows if candidate_id is None or row["candidate_id"] == candidate_id]


def confirm(question: str) -> bool:
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes", "o", "oui")


def detect_ghosted(conn, args) -> int:
    proposed = read_ghosted(_candidate_id(conn, args.candidate))
    if not proposed:
        print(
            "No open application is ghosted according to the published marts (as of the last "
            "refresh: `make refresh` brings in what you entered since)."
        )
        _point_at_other_candidates(args, "ghosted_from_mart", "are ghosted")
        return 0
    plan = conn.execute(
        store.sql("ghosted_plan"),
        {"application_ids": [row["application_id"] for row in proposed]},
    ).fetchall()
    actions = {row["application_id"]: row["planned_action"] for row in plan}
    rows = [row for row in proposed if actions.get(row["application_id"]) == "record"]
    skipped: dict[str, int] = {}
    for row in proposed:
        action = actions.get(row["application_id"], "deleted since the last refresh")
        if action != "record":
            skipped[action] = skipped.get(action, 0) + 1
    columns = ["application_id", "company_name", "job_title", "source", "current_status",
               "applied_on", "last_activity_on", "ghosted_on"]  # fmt: skip
    if rows:
        print(output.render(rows, columns, args.format).rstrip("\n"))
    reasons = "".join(f"; {count} skipped: {reason}" for reason, count in skipped.items())
    verb = "records" if args.apply else "would record"
    print(
        f"{output.plural(len(proposed), 'open application')} ghosted in the published marts: "
        f"{'--apply ' if args.apply else ''}{verb} {output.plural(len(rows), 'application')} as "
        f"ghosted (outcome and status, dated the day each became ghosted){reasons}.",
        file=sys.stderr,
    )
    if not rows:
        print("Nothing to record.", file=sys.stderr)
        return 0
    if not args.apply:
        print("Rerun with --apply to record them.", file=sys.stderr)
        return 0
    if not args.yes and not confirm(
        f"Record 'ghosted' for {'this' if len(rows) == 1 else 'these'} "
        f"{output.plural(len(rows), 'application')}?"
    ):
        print("Nothing recorded.", file=sys.stderr)
        return 1
    params = {
        "application_ids": [row["application_id"] for row in rows],
        "ghosted_ons": [row["ghosted_on"] for row in rows],
    }
    with store.action(conn):
        recorded = conn.execute(store.sql("ghosted_record"), params).fetchall()
        conn.execute(store.sql("ghosted_history_date"), params)
    late = len(rows) - len(recorded)
    print(
        f"Recorded 'ghosted' for {output.plural(len(recorded), 'application')}"
        + (f"; {late} changed meanwhile and were skipped" if late else "") + ".",
        file=sys.stderr,
    )  # fmt: skip
    return 0


def update_interviews(conn, args) -> int:
    params = {"candidate_id": _candidate_id(conn, args.candidate)}
    rows = conn.execute(store.sql("interviews_past_scheduled"), params).fetchall()
    if not rows:
        print("No past interview is still marked scheduled.")
        return 0
    columns = ["interview_id", "application_id", "company_name", "job_title",
               "interview_type", "status", "scheduled_at"]  # fmt: skip
    print(output.render(rows, columns, args.format).rstrip("\n"))
    if not args.apply:
        print(
            f"Dry run: {output.plural(len(rows), 'interview')} would be marked completed; "
            "rerun with --apply.",
            file=sys.stderr,
        )
        return 0
    with store.action(conn):
        changed = conn.execute(
            store.sql("interviews_mark_completed"),
            {"interview_ids": [row["interview_id"] for row in rows]},
        ).fetchall()
    print(f"Marked {output.plural(len(changed), 'interview')} completed.", file=sys.stderr)
    return 0


COMMANDS = {
    "follow-ups": follow_ups,
    "detect-ghosted": detect_ghosted,
    "update-interviews": update_interviews,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    conn = store.open_connection()
    try:
        return COMMANDS[args.command](conn, args)
    except psycopg.Error as exc:
        raise UserError(store.explain(exc)) from None
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(run_cli(main))
