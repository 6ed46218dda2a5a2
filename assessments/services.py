"""Writes that span several rows: starting an assessment, saving answers, submitting,
setting the level a result is placed from.

Every function here is safe to call twice and safe against a second browser tab: starting
resumes the open assessment, an answer is an upsert on (assessment, item key), and
submitting an assessment that is already submitted returns its existing result.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Func, OuterRef, Subquery
from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    QuestionnaireVersion,
    Result,
    SharingPreference,
)
from assessments.scoring import Outcome, QuestionnaireSnapshot, score
from assessments.specs import Answers, AnswerValue, usable_answers
from core.interchange import SpecError
from core.prepared import Prepared
from ladders.models import Ladder, Level
from ladders.specs import Placement

# The questionnaire a person answers about themselves, and the one a manager answers about
# a report; they measure the same dimensions under the same keys.
SELF_QUESTIONNAIRE = "pm-motivators"
OBSERVER_QUESTIONNAIRE = "pm-motivators-observer"


class QuestionnaireUnavailable(Exception):
    """No published version of the questionnaire exists (load_defaults has not run)."""


class AssessmentClosed(Exception):
    """The assessment was submitted; its answers can no longer change."""


class FollowUpPending(Exception):
    """Scoring asks for follow-up statements before it gives a final reading."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"{len(keys)} follow-up statements are still to answer.")
        self.keys = keys


class LevelOnRecord(Exception):
    """The person already has a level on record; only an admin changes it now."""


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
    if not answers:
        if not Assessment.objects.open().filter(pk=assessment.pk).exists():
            raise AssessmentClosed("This assessment has been submitted; answers can't change.")
        return
    now = timezone.now()
    # One answer (an autosave) is one statement; several are kept together.
    with transaction.atomic() if len(answers) > 1 else nullcontext():
        for key, value in answers.items():
            if not _store_if_open(assessment.pk, key, value, now):
                raise AssessmentClosed("This assessment has been submitted; answers can't change.")


def _store_if_open(assessment_id: uuid.UUID, key: str, value: AnswerValue, now) -> bool:
    """Store one answer while its assessment is open, in a single statement; False (and
    nothing stored) once it is submitted.

    The statement reads the status and writes the answer at once, so no answer can slip in
    after (or during) a submission: on SQLite it holds the database's write lock, which
    ``submit_assessment``'s transaction holds from its start; on PostgreSQL it locks the
    assessment's row as ``submit_assessment`` does, and reads the status again once that
    lock is free. An autosave used to take four statements (a transaction, a status check
    that locked the row, the upsert, the commit), each built by the ORM every time.
    """
    connection = connections[router.db_for_write(Answer)]
    field = Answer._meta.get_field
    params = (
        key,
        field("value").get_db_prep_save(value, connection),
        field("answered_at").get_db_prep_save(now, connection),
        Assessment._meta.pk.get_db_prep_value(assessment_id, connection),
        Assessment.Status.IN_PROGRESS.value,
    )
    with connection.cursor() as cursor:
        cursor.execute(_store_sql(connection.vendor), params)
        return cursor.rowcount > 0


@cache
def _store_sql(vendor: str) -> str:
    """The statement of ``_store_if_open`` for this database (written once per process)."""
    connection = connections[router.db_for_write(Answer)]
    name = connection.ops.quote_name
    answer = Answer._meta
    column = {f.name: name(f.column) for f in answer.concrete_fields}
    lock = (
        f" {connection.ops.for_update_sql()}" if connection.features.has_select_for_update else ""
    )
    assessment = Assessment._meta
    return (
        f"INSERT INTO {name(answer.db_table)} "
        f"({column['assessment']}, {column['item_key']}, {column['value']}, "
        f"{column['answered_at']}) "
        f"SELECT {name(assessment.pk.column)}, %s, %s, %s FROM {name(assessment.db_table)} "
        f"WHERE {name(assessment.pk.column)} = %s "
        f"AND {name(assessment.get_field('status').column)} = %s{lock} "
        f"ON CONFLICT ({column['assessment']}, {column['item_key']}) "
        f"DO UPDATE SET {column['value']} = EXCLUDED.{column['value']}, "
        f"{column['answered_at']} = EXCLUDED.{column['answered_at']}"
    )


_answers = Prepared(
    lambda pk: (
        Answer.objects.filter(assessment_id=pk)
        .order_by("item_key")
        .values_list("item_key", "value")
    ),
    uuid.UUID,
)


def answers_of(assessment: Assessment) -> dict[str, AnswerValue]:
    """The stored answers of ``assessment`` by item key."""
    return dict(_answers.all(assessment.pk))


