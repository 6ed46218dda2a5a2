"""Alerts for a manager: the career mismatches that cost companies their best people.

Pure: no Django, no I/O. ``alerts_for(level, payload)`` reads a report's current level (its
title and its track kind) and the scoring payload of the latest result they chose to share,
and returns the alerts that fire, each with the numbers that made it fire. The three rules
follow the scenarios in ``domain.md``:

* ``people_pull_on_ic_level`` — a strong pull toward leading people while the person holds
  an individual-contributor level (track kind ``ic``, or ``shared``: the levels before the
  fork have no reports either). Left alone, they tend to lose drive and leave.
* ``builder_on_people_level`` — a builder outcome while the person holds a level whose work
  includes managing people (track kind ``people`` or ``hybrid``). They may be happier on the
  IC route.
* ``title_pull`` — a people-leadership outcome with the title-pull caution flag: the move
  may be about the title rather than the work.

Thresholds are arguments with defaults, so a company can tune them without editing rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

INDIVIDUAL_KINDS = frozenset({"ic", "shared"})
MANAGING_KINDS = frozenset({"people", "hybrid"})
STRONG_PEOPLE_PULL = 70.0

OUTCOME_WORDS = {
    "builder": "building products",
    "people_leader": "leading people",
    "hybrid": "a mix of both (hybrid)",
    "inconclusive": "no clear direction yet",
    "withheld": "no reading (withheld)",
}


@dataclass(frozen=True)
class LevelFacts:
    """What the rules need to know about a person's current level."""

    title: str
    track_kind: str  # shared | ic | people | hybrid


@dataclass(frozen=True)
class Alert:
    kind: str
    title: str  # a short headline
    advice: str  # what the manager might do
    why: str  # the numbers that made it fire, in a sentence


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _scores(payload: Mapping[str, Any]) -> tuple[float | None, float | None]:
    scales = payload.get("scales") or {}
    return _number(scales.get("builder")), _number(scales.get("people"))


def _strength_words(payload: Mapping[str, Any]) -> str:
    strength = payload.get("strength")
    outcome = OUTCOME_WORDS.get(payload.get("outcome", ""), "no reading")
    return f"a {strength} lean toward {outcome}" if strength else outcome


def alerts_for(
    level: LevelFacts | None,
    payload: Mapping[str, Any] | None,
    *,
    strong_people_pull: float = STRONG_PEOPLE_PULL,
) -> list[Alert]:
    """The alerts that fire for one report, most urgent first; [] without a shared result."""
    if not payload:
        return []
    outcome = payload.get("outcome")
    builder, people = _scores(payload)
    alerts: list[Alert] = []

    if level is not None and level.track_kind in INDIVIDUAL_KINDS and people is not None:
        strong = outcome == "people_leader" or people >= strong_people_pull
        if strong:
            alerts.append(
                Alert(
                    kind="people_pull_on_ic_level",
                    title="A strong pull toward leading people",
                    advice=(
                        "Talk about a path before they look elsewhere: a mentoring "
                        "assignment, an interim lead role, or a timeline toward a people "
                        "or hybrid level."
                    ),
                    why=(
                        f"Their shared result reads {_strength_words(payload)}, with people "
                        f"leadership at {people:.0f} of 100 against building at "
                        f"{builder or 0:.0f}, while their level, {level.title}, has no "
                        "reports."
                    ),
                )
            )

    if level is not None and level.track_kind in MANAGING_KINDS and outcome == "builder":
        alerts.append(
            Alert(
                kind="builder_on_people_level",
                title="A builder in a role that manages people",
                advice=(
                    "They may be happier building. Consider the IC route, such as a "
                    "principal role, and ask what parts of the job give them energy."
                ),
                why=(
                    f"Their shared result reads {_strength_words(payload)}, with building "
                    f"at {builder or 0:.0f} of 100 against people leadership at "
                    f"{people or 0:.0f}, while their level, {level.title}, includes "
                    "managing people."
                ),
            )
        )

    flags = payload.get("flags") or []
    if outcome == "people_leader" and "title_pull" in flags:
        title_pull = _number((payload.get("dimensions") or {}).get("title_pull"))
        score = f"{title_pull:.0f} of 100" if title_pull is not None else "high"
        alerts.append(
            Alert(
                kind="title_pull",
                title="The title may be part of the pull",
                advice=(
                    "Check the pull is to the work, not the title: ask which parts of "
                    "managing (coaching, hiring, hard feedback) they look forward to."
                ),
                why=(
                    f"Their shared result leans toward leading people, and the pull of "
                    f"title and status scored {score}, high enough to raise the "
                    "questionnaire's caution."
                ),
            )
        )
    return alerts
