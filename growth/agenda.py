"""The manager's one-page agenda for the next one-to-one, pure: facts in, lines out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from growth.rules import TREND_WORDS, Trend


@dataclass(frozen=True)
class ExperimentFacts:
    title: str
    status: str  # planned, running, done, dropped
    trend: Trend
    checkins_since: int  # check-ins logged since the manager last looked
    changed_since: bool  # created, started or ended since the manager last looked

    @property
    def trend_text(self) -> str:
        return TREND_WORDS[self.trend]


@dataclass(frozen=True)
class Agenda:
    changes: list[str]
    to_discuss: list[ExperimentFacts]
    questions: list[str]


def build_agenda(
    first_name: str,
    last_seen: datetime | None,
    experiments: Sequence[ExperimentFacts],
    gap_names: Sequence[str],
    target_title: str,
    new_result_since: bool,
) -> Agenda:
    """What changed since ``last_seen`` (None: the manager's first look), the experiments
    worth talking about (running ones, and any that changed), and questions to ask."""
    changes = []
    if last_seen is None:
        changes.append(f"This is your first look at {first_name}'s plan.")
    for facts in experiments:
        if facts.changed_since and last_seen is not None:
            changes.append(f"“{facts.title}” is now {facts.status}.")
        if facts.checkins_since and last_seen is not None:
            plural = "s" if facts.checkins_since > 1 else ""
            changes.append(f"{facts.checkins_since} new check-in{plural} on “{facts.title}”.")
    if new_result_since:
        changes.append(f"{first_name} shared a new result.")
    if last_seen is not None and len(changes) == 0:
        changes.append("Nothing new in the plan since you last looked.")
    to_discuss = [f for f in experiments if f.status == "running" or f.changed_since]
    questions = [
        f"What would being ready for {target_title} look like to you, in a year?",
    ]
    for facts in to_discuss:
        if facts.trend == Trend.FALLING:
            questions.append(f"What has been draining about “{facts.title}” lately?")
        elif facts.trend == Trend.RISING:
            questions.append(f"What part of “{facts.title}” gives you the most energy?")
        elif facts.status == "done":
            questions.append(f"What did “{facts.title}” tell you about the two paths?")
    if gap_names:
        questions.append(
            f"Where could you practise {gap_names[0].lower()} in the next few months, and how "
            "can I help make room for it?"
        )
    questions.append("Who else should you talk to about this, and can I introduce you?")
    return Agenda(changes, to_discuss, questions)
