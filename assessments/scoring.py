"""From answers to a recommended track: the scoring method of ``scoring.md``, exactly.

``score(spec, answers)`` is pure and deterministic: no Django, no I/O, no randomness, and
no dependence on the order of ``answers`` (everything is walked in the spec's item order).
Every number comes from ``spec.scoring``; none is written here.

Sums of scale points are kept as integers and divided once, so coding a scale 0..4 instead
of 1..5 gives bit-for-bit the same result, and more agreement can never lower a score
through rounding. Floats are never rounded here: only the explanation text rounds.

When the result is withheld, ``scales``, ``affinities``, ``d``, ``z`` and ``confidence``
are None, ``dimensions`` holds only the scores that had enough answers (None for the
rest), ``flags``, ``contributions`` and ``drivers`` are empty, and ``reasons`` says why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assessments.specs import (
    SCORED_SCALES,
    Answers,
    AnswerValue,
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    ScoringParams,
    validate_answers,
)

SCORING_VERSION = "2026.2"


class Outcome(StrEnum):
    """What a result says, and the one set of words every page, alert and export uses.

    ``label`` names the outcome (badges, lists, admin, statistics) and reads inside a
    sentence once lower-cased ("a clear lean toward people leadership"); ``short_label`` is the
    same name cut down for the map's regions. ``tone`` is the badge modifier of app.css,
    ``branch`` the ladder track kind the outcome points to (None: no single branch), and
    ``is_pole`` says whether a direction was called.
    """

    BUILDER = "builder", "Building products", "Products", "builder", "ic", True
    PEOPLE_LEADER = "people_leader", "People leadership", "People", "people", "people", True
    HYBRID = "hybrid", "Both paths", "Both paths", "hybrid", "hybrid", False
    INCONCLUSIVE = "inconclusive", "Too early to call", "Too early", "muted", None, False
    WITHHELD = "withheld", "No reading", "No reading", "muted", None, False

    label: str
    short_label: str
    tone: str
    branch: str | None
    is_pole: bool

    def __new__(
        cls,
        value: str,
        label: str,
        short_label: str,
        tone: str,
        branch: str | None,
        is_pole: bool,
    ) -> Outcome:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.short_label = short_label
        member.tone = tone
        member.branch = branch
        member.is_pole = is_pole
        return member

    def reading(self, strength: str | None = None) -> str:
        """The label with the strength, for a badge: "People leadership · clear"."""
        return f"{self.label} · {strength}" if strength else self.label


Strength = Literal["clear", "leaning"]

FORCED_CHOICE_DISAGREEMENT = "forced_choice_disagreement"
LONG_RUN = "long_run"
LOW_SPREAD = "low_spread"
ACQUIESCENCE = "acquiescence"
TITLE_PULL = "title_pull"
LOW_ENERGY = "low_energy"
POLITE_YES = "polite_yes"
TEAM_WITHOUT_PEOPLE_WORK = "team_without_people_work"
FLAG_KEYS = (
    FORCED_CHOICE_DISAGREEMENT,
    LONG_RUN,
    LOW_SPREAD,
    ACQUIESCENCE,
    TITLE_PULL,
    LOW_ENERGY,
    POLITE_YES,
    TEAM_WITHOUT_PEOPLE_WORK,
)
# These four doubt the answers themselves, so they turn a clear result into a leaning one;
# The others only add a caution.
LOWERING_FLAGS = frozenset({FORCED_CHOICE_DISAGREEMENT, LONG_RUN, LOW_SPREAD, ACQUIESCENCE})

DIRECTION_NAMES = {1: "people leadership", -1: "building"}


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScaleScores(_Result):
    builder: float
    people: float
    product: float


class Affinities(_Result):
    builder: float
    people_leader: float
    hybrid: float


class Driver(_Result):
    """One answer that moved D, quoted back to the person."""

    item: str
    text: str
    dimension: str
    answer: int
    label: str
    contribution: float
    sentence: str


class Drivers(_Result):
    toward: list[Driver] = Field(default_factory=list)
    against: list[Driver] = Field(default_factory=list)


class ScoreResult(_Result):
    """The scoring output; the top-level names are a contract (see scoring.md)."""

    scoring_version: str = SCORING_VERSION
    outcome: Outcome
    strength: Strength | None
    confidence: float | None
    scales: ScaleScores | None
    dimensions: dict[str, float | None]
    affinities: Affinities | None
    d: float | None
    se_d: float
    z: float | None
    flags: list[str]
    flag_notes: dict[str, str]
    contributions: dict[str, float]
    drivers: Drivers
    explanation: str
    reasons: list[str]
    answered: int
    total: int
    # Added with follow-up items; stored results from before read back with the defaults.
    follow_up: list[str] = Field(default_factory=list)
    consistency: float | None = None


class _Stored(BaseModel):
    # Snapshots are read back from the database for as long as results are kept: a field
    # added later needs a default, and one dropped later is ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)


_PARAMETERS = ScoringParams()


class SnapshotScale(_Stored):
    min: int = 1
    max: int = 5
    labels: list[str] = Field(default_factory=list)


class SnapshotDimension(_Stored):
    key: str
    name: str = ""
    description: str = ""
    scale: str = ""


class Thresholds(_Stored):
    """The scoring parameters that draw a result's regions; defaults from ScoringParams."""

    inconclusive_below: float = _PARAMETERS.inconclusive_below
    pole_z: float = _PARAMETERS.pole_z
    clear_z: float = _PARAMETERS.clear_z


