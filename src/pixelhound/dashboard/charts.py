"""The site timeline as inline SVG geometry: per run, a bar of recipients and one of health-related
disclosures (each on its own scale), and a mark where the run measured nothing."""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.model import NOT_MEASURED

CHART_HEIGHT = 140  # pixels of the tallest bar
COLUMN_WIDTH = 90  # pixels per run
BAR_WIDTH = 28


@dataclass
class TimelineColumn:
    run: int
    label: str
    x: int
    recipients: int
    health: int
    recipients_height: float
    health_height: float
    measured: bool
    measurement: str


def timeline(runs: list[dict]) -> tuple[list[TimelineColumn], int]:
    """Columns for a site's history entries (oldest first) and the chart's width."""
    top_recipients = max((len(r["recipients"]) for r in runs), default=0) or 1
    top_health = max((r["health_disclosures"] for r in runs), default=0) or 1
    columns = []
    for number, run in enumerate(runs):
        recipients, health = len(run["recipients"]), run["health_disclosures"]
        columns.append(TimelineColumn(
            run=run["run"], label=run["started"][:10], x=number * COLUMN_WIDTH + 10,
            recipients=recipients, health=health,
            recipients_height=round(CHART_HEIGHT * recipients / top_recipients, 1),
            health_height=round(CHART_HEIGHT * health / top_health, 1),
            measured=run["measurement"] != NOT_MEASURED, measurement=run["measurement"],
        ))
    return columns, max(1, len(runs)) * COLUMN_WIDTH + 20
