"""Item statistics and reliability of one questionnaire version, from submitted assessments.

``version_statistics(version)`` gathers every submitted answer of the version in three
queries, whatever the number of assessments, and hands them to the pure functions of
``assessments.reliability`` (reverse-keyed items are re-coded there, by ``keyed_rows``).
Nothing is computed below ``MIN_SUBMITTED`` assessments: with fewer people, α and the
correlations swing too much to mean anything, and a small team could be re-identified
from an outcome count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Count

from assessments.models import Answer, Assessment, QuestionnaireVersion, Result
from assessments.reliability import analyse_composite, analyse_scale, keyed_rows
from assessments.scoring import Outcome
from assessments.specs import Measurement, MeasurementParams, QuestionnaireSpec

MIN_SUBMITTED = 10
# Measured values replace the questionnaire's SD and alpha only from this many complete
# answer sets on a scale: below it, α of a scale swings by more than .05 between samples.
MIN_MEASURED = 30
# An item whose item–rest correlation is below this barely measures what its scale does.
WEAK_ITEM_REST = 0.20
NO_RESULT = "no result"


@dataclass(frozen=True)
class ItemStatistics:
    key: str
    text: str
    reverse: bool
    answered: int  # submitted assessments that answered the item
    item_rest: float | None
    alpha_if_deleted: float | None

    @property
    def flag(self) -> str | None:
        """ "negative" (often a keying mistake), "weak", or None."""
        if self.item_rest is None:
            return None
        if self.item_rest < 0:
            return "negative"
        if self.item_rest < WEAK_ITEM_REST:
            return "weak"
        return None


@dataclass(frozen=True)
class DimensionReliability:
    key: str
    name: str
    scale: str
    respondents: int  # those who answered every item of the dimension (listwise)
    alpha: float | None
    reading: str
    items: list[ItemStatistics]

    @property
    def flagged(self) -> list[ItemStatistics]:
        return [item for item in self.items if item.flag]


@dataclass(frozen=True)
class ScaleMeasurement:
    """A scale as scoring computes it (the mean of its dimension means, 0 to 100, from the
    statements asked of everyone): measured SD and stratified alpha beside the values the
    version's scoring assumes."""

    scale: str
    name: str
    respondents: int
    alpha: float | None
    sd: float | None
    assumed: Measurement

    @property
    def sem(self) -> float | None:
        if self.alpha is None or self.sd is None or not 0 <= self.alpha < 1:
            return None
        return self.sd * (1 - self.alpha) ** 0.5

    def problem(self, minimum: int = MIN_MEASURED) -> str | None:
        """Why these measured values cannot go into a questionnaire, or None."""
        if self.respondents < minimum:
            return (
                f"{self.name} has {self.respondents} complete answer "
                f"set{'s' if self.respondents != 1 else ''}; at least {minimum} are needed"
            )
        if self.sd is None or self.sd == 0:
            return f"{self.name} has no spread: everyone scored the same"
        if self.alpha is None or self.alpha < 0:
            return f"{self.name} has no usable alpha (its statements do not agree with each other)"
        return None


SCALE_NAMES = {"builder": "Building products", "people": "Building people"}


@dataclass(frozen=True)
class OutcomeShare:
    outcome: str
    label: str
    count: int
    share: float  # of the submitted assessments


@dataclass(frozen=True)
class VersionStatistics:
    submitted: int
    minimum: int = MIN_SUBMITTED
    dimensions: list[DimensionReliability] = field(default_factory=list)
    outcomes: list[OutcomeShare] = field(default_factory=list)
    scales: list[ScaleMeasurement] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.submitted >= self.minimum

    def measured(self) -> tuple[MeasurementParams | None, list[str]]:
        """The measured SD and alpha of both scales as a questionnaire's ``measurement``
        (SD to 1 decimal, alpha to 3), or None and why not, one reason per scale."""
        if not self.enough:
            return None, [f"only {self.submitted} assessments are submitted"]
        problems = [problem for scale in self.scales if (problem := scale.problem())]
        if problems or len(self.scales) != 2:
            return None, problems
        by_scale = {
            scale.scale: Measurement(sd=round(scale.sd, 1), alpha=min(round(scale.alpha, 3), 0.999))
            for scale in self.scales
        }
        return MeasurementParams(**by_scale), []