class QuestionnaireSnapshot(_Stored):
    """What a result page needs from its questionnaire, frozen at scoring time."""

    slug: str = ""
    title: str = ""
    version: int | None = None
    audience: str = ""
    scale: SnapshotScale = Field(default_factory=SnapshotScale)
    dimensions: list[SnapshotDimension] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)

    @classmethod
    def of(cls, spec: QuestionnaireSpec) -> QuestionnaireSnapshot:
        params = spec.scoring
        return cls(
            slug=spec.slug,
            title=spec.title,
            version=spec.version,
            audience=spec.audience,
            scale=SnapshotScale(min=spec.scale.min, max=spec.scale.max, labels=spec.scale.labels),
            dimensions=[
                SnapshotDimension(
                    key=dimension.key,
                    name=dimension.name,
                    description=dimension.description,
                    scale=dimension.scale,
                )
                for dimension in spec.dimensions
            ],
            thresholds=Thresholds(
                inconclusive_below=params.inconclusive_below,
                pole_z=params.pole_z,
                clear_z=params.clear_z,
            ),
        )


def normal_cdf(z: float) -> float:
    """Φ(z), the standard normal distribution function."""
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def score(spec: QuestionnaireSpec, answers: Answers | Mapping[str, object]) -> ScoreResult:
    """Score one set of answers keyed by item key. ``Answers`` were checked where they came
    in and are trusted; any other mapping is checked first (SpecError if one is unusable)."""
    valid = answers if isinstance(answers, Answers) else validate_answers(spec, answers)
    params = spec.scoring
    scale = spec.scale
    totals = _dimension_totals(spec, valid)
    dimensions: dict[str, float | None] = {}
    reasons = _instructed_problems(spec, valid)
    for dimension in spec.dimensions:
        keyed_sum, answered, _ = totals[dimension.key]
        # Completion is judged on the items asked of everyone; follow-ups only add.
        main_answered, total = _main_counts(spec, valid, dimension.key)
        if answered and main_answered / total >= params.min_completion:
            # S_d = 100 · (mean x' − min) / (max − min), as one division of integers.
            dimensions[dimension.key] = 100 * keyed_sum / (answered * scale.width)
        else:
            dimensions[dimension.key] = None
            if dimension.scale in SCORED_SCALES:
                needed = math.ceil(params.min_completion * total - 1e-9)
                reasons.append(
                    f"Only {answered} of the {total} statements about {dimension.name.lower()} "
                    f"were answered; at least {needed} are needed."
                )
    base = {
        "dimensions": dimensions,
        "se_d": params.se_d,
        "answered": len(valid),
        "total": len(spec.items),
    }
    if reasons:
        return _withheld(base, reasons)
    consistency = _inconsistency(spec, valid)
    careless = _careless_problems(spec, valid, consistency)
    if careless:
        return _withheld({**base, "consistency": consistency}, careless, careless=True)

    builder, people, product = (
        _mean([dimensions[d.key] for d in spec.dimensions_on(name)])
        for name in ("builder", "people", "product")
    )
    d = people - builder
    se_d = _se_d(spec, totals)
    z = abs(d) / se_d
    follow_up, margin = _follow_up(spec, valid)
    decisive = z >= params.clear_z
    all_low = max(builder, people, product) < params.inconclusive_below
    if all_low and not decisive:
        outcome = Outcome.INCONCLUSIVE
    elif z >= margin:
        outcome = Outcome.PEOPLE_LEADER if d > 0 else Outcome.BUILDER
    else:
        outcome = Outcome.HYBRID

    contributions = _contributions(spec, valid, totals)
    flags = _flags(spec, valid, outcome, d, dimensions)
    if all_low and outcome.is_pole:
        flags[LOW_ENERGY] = (
            f"Energy is low on both paths: no scale reached {params.inconclusive_below:.0f} "
            "out of 100, so the direction is clear but the pull is weak. Ask what would make "
            "either kind of work exciting again."
        )
    strength: Strength | None = None
    if outcome.is_pole:
        lowered = any(flag in LOWERING_FLAGS for flag in flags)
        strength = "clear" if z >= params.clear_z and not lowered else "leaning"
    # The direction drivers are read against: the outcome's pole, else the sign of D.
    direction = 1 if d >= 0 else -1
    drivers = _drivers(spec, valid, contributions, direction)
    weights = params.affinities

    def affinity(row: str) -> float:
        w = getattr(weights, row)
        return w.builder * builder + w.people * people + w.product * product

    result = {
        **base,
        "se_d": se_d,
        "follow_up": follow_up,
        "consistency": consistency,
        "outcome": outcome,
        "strength": strength,
        "confidence": normal_cdf(z),
        "scales": ScaleScores(builder=builder, people=people, product=product),
        "affinities": Affinities(
            builder=affinity("builder"),
            people_leader=affinity("people_leader"),
            hybrid=affinity("hybrid"),
        ),
        "d": d,
        "z": z,
        "flags": [key for key in FLAG_KEYS if key in flags],
        "flag_notes": {key: flags[key] for key in FLAG_KEYS if key in flags},
        "contributions": contributions,
        "drivers": drivers,
        "reasons": [],
    }
    result["explanation"] = _explain(spec, result, direction, margin)
    return ScoreResult(**result)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _main_counts(
    spec: QuestionnaireSpec, answers: dict[str, AnswerValue], dimension: str
) -> tuple[int, int]:
    """Answered and asked-of-everyone items of one dimension (follow-ups left out)."""
    main = [item for item in spec.index.likert_by_dimension[dimension] if not item.follow_up]
    return sum(item.key in answers for item in main), len(main)


