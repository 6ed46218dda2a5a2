"""Alerts for a manager: the career mismatches that cost companies their best people.

Pure: no Django, no I/O. ``alerts_for(level, score)`` reads a report's current level (its
title and its track kind) and the scoring output of the latest result they chose to share,
and returns the alerts that fire, each with the numbers that made it fire. The three rules
follow the scenarios in ``domain.md``. Every alert is derived from the outcome the manager
sees beside it, never from a score alone, so an alert cannot contradict the reading (a
"strong pull toward leading people" on a reading of "both paths" would):

* ``people_pull_on_ic_level`` — a people-leadership reading while the person holds an
  individual-contributor level (track kind ``ic``, or ``shared``: the levels before the
  fork have no reports either). Left alone, they tend to lose drive and leave.
* ``both_paths_on_ic_level`` — a reading too close to call, with a people score that is
  high in its own right, on such a level: worth a trial before the person decides alone.
* ``builder_on_people_level`` — a builder outcome while the person holds a level whose work
  includes managing people (track kind ``people`` or ``hybrid``). They may be happier on the
  IC route.
* ``title_pull`` — a people-leadership outcome with the title-pull caution flag: the move
  may be about the title rather than the work.

Thresholds are arguments with defaults, so a company can tune them without editing rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import TITLE_PULL, Outcome, ScoreResult

INDIVIDUAL_KINDS = frozenset({"ic", "shared"})
MANAGING_KINDS = frozenset({"people", "hybrid"})
STRONG_PEOPLE_PULL = 70.0


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


def _reading(score: ScoreResult) -> str:
    """The outcome as a manager reads it: "a clear lean toward people leadership"."""
    name = score.outcome.label.lower()
    return f"a {score.strength} lean toward {name}" if score.strength else name


def alerts_for(
    level: LevelFacts | None,
    score: ScoreResult | None,
    *,
    strong_people_pull: float = STRONG_PEOPLE_PULL,
) -> list[Alert]:
    """The alerts that fire for one report, most urgent first; [] without a shared result."""
    if score is None:
        return []
    outcome = score.outcome
    builder = score.scales.builder if score.scales else None
    people = score.scales.people if score.scales else None
    alerts: list[Alert] = []

    on_individual_level = level is not None and level.track_kind in INDIVIDUAL_KINDS
    if on_individual_level and people is not None:
        if outcome == Outcome.PEOPLE_LEADER:
            alerts.append(
                Alert(
                    kind="people_pull_on_ic_level",
                    title=(
                        "A strong pull toward leading people"
                        if score.strength == "clear"
                        else "A pull toward leading people"
                    ),
                    advice=(
                        "Talk about a path before they look elsewhere: a mentoring "
                        "assignment, an interim lead role, or a timeline toward a people "
                        "or hybrid level."
                    ),
                    why=(
                        f"Their shared result reads {_reading(score)}, with people "
                        f"leadership at {people:.0f} of 100 against building at "
                        f"{builder or 0:.0f}, while their level, {level.title}, has no "
                        "reports."
                    ),
                )
            )
        elif outcome == Outcome.HYBRID and people >= strong_people_pull:
            alerts.append(
                Alert(
                    kind="both_paths_on_ic_level",
                    title="Drawn to leading people as much as to building",
                    advice=(
                        "Neither path wins yet. Offer a way to try the people side, such as "
                        "supporting a newer PM or a Group PM-shaped quarter, before they "
                        "decide on their own."
                    ),
                    why=(
                        f"Their shared result reads {_reading(score)}, with people "
                        f"leadership at {people:.0f} of 100 and building at "
                        f"{builder or 0:.0f}, while their level, {level.title}, has no "
                        "reports."
                    ),
                )
            )

    if level is not None and level.track_kind in MANAGING_KINDS and outcome == Outcome.BUILDER:
        alerts.append(
            Alert(
                kind="builder_on_people_level",
                title="A builder in a role that manages people",
                advice=(
                    "They may be happier building. Consider the IC route, such as a "
                    "principal role, and ask what parts of the job give them energy."
                ),
                why=(
                    f"Their shared result reads {_reading(score)}, with building "
                    f"at {builder or 0:.0f} of 100 against people leadership at "
                    f"{people or 0:.0f}, while their level, {level.title}, includes "
                    "managing people."
                ),
            )
        )

    if outcome == Outcome.PEOPLE_LEADER and TITLE_PULL in score.flags:
        title_pull = score.dimensions.get(TITLE_PULL)
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
                    f"Their shared result leans toward {outcome.label.lower()}, and the pull of "
                    f"title and status scored {score}, high enough to raise the "
                    "questionnaire's caution."
                ),
            )
        )
    return alerts