def version_statistics(
    version: QuestionnaireVersion, minimum: int = MIN_SUBMITTED
) -> VersionStatistics:
    """Reliability and outcomes of a version; only the count below ``minimum`` submissions."""
    submitted = Assessment.objects.filter(version=version, status=Assessment.Status.SUBMITTED)
    count = submitted.count()
    if count < minimum:
        return VersionStatistics(submitted=count, minimum=minimum)
    answer_sets: dict[object, dict[str, object]] = {}
    rows = Answer.objects.filter(assessment__in=submitted).values_list(
        "assessment_id", "item_key", "value"
    )
    for assessment_id, item_key, value in rows:
        answer_sets.setdefault(assessment_id, {})[item_key] = value
    # Assessments submitted with no answer at all still count as respondents (all missing).
    answer_list = [*answer_sets.values(), *([{}] * (count - len(answer_sets)))]
    outcomes = dict(
        Result.objects.filter(assessment__in=submitted)
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    return summarise(version.to_spec(), answer_list, outcomes, submitted=count, minimum=minimum)


def summarise(
    spec: QuestionnaireSpec,
    answer_sets: Sequence[Mapping[str, object]],
    outcome_counts: Mapping[str, int],
    *,
    submitted: int,
    minimum: int = MIN_SUBMITTED,
) -> VersionStatistics:
    """The statistics of answer sets already gathered (one mapping per assessment)."""
    dimensions = []
    for dimension in spec.dimensions:
        items = spec.likert_items(dimension.key)
        rows = keyed_rows(spec, dimension.key, answer_sets)
        scale = analyse_scale(rows)
        dimensions.append(
            DimensionReliability(
                key=dimension.key,
                name=dimension.name,
                scale=dimension.scale,
                respondents=scale.respondents,
                alpha=scale.alpha,
                reading=scale.reading,
                items=[
                    ItemStatistics(
                        key=item.key,
                        text=item.text,
                        reverse=item.reverse,
                        answered=sum(row[index] is not None for row in rows),
                        item_rest=scale.item_rest[index],
                        alpha_if_deleted=scale.alpha_if_deleted[index],
                    )
                    for index, item in enumerate(items)
                ],
            )
        )
    scales = []
    for name, title in SCALE_NAMES.items():
        measured = analyse_composite(
            [
                keyed_rows(spec, dimension.key, answer_sets, main_only=True)
                for dimension in spec.dimensions_on(name)
            ],
            low=spec.scale.min,
            width=spec.scale.width,
        )
        scales.append(
            ScaleMeasurement(
                scale=name,
                name=title,
                respondents=measured.respondents,
                alpha=measured.alpha,
                sd=measured.sd,
                assumed=getattr(spec.scoring.measurement, name),
            )
        )
    counts = Counter(outcome_counts)
    without_result = submitted - sum(counts.values())
    if without_result > 0:
        counts[NO_RESULT] += without_result
    known = [outcome.value for outcome in Outcome]
    order = [*known, *sorted(set(counts) - set(known))]
    outcomes = [
        OutcomeShare(
            outcome=outcome,
            label=Outcome(outcome).label
            if outcome in known
            else outcome.replace("_", " ").capitalize(),
            count=counts[outcome],
            share=counts[outcome] / submitted if submitted else 0.0,
        )
        for outcome in order
        if outcome in known or counts[outcome]
    ]
    return VersionStatistics(
        submitted=submitted,
        minimum=minimum,
        dimensions=dimensions,
        outcomes=outcomes,
        scales=scales,
    )


# ---- what the reliability page may show of the outcomes -----------------------------------

# Outcome counts below this are hidden: with the total on the page, a small count can single
# out the people behind it.
MIN_SHOWN_COUNT = 5


@dataclass(frozen=True)
class ShownOutcome:
    """One outcome row as the reliability page shows it; ``count`` and ``share`` are None when
    the count is hidden."""

    label: str
    count: int | None
    share: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


def shown_outcomes(
    outcomes: Sequence[OutcomeShare], minimum: int = MIN_SHOWN_COUNT
) -> list[ShownOutcome]:
    """The outcome rows with every count below ``minimum`` hidden ("fewer than 5").

    When a single non-zero count would be hidden, the smallest count shown is hidden too:
    otherwise the total minus the others would give it away.
    """
    hidden = {index for index, row in enumerate(outcomes) if row.count < minimum}
    if len(hidden) == 1 and outcomes[min(hidden)].count > 0:
        shown = [index for index in range(len(outcomes)) if index not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda index: outcomes[index].count))
    return [
        ShownOutcome(row.label, None, None)
        if index in hidden
        else ShownOutcome(row.label, row.count, row.share)
        for index, row in enumerate(outcomes)
    ]
