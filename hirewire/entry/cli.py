"""Data entry from the command line: one command per action, each printing the id it created.

    python -m hirewire.entry add-application --company "Acme" --title "Data Engineer" \\
        --source linkedin --applied-on 2026-11-02
    python -m hirewire.entry list --open --format table
    python -m hirewire.entry manage          # the interactive manager

The id goes to stdout alone (for scripts); what happened is said on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

import psycopg

from hirewire import settings
from hirewire.entry import output, store
from hirewire.entry.parse import (
    ParseError,
    clean_currency,
    clean_email,
    clean_text,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_int,
)
from hirewire.errors import UserError, run_cli

LIST_COLUMNS = [
    "id", "company_name", "job_title", "source", "status", "interviews", "outcome",
    "applied_on", "last_change_on",
]  # fmt: skip
NAME_LIMIT, TITLE_LIMIT, SHORT_LIMIT, NOTES_LIMIT = 200, 300, 500, 20_000


def _checked(parser: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap a parser for argparse: a ParseError becomes a usage error naming the option."""

    def convert(raw: str) -> object:
        try:
            return parser(raw)
        except ParseError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = getattr(parser, "__name__", "value")
    return convert


def _text(what: str, limit: int) -> Callable[[str], object]:
    def convert(raw: str) -> object:
        return clean_text(raw, what=what, limit=limit, required=True)

    convert.__name__ = what
    return _checked(convert)


