"""Many people with shared results, fast: rows made with bulk_create around one real result
(scored through the services), so an organisation of a thousand takes a second."""

from __future__ import annotations

from assessments.models import Assessment, Result
from careers.models import User
from ladders.models import Level
from tests.careers.team_support import take_quiz


def template_result(person: User, lean: str = "builder") -> Result:
    """A real scored result to copy the payload of."""
    return take_quiz(person, lean).result


def add_team(
    manager: User,
    size: int,
    *,
    prefix: str,
    template: Result,
    outcome: str = "builder",
    level: Level | None = None,
    shared: bool = True,
) -> list[User]:
    """``size`` reports of ``manager``, each with one submitted result (``outcome``)."""
    people = User.objects.bulk_create(
        User(
            username=f"{prefix}{i}",
            first_name=prefix.title(),
            last_name=str(i),
            manager=manager,
            level=level,
            password="!",
        )
        for i in range(size)
    )
    source = template.assessment
    assessments = Assessment.objects.bulk_create(
        Assessment(
            respondent=person,
            subject=person,
            questionnaire_id=source.questionnaire_id,
            version_id=source.version_id,
            status=Assessment.Status.SUBMITTED,
            submitted_at=template.created_at,
            shared_with_manager=shared,
        )
        for person in people
    )
    Result.objects.bulk_create(
        Result(
            assessment=assessment,
            outcome=outcome,
            strength=template.strength,
            confidence=template.confidence,
            payload=template.payload,
            placement=template.placement,
            questionnaire_snapshot=template.questionnaire_snapshot,
            scoring_version=template.scoring_version,
        )
        for assessment in assessments
    )
    return people
