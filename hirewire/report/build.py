"""Turn the report data into one self-contained HTML file, written atomically with mode 0600.

The page carries each job seeker's view once, as data: the view's HTML (the template's
`candidate_view` block) and its chart specs, in one gzipped JSON payload, drawn by the page
for the job seeker selected (`#candidate-<id>`). plotly.js travels gzipped too. So the file
grows with the data, not with copies of every chart, and stays a few MB for 500 job seekers.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import gzip
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import plotly.offline

from hirewire.report import charts, theme
from hirewire.report.data import Candidate, ReportData

NO_VALUE = "\u2013"  # an en dash where a number cannot be computed yet
TEMPLATES = Path(__file__).resolve().parent / "templates"
FOLLOW_UPS_SHOWN = 15


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    draw: Callable[[list[dict[str, Any]]], Any]
    empty: str  # shown instead of the chart when there is nothing to draw
    note: str = ""
    wide: bool = False


CHARTS = (
    Chart(
        "funnel",
        "Funnel",
        charts.funnel,
        "No application has reached a stage yet.",
        note="applications that reached at least each stage",
    ),
    Chart("sources", "Source effectiveness", charts.sources, "No source recorded yet."),
    Chart(
        "stage_flow",
        "Where applications go",
        charts.stage_flow,
        "No application has moved yet: the flow appears after the first status change.",
        note="each application's path once, from applying to where it stands now",
        wide=True,
    ),
    Chart(
        "weekly_activity",
        "Weekly activity",
        charts.weekly_activity,
        "No activity recorded yet.",
        wide=True,
    ),
    Chart(
        "companies",
        "Company responsiveness",
        charts.companies,
        "No company has been applied to yet.",
        note="most applied-to first; least responsive first among equals",
    ),
    Chart(
        "interviews",
        "Interview performance",
        charts.interviews,
        "No interview recorded yet: interview results appear here once you log one.",
        note="by interview type",
    ),
)


def _percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{round(100 * value)}%"


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return NO_VALUE
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}{unit}"


def _headline(candidate: Candidate) -> list[dict[str, str]]:
    rows = candidate.rows("headline")
    row = rows[0] if rows else {}
    return [
        {"label": "Applications", "value": str(row.get("applications", 0)), "stage": "applied"},
        {
            "label": "Response rate",
            "value": _percent(row.get("response_rate")),
            "stage": "screening",
        },
        {"label": "Interviews", "value": str(row.get("interviews") or 0), "stage": "interviewing"},
        {"label": "Offers", "value": str(row.get("offers", 0)), "stage": "offer"},
        {
            "label": "Median days to first response",
            "value": _number(row.get("median_days_to_first_response"), " d"),
            "stage": "technical_test",
        },
        {"label": "Ghost rate", "value": _percent(row.get("ghost_rate")), "stage": "ghosted"},
    ]


def _figures(candidate: Candidate) -> dict[str, Any]:
    """The candidate's chart specs by chart key; a chart with nothing to draw is left out."""
    if not candidate.applications:
        return {}
    drawn = {chart.key: chart.draw(candidate.rows(chart.key)) for chart in CHARTS}
    return {key: figure for key, figure in drawn.items() if figure}


def _sections(figures: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"chart": chart, "drawn": chart.key in figures} for chart in CHARTS]


def _follow_ups(candidate: Candidate) -> dict[str, Any]:
    rows = candidate.rows("follow_ups")
    shown = [
        {
            **row,
            "status_label": theme.label(row["current_status"]),
            "source_label": row["source_label"],
        }
        for row in rows[:FOLLOW_UPS_SHOWN]
    ]
    return {"rows": shown, "hidden": max(0, len(rows) - FOLLOW_UPS_SHOWN)}


def _packed(payload: bytes, level: int) -> str:
    """gzip then base64: the page inflates it with the browser's own DecompressionStream."""
    return base64.b64encode(gzip.compress(payload, compresslevel=level, mtime=0)).decode("ascii")


@functools.cache
def _plotly_packed() -> str:
    # The fastest level: a higher one saves a tenth of the size for four times the time.
    return _packed(plotly.offline.get_plotlyjs().encode("utf-8"), 1)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return float(value)  # Decimal


def _overview(data: ReportData) -> list[dict[str, Any]]:
    """mart_candidates in attention order, the rates as percentages for the table."""
    return [
        {
            **row,
            "anchor": f"candidate-{row['candidate_key']}",
            "response_rate_text": _percent(row["response_rate"]),
            "ghost_rate_text": _percent(row["ghost_rate"]),
        }
        for row in data.overview
    ]


def render(data: ReportData, generated_at: dt.datetime | None = None) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    shared = {"follow_up_days": 7, "multiple": len(data.candidates) > 1}
    views: dict[str, Any] = {}
    people = []
    for candidate in data.candidates:
        figures = _figures(candidate)
        person = {
            "candidate": candidate,
            "anchor": f"candidate-{candidate.candidate_id}",
            "headline": _headline(candidate),
            "sections": _sections(figures),
            "follow_ups": _follow_ups(candidate),
        }
        context = template.new_context({**shared, "person": person})
        html = "".join(template.blocks["candidate_view"](context))
        views[person["anchor"]] = {"name": candidate.name, "html": html, "charts": figures}
        people.append(person)
    overview = _overview(data) if len(people) > 1 else []
    # The view shown first, written into the page itself: the one needing attention first.
    first = people[0] if people else None
    if overview and first is not None:
        wanted = overview[0]["anchor"]
        first = next((person for person in people if person["anchor"] == wanted), first)
    payload = {
        "views": views,
        "first": first["anchor"] if first else None,
        "layout": charts.BASE_LAYOUT,
        "config": charts.CONFIG,
    }
    packed = _packed(
        json.dumps(payload, separators=(",", ":"), default=_json_default).encode("utf-8"), 3
    )
    generated = generated_at or dt.datetime.now(dt.UTC)
    return template.render(
        **shared,
        people=[first] if first else [],
        candidate_count=len(people),
        overview=overview,
        loaded_at=data.loaded_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        if data.loaded_at
        else None,
        as_of=data.as_of.isoformat(),
        generated_at=generated.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        stage_css=theme.css_variables(),
        stylesheet=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        script=(TEMPLATES / "report.js").read_text(encoding="utf-8"),
        plotly_packed=_plotly_packed(),
        data_packed=packed,
        legend=[
            {"label": theme.label(stage), "colour": colour}
            for stage, colour in theme.STAGE_COLOURS.items()
        ],
    )


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, mode 0600, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
