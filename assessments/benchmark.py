"""How fast ``score()`` runs, for a management command to print (``docs/`` may keep results).

Pure: no Django. The answers are fixed and varied (every scale point, both keyings, both
forced-choice poles), so every branch of a full scoring runs and the run is repeatable.
"""

from __future__ import annotations

import time

from assessments.scoring import score
from assessments.specs import (
    AnswerValue,
    ForcedChoiceItem,
    InstructedItem,
    QuestionnaireSpec,
    load_default_questionnaire,
)


def sample_answers(spec: QuestionnaireSpec) -> dict[str, AnswerValue]:
    """A complete, valid answer set that passes the checks, so nothing is withheld."""
    answers: dict[str, AnswerValue] = {}
    for position, item in enumerate(spec.items):
        if isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        elif isinstance(item, ForcedChoiceItem):
            answers[item.key] = item.options[position % 2].key
        else:
            answers[item.key] = spec.scale.min + (position * 3) % (spec.scale.width + 1)
    return answers


def run_benchmark(seconds: float = 2.0, spec: QuestionnaireSpec | None = None) -> dict:
    """Score one full assessment (the 50-item default) repeatedly for about ``seconds``.

    Returns ``{"questionnaire", "answers", "scorings", "seconds", "per_second",
    "mean_ms"}``.
    """
    spec = spec or load_default_questionnaire("pm-motivators")
    answers = sample_answers(spec)
    score(spec, answers)  # warm caches before timing
    scorings = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(100):
            score(spec, answers)
        scorings += 100
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - start
    return {
        "questionnaire": spec.slug,
        "answers": len(answers),
        "scorings": scorings,
        "seconds": elapsed,
        "per_second": scorings / elapsed,
        "mean_ms": 1000 * elapsed / scorings,
    }
