"""The history page's reading of a person's results: rows, the chart of the two scales, and
what changed since the first result. Dates are shown in the site's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessments import charts
from assessments.models import Result
from assessments.readouts import Readout, read_result


@dataclass(frozen=True)
class History:
    rows: list[tuple[Result, Readout]]  # newest first
    chart: charts.HistoryChart | None  # from two results on
    change: dict[str, Any] | None  # the latest scored result against the first scored one


def read_history(results: list[Result]) -> History:
    """``results`` newest first, as ``Result.objects...latest_first()`` gives them."""
    rows = [(result, read_result(result)) for result in results]
    chart = None
    if len(results) >= 2:
        labels = _point_labels([result.created_at for result, _ in reversed(rows)])
        chart = charts.plot_history(
            [
                (label, *_builder_and_people(readout))
                for label, (result, readout) in zip(labels, reversed(rows), strict=True)
            ],
            char_width=CHART_CHAR_WIDTH,
        )
    return History(rows=rows, chart=chart, change=_change(rows))


def _builder_and_people(readout: Readout) -> tuple[float | None, float | None]:
    if readout.scales is None:
        return None, None
    return readout.scales.builder, readout.scales.people


def _change(rows: list) -> dict[str, Any] | None:
    """The latest scored result against the first scored one, for the history page."""
    scored = [(result, readout) for result, readout in rows if readout.scales]
    if len(scored) < 2:
        return None
    now, (first, then) = scored[0][1], scored[-1]

    def delta(scale: str) -> str:
        change = round(getattr(now.scales, scale)) - round(getattr(then.scales, scale))
        return f"{change:+d}" if change else "±0"

    return {
        "since": f"your first result on {long_date(first.created_at)}",
        "builder_now": round(now.scales.builder),
        "people_now": round(now.scales.people),
        "builder_delta": delta("builder"),
        "people_delta": delta("people"),
        # Two results of one scale differ by noise alone with an SE of √2 · SEM, which is
        # SE_D when the two scales are equally reliable.
        "noise": round(now.se_d),
    }


def long_date(moment) -> str:
    """ "3 March 2026", in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


# Average width of a label character in the history chart's units, at the phone font size
# (21 units, see assessments.css), so that labels never overlap on either screen.
CHART_CHAR_WIDTH = 11.5


def _point_labels(moments: list) -> list[str]:
    """Short dates for the chart ("3 Mar"), with the year when results span years and the
    time when two results share a day."""
    local = [timezone.localtime(moment) for moment in moments]
    years = {moment.year for moment in local}
    days = [moment.date() for moment in local]
    labels = []
    for moment, day in zip(local, days, strict=True):
        label = f"{moment.day} {moment:%b}"
        if len(years) > 1:
            label += f" {moment:%Y}"
        if days.count(day) > 1:
            label += f" {moment:%H:%M}"
        labels.append(label)
    return labels
