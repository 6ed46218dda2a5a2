"""The lists of the team card on a manager's home, written with ``format_html``.

Through the template, the three lists (new since the last visit, worth a conversation,
everyone) took over half of the home page's own rendering time for a team of ten: each
person is a handful of template variables in a loop. The markup is the template's, item by
item; nothing here is kept between requests.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from careers.reports import GlanceMember, TeamSummary


def _new(members: Iterable[GlanceMember]) -> SafeString:
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="badge badge--{}">{}</span></li>',
        ((member.href, member.name, member.tone, member.reading) for member in members),
    )


def _alerted(members: Iterable[GlanceMember]) -> SafeString:
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a>: {}</li>',
        (
            (member.href, member.name, "; ".join(alert.title for alert in member.alerts))
            for member in members
        ),
    )


def _everyone(members: Iterable[GlanceMember]) -> SafeString:
    return format_html_join(
        "\n",
        '<li><span class="home-team__name">{}</span> <span class="badge badge--{}">{}</span></li>',
        (
            (member.name, member.tone, member.reading)
            if member.outcome is not None
            else (member.name, "muted", member.status_label)
            for member in members
        ),
    )


def team_lists(team: TeamSummary) -> dict[str, SafeString]:
    """``new``, ``alerted`` and ``everyone``: the ``<li>`` items of the card's three lists."""
    return {
        "new": _new(team.new),
        "alerted": _alerted(team.alerted),
        "everyone": _everyone(team.members),
    }
