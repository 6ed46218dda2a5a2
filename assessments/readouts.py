"""A stored result as the person reads it: words, chart geometry and ladder steps.

Built only from ``Result.payload``, ``Result.placement`` and ``Result.questionnaire_snapshot``
— never by scoring again — so an old result reads exactly as it did on the day, whatever
has happened to the questionnaire or the ladder since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessments import charts, guidance
from assessments.scoring import Driver, Outcome, QuestionnaireSnapshot, ScaleScores, ScoreResult
from ladders.specs import PlacedLadder, PlacedLevel, Placement


@dataclass(frozen=True)
class DriverLine:
    item: str
    text: str
    label: str
    sentence: str
    dimension: str
    scale: str
    contribution: float

    @property
    def points(self) -> str:
        """How far this answer moved the people − builder gap, for the table."""
        return f"{abs(self.contribution):.1f}"


@dataclass(frozen=True)
class Caution:
    key: str
    title: str
    note: str


@dataclass(frozen=True)
class Readout:
    outcome: Outcome
    strength: str | None
    confidence: float | None
    headline: str
    summary: str
    explanation: str
    reasons: list[str]
    scales: ScaleScores | None
    d: float | None
    se_d: float
    regions: charts.Regions
    answered: int
    total: int
    questionnaire: QuestionnaireSnapshot
    placement: Placement
    map: charts.MapChart | None
    bars: list[charts.BarGroup]
    toward: list[DriverLine]
    against: list[DriverLine]
    cautions: list[Caution]
    experiments: list[guidance.Experiment]
    opener: str
    withheld_steps: list[str] = field(default_factory=list)
    z: float | None = None
    # Before the fork the next step is still on the shared track: the step where the
    # reading's own path begins, and the level after which the paths split.
    branch_step: PlacedLevel | None = None
    fork: PlacedLevel | None = None

    @property
    def tone(self) -> str:
        return self.outcome.tone

    @property
    def outcome_name(self) -> str:
        return self.outcome.label

    @property
    def is_pole(self) -> bool:
        return self.outcome.is_pole

    @property
    def band_half_width(self) -> float:
        return self.regions.band_half_width

    @property
    def threshold(self) -> float:
        return self.regions.threshold

    @property
    def confidence_text(self) -> str:
        """The headline's measure of certainty, in words (see guidance.certainty)."""
        return guidance.certainty(self.z)

    @property
    def confidence_note(self) -> str:
        return guidance.certainty_note(self.z)

    @property
    def shows_confidence(self) -> bool:
        """Only a called direction has a confidence worth quoting."""
        return self.is_pole and self.z is not None

    @property
    def lead_direction(self) -> str:
        """Which way the answers lean, in words, even when no path is called."""
        if self.d is None:
            return ""
        return "people leadership" if self.d >= 0 else "building products"

    @property
    def other_direction(self) -> str:
        if self.d is None:
            return ""
        return "building products" if self.d >= 0 else "people leadership"

    @property
    def toward_tone(self) -> str:
        """The colour of the answers listed as pushing toward the result (or the lean)."""
        if self.outcome == Outcome.BUILDER or (not self.is_pole and (self.d or 0) < 0):
            return Outcome.BUILDER.tone
        return Outcome.PEOPLE_LEADER.tone

    @property
    def against_tone(self) -> str:
        if self.toward_tone == Outcome.BUILDER.tone:
            return Outcome.PEOPLE_LEADER.tone
        return Outcome.BUILDER.tone

    @property
    def highest_scale(self) -> int | None:
        if self.scales is None:
            return None
        return round(max(self.scales.builder, self.scales.people, self.scales.product))

    @property
    def gap(self) -> int | None:
        return None if self.d is None else round(abs(self.d))

    @property
    def ladder(self) -> PlacedLadder | None:
        return self.placement.ladder

    @property
    def current_level(self) -> PlacedLevel | None:
        return self.placement.current

    @property
    def next_levels(self) -> list[PlacedLevel]:
        return self.placement.next

    @property
    def later_levels(self) -> list[PlacedLevel]:
        return self.placement.later


def read_result(result: Any) -> Readout:
    """The Readout of a stored ``Result`` (anything with ``score``, ``ladder_placement`` and
    ``snapshot``)."""
    return read(result.score, result.snapshot, result.ladder_placement)


def read(score: ScoreResult, snapshot: QuestionnaireSnapshot, placement: Placement) -> Readout:
    """The words, charts and ladder steps of one scored result."""
    outcome = score.outcome
    strength = score.strength or None
    regions = charts.Regions.of(score, snapshot)
    by_key = {dimension.key: dimension for dimension in snapshot.dimensions}

    def lines(drivers: list[Driver]) -> list[DriverLine]:
        return [
            DriverLine(
                item=driver.item,
                text=driver.text,
                label=driver.label,
                sentence=driver.sentence,
                dimension=by_key[driver.dimension].name
                if driver.dimension in by_key
                else driver.dimension,
                scale=by_key[driver.dimension].scale if driver.dimension in by_key else "",
                contribution=driver.contribution,
            )
            for driver in drivers
        ]

    chart = None
    if score.scales is not None:
        chart = charts.plot_map(
            score.scales.builder,
            score.scales.people,
            band_half_width=regions.band_half_width,
            threshold=regions.threshold,
        )
    cautions = [
        Caution(key=key, title=guidance.flag_title(key), note=score.flag_notes.get(key, ""))
        for key in score.flags
    ]
    branch_step, fork, goal = _branch_steps(placement)
    withheld = outcome == Outcome.WITHHELD
    return Readout(
        outcome=outcome,
        strength=strength,
        confidence=score.confidence,
        headline=guidance.headline(outcome, strength),
        summary=guidance.summary(outcome, strength),
        explanation=score.explanation,
        reasons=list(score.reasons),
        scales=score.scales,
        d=score.d,
        se_d=score.se_d,
        regions=regions,
        answered=score.answered,
        total=score.total,
        questionnaire=snapshot,
        placement=placement,
        map=chart,
        bars=charts.bar_groups(snapshot.dimensions, score.dimensions),
        toward=lines(score.drivers.toward),
        against=lines(score.drivers.against),
        cautions=cautions,
        experiments=guidance.experiments_for(outcome),
        opener="" if withheld else guidance.conversation_opener(outcome, goal),
        withheld_steps=guidance.WITHHELD_STEPS if withheld else [],
        z=score.z,
        branch_step=branch_step,
        fork=fork,
    )


def _branch_steps(
    placement: Placement,
) -> tuple[PlacedLevel | None, PlacedLevel | None, str | None]:
    """``(branch_step, fork, goal)`` for a placement with a branch.

    ``goal`` is the title of the first level ahead on the branch's own track, the one an
    opener may name: never a shared level that merely lies on the way. ``branch_step`` and
    ``fork`` are set only while the next step is not yet on that track (a pre-fork level):
    the first level on it, and the level just before it, after which the paths split.
    """
    if placement.branch is None or placement.current is None:
        return None, None, None
    ahead = [*placement.next, *placement.later]
    index = next((i for i, level in enumerate(ahead) if level.track_kind == placement.branch), None)
    if index is None:
        return None, None, None
    goal = ahead[index].title
    if index == 0:
        return None, None, goal
    return ahead[index], ahead[index - 1], goal
