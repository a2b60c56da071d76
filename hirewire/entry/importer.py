"""CSV import of an existing job search (`data-entry import FILE.csv`).

Python reads and checks every line (header spellings, separators, BOM, date and amount formats);
Postgres does the rest set-based: the accepted lines are COPYed into a temporary table and a few
statements in sql/entry/import_*.sql create what is missing, in one transaction. Importing the
same file again creates nothing: an application is known by candidate, position and date. A
re-import is a sync: a line that matches a recorded application but says something else
(status, outcome, salary, notes, contact, url) is shown as a difference, and `--update`
applies the differences, all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg

from hirewire.entry import output, rules, store
from hirewire.entry.output import FORMULA_STARTS
from hirewire.entry.parse import (
    ParseError,
    Vocabulary,
    clean_currency,
    clean_email,
    clean_text,
    fold,
    parse_amount,
    parse_date,
)
from hirewire.errors import UserError

# Canonical column -> header spellings accepted (English and French, compared folded).
COLUMNS: dict[str, tuple[str, ...]] = {
    "company": (
        "company", "company name", "employer", "organisation", "organization", "entreprise",
        "societe", "employeur", "nom de l entreprise", "structure",
    ),
    "title": (
        "title", "job title", "position", "role", "job", "poste", "intitule",
        "intitule du poste", "titre", "emploi", "offre",
    ),
    "applied_on": (
        "applied on", "applied", "applied date", "date applied", "application date", "date",
        "date de candidature", "date candidature", "candidature", "postule le", "envoyee le",
    ),
    "source": ("source", "channel", "via", "canal", "origine", "plateforme", "site", "media"),
    "status": ("status", "state", "stage", "statut", "etat", "etape", "situation"),
    "status_date": (
        "status on", "status date", "status changed", "last update", "updated", "date statut",
        "date du statut", "mise a jour", "derniere mise a jour", "date de mise a jour",
    ),
    "outcome": ("outcome", "result", "resultat", "issue", "decision", "reponse"),
    "outcome_date": (
        "outcome on", "outcome date", "decided on", "decision date", "result date",
        "date resultat", "date decision", "date de reponse", "date reponse",
    ),
    "salary": (
        "salary", "salary range", "pay", "compensation", "salaire", "remuneration",
        "fourchette", "fourchette salariale", "package",
    ),
    "offer_salary": (
        "offer salary", "offered salary", "salary offered", "offer", "salaire propose",
        "salaire offert", "montant offre",
    ),
    "currency": ("currency", "devise", "monnaie"),
    "url": ("url", "link", "job url", "posting", "job link", "lien", "annonce", "lien annonce"),
    "location": ("location", "city", "lieu", "ville", "localisation"),
    "contact": ("contact", "contact name", "recruiter name", "interlocuteur", "nom du contact"),
    "contact_email": ("contact email", "email", "e mail", "mail", "courriel"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "commentaire", "commentaires",
              "remarques"),
}  # fmt: skip
REQUIRED = ("company", "title", "applied_on")
HEADER_INDEX = {spelling: column for column, names in COLUMNS.items() for spelling in names}
STAGE_COLUMNS = (
    "line_number", "candidate_id", "company_name", "job_title", "applied_on", "source_code",
    "status_code", "status_at", "outcome_code", "outcome_on", "salary_min", "salary_max",
    "offer_salary", "currency", "url", "location", "contact_name", "contact_email", "notes",
    "has_status", "is_status_dated",
)  # fmt: skip
MAX_ERRORS_SHOWN = 200


@dataclass
class Checked:
    """The result of reading a file: accepted rows (as staged) and rejected lines."""

    rows: list[tuple] = field(default_factory=list)
    # (line, step, from status, to status, effective_at, is_last) for every status reached
    transitions: list[tuple] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    undated_statuses: int = 0


@dataclass
class Result:
    companies: int = 0
    positions: int = 0
    applications: int = 0
    outcomes: int = 0
    already_present: int = 0
    # (line, application id, field, recorded value, value in the file), for recorded ones
    differences: list[tuple] = field(default_factory=list)
    updated: int = 0


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM); a file saved by Excel as Windows-1252 is read as such."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        print(f"note: {path} is not UTF-8; reading it as Windows-1252", file=sys.stderr)
        return data.decode("cp1252", errors="replace")


def detect_delimiter(text: str) -> str:
    """The separator of the header line: ';' (French Excel), tab or ','."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


