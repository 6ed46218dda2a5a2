"""Self against manager, dimension by dimension: where a report and their manager disagree.

Pure: no Django. The self questionnaire and the observer questionnaire measure the same
dimensions under the same keys, so the two scoring outputs line up key by key. A gap of
``gap_at`` points or more becomes a conversation topic, worded for the manager.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.scoring import ScoreResult, SnapshotDimension

GAP_AT = 15.0


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    name: str
    description: str
    scale: str
    self_score: float | None
    manager_score: float | None

    @property
    def gap(self) -> int | None:
        """Manager minus self, positive when the manager sees more of it than the report.

        Taken between the whole numbers the page shows, so a gap shown as 15 is a topic.
        """
        if self.self_score is None or self.manager_score is None:
            return None
        return round(self.manager_score) - round(self.self_score)

    def is_topic(self, gap_at: float = GAP_AT) -> bool:
        return self.gap is not None and abs(self.gap) >= gap_at


@dataclass(frozen=True)
class Topic:
    row: ComparisonRow
    sentence: str  # what differs, with both numbers
    question: str  # a question the manager could ask


@dataclass(frozen=True)
class Comparison:
    rows: list[ComparisonRow]
    topics: list[Topic]
    gap_at: float

    @property
    def topic_keys(self) -> set[str]:
        return {topic.row.key for topic in self.topics}


def _topic(row: ComparisonRow, first_name: str) -> Topic:
    mine, theirs, gap = round(row.manager_score), round(row.self_score), abs(row.gap)
    name = row.name[:1].lower() + row.name[1:]
    if row.scale == "caution":
        # The pull of the title counts toward no path: the question is what it stands for.
        if row.gap > 0:
            sentence = f"You rated {name} at {mine}; {first_name} rated it {theirs}."
            question = (
                "Ask how much a title matters to them. It may matter less than it looks, "
                "which makes a conversation about the work easier."
            )
        else:
            sentence = f"{first_name} rated {name} at {theirs}; you rated it {mine}."
            question = (
                "Ask what a new title would change for them, beyond the work itself, and "
                "whether the work on the next level appeals on its own."
            )
        return Topic(row=row, sentence=sentence, question=question)
    if row.gap > 0:
        sentence = (
            f"You rated {name} at {mine}; {first_name} rated it {theirs}, {gap} points lower."
        )
        question = (
            "Ask whether it is something they do well without enjoying it, "
            "or enjoy less than it looks from the outside."
        )
    else:
        sentence = (
            f"{first_name} rated {name} at {theirs}; you rated it {mine}, {gap} points lower."
        )
        question = (
            "Ask where they would like more room for it. It may matter to them in ways "
            "their current work does not show you yet."
        )
    return Topic(row=row, sentence=sentence, question=question)


def compare(
    dimensions: Sequence[SnapshotDimension],
    self_view: ScoreResult,
    manager_view: ScoreResult,
    *,
    first_name: str,
    gap_at: float = GAP_AT,
) -> Comparison:
    """One row per dimension (in the order of ``dimensions``), and the topics, largest gap
    first."""
    rows = [
        ComparisonRow(
            key=d.key,
            name=d.name or d.key,
            description=d.description,
            scale=d.scale,
            self_score=self_view.dimensions.get(d.key),
            manager_score=manager_view.dimensions.get(d.key),
        )
        for d in dimensions
    ]
    topical = sorted((r for r in rows if r.is_topic(gap_at)), key=lambda r: -abs(r.gap or 0))
    return Comparison(rows=rows, topics=[_topic(row, first_name) for row in topical], gap_at=gap_at)
