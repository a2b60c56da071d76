"""Plotly figures for one candidate's rows, as plain figure specs (`{"data": [...], "layout":
{...}}`) that plotly.js draws in the page. Each function returns None when there is nothing to
draw, so the page shows a friendly empty state instead of a blank chart.

Plain dicts rather than plotly.graph_objects: a report for hundreds of job seekers builds
thousands of figures, and building and validating graph objects costs milliseconds each. What
every figure shares (fonts, colours, grid) is `BASE_LAYOUT`, sent to the page once."""

from __future__ import annotations

from typing import Any

from hirewire.report import theme

Row = dict[str, Any]
Figure = dict[str, Any]

CONFIG = {
    "displayModeBar": False,
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
}


# Merged under every figure's layout by the page (the axes' keys one level deep).
BASE_LAYOUT: dict[str, Any] = {
    "font": {"family": theme.FONT, "size": 13, "color": theme.TEXT_COLOUR},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "hoverlabel": {"font": {"family": theme.FONT}},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    "xaxis": {
        "gridcolor": theme.GRID_COLOUR,
        "zerolinecolor": theme.GRID_COLOUR,
        "automargin": True,
    },
    "yaxis": {
        "gridcolor": theme.GRID_COLOUR,
        "zerolinecolor": theme.GRID_COLOUR,
        "automargin": True,
    },
}


def _figure(data: list[dict[str, Any]], height: int, top: int = 10, **layout: Any) -> Figure:
    return {
        "data": data,
        "layout": {"height": height, "margin": {"l": 10, "r": 10, "t": top, "b": 10}, **layout},
    }


def funnel(rows: list[Row]) -> Figure | None:
    if not rows or not rows[0]["applications"]:
        return None
    stages = [row["stage"] for row in rows]
    trace = {
        "type": "funnel",
        "y": [theme.label(stage) for stage in stages],
        "x": [row["applications"] for row in rows],
        "customdata": [round(row["pct_of_applied"] or 0) for row in rows],
        "texttemplate": "%{x} · %{customdata}%",
        "textposition": "auto",
        "marker": {"color": [theme.colour(stage) for stage in stages]},
        "connector": {"fillcolor": "#f1f5f9", "line": {"color": theme.GRID_COLOUR, "width": 1}},
        "hovertemplate": "%{y}: %{x} applications (%{customdata}% of applied)<extra></extra>",
    }
    return _figure([trace], 440)


def stage_flow(rows: list[Row]) -> Figure | None:
    if not rows:
        return None
    nodes: list[str] = []
    for row in rows:
        for stage in (row["source_stage"], row["target_stage"]):
            if stage not in nodes:
                nodes.append(stage)
    index = {stage: position for position, stage in enumerate(nodes)}
    inflow = {stage: 0 for stage in nodes}
    outflow = {stage: 0 for stage in nodes}
    for row in rows:
        outflow[row["source_stage"]] += row["applications"]
        inflow[row["target_stage"]] += row["applications"]
    totals = {stage: max(inflow[stage], outflow[stage]) for stage in nodes}
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "valueformat": "d",
        "node": {
            "label": [f"{theme.label(stage)} ({totals[stage]})" for stage in nodes],
            "color": [theme.colour(stage) for stage in nodes],
            "pad": 18,
            "thickness": 16,
            "line": {"color": "white", "width": 1},
            "hovertemplate": "%{label}<extra></extra>",
        },
        "link": {
            "source": [index[row["source_stage"]] for row in rows],
            "target": [index[row["target_stage"]] for row in rows],
            "value": [row["applications"] for row in rows],
            # A link takes the colour of where the applications end up.
            "color": [theme.translucent(theme.colour(row["target_stage"]), 0.45) for row in rows],
            "hovertemplate": "%{source.label} → %{target.label}: %{value}<extra></extra>",
        },
    }
    return _figure([trace], 420)


def weekly_activity(rows: list[Row]) -> Figure | None:
    if not rows:
        return None
    weeks = [row["week_start"].isoformat() for row in rows]
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": weeks,
            "y": [row["applications_sent"] for row in rows],
            "name": "applications sent",
            "marker": {"color": theme.translucent(theme.colour("applied"), 0.55)},
            "hovertemplate": "week of %{x|%d %b}: %{y} applications<extra></extra>",
        }
    ]
    series = (
        ("interviews_held", "interviews held", "interviewing"),
        ("offers", "offers", "offer"),
        ("rejections", "rejections", "rejected"),
    )
    for column, name, stage in series:
        traces.append(
            {
                "type": "scatter",
                "x": weeks,
                "y": [row[column] for row in rows],
                "name": name,
                "mode": "lines+markers",
                "line": {"color": theme.colour(stage), "width": 2},
                "marker": {"size": 6},
                "hovertemplate": f"week of %{{x|%d %b}}: %{{y}} {name}<extra></extra>",
            }
        )
    return _figure(
        traces,
        320,
        bargap=0.25,
        xaxis={"type": "date", "tickformat": "%d %b", "title": {"text": "week starting"}},
        yaxis={"rangemode": "tozero", "title": {"text": "count"}, "tickformat": "d"},
    )