# "Interview date", "rejected on", "date entretien", "date de refus": when a status was reached.
_STATUS_DATE = re.compile(
    r"(?:date (?:de |du |d )?(?P<after>.+))|(?:(?P<before>.+) (?:date|on|le))"
)


def status_date_column(key: str, statuses: Vocabulary | None) -> str | None:
    """'on:<status>' for a header naming the date a status was reached, else None."""
    match = _STATUS_DATE.fullmatch(key)
    if statuses is None or match is None:
        return None
    try:
        status = statuses.resolve(match["after"] or match["before"])
    except ParseError:
        return None
    return None if status == "applied" else f"on:{status}"


def map_header(
    cells: list[str], statuses: Vocabulary | None = None
) -> tuple[dict[str, int], list[str]]:
    """Column positions by canonical name ('on:<status>' for a status's date), and the header
    cells that were not recognised."""
    positions: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(cells):
        key = fold(cell)
        column = HEADER_INDEX.get(key) or (
            key.replace(" ", "_") if key.replace(" ", "_") in COLUMNS else None
        )
        column = column or status_date_column(key, statuses)
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if column in positions:
            raise UserError(
                f"the header names the {column} column twice ({cells[positions[column]]!r} and "
                f"{cell!r}); rename or delete one"
            )
        positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        names = "; ".join(f"{column}: {', '.join(COLUMNS[column][:4])}" for column in missing)
        raise UserError(
            f"the header has no {' / '.join(missing)} column; accepted names include {names} "
            "(see docs/data-entry.md)"
        )
    return positions, ignored


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UserError(
                f"line {start}: the CSV is malformed ({exc}); fix the quoting"
            ) from None
        yield start, cells


# A job search repeats the same dates, sources and salaries on many lines: parse each once.
_parse_date = functools.lru_cache(maxsize=8192)(parse_date)
_parse_amount = functools.lru_cache(maxsize=8192)(parse_amount)


class _Line:
    """One data line being checked: reads cells by column and collects every problem."""

    def __init__(self, cells: list[str], positions: dict[str, int], options: _Options) -> None:
        self.cells, self.positions, self.options = cells, positions, options
        self.problems: list[str] = []
        # (step, from status, to status, effective_at, is_last) once checked
        self.steps: list[tuple] = []

    def cell(self, column: str) -> str:
        index = self.positions.get(column)
        value = self.cells[index] if index is not None and index < len(self.cells) else ""
        # Undo the quote HireWire's exports put before a formula-like cell, so they round-trip.
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            return value[1:]
        return value

    def attempt(self, parse, *args, **kwargs):
        try:
            return parse(*args, **kwargs)
        except (ParseError, rules.RuleError) as exc:
            self.problems.append(str(exc))
            return None

    def optional(self, column: str, parse, *args, **kwargs):
        raw = self.cell(column)
        return self.attempt(parse, raw, *args, **kwargs) if raw.strip() else None

    def date(self, column: str, what: str) -> dt.date | None:
        options = self.options
        value = self.optional(
            column, _parse_date, month_first=options.month_first, today=options.today
        )
        if value is not None:
            if column == "applied_on":
                self.attempt(rules.check_applied_on, value, on=options.today)
            else:
                self.attempt(rules.check_event_on, value, value, what=what, on=options.today)
        return value

    def text(self, column: str, what: str, limit: int, required: bool = False) -> str | None:
        return self.attempt(
            clean_text, self.cell(column), what=what, limit=limit, required=required
        )


