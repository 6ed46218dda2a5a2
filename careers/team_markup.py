"""The repeated parts of the manager's pages, written in Python: a row of the team table, a
row of the map's table, an alert card.

Through the template language each row cost about 0.2 ms (a dozen variables and tags, most
of a team page's rendering). The rows are f-strings with every value passed through the
standard library's ``html.escape``, which is what ``django.utils.html.escape`` calls, without
its check for lazy strings (about half the cost of ``format_html`` per value); the alert
cards, fewer, use ``format_html``. Nothing is kept: these parts are personal and change
with every share, so they are written afresh on each request from what the page was allowed
to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape as _escape

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from assessments.charts import MapPoint
from careers.alerts import Alert
from careers.reports import TeamMember

# The manager's own view of a report, as the team table says it.
_VIEW_CELLS = {
    "submitted": "Added",
    "in_progress": "In progress",
    "none": '<span class="muted">Not yet</span>',
}


def short_date(moment: datetime) -> str:
    """A ``<time>`` of the day ``moment`` falls on, here: "3 Dec 2026" (digits and a month's
    name: nothing to escape)."""
    day = timezone.localtime(moment).date()
    # Django's "j M Y", written directly (a table of dates spent 0.1 ms in its formatter).
    shown = f"{day.day} {MONTHS_3[day.month].title()} {day.year}"
    return f'<time datetime="{day.isoformat()}">{shown}</time>'


def alert_card(alert: Alert, *, who: TeamMember | None = None, heading: str = "h3") -> SafeString:
    """One alert: what fired, what to do, and why; ``who`` adds the person and their level.
    ``heading`` is the title's tag."""
    person = ""
    if who is not None:
        level = who.person.level
        person = format_html(
            '<p class="team-alert__who"><a href="{}">{}</a>{}</p>',
            who.href,
            str(who.person),
            format_html(" · {}", level.title) if level else "",
        )
    return format_html(
        '<li class="card team-alert team-alert--{}">{}<{} class="team-alert__title">{}</{}>'
        '<p>{}</p><p class="team-alert__why"><strong>Why this appeared:</strong> {}</p></li>',
        alert.kind,
        person,
        mark_safe(heading),  # noqa: S308 (a tag name chosen by our code)
        alert.title,
        mark_safe(heading),  # noqa: S308
        alert.advice,
        alert.why,
    )


def alert_cards(
    alerts: Iterable[Alert], *, who: TeamMember | None = None, heading: str = "h3"
) -> SafeString:
    return mark_safe("".join(alert_card(alert, who=who, heading=heading) for alert in alerts))


def team_alerts(members: Iterable[TeamMember]) -> SafeString:
    """Every alert of the team, each with its person."""
    return mark_safe("".join(alert_cards(member.alerts, who=member) for member in members))


def _team_row(member: TeamMember) -> str:
    person, result = member.person, member.result
    flag = ""
    if member.alerts:
        flag = f' <span class="team-flag">{len(member.alerts)} to talk about</span>'
    if result is not None:
        shared = (
            f'<span class="badge badge--{_escape(member.tone)}">{_escape(member.reading)}</span> '
            f'<span class="team-status__meta">from {short_date(result.created_at)}</span>'
        )
    else:
        shared = (
            f'<span class="badge badge--muted team-status">{_escape(member.status_label)}</span>'
        )
    level = _escape(person.level.title) if person.level else '<span class="muted">Not set</span>'
    return (
        f'<tr><th scope="row" data-label="Person"><a href="{_escape(member.href)}">'
        f"{_escape(str(person))}</a>{flag}</th>"
        f'<td data-label="Level">{level}</td>'
        f'<td data-label="Latest shared result">{shared}</td>'
        f'<td data-label="Your view">{_VIEW_CELLS[member.view_status]}</td></tr>\n'
    )


def team_rows(members: Iterable[TeamMember]) -> SafeString:
    """The team table's body: each report, their level, what they shared and the manager's
    own view of them."""
    return mark_safe("".join(_team_row(member) for member in members))  # noqa: S308 (escaped)


def whole(score: float) -> str:
    """A score as a whole number, rounded as ``floatformat:"0"`` rounds it (half up)."""
    return str(Decimal(repr(score)).quantize(Decimal(1), ROUND_HALF_UP))


def map_rows(points: Iterable[MapPoint]) -> SafeString:
    """The team map as a table: each dot's person, scores and reading."""
    return mark_safe(  # noqa: S308 (escaped)
        "\n".join(
            f'<tr><th scope="row"><a href="{_escape(point.href)}">{_escape(point.label)}</a></th>'
            f"<td>{whole(point.builder)}</td><td>{whole(point.people)}</td>"
            f"<td>{_escape(point.reading)}</td></tr>"
            for point in points
        )
    )