def submit_assessment(assessment: Assessment) -> Result:
    """Score the stored answers and keep the outcome as a snapshot, all in one transaction.

    Idempotent: a second call (a double click, a second tab) returns the first result.
    Incomplete answers are scored as they are; the scoring withholds a recommendation when
    too little was answered, and says so. A provisional reading is never stored: while
    scoring lists follow-up statements still to ask, FollowUpPending is raised and nothing
    changes.
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
        if scored.follow_up:
            raise FollowUpPending(scored.follow_up)
        subject = (
            type(locked.subject).objects.select_related("level", "ladder").get(pk=locked.subject_id)
        )
        result = Result.objects.create(
            assessment=locked,
            outcome=scored.outcome,
            strength=scored.strength or "",
            confidence=scored.confidence,
            payload=scored.model_dump(mode="json"),
            placement=placement_for(subject, scored.outcome).model_dump(mode="json"),
            questionnaire_snapshot=QuestionnaireSnapshot.of(spec).model_dump(mode="json"),
            scoring_version=scored.scoring_version,
        )
        locked.status = Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        if keeps_manager_updated(locked, subject):
            # The standing choice does what the switch would: logged and announced the same
            # way. The answers stay private; they are a choice per result.
            locked.set_sharing(result=True, answers=False, by=subject)
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    assessment.shared_with_manager = locked.shared_with_manager
    return result


def keeps_manager_updated(assessment: Assessment, subject: Any) -> bool:
    """Whether a newly scored ``assessment`` is shared at once: a self view, by a person
    with a manager on record who chose "keep my manager up to date"."""
    return (
        assessment.is_self_view
        and subject.manager_id is not None
        and SharingPreference.objects.keeps_manager_updated(subject.pk)
    )


# ---- the ladder ---------------------------------------------------------------------


def ladder_of(person: Any) -> Ladder | None:
    """The ladder a person is on: their own, else the default one (None if none exists)."""
    if person.ladder_id:
        return person.ladder
    return Ladder.objects.default()


def placement_for(person: Any, outcome: Outcome) -> Placement:
    """Where ``person`` stands on their ladder and where the outcome points next.

    Stored with the result, so the page shows the ladder as it was at the time. Empty when
    there is no ladder at all; ``current`` is None when the person's level is unknown.
    """
    ladder = ladder_of(person)
    if ladder is None:
        return Placement()
    try:
        spec = ladder.to_spec()
    except SpecError:
        # A ladder broken by hand in the database must not stop anyone getting a result.
        return Placement()
    level = person.level if person.level_id else None
    level_key = level.key if level is not None and level.ladder_id == ladder.pk else None
    return spec.placement(level_key, outcome.branch)


@transaction.atomic
def set_level(person: Any, level: Level, result: Result) -> None:
    """Record the level a person proposes for themselves and place the result they read
    without one on the ladder.

    Only while no level is on record: once one is (proposed earlier, or set by an admin),
    it changes in the admin alone, because managers' alerts read it. Raises LevelOnRecord
    and changes nothing otherwise.
    """
    # One conditional UPDATE, so two tabs (or a crafted post) cannot overwrite a level that
    # was recorded between loading the page and posting the form.
    recorded = get_user_model().objects.filter(pk=person.pk, level__isnull=True).update(level=level)
    if not recorded:
        raise LevelOnRecord("Your level is already on record; only an admin can change it.")
    person.level = level
    result.fill_in_placement(placement_for(person, Outcome(result.outcome)))


# The home page's two reads, compiled once per process (core.prepared). The answer count is a
# subquery: counted through a join, it grouped by every column of the assessment and of its
# version, the questionnaire's whole spec among them.
_answer_count = (
    Answer.objects.filter(assessment=OuterRef("pk"))
    .order_by()
    .annotate(count=Func(F("pk"), function="COUNT"))
    .values("count")
)
_open_self_assessment = Prepared(
    lambda user: (
        Assessment.objects.answerable_by(user)
        .self_views()
        .filter(questionnaire__slug=SELF_QUESTIONNAIRE)
        .select_related("version")
        .annotate(answer_count=Subquery(_answer_count))
        .order_by("pk")[:1]
    ),
    int,
)
_latest_self_result = Prepared(
    lambda user: (
        Result.objects.visible_to(user)
        .about(user)
        .self_views()
        .select_related("assessment")
        .latest_first()[:1]
    ),
    int,
)


def open_or_latest(user: Any) -> tuple[Assessment | None, Result | None]:
    """For the home page: the person's unfinished self-assessment (with its version and
    ``answer_count``) and their latest result."""
    return _open_self_assessment.one(user.pk), _latest_self_result.one(user.pk)