DATE = _checked(parse_date)
DATETIME = _checked(parse_datetime)
AMOUNT = _checked(parse_amount)
EMAIL = _checked(clean_email)
CURRENCY = _checked(clean_currency)
ID = _checked(lambda raw: parse_int(raw, low=1, high=2**62, what="an id"))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--candidate", metavar="ID|NAME", help="whose job search (default: the default candidate)"
    )
    parser = argparse.ArgumentParser(
        prog=settings.program("python -m hirewire.entry"),
        description="Record companies, positions, applications, interviews and outcomes.",
        epilog=(
            "example: python -m hirewire.entry add-application --company Acme "
            '--title "Data Engineer" --source linkedin --applied-on 2026-11-02'
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, parents=[common], help=help_text, description=help_text,
            epilog=f"example: {example}",
        )  # fmt: skip

    command("manage", "the interactive data-entry manager", "python -m hirewire.entry manage")

    sub = command("add-company", "add a company", 'add-company --name "Acme" --location Paris')
    sub.add_argument("--name", required=True, type=_text("the company name", NAME_LIMIT))
    sub.add_argument("--industry", type=_text("the industry", SHORT_LIMIT))
    sub.add_argument("--location", type=_text("the location", SHORT_LIMIT))
    sub.add_argument("--website", type=_text("the website", SHORT_LIMIT))
    sub.add_argument("--notes", type=_text("the notes", NOTES_LIMIT))

    sub = command(
        "add-position", "add a position (creating its company if missing)",
        'add-position --company Acme --title "Data Engineer" --salary 45-55k',
    )  # fmt: skip
    _position_options(sub)

    sub = command(
        "add-application", "add an application (creating company and position if missing)",
        'add-application --company Acme --title "Data Engineer" --source linkedin '
        "--applied-on 2026-11-02",
    )  # fmt: skip
    _position_options(sub)
    sub.add_argument("--source", required=True, help="linkedin, indeed, referral, ...")
    sub.add_argument("--applied-on", type=DATE, default=None, help="default: today")
    sub.add_argument("--status", help="current status when it is not 'applied'")
    sub.add_argument("--status-on", type=DATE, help="when that status was reached")
    sub.add_argument("--contact", type=_text("the contact name", SHORT_LIMIT))
    sub.add_argument("--contact-email", type=EMAIL)
    sub.add_argument("--notes", type=_text("the notes", NOTES_LIMIT))

    sub = command(
        "add-interview", "log an interview of an application",
        'add-interview --application 12 --at "2026-11-05 14:30" --type video',
    )  # fmt: skip
    sub.add_argument("--application", required=True, type=ID)
    sub.add_argument("--at", required=True, type=DATETIME, help="date and time, local")
    sub.add_argument("--type", default="other", help="phone_screen, video, technical, ...")
    sub.add_argument("--status", help="scheduled (future) or completed (past) by default")
    sub.add_argument("--duration", type=_checked(
        lambda raw: parse_int(raw, low=1, high=1440, what="the duration")))  # fmt: skip
    sub.add_argument("--interviewer", type=_text("the interviewer", SHORT_LIMIT))
    sub.add_argument("--feedback", type=_text("the feedback", NOTES_LIMIT))
    sub.add_argument("--rating", type=_checked(
        lambda raw: parse_int(raw, low=1, high=5, what="the rating")))  # fmt: skip
    sub.add_argument("--no-status", action="store_true",
                     help="leave the application's status alone")  # fmt: skip

    sub = command(
        "record-outcome", "record the outcome of an application (and its status)",
        "record-outcome --application 12 --outcome offer --on 2026-11-20 --salary 52k",
    )  # fmt: skip
    sub.add_argument("--application", required=True, type=ID)
    sub.add_argument("--outcome", required=True, help="offer, accepted, declined, rejected, ...")
    sub.add_argument("--on", type=DATE, default=None, help="default: today")
    sub.add_argument("--salary", type=AMOUNT, help="the salary offered")
    sub.add_argument("--currency", type=CURRENCY)
    sub.add_argument("--notes", type=_text("the notes", NOTES_LIMIT))
    sub.add_argument("--no-status", action="store_true",
                     help="leave the application's status alone")  # fmt: skip

    sub = command(
        "set-status", "change the status of an application, optionally at a past date",
        "set-status --application 12 --status screening --on 2026-11-04",
    )  # fmt: skip
    sub.add_argument("--application", required=True, type=ID)
    sub.add_argument("--status", required=True)
    sub.add_argument("--on", type=DATE, default=None, help="when it happened (default: now)")
    sub.add_argument("--note", type=_text("the note", NOTES_LIMIT))

    sub = command("list", "list and search applications", "list --open --source linkedin")
    sub.add_argument("--status")
    sub.add_argument("--source")
    sub.add_argument("--company", dest="text", metavar="TEXT", help="company or title contains")
    sub.add_argument("--open", action="store_true", help="open applications only")
    sub.add_argument("--since", type=DATE, help="applied on or after")
    sub.add_argument("--until", type=DATE, help="applied on or before")
    sub.add_argument("--all-candidates", action="store_true", help="same as --candidate all")
    sub.add_argument("--format", choices=["table", "csv", "json"], default="table")

    sub = command("show", "show one application and its timeline", "show 12")
    sub.add_argument("application", type=ID)
    sub.add_argument("--format", choices=["text", "json"], default="text")

    sub = command(
        "import", "import applications from a CSV file (see docs/data-entry.md)",
        "import my-search.csv --dry-run",
    )  # fmt: skip
    sub.add_argument("file")
    sub.add_argument("--dry-run", action="store_true", help="report what would be created")
    sub.add_argument("--update", action="store_true",
                     help="apply the differences with applications already recorded")  # fmt: skip
    sub.add_argument("--skip-invalid", action="store_true",
                     help="import the valid lines even when some are rejected")  # fmt: skip
    sub.add_argument("--month-first", action="store_true",
                     help="read 11/02/2026 as November 2 (US order)")  # fmt: skip
    sub.add_argument("--delimiter", choices=[",", ";", "tab"], help="default: detected")
    return parser


def _position_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--company", required=True, type=_text("the company name", NAME_LIMIT))
    sub.add_argument("--title", required=True, type=_text("the job title", TITLE_LIMIT))
    sub.add_argument("--location", type=_text("the location", SHORT_LIMIT))
    sub.add_argument("--remote", choices=["onsite", "hybrid", "remote"])
    sub.add_argument("--salary", type=AMOUNT, help="advertised salary or range, e.g. 45-55k")
    sub.add_argument("--currency", type=CURRENCY)
    sub.add_argument("--url", type=_text("the url", 2000))


def say(message: str) -> None:
    print(message, file=sys.stderr)


def _resolve(vocabulary, raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return vocabulary.resolve(raw)
    except ParseError as exc:
        raise UserError(str(exc)) from None


def _position_details(args: argparse.Namespace) -> store.PositionDetails:
    salary = args.salary
    return store.PositionDetails(
        location=args.location,
        remote_policy=args.remote,
        salary_min=salary.low if salary else None,
        salary_max=salary.high if salary else None,
        currency=args.currency or (salary.currency if salary else None),
        url=args.url,
    )


def _company_and_position(conn, args) -> int:
    company_id, created = store.upsert_company(conn, args.company)
    if created:
        say(f"Created company {company_id}: {args.company}")
    position_id, created = store.upsert_position(
        conn, company_id, args.title, _position_details(args)
    )
    if created:
        say(f"Created position {position_id}: {args.title}")
    return position_id


def check_status_date(application: dict, when: dt.date | None) -> None:
    """A status change happens between the application date and today."""
    if when is None:
        return
    if when < application["applied_on"]:
        raise UserError(
            f"{when} is before the application date {application['applied_on']}; "
            "a status cannot change before applying"
        )
    if when > dt.date.today():
        raise UserError(f"{when} is in the future; give the date it really happened")


def cmd_add_company(conn, args, candidate) -> int:
    with store.action(conn):
        company_id, created = store.upsert_company(
            conn, args.name, industry=args.industry, location=args.location,
            website=args.website, notes=args.notes,
        )  # fmt: skip
        if not created:
            raise UserError(
                f"a company named {args.name!r} already exists (id {company_id}); nothing was saved"
            )
    say(f"Created company {company_id}: {args.name}")
    print(company_id)
    return 0


def cmd_add_position(conn, args, candidate) -> int:
    with store.action(conn):
        company_id, created = store.upsert_company(conn, args.company)
        if created:
            say(f"Created company {company_id}: {args.company}")
        position_id, created = store.upsert_position(
            conn, company_id, args.title, _position_details(args)
        )
        if not created:
            raise UserError(
                f"{args.company} already has the position {args.title!r} (id {position_id}); "
                "nothing was saved"
            )
    say(f"Created position {position_id}: {args.title} at {args.company}")
    print(position_id)
    return 0


def cmd_add_application(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    source = _resolve(vocab.sources, args.source)
    status = _resolve(vocab.statuses, args.status) or "applied"
    applied_on = args.applied_on or dt.date.today()
    if args.status_on and args.status_on < applied_on:
        raise UserError(f"--status-on {args.status_on} is before --applied-on {applied_on}")
    if args.status_on and status == "applied":
        raise UserError("--status-on needs --status (the status reached on that date)")
    with store.action(conn):
        position_id = _company_and_position(conn, args)
        application_id = store.insert_application(
            conn,
            store.NewApplication(
                candidate_id=candidate.id, position_id=position_id, source_code=source,
                applied_on=applied_on, status_code=status, status_on=args.status_on,
                contact_name=args.contact, contact_email=args.contact_email, notes=args.notes,
            ),
        )  # fmt: skip
    say(f"Created application {application_id}: {args.title} at {args.company}, {applied_on}")
    print(application_id)
    return 0


def interview_status_default(at: dt.datetime) -> str:
    return "completed" if at < dt.datetime.now().astimezone() else "scheduled"


# Logging an interview moves an application still at these statuses to 'interviewing'.
EARLY_STATUSES = ("applied", "screening", "on_hold")


def cmd_add_interview(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    interview_type = _resolve(vocab.interview_types, args.type)
    status = _resolve(vocab.interview_statuses, args.status) or interview_status_default(args.at)
    with store.action(conn):
        application = store.get_application(conn, args.application)
        if args.at.date() < application["applied_on"]:
            raise UserError(
                f"the interview date {args.at.date()} is before the application date "
                f"{application['applied_on']}"
            )
        interview_id = store.insert_interview(
            conn,
            store.NewInterview(
                application_id=args.application, interview_type_code=interview_type,
                scheduled_at=args.at, status_code=status, duration_minutes=args.duration,
                interviewer_name=args.interviewer, feedback=args.feedback, rating=args.rating,
            ),
        )  # fmt: skip
        if not args.no_status and application["status_code"] in EARLY_STATUSES:
            when = min(args.at, dt.datetime.now().astimezone())
            store.change_status(conn, args.application, "interviewing", when)
    say(f"Logged interview {interview_id} for application {args.application}")
    print(interview_id)
    return 0


def cmd_record_outcome(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    outcome = _resolve(vocab.outcomes, args.outcome)
    decided_on = args.on or dt.date.today()
    with store.action(conn):
        application = store.get_application(conn, args.application)
        check_status_date(application, decided_on)
        if application["outcome_code"]:
            raise UserError(
                f"application {args.application} already has the outcome "
                f"{application['outcome_code']!r} ({application['decided_on']}); "
                "an application has at most one outcome"
            )
        outcome_id = store.insert_outcome(
            conn,
            store.NewOutcome(
                application_id=args.application, outcome_code=outcome, decided_on=decided_on,
                salary_offered=args.salary.low if args.salary else None,
                currency=args.currency or (args.salary.currency if args.salary else None),
                notes=args.notes,
            ),
            update_status=not args.no_status,
        )  # fmt: skip
    say(f"Recorded outcome {outcome_id} ({outcome}) for application {args.application}")
    print(outcome_id)
    return 0


def cmd_set_status(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    status = _resolve(vocab.statuses, args.status)
    with store.action(conn):
        application = store.get_application(conn, args.application)
        check_status_date(application, args.on)
        history_id = store.change_status(conn, args.application, status, args.on, args.note)
    if history_id is None:
        say(f"Application {args.application} is already {status}; nothing changed")
        return 0
    say(f"Application {args.application}: {application['status_code']} -> {status}")
    print(history_id)
    return 0


def cmd_list(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    filters = store.ListFilters(
        candidate_id=None if args.all_candidates else candidate.id,
        status=_resolve(vocab.statuses, args.status),
        source=_resolve(vocab.sources, args.source),
        text=args.text,
        open_only=args.open,
        since=args.since,
        until=args.until,
        limit=100_000,
    )
    rows = store.list_applications(conn, filters)
    columns = (["candidate_name"] if args.all_candidates else []) + LIST_COLUMNS
    print(output.render(rows, columns, args.format).rstrip("\n"))
    return 0


def cmd_show(conn, args, candidate) -> int:
    application = store.get_application(conn, args.application)
    events = store.timeline(conn, args.application)
    if args.format == "json":
        print(output.dumps(application | {"timeline": events}))
        return 0
    print(format_application(application, events))
    return 0


def format_application(application: dict, events: list[dict]) -> str:
    lines = [
        f"Application {application['id']}: {application['job_title']} at "
        f"{application['company_name']}",
        f"  applied {application['applied_on']} via {application['source_code']}, "
        f"now {application['status_code']}"
        + (f", outcome {application['outcome_code']}" if application["outcome_code"] else ""),
    ]
    if application["contact_name"] or application["contact_email"]:
        contact = " ".join(
            part for part in (application["contact_name"], application["contact_email"]) if part
        )
        lines.append(f"  contact: {contact}")
    if application["notes"]:
        lines.append(f"  notes: {application['notes']}")
    lines.append("  timeline:")
    for event in events:
        when = event["happened_at"].astimezone().strftime("%Y-%m-%d %H:%M")
        detail = f"  ({event['detail']})" if event["detail"] else ""
        lines.append(f"    {when}  {event['event_summary']}{detail}")
    return "\n".join(lines)


def cmd_import(conn, args, candidate) -> int:
    from hirewire.entry import importer

    return importer.run(conn, candidate, args)


def cmd_manage(conn, args, candidate) -> int:
    from hirewire.entry import manager

    return manager.run(conn, candidate)


COMMANDS = {
    "manage": cmd_manage,
    "add-company": cmd_add_company,
    "add-position": cmd_add_position,
    "add-application": cmd_add_application,
    "add-interview": cmd_add_interview,
    "record-outcome": cmd_record_outcome,
    "set-status": cmd_set_status,
    "list": cmd_list,
    "show": cmd_show,
    "import": cmd_import,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    conn = store.open_connection()
    try:
        if (args.candidate or "").strip().casefold() == "all":
            if args.command != "list":
                raise UserError("--candidate all only works with list: name one candidate")
            args.all_candidates = True
            args.candidate = None
        candidate = store.resolve_candidate(conn, args.candidate)
        return COMMANDS[args.command](conn, args, candidate)
    except psycopg.Error as exc:
        raise UserError(store.explain(exc)) from None
    finally:
        conn.close()


def entry_point() -> int:
    return run_cli(main)


if __name__ == "__main__":
    sys.exit(entry_point())