@dataclass(frozen=True)
class _Options:
    vocab: store.Vocabularies
    candidate_id: int
    month_first: bool
    today: dt.date


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def _transitions(
    line: _Line, status: str | None, status_on: dt.date | None, fallback: dt.date | None
) -> list[tuple[str, dt.date]]:
    """The statuses the line went through after 'applied', in order, with their dates."""
    order = list(line.options.vocab.statuses.labels)
    steps = {}
    for column in line.positions:
        if column.startswith("on:"):
            day = line.date(column, f"the {column[3:]} date")
            if day is not None:
                steps[column[3:]] = day
    if status is not None and status != "applied" and status not in steps:
        steps[status] = status_on or max(steps.values(), default=None) or fallback
    ordered = sorted(steps.items(), key=lambda item: (item[1] or dt.date.min, order.index(item[0])))
    if status is not None and ordered and ordered[-1][0] != status:
        later, day = ordered[-1]
        line.problems.append(f"the status is {status} but {later} comes later ({day})")
    return ordered


def _check_line(line: _Line) -> tuple | None:
    """The staged row for one line, or None when it has problems (recorded on the line)."""
    vocab = line.options.vocab
    company = line.text("company", "the company", 200, required=True)
    title = line.text("title", "the title", 300, required=True)
    applied_on = line.date("applied_on", "the application date")
    if not line.cell("applied_on").strip():
        line.problems.append("the application date is empty")
    source = line.optional("source", vocab.sources.resolve) or "other"
    status = line.optional("status", vocab.statuses.resolve)
    outcome = line.optional("outcome", vocab.outcomes.resolve)
    status_on = line.date("status_date", "the status date")
    outcome_on = line.date("outcome_date", "the outcome date")
    salary = line.optional("salary", _parse_amount)
    offer = line.optional("offer_salary", _parse_amount)
    currency = line.optional("currency", clean_currency)
    url = line.text("url", "the url", 2000)
    location = line.text("location", "the location", 500)
    contact = line.text("contact", "the contact", 500)
    email = line.optional("contact_email", clean_email, what="the contact e-mail")
    notes = line.text("notes", "the notes", 20_000)
    if status is None:
        status = rules.outcome_status(vocab.outcome_statuses, outcome or "")
    steps = _transitions(line, status, status_on or outcome_on, applied_on)
    has_status = status is not None or bool(steps)
    is_status_dated = any(
        line.cell(column).strip()
        for column in line.positions
        if column in ("status_date", "outcome_date") or column.startswith("on:")
    )
    if not has_status:
        # The flags' rule: a date says when a status was reached, so it needs that status.
        line.attempt(rules.check_status_on_needs_status, "applied", status_on)
    status = steps[-1][0] if steps else "applied"
    dates = [("status date", status_on), ("outcome date", outcome_on)]
    dates += [(f"{step} date", day) for step, day in steps]
    for label, value in dates:
        if applied_on and value:
            line.attempt(rules.check_event_on, applied_on, value, what=f"the {label}",
                         on=line.options.today)  # fmt: skip
    line.attempt(rules.check_offer_salary, offer, outcome)
    if line.problems:
        return None
    line.steps = [
        # Minutes keep the order of statuses reached on the same day.
        (
            number,
            previous,
            step,
            _noon(day or applied_on) + dt.timedelta(minutes=number),
            number == len(steps),
        )
        for number, ((previous, _), (step, day)) in enumerate(
            zip([("applied", None), *steps], steps, strict=False), start=1
        )
    ]
    status_at = line.steps[-1][3] if line.steps else _noon(applied_on)
    currency = currency or (salary and salary.currency) or (offer and offer.currency) or None
    return (
        line.options.candidate_id, company, title, applied_on, source, status, status_at,
        outcome, outcome_on, salary.low if salary else None, salary.high if salary else None,
        offer.low if offer else None, currency, url, location, contact, email, notes,
        has_status, is_status_dated,
    )  # fmt: skip


