"""Template helpers for the manager's pages."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.scoring import Outcome

register = template.Library()


@register.filter
def outcome_tone(outcome: str) -> str:
    """The badge modifier of app.css for an outcome: builder, people, hybrid or muted."""
    return Outcome(outcome).tone


@register.filter
def outcome_reading(result: Any) -> str:
    """A result's outcome and strength as a short label: "People leadership · clear"."""
    return Outcome(result.outcome).reading(result.strength or None)
