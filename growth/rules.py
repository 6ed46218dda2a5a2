"""The plan's rules, pure: weeks, gaps, energy trends, plateaus, overdue touch-bases, and
whether the person's experiments agree with their questionnaire's reading.

No Django here: callers pass plain values (dates, numbers, keys) and get plain values back,
so every rule is tested as a table (tests/growth/test_rules.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MIN_WEEKS, MAX_WEEKS = 2, 12
MAX_EXPERIMENTS = 20
MAX_BOARD_MEMBERS = 12
MAX_COMMENTS = 100
PULSE_EVERY_DAYS = 91  # about a quarter
PLATEAU_ANSWER = 2  # an answer of 2 or lower out of 5 reads as "no"


class Energy(StrEnum):
    ENERGISED = "energised"
    NEUTRAL = "neutral"
    DRAINED = "drained"


ENERGY_VALUE = {Energy.ENERGISED: 1, Energy.NEUTRAL: 0, Energy.DRAINED: -1}


class Leaning(StrEnum):
    """What a finished experiment says about the two paths, in the person's own judgement."""

    PRODUCTS = "products"
    PEOPLE = "people"
    UNCLEAR = "unclear"


# ---- weeks ---------------------------------------------------------------------------


def week_of(day: date) -> date:
    """The Monday of the calendar week ``day`` falls in: check-ins are counted per week."""
    return day - timedelta(days=day.weekday())


# ---- gaps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    key: str
    rating: int  # the person's own rating
    expected: int  # the target level's proficiency

    @property
    def size(self) -> int:
        return self.expected - self.rating


def gaps(ratings: dict[str, int], expected: dict[str, int]) -> list[Gap]:
    """Competencies the person rated below what the target level expects, largest gap first
    (then in the order of ``expected``). An unrated competency is no gap: nothing was said."""
    found = [
        Gap(key, ratings[key], need)
        for key, need in expected.items()
        if key in ratings and ratings[key] < need
    ]
    order = {key: i for i, key in enumerate(expected)}
    return sorted(found, key=lambda gap: (-gap.size, order[gap.key]))


# ---- energy --------------------------------------------------------------------------


class Trend(StrEnum):
    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"
    TOO_EARLY = "too_early"


TREND_WORDS = {
    Trend.RISING: "Energy is rising",
    Trend.STEADY: "Energy is steady",
    Trend.FALLING: "Energy is falling",
    Trend.TOO_EARLY: "Too early to see a trend",
}


def energy_trend(energies: Sequence[str]) -> Trend:
    """Whether check-ins (oldest first) are getting more or less energising: the later half's
    mean against the earlier half's. Fewer than two check-ins are too early to tell."""
    if len(energies) < 2:
        return Trend.TOO_EARLY
    values = [ENERGY_VALUE[Energy(energy)] for energy in energies]
    half = len(values) // 2
    earlier, later = values[:half], values[len(values) - half :]
    change = sum(later) / len(later) - sum(earlier) / len(earlier)
    if change >= 0.5:
        return Trend.RISING
    if change <= -0.5:
        return Trend.FALLING
    return Trend.STEADY


# ---- plateaus ------------------------------------------------------------------------


def is_plateau(learning: int, challenged: int, energy: int) -> bool:
    """A pulse reads as a plateau when at least two of its three answers (1–5) say no."""
    return sum(answer <= PLATEAU_ANSWER for answer in (learning, challenged, energy)) >= 2


def plateau_in_a_row(pulses: Sequence[tuple[int, int, int]]) -> bool:
    """True when the two latest pulses (newest first) both read as a plateau."""
    return len(pulses) >= 2 and all(is_plateau(*pulse) for pulse in pulses[:2])


def pulse_due(last_taken: date | None, today: date) -> bool:
    """A pulse is suggested once a quarter: when none was taken, or the last is ~3 months old."""
    return last_taken is None or (today - last_taken).days >= PULSE_EVERY_DAYS


# ---- the personal board ----------------------------------------------------------------


def touch_base_due(last_touch: date | None, every_weeks: int) -> date | None:
    """The day the next touch-base falls due (None: never touched base, so now)."""
    if last_touch is None:
        return None
    return last_touch + timedelta(weeks=every_weeks)


def is_overdue(last_touch: date | None, every_weeks: int, today: date) -> bool:
    due = touch_base_due(last_touch, every_weeks)
    return due is None or due < today


# ---- experiments against the reading --------------------------------------------------


class Verdict(StrEnum):
    NOT_YET = "not_yet"  # no finished experiment leans either way yet
    AGREE = "agree"  # they lean the way the reading points
    DISAGREE = "disagree"  # they lean the other way
    SPLIT = "split"  # as many lean one way as the other
    TIPS = "tips"  # the reading was close or unclear; the experiments lean one way


@dataclass(frozen=True)
class Evidence:
    verdict: Verdict
    products: int  # finished experiments that pointed to building products
    people: int  # ... to building people
    leaning: Leaning | None  # the way most of them point, when there is one


def weigh_evidence(reading: Leaning | None, leanings: Iterable[str]) -> Evidence:
    """Compare finished experiments' leanings with the questionnaire's reading.

    ``reading`` is the path the result points to (None when it was close, unclear or
    withheld). Experiments the person found unclear count for neither side.
    """
    counted = [Leaning(leaning) for leaning in leanings]
    products = counted.count(Leaning.PRODUCTS)
    people = counted.count(Leaning.PEOPLE)
    if products == people:
        verdict = Verdict.NOT_YET if products == 0 else Verdict.SPLIT
        return Evidence(verdict, products, people, None)
    leaning = Leaning.PRODUCTS if products > people else Leaning.PEOPLE
    if reading is None or reading == Leaning.UNCLEAR:
        verdict = Verdict.TIPS
    else:
        verdict = Verdict.AGREE if leaning == reading else Verdict.DISAGREE
    return Evidence(verdict, products, people, leaning)
