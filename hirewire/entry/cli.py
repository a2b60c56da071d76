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
from hirewire.entry import edits, importer, manager, output, rules, store
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

NAME_LIMIT, TITLE_LIMIT = rules.NAME_LIMIT, rules.TITLE_LIMIT
SHORT_LIMIT, NOTES_LIMIT, URL_LIMIT = rules.SHORT_LIMIT, rules.NOTES_LIMIT, rules.URL_LIMIT


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
DURATION = _checked(lambda raw: parse_int(raw, low=1, high=1440, what="the duration"))
RATING = _checked(lambda raw: parse_int(raw, low=1, high=5, what="the rating"))


def _clearable(parser: Callable[[str], object]) -> Callable[[str], object]:
    """For edits: an empty value ("") clears the field."""

    def convert(raw: str) -> object:
        return None if not raw.strip() else parser(raw)

    convert.__name__ = getattr(parser, "__name__", "value")
    return convert


def _optional_text(what: str, limit: int) -> Callable[[str], object]:
    return _clearable(_text(what, limit))


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
    sub.add_argument("--duration", type=DURATION)
    sub.add_argument("--interviewer", type=_text("the interviewer", SHORT_LIMIT))
    sub.add_argument("--feedback", type=_text("the feedback", NOTES_LIMIT))
    sub.add_argument("--rating", type=RATING)
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

    _edit_commands(command)

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


def _edit_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """edit-*, delete-* and undo-status: the record's id, then only the fields to change,
    named as the add-* commands name them; "" clears an optional field."""
    keep = {"default": argparse.SUPPRESS}
    sub = command(
        "edit-application", "change any field of an application (company, date, status ...)",
        'edit-application --application 12 --company "Acme Corp" --applied-on 2026-11-03',
    )  # fmt: skip
    sub.add_argument("--application", required=True, type=ID)
    sub.add_argument("--company", type=_text("the company name", NAME_LIMIT), **keep)
    sub.add_argument("--title", type=_text("the job title", TITLE_LIMIT), **keep)
    sub.add_argument("--location", type=_optional_text("the location", SHORT_LIMIT), **keep)
    sub.add_argument("--remote", type=_clearable(str), **keep, help="onsite, hybrid or remote")
    sub.add_argument("--salary", type=_clearable(AMOUNT), **keep, help="advertised salary")
    sub.add_argument("--currency", type=_clearable(CURRENCY), **keep)
    sub.add_argument("--url", type=_optional_text("the url", URL_LIMIT), **keep)
    sub.add_argument("--source", **keep)
    sub.add_argument("--applied-on", type=DATE, **keep)
    sub.add_argument("--status", **keep, help="a new current status (dated --status-on)")
    sub.add_argument("--status-on", type=DATE, **keep,
                     help="alone: correct the date of the last status change")  # fmt: skip
    sub.add_argument("--contact", type=_optional_text("the contact name", SHORT_LIMIT), **keep)
    sub.add_argument("--contact-email", type=_clearable(EMAIL), **keep)
    sub.add_argument("--notes", type=_optional_text("the notes", NOTES_LIMIT), **keep)

    sub = command(
        "edit-interview", "change any field of an interview",
        'edit-interview --interview 5 --at "2026-11-06 10:00" --rating 4',
    )  # fmt: skip
    sub.add_argument("--interview", required=True, type=ID)
    sub.add_argument("--at", type=DATETIME, **keep, help="date and time, local")
    sub.add_argument("--type", **keep, help="phone_screen, video, technical, ...")
    sub.add_argument("--status", **keep, help="scheduled, completed, cancelled, ...")
    sub.add_argument("--duration", type=_clearable(DURATION), **keep)
    sub.add_argument("--interviewer", type=_optional_text("the interviewer", SHORT_LIMIT), **keep)
    sub.add_argument("--feedback", type=_optional_text("the feedback", NOTES_LIMIT), **keep)
    sub.add_argument("--rating", type=_clearable(RATING), **keep)

    sub = command(
        "edit-outcome", "change any field of an outcome (its status follows a new type)",
        "edit-outcome --outcome 3 --type rejected --on 2026-11-21",
    )  # fmt: skip
    sub.add_argument("--outcome", required=True, type=ID, help="the outcome's id")
    sub.add_argument("--type", **keep,
                     help="the outcome itself: offer, accepted, rejected, ...")  # fmt: skip
    sub.add_argument("--on", type=DATE, **keep, help="the decision date")
    sub.add_argument("--salary", type=_clearable(AMOUNT), **keep, help="the salary offered")
    sub.add_argument("--currency", type=_clearable(CURRENCY), **keep)
    sub.add_argument("--notes", type=_optional_text("the notes", NOTES_LIMIT), **keep)
    sub.add_argument("--no-status", action="store_true",
                     help="leave the application's status alone")  # fmt: skip

    for name, record, help_text in (
        ("delete-application", "application",
         "delete an application with its interviews, outcome and status history"),
        ("delete-interview", "interview", "delete one interview"),
        ("delete-outcome", "outcome",
         "delete the outcome of an application (and the status it gave, when still the last)"),
        ("undo-status", "application", "undo the last status change of an application"),
    ):  # fmt: skip
        sub = command(name, help_text, f"{name} --{record} 12 --yes")
        sub.add_argument(f"--{record}", required=True, type=ID)
        sub.add_argument("--yes", action="store_true",
                         help="do not ask for confirmation (for scripts)")  # fmt: skip
        if name == "delete-outcome":
            sub.add_argument("--no-status", action="store_true",
                             help="leave the application's status alone")  # fmt: skip


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
    applied_on = args.applied_on or rules.today()
    rules.check_applied_on(applied_on)
    rules.check_status_on_needs_status(status, args.status_on)
    if args.status_on:
        rules.check_event_on(applied_on, args.status_on)
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


