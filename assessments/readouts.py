"""A stored result as the person reads it: words, chart geometry and ladder steps.

Built only from ``Result.payload``, ``Result.placement`` and ``Result.questionnaire_snapshot``
— never by scoring again — so an old result reads exactly as it did on the day, whatever
has happened to the questionnaire or the ladder since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessments import charts, guidance

POLES = ("builder", "people_leader")
SCALE_NAMES = {"builder": "Building products", "people": "Building people"}


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
    outcome: str
    strength: str | None
    confidence: float | None
    headline: str
    summary: str
    tone: str
    explanation: str
    reasons: list[str]
    scales: dict[str, float] | None
    d: float | None
    se_d: float
    band_half_width: float
    threshold: float
    answered: int | None
    total: int | None
    questionnaire: dict[str, Any]
    placement: dict[str, Any]
    map: charts.MapChart | None
    bars: list[charts.BarGroup]
    toward: list[DriverLine]
    against: list[DriverLine]
    cautions: list[Caution]
    experiments: list[guidance.Experiment]
    opener: str
    withheld_steps: list[str] = field(default_factory=list)

    @property
    def is_pole(self) -> bool:
        return self.outcome in POLES

    @property
    def confidence_text(self) -> str:
        return guidance.percent(self.confidence)

    @property
    def shows_confidence(self) -> bool:
        """Only a called direction has a confidence worth quoting."""
        return self.is_pole and self.confidence is not None

    @property
    def outcome_name(self) -> str:
        return guidance.OUTCOME_NAMES.get(self.outcome, self.outcome)

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
        if self.outcome == "builder" or (not self.is_pole and (self.d or 0) < 0):
            return "builder"
        return "people"

    @property
    def against_tone(self) -> str:
        return "people" if self.toward_tone == "builder" else "builder"

    @property
    def highest_scale(self) -> int | None:
        return round(max(self.scales.values())) if self.scales else None

    @property
    def gap(self) -> int | None:
        return None if self.d is None else round(abs(self.d))

    @property
    def ladder(self) -> dict[str, Any]:
        return self.placement.get("ladder") or {}

    @property
    def current_level(self) -> dict[str, Any] | None:
        return self.placement.get("current")

    @property
    def next_levels(self) -> list[dict[str, Any]]:
        return self.placement.get("next") or []

    @property
    def later_levels(self) -> list[dict[str, Any]]:
        return self.placement.get("later") or []


def read_result(result: Any) -> Readout:
    """The Readout of a stored ``Result``."""
    payload: dict[str, Any] = result.payload or {}
    snapshot: dict[str, Any] = result.questionnaire_snapshot or {}
    placement: dict[str, Any] = result.placement or {}
    outcome = payload.get("outcome", result.outcome)
    strength = payload.get("strength") or None
    thresholds = snapshot.get("thresholds", {})
    se_d = float(payload.get("se_d") or 0.0)
    band = se_d * float(thresholds.get("pole_z", 1.0))
    threshold = float(thresholds.get("inconclusive_below", 40.0))
    scales = payload.get("scales")
    dimensions = snapshot.get("dimensions", [])
    by_key = {d["key"]: d for d in dimensions}

    chart = None
    if scales is not None:
        chart = charts.plot_map(
            scales["builder"], scales["people"], band_half_width=band, threshold=threshold
        )

    def lines(kind: str) -> list[DriverLine]:
        drivers = (payload.get("drivers") or {}).get(kind) or []
        return [
            DriverLine(
                item=driver["item"],
                text=driver["text"],
                label=driver.get("label", ""),
                sentence=driver["sentence"],
                dimension=by_key.get(driver.get("dimension", ""), {}).get(
                    "name", driver.get("dimension", "")
                ),
                scale=by_key.get(driver.get("dimension", ""), {}).get("scale", ""),
                contribution=float(driver.get("contribution", 0.0)),
            )
            for driver in drivers
        ]

    notes = payload.get("flag_notes") or {}
    cautions = [
        Caution(key=key, title=guidance.flag_title(key), note=notes.get(key, ""))
        for key in payload.get("flags") or []
    ]
    next_steps = placement.get("next") or []
    next_title = next_steps[0]["title"] if len(next_steps) == 1 else None
    return Readout(
        outcome=outcome,
        strength=strength,
        confidence=payload.get("confidence"),
        headline=guidance.headline(outcome, strength),
        summary=guidance.summary(outcome, strength),
        tone=guidance.OUTCOME_TONES.get(outcome, "muted"),
        explanation=payload.get("explanation", ""),
        reasons=list(payload.get("reasons") or []),
        scales=scales,
        d=payload.get("d"),
        se_d=se_d,
        band_half_width=band,
        threshold=threshold,
        answered=payload.get("answered"),
        total=payload.get("total"),
        questionnaire=snapshot,
        placement=placement,
        map=chart,
        bars=charts.bar_groups(dimensions, payload.get("dimensions") or {}),
        toward=lines("toward"),
        against=lines("against"),
        cautions=cautions,
        experiments=guidance.experiments_for(outcome),
        opener=guidance.conversation_opener(outcome, next_title) if outcome != "withheld" else "",
        withheld_steps=guidance.WITHHELD_STEPS if outcome == "withheld" else [],
    )
