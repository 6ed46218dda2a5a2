"""The lists of the team card on a manager's home, written in Python.

Through the template, the three lists (new since the last visit, worth a conversation,
everyone) took over half of the home page's own rendering time for a team of ten: each
person is a handful of template variables in a loop. The markup is the template's, item by
item, as f-strings with every value passed through the standard library's ``html.escape``
(what ``django.utils.html.escape`` calls, without its check for lazy strings: the values
here are plain strings read from the database). Nothing is kept between requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from careers.reports import GlanceMember, TeamSummary


def _new(members: Iterable[GlanceMember]) -> str:
    return "\n".join(
        f'<li><a href="{escape(member.href)}">{escape(member.name)}</a> '
        f'<span class="badge badge--{escape(member.tone)}">{escape(member.reading)}</span></li>'
        for member in members
    )


def _alerted(members: Iterable[GlanceMember]) -> str:
    return "\n".join(
        f'<li><a href="{escape(member.href)}">{escape(member.name)}</a>: '
        f"{escape('; '.join(alert.title for alert in member.alerts))}</li>"
        for member in members
    )


def _everyone(members: Iterable[GlanceMember]) -> str:
    items = []
    for member in members:
        if member.outcome is not None:
            tone, badge = member.tone, member.reading
        else:
            tone, badge = "muted", member.status_label
        items.append(
            f'<li><span class="home-team__name">{escape(member.name)}</span> '
            f'<span class="badge badge--{escape(tone)}">{escape(badge)}</span></li>'
        )
    return "\n".join(items)


def team_lists(team: TeamSummary) -> dict[str, SafeString]:
    """``new``, ``alerted`` and ``everyone``: the ``<li>`` items of the card's three lists."""
    return {
        "new": mark_safe(_new(team.new)),  # noqa: S308 - every value escaped above
        "alerted": mark_safe(_alerted(team.alerted)),  # noqa: S308 - every value escaped above
        "everyone": mark_safe(_everyone(team.members)),  # noqa: S308 - every value escaped above
    }