def _dimension_totals(
    spec: QuestionnaireSpec, answers: dict[str, AnswerValue], *, main_only: bool = False
) -> dict[str, tuple[int, int, int]]:
    """Per dimension: Σ(x' − min) over answered items, answered count, item count."""
    low = spec.scale.min
    by_dimension = spec.index.likert_by_dimension
    totals = {}
    for dimension in spec.dimensions:
        keyed_sum = answered = 0
        items = by_dimension[dimension.key]
        if main_only:
            items = [item for item in items if not item.follow_up]
        for item in items:
            value = answers.get(item.key)
            if value is not None:
                keyed_sum += item.keyed(value, spec.scale) - low
                answered += 1
        totals[dimension.key] = (keyed_sum, answered, len(items))
    return totals


def _gap(
    spec: QuestionnaireSpec, totals: dict[str, tuple[int, int, int]]
) -> tuple[float, float] | None:
    """D = P − B and its SE from dimension totals; None when a dimension has no answer."""
    means = {}
    for name in ("builder", "people"):
        scores = []
        for dimension in spec.dimensions_on(name):
            keyed_sum, answered, _ = totals[dimension.key]
            if not answered:
                return None
            scores.append(100 * keyed_sum / (answered * spec.scale.width))
        means[name] = _mean(scores)
    return means["people"] - means["builder"], _se_d(spec, totals)


