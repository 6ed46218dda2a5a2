"""Writes that span several rows: starting an assessment, saving answers, submitting.

Every function here is safe to call twice and safe against a second browser tab: starting
resumes the open assessment, an answer is an upsert on (assessment, item key), and
submitting an assessment that is already submitted returns its existing result.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, QuestionnaireVersion, Result
from assessments.scoring import SCORING_VERSION, score
from assessments.specs import Answers, AnswerValue, QuestionnaireSpec, usable_answers
from core.interchange import SpecError
from ladders.models import Ladder

SELF_QUESTIONNAIRE = "pm-motivators"

# The ladder track kind each outcome points to; the others have no single branch.
BRANCH_BY_OUTCOME = {"builder": "ic", "people_leader": "people", "hybrid": "hybrid"}


class QuestionnaireUnavailable(Exception):
    """No published version of the questionnaire exists (load_defaults has not run)."""


class AssessmentClosed(Exception):
    """The assessment was submitted; its answers can no longer change."""


def start_or_resume(
    respondent: Any, subject: Any | None = None, slug: str = SELF_QUESTIONNAIRE
) -> Assessment:
    """The open assessment of ``respondent`` about ``subject`` on this questionnaire, or a
    new one on its latest published version. Never two open ones: the database refuses a
    duplicate (a partial unique constraint) and a lost race resumes the winner's.

    An assessment started on an older version is resumed as it is: the person keeps the
    questions they already answered.
    """
    subject = subject or respondent
    existing = _open_assessment(respondent, subject, slug)
    if existing is not None:
        return existing
    version = QuestionnaireVersion.objects.filter(questionnaire__slug=slug).latest_published()
    if version is None:
        raise QuestionnaireUnavailable(
            f'The questionnaire "{slug}" has no published version yet. An admin can load the '
            "default questionnaires with: python manage.py load_defaults"
        )
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                respondent=respondent,
                subject=subject,
                questionnaire=version.questionnaire,
                version=version,
            )
    except IntegrityError:
        # Another request started one between our look-up and our insert: use theirs.
        existing = _open_assessment(respondent, subject, slug)
        if existing is None:
            raise
        return existing


def _open_assessment(respondent: Any, subject: Any, slug: str) -> Assessment | None:
    return (
        Assessment.objects.open()
        .filter(respondent=respondent, subject=subject, questionnaire__slug=slug)
        .select_related("version")
        .first()
    )


def save_answers(assessment: Assessment, answers: Answers) -> None:
    """Store these answers (all or none), each replacing any earlier answer to its item.

    The answers were checked where they came in (the quiz form, ``validate_answers``), so
    they are stored as they are. Raises AssessmentClosed once the assessment is submitted.
    Two tabs saving the same item: the later write wins.
    """
    with transaction.atomic():
        # One UPDATE both checks the status and locks the row until we commit, so an answer
        # can never slip in after (or during) a submission. It also records the activity.
        still_open = Assessment.objects.filter(
            pk=assessment.pk, status=Assessment.Status.IN_PROGRESS
        ).update(updated_at=timezone.now())
        if not still_open:
            raise AssessmentClosed("This assessment has been submitted; answers can't change.")
        if answers:
            Answer.objects.bulk_create(
                [
                    Answer(assessment_id=assessment.pk, item_key=key, value=value)
                    for key, value in answers.items()
                ],
                update_conflicts=True,
                unique_fields=["assessment", "item_key"],
                update_fields=["value", "answered_at"],
            )


def answers_of(assessment: Assessment) -> dict[str, AnswerValue]:
    return dict(assessment.answers.values_list("item_key", "value"))


def submit_assessment(assessment: Assessment) -> Result:
    """Score the stored answers and keep the outcome as a snapshot, all in one transaction.

    Idempotent: a second call (a double click, a second tab) returns the first result.
    Incomplete answers are scored as they are; the scoring withholds a recommendation when
    too little was answered, and says so.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not locked.is_open:
            return Result.objects.get(assessment=locked)
        version = QuestionnaireVersion.objects.select_related("questionnaire").get(
            pk=locked.version_id
        )
        spec = version.to_spec()
        scored = score(spec, usable_answers(spec, answers_of(locked)))
        subject = (
            type(locked.subject).objects.select_related("level", "ladder").get(pk=locked.subject_id)
        )
        result = Result.objects.create(
            assessment=locked,
            outcome=scored.outcome,
            strength=scored.strength or "",
            confidence=scored.confidence,
            payload=scored.model_dump(mode="json"),
            placement=placement_for(subject, scored.outcome),
            questionnaire_snapshot=snapshot_of(spec),
            scoring_version=getattr(scored, "scoring_version", SCORING_VERSION),
        )
        locked.status = Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    return result


