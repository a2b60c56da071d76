"""One colour per stage, used by every chart and by the page's CSS, so a stage looks the same
everywhere (funnel bars, Sankey nodes, weekly bars, badges in the follow-up table)."""

from __future__ import annotations

# Progress stages go from cool to green; endings that are not a success are warm or grey.
STAGE_COLOURS: dict[str, str] = {
    "applied": "#64748b",
    "screening": "#38bdf8",
    "interviewing": "#3b82f6",
    "technical_test": "#6366f1",
    "final_round": "#8b5cf6",
    "offer": "#10b981",
    "accepted": "#047857",
    "declined": "#f59e0b",
    "rejected": "#ef4444",
    "ghosted": "#a8a29e",
    "withdrew": "#ec4899",
    "on_hold": "#fcd34d",
    "open": "#cbd5e1",
}
FALLBACK_COLOUR = "#94a3b8"

STAGE_LABELS: dict[str, str] = {
    "technical_test": "technical test",
    "final_round": "final round",
    "on_hold": "on hold",
}

FONT = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1f2937"
GRID_COLOUR = "#e5e7eb"


def colour(stage: str | None) -> str:
    return STAGE_COLOURS.get(stage or "", FALLBACK_COLOUR)


def label(stage: str | None) -> str:
    """A stage code as people read it: `final_round` -> `final round`."""
    if not stage:
        return "unknown"
    return STAGE_LABELS.get(stage, stage.replace("_", " "))


def translucent(hex_colour: str, alpha: float) -> str:
    """`#rrggbb` -> `rgba(r, g, b, alpha)` (Sankey links take their source node's colour)."""
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def css_variables() -> str:
    """The palette as CSS custom properties (`--stage-offer: #10b981;`) for the template."""
    return " ".join(
        f"--stage-{name.replace('_', '-')}: {value};" for name, value in STAGE_COLOURS.items()
    )