def _horizontal_bars(
    labels: list[str],
    series: list[tuple[str, list[Any], str, str]],
    height: int,
    axis_title: str,
    texts: dict[str, list[str]] | None = None,
    xaxis: dict[str, Any] | None = None,
) -> Figure:
    traces = [
        {
            "type": "bar",
            "y": labels,
            "x": values,
            "name": name,
            "orientation": "h",
            "marker": {"color": colour},
            "hovertemplate": template,
            "text": (texts or {}).get(name),
            "textposition": "outside",
            "cliponaxis": False,
        }
        for name, values, colour, template in series
    ]
    return _figure(
        traces,
        height,
        barmode="group",
        bargap=0.2,
        bargroupgap=0.05,
        # Category labels as given: a company called "2024" stays a name, not a number.
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"title": {"text": axis_title}, "rangemode": "tozero", **(xaxis or {})},
    )


def sources(rows: list[Row]) -> Figure | None:
    if not rows:
        return None
    labels = [
        f"{row['source_label'] or theme.label(row['source'])} "
        f"({round(100 * (row['response_rate'] or 0))}% respond)"
        for row in rows
    ]
    series = [
        ("applications", [row["applications"] for row in rows], theme.colour("applied")),
        ("responses", [row["responses"] for row in rows], theme.colour("screening")),
        ("interviewed", [row["interviewed"] for row in rows], theme.colour("interviewing")),
        ("offers", [row["offers"] for row in rows], theme.colour("offer")),
    ]
    return _horizontal_bars(
        labels,
        [
            (name, values, colour, f"%{{y}}: %{{x}} {name}<extra></extra>")
            for name, values, colour in series
        ],
        max(300, 80 + 50 * len(rows)),
        "applications",
    )


def companies(rows: list[Row], limit: int = 12) -> Figure | None:
    """The companies applied to most (least responsive first among ties)."""
    shown = rows[:limit]
    if not shown:
        return None
    labels = [f"{row['company_name']} ({row['applications']})" for row in shown]
    response = [round(100 * (row["response_rate"] or 0)) for row in shown]
    ghosted = [round(100 * (row["ghost_rate"] or 0)) for row in shown]
    days = [
        f"answers in {_days(row['median_days_to_first_response'])}"
        if row["median_days_to_first_response"] is not None
        else ""
        for row in shown
    ]
    ticks = [0, 25, 50, 75, 100]
    return _horizontal_bars(
        labels,
        [
            (
                "response rate",
                response,
                theme.colour("screening"),
                "%{y}: %{x}% responded<extra></extra>",
            ),
            ("ghost rate", ghosted, theme.colour("ghosted"), "%{y}: %{x}% ghosted<extra></extra>"),
        ],
        max(300, 80 + 44 * len(shown)),
        "% of applications",
        texts={"response rate": days},
        xaxis={"range": [0, 135], "tickvals": ticks, "ticktext": [f"{tick}%" for tick in ticks]},
    )


def _days(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0") + " d"


def _interview_label(row: Row) -> str:
    """`Technical (★ 3.8, 67% further)`: the type, its average rating and how often it led on."""
    name = row["interview_type_label"] or theme.label(row["interview_type"])
    rating, share = row["average_rating"], row["share_followed_by_further_stage"]
    details = [
        f"★ {rating:.1f}" if rating is not None else "",
        f"{round(100 * share)}% further" if share is not None else "",
    ]
    detail = ", ".join(part for part in details if part)
    return f"{name} ({detail})" if detail else name


def interviews(rows: list[Row]) -> Figure | None:
    if not rows:
        return None
    series = [
        ("interviews", "interviews", theme.colour("open")),
        ("completed", "completed", theme.colour("interviewing")),
        ("followed_by_further_stage", "led further", theme.colour("offer")),
    ]
    return _horizontal_bars(
        [_interview_label(row) for row in rows],
        [
            (name, [row[column] for row in rows], colour, f"%{{y}}: %{{x}} {name}<extra></extra>")
            for column, name, colour in series
        ],
        max(300, 80 + 44 * len(rows)),
        "interviews",
    )
