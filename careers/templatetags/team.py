"""Template helpers for the manager's pages and the consent panel on a result."""

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


@register.inclusion_tag("careers/_sharing.html", takes_context=True)
def sharing_panel(context: template.Context, result: Any) -> dict[str, Any]:
    """The consent switch for the person's own result: ``{% sharing_panel result %}``.

    Renders nothing unless the signed-in person is the one the result is about and the
    one who answered (a manager's own view of someone is not theirs to share).
    """
    from careers.team_views import sharing_context

    request = context["request"]
    assessment = result.assessment
    if not (assessment.respondent_id == assessment.subject_id == request.user.pk):
        return {"sharing_result": None}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **sharing_context(result, request.user),
    }