def cmd_add_interview(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    interview_type = _resolve(vocab.interview_types, args.type)
    status = _resolve(vocab.interview_statuses, args.status)
    status = status or rules.interview_status_default(args.at)
    with store.action(conn):
        application = store.get_application(conn, args.application)
        rules.check_interview_at(application["applied_on"], args.at)
        interview_id = store.insert_interview(
            conn,
            store.NewInterview(
                application_id=args.application, interview_type_code=interview_type,
                scheduled_at=args.at, status_code=status, duration_minutes=args.duration,
                interviewer_name=args.interviewer, feedback=args.feedback, rating=args.rating,
            ),
        )  # fmt: skip
        if not args.no_status and rules.moves_to_interviewing(application["status_code"]):
            when = min(args.at, dt.datetime.now().astimezone())
            store.change_status(conn, args.application, "interviewing", when)
    say(f"Logged interview {interview_id} for application {args.application}")
    print(interview_id)
    return 0


def cmd_record_outcome(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    outcome = _resolve(vocab.outcomes, args.outcome)
    decided_on = args.on or rules.today()
    with store.action(conn):
        application = store.get_application(conn, args.application)
        rules.check_event_on(application["applied_on"], decided_on, what="the decision date")
        rules.check_no_outcome_yet(application)
        new_status = (
            None if args.no_status else rules.outcome_status(vocab.outcome_statuses, outcome)
        )
        if new_status and new_status != application["status_code"]:
            edits.check_new_status_on(conn, application, decided_on)
        outcome_id = store.insert_outcome(
            conn,
            store.NewOutcome(
                application_id=args.application, outcome_code=outcome, decided_on=decided_on,
                salary_offered=args.salary.low if args.salary else None,
                currency=args.currency or (args.salary.currency if args.salary else None),
                notes=args.notes,
            ),
            status_code=new_status,
        )  # fmt: skip
    say(f"Recorded outcome {outcome_id} ({outcome}) for application {args.application}")
    print(outcome_id)
    return 0


def cmd_set_status(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    status = _resolve(vocab.statuses, args.status)
    with store.action(conn):
        application = store.get_application(conn, args.application)
        if args.on is not None:
            edits.check_new_status_on(conn, application, args.on)
        history_id = store.change_status(conn, args.application, status, args.on, args.note)
    if history_id is None:
        say(f"Application {args.application} is already {status}; nothing changed")
        return 0
    say(f"Application {args.application}: {application['status_code']} -> {status}")
    print(history_id)
    return 0


def _given(args: argparse.Namespace, names: dict[str, str]) -> dict:
    """The options given on the command line (option dest -> field name)."""
    return {field: getattr(args, dest) for dest, field in names.items() if hasattr(args, dest)}


def _confirm(args: argparse.Namespace, what: str, verb: str = "Delete") -> None:
    """Show what will go; go on with --yes or a 'y' on standard input, else stop (exit 1)."""
    say(f"{verb} {what}")
    if args.yes:
        return
    print(f"{verb}? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().casefold()
    if not sys.stdin.isatty():
        print(answer, file=sys.stderr)  # what a terminal would have echoed
    if answer not in ("y", "yes", "o", "oui"):
        raise UserError("not confirmed: nothing was changed (answer y, or pass --yes in scripts)")


def _own(record: dict, candidate, what: str) -> None:
    if record["candidate_id"] != candidate.id:
        raise UserError(
            f"{what} belongs to another candidate: add --candidate {record['candidate_id']}"
        )


def _report(what: str, said: list[str]) -> None:
    say(f"{what}: " + ("; ".join(said) if said else "nothing changed"))


def cmd_edit_application(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    changes = _given(args, {
        "company": "company", "title": "title", "location": "location",
        "remote": "remote_policy", "salary": "salary", "currency": "currency", "url": "url",
        "applied_on": "applied_on", "status_on": "status_on", "contact": "contact_name",
        "contact_email": "contact_email", "notes": "notes",
    })  # fmt: skip
    if hasattr(args, "source"):
        changes["source_code"] = _resolve(vocab.sources, args.source)
    if hasattr(args, "status"):
        changes["status_code"] = _resolve(vocab.statuses, args.status)
    if changes.get("remote_policy") not in (None, "onsite", "hybrid", "remote"):
        raise UserError(f"--remote {changes['remote_policy']!r}: use onsite, hybrid or remote")
    if not changes:
        raise UserError("nothing to change: give at least one field (see --help)")
    with store.action(conn):
        application = store.get_application(conn, args.application)
        _own(application, candidate, f"application {args.application}")
        said = edits.edit_application(conn, application, changes)
    _report(f"Application {args.application}", said)
    return 0


def cmd_edit_interview(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    changes = _given(args, {
        "at": "scheduled_at", "duration": "duration_minutes", "interviewer": "interviewer_name",
        "feedback": "feedback", "rating": "rating",
    })  # fmt: skip
    if hasattr(args, "type"):
        changes["interview_type_code"] = _resolve(vocab.interview_types, args.type)
    if hasattr(args, "status"):
        changes["status_code"] = _resolve(vocab.interview_statuses, args.status)
    if not changes:
        raise UserError("nothing to change: give at least one field (see --help)")
    with store.action(conn):
        interview = store.get_interview(conn, args.interview)
        _own(interview, candidate, f"interview {args.interview}")
        said = edits.edit_interview(conn, interview, changes)
    _report(f"Interview {args.interview}", said)
    return 0


def cmd_edit_outcome(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    changes = _given(args, {"on": "decided_on", "currency": "currency", "notes": "notes"})
    if hasattr(args, "type"):
        changes["outcome_code"] = _resolve(vocab.outcomes, args.type)
    if hasattr(args, "salary"):
        changes["salary_offered"] = args.salary.low if args.salary else None
        if args.salary and args.salary.currency and "currency" not in changes:
            changes["currency"] = args.salary.currency
    if not changes:
        raise UserError("nothing to change: give at least one field (see --help)")
    with store.action(conn):
        outcome = store.get_outcome(conn, args.outcome)
        _own(outcome, candidate, f"outcome {args.outcome}")
        said = edits.edit_outcome(
            conn, outcome, changes, vocab.outcome_statuses, update_status=not args.no_status
        )
    _report(f"Outcome {args.outcome}", said)
    return 0


def cmd_delete_application(conn, args, candidate) -> int:
    application = store.get_application(conn, args.application)
    _own(application, candidate, f"application {args.application}")
    summary = store.deletion_summary(conn, application["id"])
    _confirm(args, edits.describe_application(application, summary))
    with store.action(conn):
        store.delete_row(conn, "interview_processes", args.application)
    say(f"Deleted application {args.application}. {edits.kept_on_delete(application, summary)}")
    return 0


def cmd_delete_interview(conn, args, candidate) -> int:
    interview = store.get_interview(conn, args.interview)
    _own(interview, candidate, f"interview {args.interview}")
    _confirm(args, edits.describe_interview(interview))
    with store.action(conn):
        store.delete_row(conn, "interviews", args.interview)
    say(f"Deleted interview {args.interview}.")
    return 0


def cmd_delete_outcome(conn, args, candidate) -> int:
    vocab = store.vocabularies(conn)
    outcome = store.get_outcome(conn, args.outcome)
    _own(outcome, candidate, f"outcome {args.outcome}")
    _confirm(args, edits.describe_outcome(outcome))
    with store.action(conn):
        said = edits.delete_outcome(
            conn, outcome, vocab.outcome_statuses, update_status=not args.no_status
        )
    _report(f"Deleted outcome {args.outcome}", said)
    return 0


def cmd_undo_status(conn, args, candidate) -> int:
    application = store.get_application(conn, args.application)
    _own(application, candidate, f"application {args.application}")
    _confirm(args, edits.describe_undo(conn, application), verb="Undo")
    with store.action(conn):
        undone = store.undo_status(conn, args.application)
    if undone is None:
        raise UserError(f"application {args.application} has no status change to undo")
    say(
        f"Application {args.application}: {undone['undone_status_code']} undone, "
        f"back to {undone['restored_status_code']}"
    )
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
    columns = (["candidate_name"] if args.all_candidates else []) + output.LIST_COLUMNS
    print(output.render(rows, columns, args.format).rstrip("\n"))
    return 0


def cmd_show(conn, args, candidate) -> int:
    application = store.get_application(conn, args.application)
    events = store.timeline(conn, args.application)
    if args.format == "json":
        print(output.dumps(application | {"timeline": events}))
        return 0
    print(output.format_application(application, events))
    return 0


def cmd_import(conn, args, candidate) -> int:
    return importer.run(conn, candidate, args)


def cmd_manage(conn, args, candidate) -> int:
    return manager.run(conn, candidate)


COMMANDS = {
    "manage": cmd_manage,
    "add-company": cmd_add_company,
    "add-position": cmd_add_position,
    "add-application": cmd_add_application,
    "add-interview": cmd_add_interview,
    "record-outcome": cmd_record_outcome,
    "set-status": cmd_set_status,
    "edit-application": cmd_edit_application,
    "edit-interview": cmd_edit_interview,
    "edit-outcome": cmd_edit_outcome,
    "delete-application": cmd_delete_application,
    "delete-interview": cmd_delete_interview,
    "delete-outcome": cmd_delete_outcome,
    "undo-status": cmd_undo_status,
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
