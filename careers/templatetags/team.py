"""Template helpers for the manager's pages."""

from __future__ import annotations

from typing import Any

from django import template

from careers import team

register = template.Library()


@register.filter
def outcome_tone(outcome: str) -> str:
    """The badge modifier of app.css for an outcome: builder, people, hybrid or muted."""
    return team.OUTCOME_BADGES.get(outcome, "muted")


@register.filter
def outcome_reading(result: Any) -> str:
    """A result's outcome and strength as a short label: "People leader · clear"."""
    return team.outcome_label(result.outcome, result.strength or None)
