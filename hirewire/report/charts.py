"""Plotly figures for one candidate's rows. Each function returns None when there is nothing to
draw, so the page shows a friendly empty state instead of a blank chart."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from hirewire.report import theme

Row = dict[str, Any]

CONFIG = {
    "displayModeBar": False,
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
}


def _layout(figure: go.Figure, height: int, top: int = 10, **extra: Any) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        font={"family": theme.FONT, "size": 13, "color": theme.TEXT_COLOUR},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"family": theme.FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **extra,
    )
    figure.update_xaxes(
        gridcolor=theme.GRID_COLOUR, zerolinecolor=theme.GRID_COLOUR, automargin=True
    )
    figure.update_yaxes(
        gridcolor=theme.GRID_COLOUR, zerolinecolor=theme.GRID_COLOUR, automargin=True
    )
    return figure


def funnel(rows: list[Row]) -> go.Figure | None:
    if not rows or not rows[0]["applications"]:
        return None
    stages = [row["stage"] for row in rows]
    figure = go.Figure(
        go.Funnel(
            y=[theme.label(stage) for stage in stages],
            x=[row["applications"] for row in rows],
            customdata=[round(row["pct_of_applied"] or 0) for row in rows],
            texttemplate="%{x} · %{customdata}%",
            textposition="auto",
            marker={"color": [theme.colour(stage) for stage in stages]},
            connector={"fillcolor": "#f1f5f9", "line": {"color": theme.GRID_COLOUR, "width": 1}},
            hovertemplate="%{y}: %{x} applications (%{customdata}% of applied)<extra></extra>",
        )
    )
    return _layout(figure, 440)


def stage_flow(rows: list[Row]) -> go.Figure | None:
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
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat="d",
            node={
                "label": [f"{theme.label(stage)} ({totals[stage]})" for stage in nodes],
                "color": [theme.colour(stage) for stage in nodes],
                "pad": 18,
                "thickness": 16,
                "line": {"color": "white", "width": 1},
                "hovertemplate": "%{label}<extra></extra>",
            },
            link={
                "source": [index[row["source_stage"]] for row in rows],
                "target": [index[row["target_stage"]] for row in rows],
                "value": [row["applications"] for row in rows],
                # A link takes the colour of where the applications end up.
                "color": [
                    theme.translucent(theme.colour(row["target_stage"]), 0.45) for row in rows
                ],
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<extra></extra>",
            },
        )
    )
    return _layout(figure, 420)


def weekly_activity(rows: list[Row]) -> go.Figure | None:
    if not rows:
        return None
    weeks = [row["week_start"] for row in rows]
    figure = go.Figure()
    figure.add_bar(
        x=weeks,
        y=[row["applications_sent"] for row in rows],
        name="applications sent",
        marker={"color": theme.translucent(theme.colour("applied"), 0.55)},
        hovertemplate="week of %{x|%d %b}: %{y} applications<extra></extra>",
    )
    series = (
        ("interviews_held", "interviews held", "interviewing"),
        ("offers", "offers", "offer"),
        ("rejections", "rejections", "rejected"),
    )
    for column, name, stage in series:
        figure.add_scatter(
            x=weeks,
            y=[row[column] for row in rows],
            name=name,
            mode="lines+markers",
            line={"color": theme.colour(stage), "width": 2},
            marker={"size": 6},
            hovertemplate=f"week of %{{x|%d %b}}: %{{y}} {name}<extra></extra>",
        )
    figure.update_xaxes(tickformat="%d %b", title_text="week starting")
    figure.update_yaxes(rangemode="tozero", title_text="count", tickformat="d")
    return _layout(figure, 320, bargap=0.25)


def _horizontal_bars(
    labels: list[str],
    series: list[tuple[str, list[Any], str, str]],
    height: int,
    axis_title: str,
    texts: dict[str, list[str]] | None = None,
) -> go.Figure:
    figure = go.Figure()
    for name, values, colour, template in series:
        figure.add_bar(
            y=labels,
            x=values,
            name=name,
            orientation="h",
            marker={"color": colour},
            hovertemplate=template,
            text=(texts or {}).get(name),
            textposition="outside",
            cliponaxis=False,
        )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=axis_title, rangemode="tozero")
    return _layout(figure, height, barmode="group", bargap=0.2, bargroupgap=0.05)


def sources(rows: list[Row]) -> go.Figure | None:
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


def companies(rows: list[Row], limit: int = 12) -> go.Figure | None:
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
    figure = _horizontal_bars(
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
    )
    ticks = [0, 25, 50, 75, 100]
    figure.update_xaxes(range=[0, 135], tickvals=ticks, ticktext=[f"{tick}%" for tick in ticks])
    return figure


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


def interviews(rows: list[Row]) -> go.Figure | None:
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


def to_html(figure: go.Figure, div_id: str) -> str:
    """A figure as a <div> + <script>; plotly.js itself is inlined once by the page."""
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=CONFIG)