def check(
    text: str,
    delimiter: str,
    vocab: store.Vocabularies,
    candidate_id: int,
    month_first: bool = False,
    today: dt.date | None = None,
) -> Checked:
    """Parse and validate every line; no database access."""
    options = _Options(vocab, candidate_id, month_first, today or dt.date.today())
    result = Checked()
    records = _records(text, delimiter)
    for _number, cells in records:
        if any(cell.strip() for cell in cells):
            positions, result.ignored_columns = map_header(cells, vocab.statuses)
            break
    else:
        raise UserError("the file is empty: it needs a header line and one line per application")
    seen: dict[tuple, int] = {}
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        line = _Line(cells, positions, options)
        row = _check_line(line)
        if row is not None:
            # The natural key as Postgres compares it: lower(btrim(...)) and the date.
            key = (row[1].lower(), row[2].lower(), row[3])
            if key in seen:
                line.problems.append(
                    f"duplicate of line {seen[key]} (same company, title and application date)"
                )
            else:
                seen[key] = number
                if row[5] != "applied" and not row[-1]:
                    result.undated_statuses += 1
                result.rows.append((number, *row))
                result.transitions += [(number, *step) for step in line.steps]
                continue
        result.rejected.append((number, "; ".join(line.problems)))
    return result


def load(
    conn: psycopg.Connection, rows: list[tuple], transitions: list[tuple], update: bool = False
) -> Result:
    """Stage the accepted rows, create what is missing and find the differences with what is
    recorded (applied when `update`); call inside a transaction."""
    result = Result()
    conn.execute(store.sql("import_stage"))
    conn.execute(store.sql("import_stage_transitions"))
    with conn.cursor().copy(f"copy import_rows ({', '.join(STAGE_COLUMNS)}) from stdin") as copy:
        for row in rows:
            copy.write_row(row)
    columns = "line_number, step, from_status_code, to_status_code, effective_at, is_last"
    with conn.cursor().copy(f"copy import_transitions ({columns}) from stdin") as copy:
        for transition in transitions:
            copy.write_row(transition)
    # Fresh statistics let the planner hash-join 10,000 staged rows instead of looping.
    conn.execute("analyze import_rows")
    result.companies = conn.execute(store.sql("import_companies")).fetchone()["created_count"]
    conn.execute(store.sql("import_link_companies"))
    result.positions = conn.execute(store.sql("import_positions")).fetchone()["created_count"]
    conn.execute(store.sql("import_link_positions"))
    result.applications = conn.execute(store.sql("import_applications")).fetchone()["created_count"]
    conn.execute(store.sql("import_fill_positions"))
    conn.execute(store.sql("import_history"))
    conn.execute(store.sql("import_history_steps"))
    result.outcomes = conn.execute(store.sql("import_outcomes")).fetchone()["created_count"]
    result.already_present = len(rows) - result.applications
    conn.execute(store.sql("import_link_existing"))
    conn.execute(store.sql("import_differences"))
    result.differences = [
        (row["line_number"], row["process_id"], row["field"], row["recorded_value"],
         row["file_value"])
        for row in conn.execute("select * from import_changes order by line_number, field")
    ]  # fmt: skip
    if update and result.differences:
        conn.execute(store.sql("import_update"))
        result.updated = len({difference[1] for difference in result.differences})
    return result


def _shorten(value: object, limit: int = 60) -> str:
    text = "(empty)" if value is None or value == "" else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_differences(differences: list[tuple]) -> list[str]:
    """One line per differing CSV line: 'line 3 (application 12): status applied -> rejected'."""
    by_line: dict[tuple[int, int], list[str]] = {}
    for line, application, name, recorded, in_file in differences:
        by_line.setdefault((line, application), []).append(
            f"{name} {_shorten(recorded)} -> {_shorten(in_file)}"
        )
    return [
        f"  line {line} (application {application}): {'; '.join(changes)}"
        for (line, application), changes in by_line.items()
    ]


