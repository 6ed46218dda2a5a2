"""A person's own data: what they can download, what they can delete, how long it is kept,
and what they are told when their manager changes.

Everything starts from the person's own rows (``Assessment.objects.self_views()``,
``Result.objects.visible_to``, ``AccessEvent.objects.about``), so nothing here can reach
someone else's data. docs/privacy.md describes the same rules for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from assessments.models import AccessEvent, Answer, Assessment, Result, SharingPreference
from core.prepared import Prepared

EXPORT_FORMAT = 1


@dataclass(frozen=True)
class PersonalSection:
    """Data a higher floor keeps about a person (the growth plan): its key in the download,
    how to export it and how to delete it (returning how many rows went)."""

    key: str
    export: Callable[[Any], Any]
    delete: Callable[[Any], int]


# Registered by those apps when they load (``AppConfig.ready``), since this floor cannot
# import them; the download and "delete all" go through every section.
SECTIONS: dict[str, PersonalSection] = {}


def register_section(section: PersonalSection) -> None:
    SECTIONS[section.key] = section


# ---- the download ---------------------------------------------------------------------


def export_person(person: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything stored about ``person`` that is theirs to read, as JSON-ready data.

    Left out, because they are not the person's to read (docs/privacy.md): a manager's own
    view of them and a manager's private note. Both are deleted with the person's account.
    """
    assessments = (
        _own_assessments(person)
        .select_related("version__questionnaire", "result")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("item_key")))
        .order_by("started_at", "pk")
    )
    events = AccessEvent.objects.about(person).select_related("result").newest_first()
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(now or timezone.now()),
        "profile": _profile(person),
        "keep_manager_updated": SharingPreference.objects.keeps_manager_updated(person.pk),
        "assessments": [_assessment(assessment) for assessment in assessments],
        "access_log": [_event(event) for event in events],
        **{key: section.export(person) for key, section in SECTIONS.items()},
        "not_included": [
            "your manager's own view of you (the observer questionnaire), which belongs to them",
            "your manager's private note about you, which belongs to them",
        ],
    }


def _profile(person: Any) -> dict[str, Any]:
    return {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
        "manager": person.manager.username if person.manager_id else None,
        "ladder": person.ladder.slug if person.ladder_id else None,
        "level": person.level.key if person.level_id else None,
    }


def _assessment(assessment: Assessment) -> dict[str, Any]:
    result = getattr(assessment, "result", None)
    return {
        "id": str(assessment.pk),
        "questionnaire": assessment.version.questionnaire.slug,
        "version": assessment.version.number,
        "status": assessment.status,
        "started_at": _when(assessment.started_at),
        "submitted_at": _when(assessment.submitted_at),
        "consent": {
            "result_shared_with_manager": assessment.shared_with_manager,
            "answers_shared_with_manager": assessment.answers_shared_with_manager,
        },
        "answers": {answer.item_key: answer.value for answer in assessment.answers.all()},
        "result": None
        if result is None
        else {
            "outcome": result.outcome,
            "strength": result.strength,
            "confidence": result.confidence,
            "scoring_version": result.scoring_version,
            "created_at": _when(result.created_at),
            "payload": result.payload,
            "placement": result.placement,
            "questionnaire_snapshot": result.questionnaire_snapshot,
        },
    }


def _event(event: AccessEvent) -> dict[str, Any]:
    return {
        "at": _when(event.at),
        "who": event.actor_name,
        "by_you": event.by_the_person,
        "what": event.kind,
        "what_text": event.get_kind_display(),
        "result": str(event.result.assessment_id) if event.result else None,
        "detail": event.detail,
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# ---- deleting -------------------------------------------------------------------------


def _own_assessments(person: Any):
    """The questionnaires ``person`` answered about themselves, finished or not."""
    return Assessment.objects.filter(respondent=person, subject=person)


@dataclass(frozen=True)
class Holdings:
    """What "delete all my results and answers" would remove, for the confirmation page."""

    results: int
    unfinished: int
    answers: int

    @property
    def is_empty(self) -> bool:
        return not (self.results or self.unfinished or self.answers)


def holdings_of(person: Any) -> Holdings:
    counts = _own_assessments(person).aggregate(
        results=Count("result", distinct=True),
        unfinished=Count("pk", filter=Q(status=Assessment.Status.IN_PROGRESS), distinct=True),
        answers=Count("answers", distinct=True),
    )
    return Holdings(**counts)


@transaction.atomic
def delete_result(result: Result) -> None:
    """Delete one result with the questionnaire and answers behind it.

    Lines of the access log that mention it stay (they record that someone read it) but no
    longer point at it.
    """
    Assessment.objects.filter(pk=result.assessment_id).delete()


@transaction.atomic
def delete_everything_of(person: Any) -> Holdings:
    """Delete every result, questionnaire and answer ``person`` gave about themselves, and
    what the registered sections keep about them (their growth plan)."""
    holdings = holdings_of(person)
    _own_assessments(person).delete()
    for section in SECTIONS.values():
        section.delete(person)
    return holdings


# ---- retention ------------------------------------------------------------------------


def expired_results(days: int, *, now: datetime | None = None):
    """Results older than ``days`` days (self views and managers' views alike)."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Result.objects.filter(created_at__lt=cutoff)


@transaction.atomic
def prune_results(days: int, *, dry_run: bool = False, now: datetime | None = None) -> int:
    """Delete results older than ``days`` days, with their questionnaires and answers.

    Returns how many results were (or, with ``dry_run``, would be) removed. Safe to run
    again: a second run finds nothing more to remove.
    """
    expired = expired_results(days, now=now)
    count = expired.count()
    if not dry_run and count:
        Assessment.objects.filter(result__in=expired).delete()
    return count


# ---- a change of manager ---------------------------------------------------------------


@dataclass(frozen=True)
class ManagerNotice:
    """Told once per change, until the person dismisses it: who manages them now and what
    that person can see from today."""

    changed_at: datetime
    manager: Any | None
    shared: list[Result]  # each with its assessment: whether the answers are shared too


# Asked on every home page: compiled once per process (core.prepared).
_unseen_manager_change = Prepared(
    lambda person: AccessEvent.objects.unseen_manager_changes(person).newest_first()[:1], int
)


def manager_notice(person: Any) -> ManagerNotice | None:
    """The notice for the latest change of manager the person has not dismissed, if any.

    One query when there is none (every home page), three when there is.
    """
    event = _unseen_manager_change.one(person.pk)
    if event is None:
        return None
    manager = person.manager if person.manager_id else None
    shared = (
        list(
            Result.objects.visible_to(person)
            .self_views()
            .filter(
                assessment__shared_with_manager=True,
                assessment__status=Assessment.Status.SUBMITTED,
            )
            .select_related("assessment")
            .latest_first()
        )
        if manager is not None
        else []
    )
    return ManagerNotice(changed_at=event.at, manager=manager, shared=shared)


def dismiss_manager_notices(person: Any) -> int:
    """Record that the person has read about every change of manager so far."""
    return AccessEvent.objects.unseen_manager_changes(person).update(seen_at=timezone.now())
