"""Which parts of a questionnaire one person is asked, and how far along they are.

Everyone answers the main parts: every item not marked ``follow_up``. The follow-up part
("A few more, to be sure") joins only once every main statement is answered and scoring
finds the gap between the two paths ambiguous (``ScoreResult.follow_up``); it then holds
just the items scoring listed. A person whose gap is clear never sees it, so no page counts
it in advance. Pure: a spec and the stored answers in, the parts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.scoring import score
from assessments.specs import Answers, AnyItem, QuestionnaireSpec, Section, usable_answers


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.answered >= self.total


@dataclass(frozen=True)
class Part:
    """A section as this person is asked it: only the items they are asked."""

    section: Section
    items: list[AnyItem]
    is_follow_up: bool

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


@dataclass(frozen=True)
class QuizPlan:
    spec: QuestionnaireSpec
    parts: list[Part]
    # The follow-up items asked of this person, answered or not, in display order.
    follow_up: tuple[str, ...]

    @property
    def main_parts(self) -> list[Part]:
        return [part for part in self.parts if not part.is_follow_up]

    @property
    def asked(self) -> frozenset[str]:
        """Every key this person may answer now."""
        return frozenset(key for part in self.parts for key in part.keys)

    def index(self, section_key: str) -> int | None:
        """The position of this section among the parts shown, or None when it is not one."""
        for index, part in enumerate(self.parts):
            if part.key == section_key:
                return index
        return None

    def progress(self, answered: Mapping[str, object]) -> Progress:
        """The main statements answered: a total that never grows."""
        main = self.spec.main_items
        return Progress(sum(item.key in answered for item in main), len(main))

    def follow_up_progress(self, answered: Mapping[str, object]) -> Progress | None:
        """The follow-up statements answered, once they are asked (else None)."""
        if not self.follow_up:
            return None
        return Progress(sum(key in answered for key in self.follow_up), len(self.follow_up))

    def unanswered(self, answered: Mapping[str, object], *, follow_up: bool) -> list[str]:
        """The follow-up keys (or the main keys) asked and not yet answered, in order."""
        keys = self.follow_up if follow_up else [item.key for item in self.spec.main_items]
        return [key for key in keys if key not in answered]


def main_progress(spec: QuestionnaireSpec, answer_count: int) -> Progress:
    """Progress from a bare count of stored answers (a list page counts them in SQL).

    Follow-up statements are asked only once every main one is answered, and an answer is
    never taken back, so any answers beyond the main total are follow-ups: the count stops
    at the total, which never grows.
    """
    total = len(spec.main_items)
    return Progress(min(answer_count, total), total)


def plan_quiz(spec: QuestionnaireSpec, stored: Mapping[str, object]) -> QuizPlan:
    """The parts ``spec`` asks of a person who has given the ``stored`` answers."""
    main = spec.main_items
    follow_up: tuple[str, ...] = ()
    if len(main) < len(spec.items) and all(item.key in stored for item in main):
        keys = {item.key for item in main}
        # Scored on the main answers alone, the list holds every follow-up item the band
        # asks for, whether or not some are answered already.
        asked = usable_answers(spec, {k: v for k, v in stored.items() if k in keys})
        follow_up = tuple(score(spec, asked).follow_up)
    shown = {item.key for item in main} | set(follow_up)
    parts = []
    for section in spec.sections:
        items = [item for item in spec.items_in_section(section.key) if item.key in shown]
        if items:
            only_follow_up = all(item.key in follow_up for item in items)
            parts.append(Part(section, items, is_follow_up=only_follow_up))
    return QuizPlan(spec=spec, parts=parts, follow_up=follow_up)


def as_asked(spec: QuestionnaireSpec, answers: Mapping[str, object]) -> Answers:
    """A full set of answers cut to what the quiz asks: every main answer, plus the
    follow-up answers scoring lists for them (none when the gap is clear). For answers made
    up in one go (demo data, tests), so they reach scoring the way a person's would."""
    main = {item.key for item in spec.main_items}
    asked = plan_quiz(spec, {k: v for k, v in answers.items() if k in main}).asked
    return usable_answers(spec, {k: v for k, v in answers.items() if k in asked})
