"""Rows out as an aligned table, CSV (safe to open in a spreadsheet) or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 line', '2 lines', '1,000 applications': a count with its noun agreed."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def user_path(raw: str) -> Path:
    """A path as the user typed it: relative to where they ran scripts/main.sh from."""
    path = Path(raw).expanduser()
    if path.is_absolute():
        return path
    return Path(os.environ.get("HIREWIRE_CWD") or Path.cwd()) / path


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula (prefix it with ')."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _json_value(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: Sequence[dict], columns: Sequence[str], max_width: int = 40) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis."""
    cells = [[_text(row.get(column)).replace("\n", " ") for column in columns] for row in rows]
    cells = [[cell if len(cell) <= max_width else cell[: max_width - 1] + "…" for cell in line]
             for line in cells]  # fmt: skip
    widths = [
        max([_width(column)] + [_width(line[index]) for line in cells])
        for index, column in enumerate(columns)
    ]

    def render(line: Sequence[str]) -> str:
        return "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(line, widths, strict=True)
        ).rstrip()

    lines = [render(columns), render(["-" * width for width in widths])]
    lines += [render(line) for line in cells]
    return "\n".join(lines)


def to_csv(rows: Sequence[dict], columns: Sequence[str], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(_text(row.get(column))) for column in columns])
    return buffer.getvalue()


def dumps(data: object) -> str:
    """JSON with dates as ISO strings and decimals as numbers."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_value)


def to_json(rows: Sequence[dict], columns: Sequence[str]) -> str:
    data = [{column: _json_value(row.get(column)) for column in columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str, max_width: int = 40) -> str:
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "json":
        return to_json(rows, columns)
    if not rows:
        return "(no rows)"
    return table(rows, columns, max_width)


# --- what the flag commands and the manager show ------------------------------------------------

LIST_COLUMNS = [
    "id", "company_name", "job_title", "source", "status", "interviews", "outcome",
    "applied_on", "last_change_on",
]  # fmt: skip
RECORD_EVENTS = ("interview", "outcome")


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
        # Interviews and outcomes show their id: edit-interview and edit-outcome take it.
        record = f" [id {event['record_id']}]" if event["event_type"] in RECORD_EVENTS else ""
        lines.append(f"    {when}  {event['event_summary']}{record}{detail}")
    return "\n".join(lines)
