"""A simulation benchmark of the scoring: respondents whose motivations are known.

Pure: no Django, and ``random.Random(seed)`` is the only source of chance, so a run is
repeatable. The model is stated in docs/scoring.md ("The simulation benchmark"); in short:

- a person has one latent trait per scale (builder, people, product, caution), each drawn
  from N(0, 1), and each dimension's trait is ``dimension_share`` of its scale's trait plus
  an independent part;
- a likert answer is the dimension trait times ``loading`` plus item noise of SD
  ``noise · √(1 − loading²)``, cut into scale points at ``thresholds`` (reverse-keyed items
  get the mirrored point); check items are answered as asked; a forced choice picks the
  people option when the people trait minus the builder trait, plus N(0, ``choice_noise``),
  is above zero;
- the true direction Δ is the mean of the person's people dimension traits minus the mean
  of their builder dimension traits: a case is **clear** when
  |Δ| ≥ ``clear_gap`` and **close** when |Δ| ≤ ``close_gap``.

Every respondent is scored through the real ``score()``; when it asks for follow-up items
(``ScoreResult.follow_up``), their answers, drawn from the same person, are added and the
answers scored again, as the quiz does. The manager's view of the same person answers the
observer questionnaire with independent item noise: two honest views of one person.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from assessments.scoring import Outcome, ScoreResult, score
from assessments.specs import (
    AnswerValue,
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
)

SCALES = ("builder", "people", "product", "caution")

# How many topics a self and a manager result raise between them (careers.comparison).
TopicCounter = Callable[[QuestionnaireSpec, ScoreResult, ScoreResult], int]


@dataclass(frozen=True)
class Model:
    """The respondent model; every number of the simulation is here."""

    loading: float = 0.5
    noise: float = 1.0
    dimension_share: float = 0.8
    thresholds: tuple[float, ...] = (-1.5, -0.5, 0.5, 1.5)
    choice_noise: float = 1.0
    clear_gap: float = 15.0
    close_gap: float = 3.0


@dataclass(frozen=True)
class Person:
    traits: dict[str, float]
    dimensions: dict[str, float]
    gap: float  # the true-score D = P − B in points: what D would be without item noise


def true_score(trait: float, model: Model, width: int) -> float:
    """The expected 0..100 score of a dimension whose trait is ``trait``: the mean keyed
    answer over infinitely many answers, P(response above each threshold) summed."""
    unique = model.noise * math.sqrt(1 - model.loading**2)
    signal = model.loading * trait
    if unique == 0:
        above = sum(signal > cut for cut in _cuts(model, width))
    else:
        above = sum(
            0.5 * (1 + math.erf((signal - cut) / (unique * math.sqrt(2))))
            for cut in _cuts(model, width)
        )
    return 100 * above / width


@dataclass
class Figures:
    """What one run measured; shares are fractions of the group named."""

    respondents: int = 0
    clear: int = 0
    clear_recovered: int = 0
    clear_wrong_pole: int = 0
    close: int = 0
    close_held: int = 0
    extra_items: int = 0
    withheld: int = 0
    pairs: int = 0
    pairs_with_topic: int = 0
    random_responders: int = 0
    random_given_pole: int = 0
    straight_liners: int = 0
    straight_given_reading: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def recovery(self) -> float:
        return self.share(self.clear_recovered, self.clear)

    @property
    def wrong_pole(self) -> float:
        return self.share(self.clear_wrong_pole, self.clear)

    @property
    def close_held_share(self) -> float:
        return self.share(self.close_held, self.close)

    @property
    def mean_extra_items(self) -> float:
        return self.share(self.extra_items, self.respondents)

    @property
    def withheld_share(self) -> float:
        return self.share(self.withheld, self.respondents)

    @property
    def topic_rate(self) -> float:
        return self.share(self.pairs_with_topic, self.pairs)

    @property
    def random_pole_share(self) -> float:
        return self.share(self.random_given_pole, self.random_responders)

    @property
    def straight_reading_share(self) -> float:
        return self.share(self.straight_given_reading, self.straight_liners)


def draw_person(spec: QuestionnaireSpec, model: Model, rng: random.Random) -> Person:
    traits = {scale: rng.gauss(0, 1) for scale in SCALES}
    own = math.sqrt(1 - model.dimension_share**2)
    dimensions = {
        d.key: model.dimension_share * traits[d.scale] + own * rng.gauss(0, 1)
        for d in spec.dimensions
    }
    width = spec.scale.width
    scale_means = {
        name: sum(true_score(dimensions[d.key], model, width) for d in on_scale) / len(on_scale)
        for name in ("builder", "people")
        if (on_scale := spec.dimensions_on(name))
    }
    return Person(
        traits=traits, dimensions=dimensions, gap=scale_means["people"] - scale_means["builder"]
    )


def answer_as(
    spec: QuestionnaireSpec, person: Person, model: Model, rng: random.Random
) -> dict[str, AnswerValue]:
    """Every item of ``spec`` answered honestly by ``person`` (follow-up items included)."""
    scale = spec.scale
    cuts = _cuts(model, scale.width)
    unique = model.noise * math.sqrt(1 - model.loading**2)
    answers: dict[str, AnswerValue] = {}
    for item in spec.items:
        if isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        elif isinstance(item, ForcedChoiceItem):
            leaning = person.gap / 10 + rng.gauss(0, model.choice_noise)
            pole = "people" if leaning > 0 else "builder"
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
        else:
            assert isinstance(item, LikertItem)
            latent = model.loading * person.dimensions[item.dimension] + unique * rng.gauss(0, 1)
            point = scale.min + sum(latent > cut for cut in cuts)
            answers[item.key] = item.keyed(point, scale)
    return answers


def _cuts(model: Model, width: int) -> tuple[float, ...]:
    """The model's thresholds, or as many evenly spread over the same range for another
    scale length."""
    if len(model.thresholds) == width:
        return model.thresholds
    low, high = model.thresholds[0], model.thresholds[-1]
    return tuple(low + (high - low) * k / (width - 1) for k in range(width))


def careless_answers(
    spec: QuestionnaireSpec, rng: random.Random, *, straight: bool
) -> dict[str, AnswerValue]:
    """Answers that ignore the statements but pass the check items: at random, or the same
    point everywhere (``straight``)."""
    scale = spec.scale
    same = rng.randint(scale.min, scale.max)
    answers: dict[str, AnswerValue] = {}
    for item in spec.items:
        if isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        elif isinstance(item, ForcedChoiceItem):
            answers[item.key] = rng.choice(item.options).key
        else:
            answers[item.key] = same if straight else rng.randint(scale.min, scale.max)
    return answers


def main_items(spec: QuestionnaireSpec) -> set[str]:
    """The keys asked of everyone (follow-up items are asked only when scoring asks)."""
    return {item.key for item in spec.main_items}


def score_adaptively(
    spec: QuestionnaireSpec, answers: dict[str, AnswerValue]
) -> tuple[ScoreResult, int]:
    """Score the main answers, then add the follow-ups scoring asks for, as the quiz does.

    Returns the final result and how many extra items were asked.
    """
    asked = main_items(spec)
    result = score(spec, {k: v for k, v in answers.items() if k in asked})
    follow_up = list(getattr(result, "follow_up", []))
    if not follow_up:
        return result, 0
    asked |= set(follow_up)
    return score(spec, {k: v for k, v in answers.items() if k in asked}), len(follow_up)


def simulate(
    spec: QuestionnaireSpec,
    observer: QuestionnaireSpec | None = None,
    *,
    model: Model | None = None,
    respondents: int = 20_000,
    seed: int = 1,
    count_topics: TopicCounter | None = None,
    careless: int | None = None,
) -> Figures:
    """Simulate ``respondents`` honest people (and ``careless`` random responders and as
    many straight-liners, default a tenth of ``respondents`` each) and measure the scoring.

    The self/manager topic rate needs ``observer`` and ``count_topics``.
    """
    model = model or Model()
    rng = random.Random(seed)
    figures = Figures()
    for _ in range(respondents):
        person = draw_person(spec, model, rng)
        result, extra = score_adaptively(spec, answer_as(spec, person, model, rng))
        _count(figures, person, result, extra, model)
        if observer is not None and count_topics is not None and result.outcome != "withheld":
            view, _ = score_adaptively(observer, answer_as(observer, person, model, rng))
            if view.outcome != "withheld":
                figures.pairs += 1
                figures.pairs_with_topic += count_topics(spec, result, view) > 0
    for _ in range(respondents // 10 if careless is None else careless):
        noise, _ = score_adaptively(spec, careless_answers(spec, rng, straight=False))
        figures.random_responders += 1
        figures.random_given_pole += noise.outcome.is_pole
        flat, _ = score_adaptively(spec, careless_answers(spec, rng, straight=True))
        figures.straight_liners += 1
        figures.straight_given_reading += flat.outcome != Outcome.WITHHELD
    return figures


def _count(figures: Figures, person: Person, result: ScoreResult, extra: int, model: Model):
    figures.respondents += 1
    figures.extra_items += extra
    figures.outcomes[result.outcome] = figures.outcomes.get(result.outcome, 0) + 1
    figures.withheld += result.outcome == Outcome.WITHHELD
    gap = person.gap
    if abs(gap) >= model.clear_gap:
        right = Outcome.PEOPLE_LEADER if gap > 0 else Outcome.BUILDER
        figures.clear += 1
        figures.clear_recovered += result.outcome == right
        figures.clear_wrong_pole += result.outcome.is_pole and result.outcome != right
    elif abs(gap) <= model.close_gap:
        figures.close += 1
        figures.close_held += result.outcome in (Outcome.HYBRID, Outcome.INCONCLUSIVE)


def report(figures: Figures, model: Model, *, seed: int, slug: str) -> list[str]:
    """The figures as lines for a terminal, each with its target."""
    f = figures
    return [
        f"Simulated {f.respondents:,} honest respondents on {slug} (seed {seed}; loading "
        f"{model.loading}, noise {model.noise}, clear |Δ| ≥ {model.clear_gap}, close "
        f"|Δ| ≤ {model.close_gap}).",
        f"  recovery of clear cases      {f.recovery:7.1%}  of {f.clear:,}   (target ≥ 95%)",
        f"  wrong pole (clear cases)     {f.wrong_pole:7.2%}             (target ≤ 0.5%)",
        f"  close cases held             {f.close_held_share:7.1%}  of {f.close:,}   "
        "(target ≥ 60%)",
        f"  mean extra items             {f.mean_extra_items:7.2f}             (target ≤ 4)",
        f"  honest respondents withheld  {f.withheld_share:7.2%}             (target ≤ 1%)",
        f"  same-person topic rate       {f.topic_rate:7.1%}  of {f.pairs:,} pairs (target ≤ 10%)",
        f"  random responders given a pole   {f.random_pole_share:6.1%}  of "
        f"{f.random_responders:,}",
        f"  straight-liners given a reading  {f.straight_reading_share:6.1%}  of "
        f"{f.straight_liners:,}",
    ]