def _se_d(spec: QuestionnaireSpec, totals: dict[str, tuple[int, int, int]]) -> float:
    """This person's SE of D: the configured SEM of each scale, scaled to the items answered.

    A scale is the mean of its dimension means, so its error variance is proportional to
    Σ_d 1/n_d over its dimensions (n_d answered items). The configured SEM holds for every
    asked-of-everyone item answered; fewer answers widen it, follow-up answers narrow it.
    """
    measurement = spec.scoring.measurement
    variance = 0.0
    for name, sem in (("builder", measurement.builder.sem), ("people", measurement.people.sem)):
        on_scale = spec.dimensions_on(name)
        reference = sum(1 / _main_counts(spec, {}, d.key)[1] for d in on_scale)  # all asked
        actual = sum(1 / totals[d.key][1] for d in on_scale)
        variance += sem**2 * actual / reference
    return math.sqrt(variance)


def _follow_up(spec: QuestionnaireSpec, answers: dict[str, AnswerValue]) -> tuple[list[str], float]:
    """The follow-up keys still to ask, and the z a pole needs.

    Follow-up items are asked when the z of the other answers alone lies in the ambiguous
    band; once all are answered, a pole needs ``follow_up.pole_z`` on every answer. Outside
    the band (or with no follow-up items) the method's ``pole_z`` holds.
    """
    params = spec.scoring
    if not spec.index.follow_up:
        return [], params.pole_z
    main = _gap(spec, _dimension_totals(spec, answers, main_only=True))
    if main is None:
        return [], params.pole_z
    d, se_d = main
    band = params.follow_up
    if not band.ask_from_z <= abs(d) / se_d < band.ask_below_z:
        return [], params.pole_z
    pending = [item.key for item in spec.index.follow_up if item.key not in answers]
    return pending, params.pole_z if pending else band.pole_z


def _inconsistency(spec: QuestionnaireSpec, answers: dict[str, AnswerValue]) -> float | None:
    """Pooled SD of normalised keyed answers within dimensions (0 = perfectly consistent).

    Statements of one dimension say nearly the same thing (reversed ones the opposite), so
    an attentive person's keyed answers to them sit close together; answering at random
    spreads them out (about 0.35 on a five-point scale).
    """
    scale = spec.scale
    squares, freedom, count = 0.0, 0, 0
    for items in spec.index.likert_by_dimension.values():
        keyed = [
            (item.keyed(answers[item.key], scale) - scale.min) / scale.width
            for item in items
            if item.key in answers
        ]
        count += len(keyed)
        if len(keyed) >= 2:
            mean = _mean(keyed)
            squares += sum((value - mean) ** 2 for value in keyed)
            freedom += len(keyed) - 1
    if count < spec.scoring.careless.inconsistency_min_items or not freedom:
        return None
    return math.sqrt(squares / freedom)


