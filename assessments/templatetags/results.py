"""Template helpers for a person's own result page."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.views import sharing_context

register = template.Library()


@register.inclusion_tag("assessments/_sharing.html", takes_context=True)
def sharing_panel(context: template.Context, result: Any) -> dict[str, Any]:
    """The consent switch for the person's own result: ``{% sharing_panel result %}``.

    Renders nothing unless the signed-in person is the one the result is about and the
    one who answered (a manager's own view of someone is not theirs to share).
    """
    request = context["request"]
    assessment = result.assessment
    if not (assessment.respondent_id == assessment.subject_id == request.user.pk):
        return {"sharing_result": None}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **sharing_context(result),
    }