def snapshot_of(spec: QuestionnaireSpec) -> dict[str, Any]:
    """What the result page needs from the questionnaire, frozen at scoring time."""
    params = spec.scoring
    return {
        "slug": spec.slug,
        "title": spec.title,
        "version": spec.version,
        "audience": spec.audience,
        "scale": {"min": spec.scale.min, "max": spec.scale.max, "labels": spec.scale.labels},
        "dimensions": [
            {
                "key": dimension.key,
                "name": dimension.name,
                "description": dimension.description,
                "scale": dimension.scale,
            }
            for dimension in spec.dimensions
        ],
        "thresholds": {
            "inconclusive_below": params.inconclusive_below,
            "pole_z": params.pole_z,
            "clear_z": params.clear_z,
        },
    }


# ---- the ladder ---------------------------------------------------------------------


def level_url(ladder_slug: str, level_key: str) -> str:
    return reverse("ladders:level", args=[ladder_slug, level_key])


def ladder_url(ladder_slug: str) -> str:
    return reverse("ladders:ladder", args=[ladder_slug])


def ladder_of(person: Any):
    """The ladder a person is on: their own, else the default one (None if none exists)."""
    if person.ladder_id:
        return person.ladder
    return Ladder.objects.default()


def placement_for(person: Any, outcome: str) -> dict[str, Any]:
    """Where ``person`` stands on their ladder and where the outcome points next.

    Stored with the result, so the page shows the ladder as it was at the time. Empty when
    there is no ladder at all; ``current`` is None when the person's level is unknown.
    """
    ladder = ladder_of(person)
    if ladder is None:
        return {}
    try:
        spec = ladder.to_spec()
    except SpecError:
        # A ladder broken by hand in the database must not stop anyone getting a result.
        return {}
    branch = BRANCH_BY_OUTCOME.get(outcome)
    placement: dict[str, Any] = {
        "ladder": {"slug": spec.slug, "name": spec.name, "url": ladder_url(spec.slug)},
        "branch": branch,
        "branch_name": _branch_name(spec, branch),
        "current": None,
        "on_branch": False,
        "next": [],
        "later": [],
    }
    level = person.level if person.level_id else None
    if level is None or level.ladder_id != ladder.pk:
        return placement

    def describe(level_spec: Any) -> dict[str, Any]:
        return {
            "key": level_spec.key,
            "title": level_spec.title,
            "summary": level_spec.summary,
            "track_kind": spec.track_of(level_spec.key).kind,
            "time_split": level_spec.time_split.model_dump(),
            "url": level_url(spec.slug, level_spec.key),
        }

    placement["current"] = describe(spec.level(level.key))
    if branch:
        path = spec.path_from(level.key, branch)
        placement["on_branch"] = spec.track_of(level.key).kind == branch
        placement["next"] = [describe(step) for step in path[:1]]
        placement["later"] = [describe(step) for step in path[1:]]
    else:
        placement["next"] = [describe(step) for step in spec.next_levels(level.key)]
    return placement


def _branch_name(spec: Any, kind: str | None) -> str:
    if kind is None:
        return ""
    for track in spec.tracks:
        if track.kind == kind:
            return track.name
    return {"ic": "Individual contributor", "people": "People leadership", "hybrid": "Hybrid"}[kind]


def fill_in_placement(result: Result, person: Any) -> None:
    """After a person tells us their level, complete a result that was shown without one.

    Only a placement with no current level is completed: one that was already shown stays
    exactly as it was.
    """
    if result.placement.get("current"):
        return
    result.placement = placement_for(person, result.outcome)
    result.save(update_fields=["placement"])


def open_or_latest(user: Any) -> tuple[Assessment | None, Result | None]:
    """For the home page: the person's unfinished self-assessment and their latest result."""
    assessment = (
        Assessment.objects.answerable_by(user)
        .self_views()
        .filter(questionnaire__slug=SELF_QUESTIONNAIRE)
        .select_related("version")
        .with_answer_count()
        .first()
    )
    result = (
        Result.objects.visible_to(user)
        .about(user)
        .self_views()
        .select_related("assessment")
        .latest_first()
        .first()
    )
    return assessment, result
