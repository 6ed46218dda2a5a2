"""Factories for the assessments app.

Questionnaire versions carry the shipped pm-motivators spec, re-labelled with the factory's
slug, audience and number, so every version a factory makes is a valid questionnaire.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from assessments.models import Answer, Assessment, Questionnaire, QuestionnaireVersion, Result
from assessments.scoring import Drivers, ScoreResult
from assessments.specs import load_default_questionnaire
from tests.careers.factories import UserFactory


@cache
def _default_spec() -> dict[str, Any]:
    return load_default_questionnaire("pm-motivators").model_dump(mode="json")


def spec_data(slug: str, number: int, audience: str = "self", **changes: Any) -> dict[str, Any]:
    """The shipped questionnaire as stored JSON, for another slug, audience and version.

    A deep copy: tests may edit the result (or a version's spec) in place.
    """
    return {
        **copy.deepcopy(_default_spec()),
        "slug": slug,
        "version": number,
        "audience": audience,
        **changes,
    }


class QuestionnaireFactory(DjangoModelFactory):
    class Meta:
        model = Questionnaire

    slug = factory.Sequence(lambda n: f"questionnaire-{n}")
    title = factory.Sequence(lambda n: f"Questionnaire {n}")
    audience = Questionnaire.Audience.SELF


class QuestionnaireVersionFactory(DjangoModelFactory):
    """A draft by default; ``published=True`` or ``retired=True`` for a frozen version."""

    class Meta:
        model = QuestionnaireVersion

    class Params:
        published = factory.Trait(
            status=QuestionnaireVersion.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        retired = factory.Trait(
            status=QuestionnaireVersion.Status.RETIRED,
            published_at=factory.LazyFunction(timezone.now),
        )

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    number = factory.LazyAttribute(lambda o: o.questionnaire.next_version_number())
    spec = factory.LazyAttribute(
        lambda o: spec_data(o.questionnaire.slug, o.number, o.questionnaire.audience)
    )


class AssessmentFactory(DjangoModelFactory):
    """An assessment someone gives about themselves; ``submitted=True`` for a finished one."""

    class Meta:
        model = Assessment

    class Params:
        submitted = factory.Trait(
            status=Assessment.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )

    respondent = factory.SubFactory(UserFactory)
    subject = factory.SelfAttribute("respondent")
    version = factory.SubFactory(QuestionnaireVersionFactory, published=True)
    questionnaire = factory.SelfAttribute("version.questionnaire")


def submitted_assessment(
    version: QuestionnaireVersion, answers: dict[str, Any], outcome: str | None = None
) -> Assessment:
    """A submitted assessment with these answers and, if ``outcome`` is given, a Result."""
    assessment = AssessmentFactory(version=version, submitted=True)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_key=key, value=value) for key, value in answers.items()
    )
    if outcome is not None:
        Result.objects.create(
            assessment=assessment, outcome=outcome, payload={}, scoring_version="test"
        )
    return assessment


def score_result(**fields: Any) -> ScoreResult:
    """A scoring output with only the given fields set; the rest are empty (as withheld)."""
    empty: dict[str, Any] = {
        "outcome": "withheld",
        "strength": None,
        "confidence": None,
        "scales": None,
        "dimensions": {},
        "affinities": None,
        "d": None,
        "se_d": 11.4,
        "z": None,
        "flags": [],
        "flag_notes": {},
        "contributions": {},
        "drivers": Drivers(),
        "explanation": "",
        "reasons": [],
        "answered": 0,
        "total": 0,
    }
    return ScoreResult.model_validate(empty | fields)