def _careless_problems(
    spec: QuestionnaireSpec, answers: dict[str, AnswerValue], inconsistency: float | None
) -> list[str]:
    """Why the answers look too careless to read, kindly put; empty when they do not."""
    params = spec.scoring
    problems = []
    longest, spread, counted = _run_and_spread(spec, answers)
    if (
        params.careless.withhold_straight_lines
        and longest >= params.flags.long_run
        and counted >= params.flags.low_spread_min_items
        and spread < params.flags.low_spread_sd
    ):
        problems.append(
            f"{longest} statements in a row got the same answer, and the answers hardly "
            "varied overall. That happens when a questionnaire is answered in a rush, so a "
            "reading from it would not be fair to you."
        )
    if inconsistency is not None and inconsistency >= params.careless.inconsistent_at:
        problems.append(
            "Statements that say nearly the same thing got quite different answers, more "
            "than careful answering usually gives. A reading from them could point the wrong "
            "way, so we would rather not guess."
        )
    return problems


def _run_and_spread(
    spec: QuestionnaireSpec, answers: dict[str, AnswerValue]
) -> tuple[int, float, int]:
    """The longest run of identical likert answers in display order (a skipped statement
    ends a run), the SD of the normalised answers, and how many there are."""
    scale = spec.scale
    longest = run = 0
    previous: AnswerValue | None = None
    values = []
    for item in spec.index.likert:
        value = answers.get(item.key)
        if value is None:
            run = 0
        else:
            run = run + 1 if value == previous else 1
            values.append((value - scale.min) / scale.width)
        previous = value
        longest = max(longest, run)
    if not values:
        return longest, 0.0, 0
    mean = _mean(values)
    return longest, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)), len(values)


def _instructed_problems(spec: QuestionnaireSpec, answers: dict[str, AnswerValue]) -> list[str]:
    problems = []
    for item in spec.items:
        if not isinstance(item, InstructedItem):
            continue
        value = answers.get(item.key)
        if value is None:
            problems.append(f'The check question "{item.text}" was not answered.')
        elif value != item.expected:
            problems.append(
                f'The check question "{item.text}" was answered "{spec.label(value)}" '
                f'instead of "{spec.label(item.expected)}".'
            )
    return problems


def _withheld(base: dict, reasons: list[str], *, careless: bool = False) -> ScoreResult:
    if careless:
        explanation = (
            "There is no recommendation this time. It is not a judgement of you: the pattern "
            "of answers suggests the questionnaire was answered quickly. " + " ".join(reasons)
        )
    else:
        explanation = (
            "There is no recommendation yet, because the answers did not pass the quality "
            "checks. " + " ".join(reasons)
        )
    return ScoreResult(
        **base,
        outcome=Outcome.WITHHELD,
        strength=None,
        confidence=None,
        scales=None,
        affinities=None,
        d=None,
        z=None,
        flags=[],
        flag_notes={},
        contributions={},
        drivers=Drivers(),
        explanation=explanation,
        reasons=reasons,
    )


def _contributions(
    spec: QuestionnaireSpec,
    answers: dict[str, AnswerValue],
    totals: dict[str, tuple[int, int, int]],
) -> dict[str, float]:
    """c_i = s · (1/m) · (100/(max − min)) / n_d · (x'_i − (min + max)/2); they sum to D.

    Written as 100 · s · (2(x' − min) − (max − min)) / (2 · m · n_d · (max − min)) so the
    numerator and denominator stay integers and the coding of the scale cannot matter.
    Only builder and people items move D; product and caution items are left out.
    """
    scale = spec.scale
    factors: dict[str, tuple[int, int]] = {}  # dimension → (s, 2 · m · n_d · (max − min))
    for scale_name, sign in (("builder", -1), ("people", 1)):
        on_scale = spec.dimensions_on(scale_name)
        for dimension in on_scale:
            answered = totals[dimension.key][1]
            factors[dimension.key] = (sign, 2 * len(on_scale) * answered * scale.width)
    contributions: dict[str, float] = {}
    for item in spec.index.likert:  # display order, so the mapping reads like the quiz
        value = answers.get(item.key)
        if value is not None and item.dimension in factors:
            sign, denominator = factors[item.dimension]
            offset = 2 * (item.keyed(value, scale) - scale.min) - scale.width
            contributions[item.key] = 100 * sign * offset / denominator
    return contributions