class _Rollback(Exception):
    """Leaves the transaction of a dry run without saving."""


def run(conn: psycopg.Connection, candidate: store.Candidate, args) -> int:
    path = output.user_path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    started = time.monotonic()
    text = decode(data, str(path))
    delimiter = {"tab": "\t", None: None}.get(args.delimiter, args.delimiter) or detect_delimiter(
        text
    )
    checked = check(text, delimiter, store.vocabularies(conn), candidate.id, args.month_first)
    lines = len(checked.rows) + len(checked.rejected)
    say = lambda message: print(message, file=sys.stderr)  # noqa: E731
    say(
        f"Read {output.plural(lines, 'line')} of {path.name} "
        f"({'tab' if delimiter == chr(9) else repr(delimiter)}"
        f"-separated) in {time.monotonic() - started:.1f} s: {len(checked.rows)} accepted, "
        f"{len(checked.rejected)} rejected."
    )
    if checked.ignored_columns:
        say(f"Ignored columns: {', '.join(checked.ignored_columns)}")
    for line, reason in checked.rejected[:MAX_ERRORS_SHOWN]:
        say(f"  line {line}: {reason}")
    if len(checked.rejected) > MAX_ERRORS_SHOWN:
        more = len(checked.rejected) - MAX_ERRORS_SHOWN
        say(f"  ... and {output.plural(more, 'more rejected line')}")
    if checked.rejected and not args.skip_invalid:
        say(
            "Nothing was imported: fix the "
            f"{output.plural(len(checked.rejected), 'rejected line')} "
            "(or rerun with --skip-invalid to import only the accepted ones)."
        )
        return 1
    if checked.undated_statuses:
        say(
            f"note: {output.plural(checked.undated_statuses, 'line')} "
            f"give{'s' if checked.undated_statuses == 1 else ''} a status without a status date; "
            "it is dated at the application date"
        )
    say(
        f"{'Checking' if args.dry_run else 'Importing'} "
        f"{output.plural(len(checked.rows), 'line')} ..."
    )
    started = time.monotonic()
    update = getattr(args, "update", False)
    try:
        with store.action(conn):
            result = load(conn, checked.rows, checked.transitions, update=update)
            if args.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    lines = describe_differences(result.differences)
    differing = len(lines)
    if lines:
        verb = "differs" if differing == 1 else "differ"
        say(f"{output.plural(differing, 'line')} of the file {verb} from what is recorded:")
        for text in lines[:MAX_ERRORS_SHOWN]:
            say(text)
        if differing > MAX_ERRORS_SHOWN:
            say(f"  ... and {differing - MAX_ERRORS_SHOWN} more")
    verb = "Would create" if args.dry_run else "Created"
    plural = output.plural
    summary = (
        f"{verb} {plural(result.applications, 'application')}, "
        f"{plural(result.companies, 'company', 'companies')}, "
        f"{plural(result.positions, 'position')}, {plural(result.outcomes, 'outcome')}; "
        f"{plural(result.already_present, 'application')} "
        f"{'was' if result.already_present == 1 else 'were'} already recorded"
    )
    if differing and update:
        verb = "would update" if args.dry_run else "updated"
        summary += f"; {verb} {plural(result.updated, 'application')} from the file"
    elif differing:
        summary += (
            f"; {plural(differing, 'line')} {'differs' if differing == 1 else 'differ'} from "
            "what is recorded: rerun with --update to apply the differences"
        )
    summary += f" ({time.monotonic() - started:.1f} s)." + (
        " Dry run: nothing was saved." if args.dry_run else ""
    )
    print(summary)
    return 0
