"""The interactive data-entry manager (`./scripts/main.sh data-entry manage`).

Every flow asks its questions first, checking each answer at the prompt, then shows a summary
and saves everything in one transaction. Ctrl-C during a flow cancels it (nothing is saved) and
returns to the menu; Ctrl-C or Ctrl-D at the menu quits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

from hirewire.entry import edits, output, rules, store
from hirewire.entry.parse import (
    Amount,
    ParseError,
    Vocabulary,
    clean_email,
    clean_text,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_int,
)
from hirewire.entry.rules import NAME_LIMIT, NOTES_LIMIT, SHORT_LIMIT, TITLE_LIMIT, URL_LIMIT
from hirewire.errors import UserError

# Line editing, history and Tab completion for input(), loaded by run(): the flag commands
# import this module too, and importing readline sets up the terminal, which they never need.
readline: Any = None


def _load_readline() -> None:
    global readline
    try:
        import readline as line_editing
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    readline = line_editing


@contextlib.contextmanager
def completing(words: list[str]) -> Iterator[None]:
    """Tab completes from words while asking one question (company names, for instance)."""
    if readline is None:
        yield
        return

    def complete(text: str, state: int) -> str | None:
        folded = text.casefold()
        matches = [word for word in words if word.casefold().startswith(folded)]
        return matches[state] if state < len(matches) else None

    previous = readline.get_completer()
    readline.set_completer_delims("")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(previous)


class Back(Exception):
    """The user asked to leave the current flow (Ctrl-D at a question)."""


MISSING = object()


def ask(
    label: str,
    parse: Callable[[str], Any] | None = None,
    *,
    default: Any = MISSING,
    shown_default: str | None = None,
    required: bool = True,
) -> Any:
    """Ask until the answer parses. Empty takes the default; '-' clears an optional answer."""
    if shown_default == "":
        hint = ""
    elif default is not MISSING and default is not None:
        hint = f" [{shown_default if shown_default is not None else default}]"
    elif not required:
        hint = " (optional)"
    else:
        hint = ""
    while True:
        try:
            raw = input(f"{label}{hint}: ")
        except EOFError:
            print()
            raise Back from None
        text = raw.strip()
        if not text:
            if default is not MISSING:
                return default
            if not required:
                return None
            print("  ! an answer is required (Ctrl-C cancels)")
            continue
        if text == "-" and not required:
            return None
        try:
            return parse(text) if parse else text
        except (ParseError, UserError) as exc:
            print(f"  ! {exc}")


def confirm(question: str, default: bool = True) -> bool:
    hint = "Y/n" if default else "y/N"
    answer = ask(f"{question} [{hint}]", default="", shown_default="")
    if not answer:
        return default
    return answer.strip().casefold() in ("y", "yes", "o", "oui")


def checked(parse: Callable[[str], Any], rule: Callable[[Any], None]) -> Callable[[str], Any]:
    """A prompt parser that also applies a data-entry rule to the parsed value."""

    def parse_and_check(raw: str) -> Any:
        value = parse(raw)
        rule(value)
        return value

    return parse_and_check


def remote_parser(raw: str) -> str:
    if raw.casefold() not in ("onsite", "hybrid", "remote"):
        raise ParseError("use onsite, hybrid or remote")
    return raw.casefold()


def text_parser(what: str, limit: int, required: bool = False) -> Callable[[str], Any]:
    return lambda raw: clean_text(raw, what=what, limit=limit, required=required)


def vocab_parser(vocabulary: Vocabulary) -> Callable[[str], str]:
    codes = list(vocabulary.labels)

    def parse(raw: str) -> str:
        if raw.isdigit() and 1 <= int(raw) <= len(codes):
            return codes[int(raw) - 1]
        return vocabulary.resolve(raw)

    return parse


def show_choices(vocabulary: Vocabulary) -> None:
    items = [f"{index}) {code}" for index, code in enumerate(vocabulary.labels, start=1)]
    print("  " + "  ".join(items))


@dataclass
class Picked:
    id: int | None
    name: str


class Manager:
    def __init__(self, conn: psycopg.Connection, candidate: store.Candidate) -> None:
        self.conn = conn
        self.candidate = candidate
        self.vocab = store.vocabularies(conn)

    # --- picking existing rows --------------------------------------------------------------

    def pick_company(self) -> Picked:
        while True:
            with completing(store.company_names(self.conn)):
                name = ask("Company (name or part of it, Tab completes)",
                           text_parser("the company", NAME_LIMIT))  # fmt: skip
            matches = store.search_companies(self.conn, name)
            exact = [row for row in matches if row["name"].strip().casefold() == name.casefold()]
            if exact:
                print(f"  -> existing company {exact[0]['name']} (id {exact[0]['id']})")
                return Picked(exact[0]["id"], exact[0]["name"])
            if not matches:
                print(f"  -> new company {name!r}")
                return Picked(None, name)
            for index, row in enumerate(matches, start=1):
                positions = output.plural(row["position_count"], "position")
                print(f"  {index}) {row['name']} ({positions})")
            print(f"  n) new company {name!r}    s) search again")
            choice = ask("Choose", default="n")
            if choice.casefold() == "s":
                continue
            if choice.isdigit() and 1 <= int(choice) <= len(matches):
                row = matches[int(choice) - 1]
                return Picked(row["id"], row["name"])
            print(f"  -> new company {name!r}")
            return Picked(None, name)

    def pick_position(self, company: Picked) -> Picked:
        positions = store.positions_of(self.conn, company.id) if company.id else []
        for index, row in enumerate(positions, start=1):
            print(f"  {index}) {row['title']}")
        label = "Job title (number above or a new title)" if positions else "Job title"
        while True:
            answer = ask(label, text_parser("the job title", TITLE_LIMIT, required=True))
            if answer.isdigit() and positions:
                if 1 <= int(answer) <= len(positions):
                    row = positions[int(answer) - 1]
                    return Picked(row["id"], row["title"])
                print(f"  ! choose 1-{len(positions)} or type a title")
                continue
            for row in positions:
                if row["title"].strip().casefold() == answer.casefold():
                    return Picked(row["id"], row["title"])
            return Picked(None, answer)

    def pick_application(self) -> dict:
        while True:
            answer = ask("Application (id, or text to search company/title)")
            if answer.isdigit():
                try:
                    application = store.get_application(self.conn, int(answer))
                except UserError as exc:
                    print(f"  ! {exc}")
                    continue
                if application["candidate_id"] != self.candidate.id:
                    print(f"  ! application {answer} belongs to another candidate")
                    continue
                break
            matches = store.search_applications(self.conn, self.candidate.id, answer)
            if not matches:
                print(f"  ! no application matches {answer!r}; try part of the company name")
                continue
            if len(matches) == 1:
                application = store.get_application(self.conn, matches[0]["id"])
                break
            for index, row in enumerate(matches, start=1):
                print(
                    f"  {index}) #{row['id']} {row['company_name']}, {row['job_title']} "
                    f"({row['status_code']}, applied {row['applied_on']})"
                )
            choose = functools.partial(parse_int, low=1, high=len(matches), what="choice")
            number = ask("Choose", choose, default=1)
            row = matches[number - 1]
            application = store.get_application(self.conn, row["id"])
            break
        print(
            f"  -> #{application['id']} {application['company_name']}, "
            f"{application['job_title']}: {application['status_code']}"
        )
        return application

    # --- flows ------------------------------------------------------------------------------

    def add_application(self) -> None:
        company = self.pick_company()
        position = self.pick_position(company)
        default_source = store.last_source(self.conn, self.candidate.id) or "linkedin"
        show_choices(self.vocab.sources)
        source = ask("Source", vocab_parser(self.vocab.sources), default=default_source)
        applied_on = ask("Applied on", checked(parse_date, rules.check_applied_on),
                         default=rules.today())  # fmt: skip
        status = ask("Current status", vocab_parser(self.vocab.statuses), default="applied")
        status_on = None
        if status != "applied":
            status_on = ask(
                f"Since when is it {status}",
                checked(parse_date, lambda value: rules.check_event_on(applied_on, value)),
                default=rules.today(),
            )
        contact = ask("Contact name", text_parser("the contact", SHORT_LIMIT), required=False)
        email = ask("Contact e-mail", clean_email, required=False)
        notes = ask("Notes", text_parser("the notes", NOTES_LIMIT), required=False)
        print(
            f"\n  {position.name} at {company.name}"
            f"{'' if company.id else ' (new company)'}"
            f"{'' if position.id else ' (new position)'}\n"
            f"  applied {applied_on} via {source}, status {status}"
            f"{f' since {status_on}' if status_on else ''}"
        )
        if not confirm("Save this application?"):
            print("Not saved.")
            return
        with store.action(self.conn):
            company_id = company.id or store.upsert_company(self.conn, company.name)[0]
            position_id = (
                position.id or store.upsert_position(self.conn, company_id, position.name)[0]
            )
            application_id = store.insert_application(
                self.conn,
                store.NewApplication(
                    candidate_id=self.candidate.id, position_id=position_id,
                    source_code=source, applied_on=applied_on, status_code=status,
                    status_on=status_on, contact_name=contact, contact_email=email, notes=notes,
                ),
            )  # fmt: skip
        print(f"Saved application {application_id}.")

    def log_interview(self) -> None:
        application = self.pick_application()
        count = len(
            [
                e
                for e in store.timeline(self.conn, application["id"])
                if e["event_type"] == "interview"
            ]
        )
        show_choices(self.vocab.interview_types)
        kind = ask(
            "Interview type",
            vocab_parser(self.vocab.interview_types),
            default="phone_screen" if count == 0 else "technical",
        )

        at = ask(
            "When (YYYY-MM-DD HH:MM)",
            checked(parse_datetime,
                    lambda value: rules.check_interview_at(application["applied_on"], value)),
        )  # fmt: skip
        duration = ask(
            "Duration in minutes",
            lambda raw: parse_int(raw, low=1, high=1440, what="the duration"),
            default=45,
        )
        interviewer = ask(
            "Interviewer", text_parser("the interviewer", SHORT_LIMIT), required=False
        )
        status = ask(
            "Interview status",
            vocab_parser(self.vocab.interview_statuses),
            default=rules.interview_status_default(at),
        )
        rating = feedback = None
        if status == "completed":
            rating = ask(
                "How did it go, 1-5",
                lambda raw: parse_int(raw, low=1, high=5, what="the rating"),
                required=False,
            )
            feedback = ask("Feedback", text_parser("the feedback", NOTES_LIMIT), required=False)
        move = rules.moves_to_interviewing(application["status_code"]) and confirm(
            f"Move the application from {application['status_code']} to interviewing?"
        )
        if not confirm("Save this interview?"):
            print("Not saved.")
            return
        with store.action(self.conn):
            interview_id = store.insert_interview(
                self.conn,
                store.NewInterview(
                    application_id=application["id"], interview_type_code=kind,
                    scheduled_at=at, status_code=status, duration_minutes=duration,
                    interviewer_name=interviewer, feedback=feedback, rating=rating,
                ),
            )  # fmt: skip
            if move:
                when = min(at, dt.datetime.now().astimezone())
                store.change_status(self.conn, application["id"], "interviewing", when)
        print(f"Saved interview {interview_id}.")

    def record_outcome(self) -> None:
        application = self.pick_application()
        rules.check_no_outcome_yet(application)
        show_choices(self.vocab.outcomes)
        outcome = ask("Outcome", vocab_parser(self.vocab.outcomes))
        decided_on = ask(
            "Decided on", self._status_date_parser(application), default=dt.date.today()
        )
        salary = None
        if outcome in ("offer", "accepted"):
            salary = ask("Salary offered", parse_amount, required=False)
        notes = ask("Notes", text_parser("the notes", NOTES_LIMIT), required=False)
        new_status = rules.outcome_status(self.vocab.outcome_statuses, outcome)
        print(f"\n  outcome {outcome} on {decided_on}; status becomes {new_status}")
        if not confirm("Save this outcome?"):
            print("Not saved.")
            return
        with store.action(self.conn):
            outcome_id = store.insert_outcome(
                self.conn,
                store.NewOutcome(
                    application_id=application["id"], outcome_code=outcome,
                    decided_on=decided_on, salary_offered=salary.low if salary else None,
                    currency=salary.currency if salary else None, notes=notes,
                ),
                status_code=new_status,
            )  # fmt: skip
        print(f"Saved outcome {outcome_id}.")

    def _status_date_parser(self, application: dict) -> Callable[[str], dt.date]:
        """A new status change's date (also an outcome's, which changes the status)."""
        return checked(
            parse_date, lambda value: edits.check_new_status_on(self.conn, application, value)
        )

    def change_status(self) -> None:
        application = self.pick_application()
        show_choices(self.vocab.statuses)
        status = ask("New status", vocab_parser(self.vocab.statuses))
        if status == application["status_code"]:
            print(f"  It is already {status}; nothing to do.")
            return
        on = ask("Since when", self._status_date_parser(application), default=dt.date.today())
        note = ask("Note", text_parser("the note", NOTES_LIMIT), required=False)
        if not confirm(f"Change {application['status_code']} -> {status} on {on}?"):
            print("Not saved.")
            return
        with store.action(self.conn):
            store.change_status(
                self.conn, application["id"], status, None if on == dt.date.today() else on, note
            )
        print("Saved.")

    def list_applications(self) -> None:
        status = ask("Filter by status (Enter: any)", vocab_parser(self.vocab.statuses),
                     required=False, shown_default="")  # fmt: skip
        source = ask("Filter by source (Enter: any)", vocab_parser(self.vocab.sources),
                     required=False, shown_default="")  # fmt: skip
        text = ask("Company or title contains (Enter: any)", required=False, shown_default="")
        open_only = confirm("Open applications only?", default=False)
        rows = store.list_applications(
            self.conn,
            store.ListFilters(
                candidate_id=self.candidate.id, status=status, source=source, text=text,
                open_only=open_only, limit=200,
            ),
        )  # fmt: skip
        print(output.render(rows, output.LIST_COLUMNS, "table"))
        if rows:
            print(f"({output.plural(len(rows), 'application')})")

    def show_timeline(self) -> None:
        application = self.pick_application()
        print(output.format_application(application, store.timeline(self.conn, application["id"])))

    def add_company(self) -> None:
        name = ask("Company name", text_parser("the company name", NAME_LIMIT, required=True))
        existing = [
            row for row in store.search_companies(self.conn, name)
            if row["name"].strip().casefold() == name.casefold()
        ]  # fmt: skip
        if existing:
            print(f"  ! {existing[0]['name']} already exists (id {existing[0]['id']})")
            return
        location = ask("Location", text_parser("the location", SHORT_LIMIT), required=False)
        website = ask("Website", text_parser("the website", SHORT_LIMIT), required=False)
        with store.action(self.conn):
            company_id, _ = store.upsert_company(
                self.conn, name, location=location, website=website
            )
        print(f"Saved company {company_id}.")

    def add_position(self) -> None:
        company = self.pick_company()
        position = self.pick_position(company)
        if position.id:
            print(f"  ! {company.name} already has {position.name!r} (id {position.id})")
            return
        salary = ask("Advertised salary (e.g. 45-55k)", parse_amount, required=False)
        location = ask("Location", text_parser("the location", SHORT_LIMIT), required=False)
        url = ask("Link to the offer", text_parser("the url", URL_LIMIT), required=False)
        with store.action(self.conn):
            company_id = company.id or store.upsert_company(self.conn, company.name)[0]
            position_id, _ = store.upsert_position(
                self.conn, company_id, position.name,
                store.PositionDetails(
                    location=location, salary_min=salary.low if salary else None,
                    salary_max=salary.high if salary else None,
                    currency=salary.currency if salary else None, url=url,
                ),
            )  # fmt: skip
        print(f"Saved position {position_id}.")

    # --- find an application, then correct it ------------------------------------------------

    ACTIONS = (
        ("e", "Edit the application", "edit_application"),
        ("i", "Edit an interview", "edit_interview"),
        ("o", "Edit the outcome", "edit_outcome"),
        ("u", "Undo the last status change", "undo_status"),
        ("t", "Correct the date of the last status change", "redate_status"),
        ("d", "Delete the application", "delete_application"),
        ("x", "Delete an interview", "delete_interview"),
        ("r", "Delete the outcome", "delete_outcome"),
    )

    def correct(self) -> None:
        application = self.pick_application()
        events = store.timeline(self.conn, application["id"])
        print(output.format_application(application, events))
        for key, label, _ in self.ACTIONS:
            print(f"  {key}  {label}")
        keys = {key: name for key, _, name in self.ACTIONS}

        def parse(raw: str) -> str:
            if raw.casefold() not in keys:
                raise ParseError("choose one of the letters above (Ctrl-C cancels)")
            return keys[raw.casefold()]

        getattr(self, "_" + ask("Action", parse))(application, events)

    def _saved(self, said: list[str]) -> None:
        print("Saved: " + "; ".join(said) + "." if said else "Nothing changed.")

    def _edit_application(self, application: dict, events: list[dict]) -> None:
        print("  Enter keeps the value in brackets; - clears an optional one.")
        fields = (
            ("company", "Company", text_parser("the company", NAME_LIMIT, True), "company_name"),
            ("title", "Job title", text_parser("the job title", TITLE_LIMIT, True), "job_title"),
            ("source_code", "Source", vocab_parser(self.vocab.sources), "source_code"),
            ("applied_on", "Applied on", checked(parse_date, rules.check_applied_on),
             "applied_on"),
            ("contact_name", "Contact name", text_parser("the contact", SHORT_LIMIT),
             "contact_name"),
            ("contact_email", "Contact e-mail", clean_email, "contact_email"),
            ("notes", "Notes", text_parser("the notes", NOTES_LIMIT), "notes"),
            ("location", "Location", text_parser("the location", SHORT_LIMIT), "location"),
            ("url", "Link to the offer", text_parser("the url", URL_LIMIT), "url"),
            ("remote_policy", "Remote (onsite, hybrid, remote)", remote_parser,
             "remote_policy"),
        )  # fmt: skip
        changes, before = {}, {}
        for key, label, parse, column in fields:
            current = application[column]
            required = key in ("company", "title", "source_code", "applied_on")
            value = ask(label, parse, default=current, required=required)
            if value != current:
                changes[key], before[key] = value, current
        low, high = application["salary_min"], application["salary_max"]
        current = Amount(low, high) if low is not None and high is not None else None
        shown = (f"{low}" if low == high else f"{low}-{high}") if current else None
        salary = ask("Advertised salary", parse_amount, default=current, shown_default=shown,
                     required=False)  # fmt: skip
        if salary != current and (salary is None or current is None or
                                  (salary.low, salary.high) != (low, high)):  # fmt: skip
            changes["salary"], before["salary"] = salary, shown
        if not changes:
            print("Nothing changed.")
            return
        for key, value in changes.items():
            print(f"  {key}: {before[key] or '(empty)'} -> {value or '(empty)'}")
        if not confirm("Save these changes?"):
            print("Not saved.")
            return
        with store.action(self.conn):
            self._saved(edits.edit_application(self.conn, application, changes))

    def _pick_interview(self, application: dict, events: list[dict]) -> dict | None:
        ids = [event["record_id"] for event in events if event["event_type"] == "interview"]
        if not ids:
            print("  ! this application has no interview")
            return None
        choose = functools.partial(parse_int, low=1, high=2**62, what="an interview id")
        while True:
            chosen = ask("Interview id (shown as [id N] above)", choose,
                         default=ids[-1])  # fmt: skip
            if chosen in ids:
                return store.get_interview(self.conn, chosen)
            print(f"  ! choose one of: {', '.join(map(str, ids))}")

    def _edit_interview(self, application: dict, events: list[dict]) -> None:
        interview = self._pick_interview(application, events)
        if interview is None:
            return
        fields = (
            ("scheduled_at", "When (YYYY-MM-DD HH:MM)", checked(
                parse_datetime,
                lambda value: rules.check_interview_at(application["applied_on"], value))),
            ("interview_type_code", "Interview type", vocab_parser(self.vocab.interview_types)),
            ("status_code", "Interview status", vocab_parser(self.vocab.interview_statuses)),
            ("duration_minutes", "Duration in minutes",
             lambda raw: parse_int(raw, low=1, high=1440, what="the duration")),
            ("interviewer_name", "Interviewer", text_parser("the interviewer", SHORT_LIMIT)),
            ("rating", "How did it go, 1-5",
             lambda raw: parse_int(raw, low=1, high=5, what="the rating")),
            ("feedback", "Feedback", text_parser("the feedback", NOTES_LIMIT)),
        )  # fmt: skip
        changes = {}
        for key, label, parse in fields:
            current = interview[key]
            shown = (
                current.astimezone().strftime("%Y-%m-%d %H:%M") if key == "scheduled_at" else None
            )
            required = key in ("scheduled_at", "interview_type_code", "status_code")
            value = ask(label, parse, default=current, shown_default=shown, required=required)
            if value != current:
                changes[key] = value
        if not changes or not confirm("Save these changes?"):
            print("Nothing changed." if not changes else "Not saved.")
            return
        with store.action(self.conn):
            self._saved(edits.edit_interview(self.conn, interview, changes))

    def _edit_outcome(self, application: dict, events: list[dict]) -> None:
        if not application["outcome_id"]:
            print("  ! this application has no outcome yet: record one from the menu")
            return
        outcome = store.get_outcome(self.conn, application["outcome_id"])
        show_choices(self.vocab.outcomes)
        changes = {}
        code = ask("Outcome", vocab_parser(self.vocab.outcomes), default=outcome["outcome_code"])
        decided_on = ask("Decided on", checked(parse_date, lambda value: rules.check_event_on(
            application["applied_on"], value, what="the decision date")),
                         default=outcome["decided_on"])  # fmt: skip
        notes = ask("Notes", text_parser("the notes", NOTES_LIMIT), default=outcome["notes"],
                    required=False)  # fmt: skip
        for key, value in (("outcome_code", code), ("decided_on", decided_on), ("notes", notes)):
            if value != outcome[key]:
                changes[key] = value
        if not changes or not confirm("Save these changes?"):
            print("Nothing changed." if not changes else "Not saved.")
            return
        with store.action(self.conn):
            self._saved(
                edits.edit_outcome(self.conn, outcome, changes, self.vocab.outcome_statuses)
            )

    def _undo_status(self, application: dict, events: list[dict]) -> None:
        print("  " + edits.describe_undo(self.conn, application))
        if not confirm("Undo it?", default=False):
            print("Not changed.")
            return
        with store.action(self.conn):
            undone = store.undo_status(self.conn, application["id"])
        print(f"Saved: back to {undone['restored_status_code']}." if undone else "Nothing to undo.")

    def _redate_status(self, application: dict, events: list[dict]) -> None:
        when = ask("When did the last status change really happen", parse_date)
        with store.action(self.conn):
            said = edits.redate_last_status(
                self.conn, application["id"], application["applied_on"], when
            )
        self._saved([said])

    def _delete_application(self, application: dict, events: list[dict]) -> None:
        summary = store.deletion_summary(self.conn, application["id"])
        print("  Delete " + edits.describe_application(application, summary))
        if not confirm("Delete it all?", default=False):
            print("Not deleted.")
            return
        with store.action(self.conn):
            store.delete_row(self.conn, "interview_processes", application["id"])
        print(
            f"Deleted application {application['id']}. {edits.kept_on_delete(application, summary)}"
        )

    def _delete_interview(self, application: dict, events: list[dict]) -> None:
        interview = self._pick_interview(application, events)
        if interview is None:
            return
        print("  Delete " + edits.describe_interview(interview))
        if not confirm("Delete it?", default=False):
            print("Not deleted.")
            return
        with store.action(self.conn):
            store.delete_row(self.conn, "interviews", interview["id"])
        print(f"Deleted interview {interview['id']}.")

    def _delete_outcome(self, application: dict, events: list[dict]) -> None:
        if not application["outcome_id"]:
            print("  ! this application has no outcome")
            return
        outcome = store.get_outcome(self.conn, application["outcome_id"])
        print("  Delete " + edits.describe_outcome(outcome))
        if not confirm("Delete it?", default=False):
            print("Not deleted.")
            return
        with store.action(self.conn):
            said = edits.delete_outcome(self.conn, outcome, self.vocab.outcome_statuses)
        print(f"Deleted outcome {outcome['id']}" + (f"; {'; '.join(said)}." if said else "."))

    # --- the menu ---------------------------------------------------------------------------

    MENU = (
        ("1", "Add an application", "add_application"),
        ("2", "Log an interview", "log_interview"),
        ("3", "Record an outcome", "record_outcome"),
        ("4", "Change a status", "change_status"),
        ("5", "List / search applications", "list_applications"),
        ("6", "Show an application's timeline", "show_timeline"),
        ("7", "Add a company", "add_company"),
        ("8", "Add a position", "add_position"),
        ("9", "Find an application to edit, delete or undo", "correct"),
        ("q", "Quit", ""),
    )

    def run(self) -> int:
        print(f"HireWire data entry for {self.candidate.name} (candidate {self.candidate.id}).")
        print("Ctrl-C cancels the current step without saving anything.")
        while True:
            print()
            for key, label, _ in self.MENU:
                print(f"  {key}  {label}")
            try:
                choice = input("Choose: ").strip().casefold()
            except (EOFError, KeyboardInterrupt):
                print("\nBye.")
                return 0
            if choice in ("q", "quit", "exit"):
                print("Bye.")
                return 0
            method = next((name for key, _, name in self.MENU if key == choice and name), None)
            if method is None:
                print("  ! choose a number from the menu, or q to quit")
                continue
            self._run_flow(getattr(self, method))

    def _run_flow(self, flow: Callable[[], None]) -> None:
        try:
            if self.conn.broken or self.conn.closed:
                self.conn = store.open_connection(quiet=True)
            flow()
        except (KeyboardInterrupt, Back):
            print("\nCancelled: nothing was saved.")
        except UserError as exc:
            print(f"Not saved: {exc}")
        except psycopg.Error as exc:
            print(f"Not saved: {store.explain(exc)}")


def run(conn: psycopg.Connection, candidate: store.Candidate) -> int:
    # Ctrl-C is how a person cancels a step here: make sure it raises KeyboardInterrupt even
    # when a parent started us with SIGINT ignored (`nohup`, `cmd &` in a script), where Python
    # would otherwise inherit the ignore and the key would do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _load_readline()
    return Manager(conn, candidate).run()