def _flags(
    spec: QuestionnaireSpec,
    answers: dict[str, AnswerValue],
    outcome: Outcome,
    d: float,
    dimensions: dict[str, float | None],
) -> dict[str, str]:
    """The soft flags that fire, each with the sentence that explains it."""
    p = spec.scoring.flags
    scale = spec.scale
    likert = [item for item in spec.index.likert if item.key in answers]
    # Raw answers on a 0..1 scale: thresholds mean the same whatever the coding.
    normalised = {item.key: (answers[item.key] - scale.min) / scale.width for item in likert}
    flags: dict[str, str] = {}

    if outcome.is_pole:
        pole = "people" if d > 0 else "builder"
        chosen = [
            item.option(answers[item.key]).pole
            for item in spec.items
            if isinstance(item, ForcedChoiceItem) and item.key in answers
        ]
        against = sum(1 for choice in chosen if choice != pole)
        if len(chosen) >= p.fc_min_answered and against / len(chosen) > p.fc_against_share:
            flags[FORCED_CHOICE_DISAGREEMENT] = (
                f"In {against} of {len(chosen)} either-or choices the option picked pointed "
                f"away from {DIRECTION_NAMES[1 if d > 0 else -1]}, so the direction is less "
                "settled than the scores alone suggest."
            )

    longest, spread, counted = _run_and_spread(spec, answers)
    if longest >= p.long_run:
        flags[LONG_RUN] = (
            f"{longest} answers in a row were identical, which can happen when answering "
            "quickly; the scores may be less precise than they look."
        )

    if counted >= p.low_spread_min_items and spread < p.low_spread_sd:
        flags[LOW_SPREAD] = (
            "The answers hardly varied from one statement to the next, so small "
            "differences between the scales carry less weight."
        )

    forward = [normalised[item.key] for item in likert if not item.reverse]
    reverse = [normalised[item.key] for item in likert if item.reverse]
    if min(len(forward), len(reverse)) >= p.acquiescence_min_items:
        # Forward and reversed statements weigh equally, so agreeing with content cancels.
        agreement = (_mean(forward) + _mean(reverse)) / 2
        if agreement >= p.acquiescence_mean:
            flags[ACQUIESCENCE] = (
                "Statements were mostly agreed with whichever way they were worded, which "
                "can blur the differences between the scales."
            )

    title_pull = dimensions.get(TITLE_PULL)
    if (
        outcome == Outcome.PEOPLE_LEADER
        and title_pull is not None
        and title_pull >= p.title_pull_at
    ):
        flags[TITLE_PULL] = (
            f"The pull of the title scored {title_pull:.0f} out of 100. Before a move into "
            "people leadership, check that the pull is to the work itself, not the title."
        )
    # The two mismatches the product exists to catch, when leadership is on the table.
    toward_people = outcome in (Outcome.PEOPLE_LEADER, Outcome.HYBRID)
    polite = dimensions.get(POLITE_YES)
    if toward_people and polite is not None and polite >= p.polite_yes_at:
        flags[POLITE_YES] = (
            f"Turning down a leadership offer would be hard ({polite:.0f} out of 100). A yes "
            "given to be polite is a common way into a role that does not fit: decide on the "
            "work itself, and a kind no is fine when the work is wrong."
        )
    team_only = dimensions.get(TEAM_WITHOUT_PEOPLE_WORK)
    if toward_people and team_only is not None and team_only >= p.team_without_people_work_at:
        flags[TEAM_WITHOUT_PEOPLE_WORK] = (
            f"A team appeals mostly for what it could build ({team_only:.0f} out of 100). "
            "Leading one is mostly the people work: coaching, reviews and hiring. Try that "
            "part first, for example by mentoring someone for a quarter."
        )
    return flags


