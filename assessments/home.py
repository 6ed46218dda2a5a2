"""What the home page shows a person about their own questionnaire."""

from __future__ import annotations

from typing import Any

from assessments import personal_data, services
from assessments.models import QuestionnaireVersion
from assessments.quiz_parts import main_progress
from assessments.readouts import read_result
from core.prepared import Prepared

# ``QuestionnaireVersion.objects.latest_published()`` for one questionnaire, compiled once.
_offered_version = Prepared(
    lambda slug: (
        QuestionnaireVersion.objects.filter(questionnaire__slug=slug)
        .published()
        .select_related("questionnaire")
        .order_by("-number")[:1]
    ),
    str,
)


def home_context(user: Any) -> dict[str, Any]:
    """``assessment`` (open, with ``answered``/``total``), ``result`` and its ``readout``,
    ``questionnaire`` facts for the Start card (None when nothing is published), and the
    ``manager_notice`` of a change of manager not yet dismissed (or None)."""
    assessment, result = services.open_or_latest(user)
    context: dict[str, Any] = {
        "assessment": assessment,
        "result": result,
        "readout": read_result(result) if result else None,
        "questionnaire": None,
        "manager_notice": personal_data.manager_notice(user),
    }
    if assessment is not None:
        context["progress"] = main_progress(assessment.version.to_spec(), assessment.answer_count)
    elif result is None:
        version = _offered_version.one(services.SELF_QUESTIONNAIRE)
        if version is not None:
            spec = version.to_spec()
            main = spec.main_items
            context["questionnaire"] = {
                "items": len(main),
                "sections": len({item.section for item in main}),
                "intro": spec.intro,
            }
    return context
