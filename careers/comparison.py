"""Self against manager: where a report and their manager see the report differently.

Pure: no Django. The self questionnaire and the observer questionnaire measure the same
dimensions under the same keys, so the two scoring outputs line up key by key.

Topics are raised at the grain the questionnaire measures well: the three scales (building
products, building people, product leadership), each the mean of many statements. A single
motivator rests on four or five statements, so two honest views of one person differ on it
by noise alone far more often; motivator rows are detail, highlighted only beyond
``detail_gap_at``. Both thresholds come from the simulation benchmark (docs/scoring.md):
``SCALE_GAP_AT`` is the 95th percentile of the largest scale gap between two honest views
of one person (so at most about one pair in twenty raises a topic from noise, half the 10%
allowed, leaving room for a noisier world), ``DETAIL_GAP_AT`` the 99th percentile of one
motivator's gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.scoring import ScoreResult, SnapshotDimension

SCALE_GAP_AT = 23.0
DETAIL_GAP_AT = 40.0
GAP_AT = SCALE_GAP_AT  # the topic threshold, under its earlier name

SCALES = (
    ("builder", "Building products", "The builder scale: craft, hands-on work, focus."),
    ("people", "Building people", "The people scale: developing people, leading a team."),
    ("product", "Product leadership", "Vision, strategy and company-wide influence."),
)


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    name: str
    description: str
    scale: str
    self_score: float | None
    manager_score: float | None
    is_scale: bool = False  # a whole scale, not one motivator

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
    rows: list[ComparisonRow]  # the three scales first, then each motivator as detail
    topics: list[Topic]  # scale rows only
    gap_at: float
    detail_gap_at: float = DETAIL_GAP_AT

    @property
    def topic_keys(self) -> set[str]:
        """The rows to highlight: topical scales, and motivators beyond the detail threshold."""
        return {topic.row.key for topic in self.topics} | {
            row.key for row in self.rows if not row.is_scale and row.is_topic(self.detail_gap_at)
        }


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
    gap_at: float = SCALE_GAP_AT,
    detail_gap_at: float = DETAIL_GAP_AT,
) -> Comparison:
    """A row per scale, then one per dimension (in the order of ``dimensions``); topics are
    the scales whose gap reaches ``gap_at``, largest gap first."""

    def scale_score(view: ScoreResult, key: str) -> float | None:
        return None if view.scales is None else getattr(view.scales, key)

    scale_rows = [
        ComparisonRow(
            key=key,
            name=name,
            description=description,
            scale=key,
            self_score=scale_score(self_view, key),
            manager_score=scale_score(manager_view, key),
            is_scale=True,
        )
        for key, name, description in SCALES
    ]
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
    topical = sorted((r for r in scale_rows if r.is_topic(gap_at)), key=lambda r: -abs(r.gap or 0))
    return Comparison(
        rows=scale_rows + rows,
        topics=[_topic(row, first_name) for row in topical],
        gap_at=gap_at,
        detail_gap_at=detail_gap_at,
    )