def _drivers(
    spec: QuestionnaireSpec,
    answers: dict[str, AnswerValue],
    contributions: dict[str, float],
    direction: int,
) -> Drivers:
    """Up to three answers pushing toward ``direction`` and two pushing against.

    Every answer weighs the same here, whatever the size of its dimension: answers are
    ranked by how far they sit from the midpoint. Answers about the side they push toward
    (people statements agreed with, for people leadership) come before answers about the
    other side (builder statements disagreed with), and among equally strong answers one
    from a motivator not yet shown goes first, then the earlier item.
    """
    scale = spec.scale
    side = {-1: "builder", 1: "people"}

    def strength(key: str) -> int:
        item = spec.item(key)
        assert isinstance(item, LikertItem)
        return abs(2 * (item.keyed(answers[key], scale) - scale.min) - scale.width)

    def pick(towards: int, count: int) -> list[str]:
        candidates = [key for key, c in contributions.items() if c * towards > 0]

        def rank(key: str) -> tuple[bool, int]:
            own = spec.dimension(spec.item(key).dimension).scale == side[towards]
            return (not own, -strength(key))

        candidates.sort(key=rank)  # stable: the earlier item first within a rank
        chosen: list[str] = []
        shown: dict[str, int] = {}
        while candidates and len(chosen) < count:
            best = rank(candidates[0])
            tied = [key for key in candidates if rank(key) == best]
            key = min(tied, key=lambda k: shown.get(spec.item(k).dimension, 0))
            chosen.append(key)
            candidates.remove(key)
            dimension = spec.item(key).dimension
            shown[dimension] = shown.get(dimension, 0) + 1
        return chosen

    toward, against = pick(direction, 3), pick(-direction, 2)

    def driver(key: str) -> Driver:
        item = spec.item(key)
        assert isinstance(item, LikertItem)
        value = answers[key]
        assert isinstance(value, int)
        return Driver(
            item=key,
            text=item.text,
            dimension=item.dimension,
            answer=value,
            label=spec.label(value),
            contribution=contributions[key],
            sentence=answer_sentence(spec, item, value),
        )

    return Drivers(toward=[driver(k) for k in toward], against=[driver(k) for k in against])


_FIRST_PERSON = [
    (re.compile(r"\bI am\b"), "you are"),
    (re.compile(r"\bI was\b"), "you were"),
    (re.compile(r"\bI(?=['\u2019](?:m|ve|d|ll)\b)"), "you"),
    (re.compile(r"\byou(['\u2019])m\b"), r"you\1re"),
    (re.compile(r"\bI\b"), "you"),
    (re.compile(r"\b[Mm]yself\b"), "yourself"),
    (re.compile(r"\b[Mm]ine\b"), "yours"),
    (re.compile(r"\b[Mm]y\b"), "your"),
    (re.compile(r"\b[Mm]e\b"), "you"),
]


@lru_cache(maxsize=1024)
def as_clause(text: str) -> str:
    """An item's statement made to follow "You agreed that ...".

    First-person statements ("I enjoy my ...") are turned to the second person ("you enjoy
    your ..."); observer statements ("They ...") keep their subject. The first word is
    lower-cased unless it looks like a name or an acronym ("PMs", "OKRs").
    """
    clause = text.strip().rstrip(".!")
    for pattern, replacement in _FIRST_PERSON:
        clause = pattern.sub(replacement, clause)
    first, _, rest = clause.partition(" ")
    if first[:1].isupper() and first[1:] == first[1:].lower():
        clause = first.lower() + (" " + rest if rest else "")
    return clause


def answer_sentence(spec: QuestionnaireSpec, item: LikertItem, value: int) -> str:
    """The answer in the person's own words: "You agreed strongly that you enjoy ..."."""
    scale = spec.scale
    step = 2 * (value - scale.min) - scale.width  # sign says which side of the midpoint
    if value == scale.max:
        verb = "You agreed strongly that"
    elif value == scale.min:
        verb = "You disagreed strongly that"
    elif step > 0:
        verb = "You agreed that"
    elif step < 0:
        verb = "You disagreed that"
    else:
        verb = "You neither agreed nor disagreed that"
    return f"{verb} {as_clause(item.text)}."


