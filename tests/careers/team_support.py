"""Quizzes taken through the real services, so results carry real scoring payloads.

Plain functions, shared by the careers tests and the browser tests.
"""

from __future__ import annotations

from typing import Any

from assessments.models import Assessment, Result
from assessments.quiz_parts import as_asked
from assessments.services import save_answers, start_or_resume, submit_assessment
from assessments.specs import (
    Answers,
    ForcedChoiceItem,
    InstructedItem,
    QuestionnaireSpec,
    validate_answers,
)

# The keyed answer (1..5) aimed at on each scale, per lean; "caution" is title pull.
LEANS = {
    "builder": {"builder": (5, 4), "people": (1, 2), "product": (4, 3), "caution": (2, 1)},
    "people": {"builder": (2, 1), "people": (5, 4), "product": (4, 3), "caution": (2, 1)},
    "people_title": {"builder": (2, 1), "people": (5, 4), "product": (4, 3), "caution": (5, 5)},
    "hybrid": {"builder": (4, 3), "people": (4, 3), "product": (4, 4), "caution": (2, 1)},
    "middle": {"builder": (3, 4), "people": (3, 4), "product": (3, 3), "caution": (3, 3)},
    "builder_mild": {"builder": (4, 4), "people": (3, 2), "product": (3, 4), "caution": (2, 3)},
    "people_mild": {"builder": (3, 2), "people": (4, 4), "product": (4, 3), "caution": (3, 2)},
}
POLE_CHOICE = {
    "builder": "builder",
    "builder_mild": "builder",
    "people": "people",
    "people_mild": "people",
    "people_title": "people",
}


def leaning_answers(spec: QuestionnaireSpec, lean: str) -> dict[str, Any]:
    """A plausible answer pattern leaning ``lean`` (a key of ``LEANS``) on any questionnaire,
    self or observer: alternating strong and moderate answers, reverse keying respected,
    attention checks passed. Unlike ``quiz_support.answers_for``, which aims at one outcome
    on the self questionnaire, these vary like a real person's answers."""
    targets, answers = LEANS[lean], {}
    for index, item in enumerate(spec.items):
        if isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        elif isinstance(item, ForcedChoiceItem):
            pole = POLE_CHOICE.get(lean, "builder" if index % 2 else "people")
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
        else:
            keyed = targets[spec.dimension(item.dimension).scale][index % 2]
            answers[item.key] = spec.scale.min + spec.scale.max - keyed if item.reverse else keyed
    return answers


def take_quiz(
    person,
    lean: str,
    *,
    respondent=None,
    share: bool | None = False,
    share_answers: bool = False,
    finish: bool = True,
) -> Assessment:
    """``respondent`` (default: the person) answers about ``person`` through the services."""
    respondent = respondent or person
    slug = "pm-motivators" if respondent == person else "pm-motivators-observer"
    assessment = start_or_resume(respondent, person, slug)
    spec = assessment.version.to_spec()
    # What the quiz would ask: the follow-up statements only when scoring lists them.
    answers = as_asked(spec, validate_answers(spec, leaning_answers(spec, lean)))
    if not finish:
        save_answers(assessment, Answers(list(answers.items())[:5]))
        return assessment
    save_answers(assessment, answers)
    submit_assessment(assessment)
    if share is not None:  # None: leave it to the person's standing choice
        Assessment.objects.filter(pk=assessment.pk).update(
            shared_with_manager=share, answers_shared_with_manager=share_answers
        )
    assessment.refresh_from_db()
    return assessment


def result_of(assessment: Assessment) -> Result:
    return Result.objects.get(assessment=assessment)
