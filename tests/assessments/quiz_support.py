"""Helpers for the quiz and result tests: shipped defaults, sized questionnaires, answer
patterns that lean a known way. Plain functions, so browser tests can use them too."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assessments import services
from assessments.files import load_default_questionnaires
from assessments.models import Questionnaire, QuestionnaireVersion
from assessments.scoring import score
from assessments.specs import (
    Answers,
    QuestionnaireSpec,
    load_default_questionnaire,
    validate_answers,
)
from careers.demo import Leaning, answers_leaning
from ladders.files import load_default_ladders


def load_defaults() -> None:
    """The shipped ladder and questionnaires, exactly as ``make run`` loads them."""
    load_default_ladders()
    load_default_questionnaires()


def default_spec() -> QuestionnaireSpec:
    return load_default_questionnaire("pm-motivators")


# ---- questionnaires of a chosen size --------------------------------------------------

SCALE = {
    "min": 1,
    "max": 5,
    "labels": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
}
SIZED_DIMENSIONS = [
    ("craft", "builder"),
    ("hands", "builder"),
    ("focus", "builder"),
    ("vision", "product"),
    ("coach", "people"),
    ("lead", "people"),
    ("influence", "people"),
    ("build_org", "people"),
    ("title", "caution"),
]


def sized_spec_data(items: int, *, slug: str = "sized", section_sizes: list[int]) -> dict:
    """A valid questionnaire with ``items`` statements split into sections of these sizes.

    The smallest valid questionnaire has 12 statements (3 scored dimensions × 4 likert items,
    a rule of ``specs.py``), so "small" here means 12, with a first section of 5.
    """
    assert sum(section_sizes) == items
    dimensions = (
        SIZED_DIMENSIONS
        if items >= 40
        else SIZED_DIMENSIONS[:1]
        + [
            SIZED_DIMENSIONS[3],
            SIZED_DIMENSIONS[4],
        ]
    )
    rows: list[dict[str, Any]] = []
    if items >= 40:
        rows.append(
            {"key": "check", "kind": "instructed", "text": "Please choose Agree.", "expected": 4}
        )
        for n in range(6):
            rows.append(
                {
                    "key": f"pick{n}",
                    "kind": "forced_choice",
                    "text": f"Which would you rather do, option set {n}?",
                    "options": [
                        {"key": "a", "text": "Solve it yourself", "pole": "builder"},
                        {"key": "b", "text": "Help someone else solve it", "pole": "people"},
                    ],
                }
            )
    n = 0
    while len(rows) < items:
        key, _ = dimensions[n % len(dimensions)]
        rows.append(
            {
                "key": f"{key}_{n}",
                "kind": "likert",
                "text": f"Statement {n} about {key.replace('_', ' ')}.",
                "dimension": key,
                "reverse": n % 3 == 2,
            }
        )
        n += 1
    sections, start = [], 0
    for index, size in enumerate(section_sizes):
        sections.append({"key": f"part{index}", "title": f"Part {index}", "intro": "Intro."})
        for row in rows[start : start + size]:
            row["section"] = f"part{index}"
        start += size
    return {
        "slug": slug,
        "title": f"A {items}-statement questionnaire",
        "audience": "self",
        "version": 1,
        "scale": SCALE,
        "sections": sections,
        "dimensions": [
            {"key": key, "name": key.replace("_", " ").title(), "scale": scale}
            for key, scale in dimensions
        ],
        "items": rows,
    }


def publish_spec(data: dict) -> QuestionnaireVersion:
    spec = QuestionnaireSpec.model_validate(data)
    questionnaire, _ = Questionnaire.objects.get_or_create(
        slug=spec.slug, defaults={"title": spec.title, "audience": spec.audience}
    )
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=spec.version,
        status=QuestionnaireVersion.Status.PUBLISHED,
        published_at=timezone.now(),
        spec=spec.model_dump(mode="json"),
    )


# ---- answer patterns --------------------------------------------------------------------


def pattern(
    spec: QuestionnaireSpec,
    *,
    builder: int,
    people: int,
    product: int = 4,
    caution: int = 2,
    attentive: bool = True,
) -> Answers:
    """Answers whose *keyed* value per scale is as given (reverse items are flipped back),
    forced choices on the stronger side, and the attention check passed unless not
    ``attentive``: the demo's own recipe (``careers.demo.answers_leaning``)."""
    return answers_leaning(spec, Leaning(builder, people, product, caution, attentive))


PATTERNS = {
    "builder": {"builder": 5, "people": 2, "product": 4},
    "people_leader": {"builder": 2, "people": 5, "product": 4},
    "hybrid": {"builder": 4, "people": 4, "product": 4},
    "inconclusive": {"builder": 2, "people": 2, "product": 2},
    "withheld": {"builder": 4, "people": 2, "product": 3, "attentive": False},
}


def answers_for(outcome: str, spec: QuestionnaireSpec | None = None) -> Answers:
    """A full set of answers that scores as ``outcome`` on the shipped questionnaire."""
    return pattern(spec or default_spec(), **PATTERNS[outcome])


def save(assessment, answers: dict[str, Any]) -> None:
    """Save raw answers the way a file would come in: checked first (SpecError), then stored."""
    services.save_answers(assessment, validate_answers(assessment.version.to_spec(), answers))


def submit_pattern(person, outcome: str):
    """Start (or resume) ``person``'s quiz, answer in the ``outcome`` pattern and submit it."""
    assessment = services.start_or_resume(person)
    services.save_answers(assessment, answers_for(outcome))
    return services.submit_assessment(assessment)


def answers_in_band(spec: QuestionnaireSpec | None = None) -> Answers:
    """Main answers (no follow-up) whose gap lands in the ambiguous band, so scoring asks the
    follow-up statements: the even "hybrid" pattern with builder statements turned down one
    point at a time until it does."""
    spec = spec or default_spec()
    answers = dict(answers_for("hybrid", spec))
    main = {item.key for item in spec.main_items}
    answers = {key: value for key, value in answers.items() if key in main}
    for item in spec.likert_items():
        if score(spec, validate_answers(spec, answers)).follow_up:
            break
        if item.key in main and spec.dimension(item.dimension).scale == "builder":
            answers[item.key] += 1 if item.reverse else -1
    assert score(spec, validate_answers(spec, answers)).follow_up, "no answers in the band"
    return validate_answers(spec, answers)


def follow_up_answers(spec: QuestionnaireSpec | None = None, toward: str = "people") -> Answers:
    """Every follow-up statement answered firmly ``toward`` one scale (builder or people)."""
    spec = spec or default_spec()
    return validate_answers(
        spec,
        {
            item.key: spec.scale.max if spec.dimension(item.dimension).scale == toward else 1
            for item in spec.index.follow_up
        },
    )