def _explain(spec: QuestionnaireSpec, result: dict, direction: int, margin: float) -> str:
    """A short paragraph made only from the numbers in ``result``."""
    params = spec.scoring
    scales: ScaleScores = result["scales"]
    subject = "Your answers" if spec.audience == "self" else "Your answers about this person"
    outcome, strength, d, z = result["outcome"], result["strength"], result["d"], result["z"]
    se_d = result["se_d"]
    parts = []
    if outcome.is_pole:
        verb = "point clearly to" if strength == "clear" else "lean toward"
        parts.append(f"{subject} {verb} {outcome.label.lower()}.")
    elif outcome == Outcome.HYBRID:
        parts.append(
            f"{subject} put building and people leadership too close to call: the gap of "
            f"{points(abs(d))} is within the margin of about {se_d * margin:.0f} that "
            "measurement error leaves. A hybrid step such as a Group PM role, or a "
            "time-boxed experiment, is the way to decide."
        )
    else:
        parts.append(
            f"None of the three scales reached {params.inconclusive_below:.0f} out of 100 "
            f"(the highest was {max(scales.builder, scales.people, scales.product):.0f}). "
            "The choice may be premature, or something other than these motivators may be "
            "driving it, which is worth knowing too."
        )
    parts.append(
        f"Building scored {scales.builder:.0f}, people leadership {scales.people:.0f} and "
        f"product leadership {scales.product:.0f} out of 100."
    )
    if outcome.is_pole:
        side = "above" if d > 0 else "below"
        parts.append(
            f"People leadership is {points(abs(d))} {side} building, {times(z)} times the "
            f"measurement error of about {se_d:.0f} points: {gap_meaning(z)}"
        )
    if result["follow_up"]:
        parts.append(
            f"This is a first reading: {len(result['follow_up'])} more statements would settle it."
        )
    drivers: Drivers = result["drivers"]
    if outcome.is_pole:
        toward, against = "What weighed most toward it", "Pointing the other way"
    else:  # no pole: name both directions plainly
        toward = f"Pulling most toward {DIRECTION_NAMES[direction]}"
        against = f"Pulling toward {DIRECTION_NAMES[-direction]}"
    if drivers.toward:
        parts.append(f"{toward}: {_join(drivers.toward)}.")
    if drivers.against:
        parts.append(f"{against}: {_join(drivers.against)}.")
    notes = result["flag_notes"]
    parts.extend(notes.values())
    lowered = any(flag in LOWERING_FLAGS for flag in notes)
    if lowered and strength == "leaning" and z >= params.clear_z:
        parts.append("Because of this, the result is shown as leaning rather than clear.")
    return " ".join(parts)


def points(value: float) -> str:
    """A whole number of points, rounded as shown: "1 point", "12 points"."""
    shown = round(value)
    return f"{shown} point" if shown == 1 else f"{shown} points"


def times(z: float) -> str:
    """z to one decimal, cut down rather than rounded up: 1.98 is "1.9", never "2.0"."""
    return f"{math.floor(z * 10) / 10:.1f}"


def gap_meaning(z: float) -> str:
    """What a gap of ``z`` measurement errors means, in one sentence a PM reads correctly.

    The numbers are how often a gap at least this large would appear by chance if the two
    scales were really equal (two-sided), cut down so they never overstate.
    """
    if z >= 3:
        return (
            "a gap this large almost never comes from noise in the answers, so the "
            "direction of your motivation is clear. It says which work energises you more, "
            "not whether a given role will work out."
        )
    chance = 2 * (1 - normal_cdf(z))
    one_in = max(2, math.floor(1 / chance)) if chance > 0 else 2
    return (
        f"noise alone would give a gap this large about once in {one_in} readings, so "
        "treat it as a direction to test, not a verdict."
    )


def _join(drivers: list[Driver]) -> str:
    clauses = [driver.sentence[0].lower() + driver.sentence[1:].rstrip(".") for driver in drivers]
    return "; ".join(clauses)
