"""Small trend charts for the plan, pure: numbers in, coordinates and words out. Templates
draw the SVG (with a title and a table beside it for screen readers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from growth.rules import ENERGY_VALUE, Energy

WIDTH, HEIGHT = 320, 120
PAD_X, PAD_Y = 16, 16
ENERGY_WORDS = {
    Energy.ENERGISED: "Energised",
    Energy.NEUTRAL: "Neutral",
    Energy.DRAINED: "Drained",
}


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str  # the x label (a week, a date)
    value_text: str  # the value in words


@dataclass(frozen=True)
class TrendChart:
    name: str
    points: list[ChartPoint]
    width: int = WIDTH
    height: int = HEIGHT
    # Horizontal guide lines: (y, label) from top to bottom.
    guides: tuple[tuple[float, str], ...] = ()

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def description(self) -> str:
        steps = ", ".join(f"{point.label}: {point.value_text}" for point in self.points)
        return f"{self.name}. {steps}."


def _x(index: int, count: int, width: int) -> float:
    if count == 1:
        return width / 2
    return PAD_X + index * (width - 2 * PAD_X) / (count - 1)


def _y(value: float, low: float, high: float, height: int) -> float:
    share = (value - low) / (high - low) if high > low else 0.5
    return height - PAD_Y - share * (height - 2 * PAD_Y)


def trend_chart(
    values: Sequence[float],
    labels: Sequence[str],
    *,
    low: float,
    high: float,
    name: str,
    words: Sequence[str] | None = None,
) -> TrendChart:
    """One line through ``values`` (oldest first) on a scale from ``low`` to ``high``."""
    count = len(values)
    points = [
        ChartPoint(
            _x(i, count, WIDTH),
            _y(value, low, high, HEIGHT),
            labels[i],
            words[i] if words else f"{value:.1f} of {high:g}",
        )
        for i, value in enumerate(values)
    ]
    guides = ((_y(high, low, high, HEIGHT), f"{high:g}"), (_y(low, low, high, HEIGHT), f"{low:g}"))
    return TrendChart(name, points, guides=guides)


def energy_chart(checkins: Sequence[Any]) -> TrendChart:
    """Check-ins (anything with ``week`` and ``energy``, oldest first): energised at the top,
    drained at the bottom."""
    energies = [Energy(checkin.energy) for checkin in checkins]
    chart = trend_chart(
        [ENERGY_VALUE[energy] for energy in energies],
        [f"Week of {checkin.week.strftime('%-d %b')}" for checkin in checkins],
        low=-1,
        high=1,
        name="Energy at each weekly check-in",
        words=[ENERGY_WORDS[energy] for energy in energies],
    )
    guides = tuple(
        (_y(ENERGY_VALUE[energy], -1, 1, HEIGHT), ENERGY_WORDS[energy]) for energy in Energy
    )
    return TrendChart(chart.name, chart.points, guides=guides)
