"""Reliability of a scale from collected answers: Cronbach's α and item statistics.

Pure: no Django. ``rows`` is a sequence of respondents, each a sequence of numbers (one per
item, in the same order for everyone) with ``None`` for a missing answer. Reverse-keyed
items must already be keyed (x' = min + max − x), or α reads them as disagreeing.

Missing values: listwise deletion. A respondent with any ``None`` is left out of every
statistic, so all numbers describe the same people (as psych ``alpha(use="complete.obs")``
and pingouin ``nan_policy="listwise"``). ``complete_rows`` says who is left.

Variances are sample variances (ddof = 1). A statistic that is undefined is ``None``:
fewer than 2 complete respondents, fewer than 2 items, or zero variance where a division
needs it.

    α = k / (k − 1) · (1 − Σ σ²_i / σ²_total)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.specs import QuestionnaireSpec

Row = Sequence[float | None]


def keyed_rows(
    spec: QuestionnaireSpec,
    dimension: str,
    answer_sets: Iterable[Mapping[str, object]],
    *,
    main_only: bool = False,
) -> list[list[int | None]]:
    """One row per answer set for the dimension's likert items, reverse keying applied;
    ``main_only`` leaves out the follow-up items (asked of some people only)."""
    items = spec.likert_items(dimension)
    if main_only:
        items = [item for item in items if not item.follow_up]
    rows = []
    for answers in answer_sets:
        row: list[int | None] = []
        for item in items:
            value = answers.get(item.key)
            ok = isinstance(value, int) and not isinstance(value, bool)
            row.append(item.keyed(value, spec.scale) if ok and spec.scale.contains(value) else None)
        rows.append(row)
    return rows


def complete_rows(rows: Sequence[Row]) -> list[list[float]]:
    """The respondents with every item answered; ValueError if rows differ in length."""
    lengths = {len(row) for row in rows}
    if len(lengths) > 1:
        raise ValueError(f"every respondent needs the same number of items, got {sorted(lengths)}")
    return [[float(v) for v in row] for row in rows if all(v is not None for v in row)]


def _variance(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def _alpha(complete: list[list[float]]) -> float | None:
    if len(complete) < 2 or len(complete[0]) < 2:
        return None
    k = len(complete[0])
    total_variance = _variance([math.fsum(row) for row in complete])
    if total_variance == 0:
        return None
    item_variances = math.fsum(_variance(column) for column in zip(*complete, strict=True))
    return k / (k - 1) * (1 - item_variances / total_variance)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def cronbach_alpha(rows: Sequence[Row]) -> float | None:
    """Cronbach's α over the complete respondents, or None where it is undefined."""
    return _alpha(complete_rows(rows))


def item_rest_correlations(rows: Sequence[Row]) -> list[float | None]:
    """Per item, its correlation with the sum of the other items (the "corrected
    item-total correlation" of SPSS, ``r.drop`` of psych). A negative value usually means
    the item is keyed the wrong way round."""
    complete = complete_rows(rows)
    k = len(rows[0]) if rows else 0
    if len(complete) < 2 or k < 2:
        return [None] * k
    return [
        _correlation(
            [row[i] for row in complete], [math.fsum(row[:i] + row[i + 1 :]) for row in complete]
        )
        for i in range(k)
    ]


def alpha_if_deleted(rows: Sequence[Row]) -> list[float | None]:
    """Per item, α of the remaining items; higher than α means the item weakens the scale.

    The same respondents are used for every item (listwise over all items), so the values
    compare with ``cronbach_alpha(rows)``.
    """
    complete = complete_rows(rows)
    k = len(rows[0]) if rows else 0
    return [
        _alpha([row[:i] + row[i + 1 :] for row in complete]) if complete else None for i in range(k)
    ]


def reading(alpha: float | None) -> str:
    """The usual reading of α: good ≥ .80, acceptable ≥ .70, questionable ≥ .60, else poor."""
    if alpha is None:
        return "not enough data"
    if alpha >= 0.80:
        return "good"
    if alpha >= 0.70:
        return "acceptable"
    if alpha >= 0.60:
        return "questionable"
    return "poor"


@dataclass(frozen=True)
class ScaleReliability:
    """Everything an admin sees for one dimension, computed on the same respondents."""

    respondents: int
    alpha: float | None
    reading: str
    item_rest: list[float | None]
    alpha_if_deleted: list[float | None]


def analyse_scale(rows: Sequence[Row]) -> ScaleReliability:
    alpha = cronbach_alpha(rows)
    return ScaleReliability(
        respondents=len(complete_rows(rows)),
        alpha=alpha,
        reading=reading(alpha),
        item_rest=item_rest_correlations(rows),
        alpha_if_deleted=alpha_if_deleted(rows),
    )


@dataclass(frozen=True)
class CompositeReliability:
    """Spread and reliability of a score that is the mean of several dimension means (a
    scale of scoring.md, 0 to 100), over the respondents complete on every dimension."""

    respondents: int
    alpha: float | None
    sd: float | None


def analyse_composite(
    dimension_rows: Sequence[Sequence[Row]], *, low: int, width: int
) -> CompositeReliability:
    """SD and stratified α (Cronbach, Schönemann and McKie 1965) of the mean of dimension
    means, each dimension scored 100 · (mean keyed answer − ``low``) / ``width``.

    ``dimension_rows`` holds one row list per dimension, the same respondents in the same
    order. Stratified α counts each dimension's own error, 1 − α_d of its variance:

        α = 1 − Σ_d σ²(S_d / k) · (1 − α_d) / σ²(X),  X = Σ_d S_d / k

    None where a dimension's α or the composite's variance is undefined.
    """
    k = len(dimension_rows)
    people = len(dimension_rows[0]) if k else 0
    if any(len(rows) != people for rows in dimension_rows):
        raise ValueError("every dimension needs the same respondents")
    complete = [
        index
        for index in range(people)
        if all(value is not None for rows in dimension_rows for value in rows[index])
    ]
    if k == 0 or len(complete) < 2:
        return CompositeReliability(len(complete), None, None)
    scores = [
        [100 * (math.fsum(rows[i]) / len(rows[i]) - low) / width for i in complete]
        for rows in dimension_rows
    ]
    composite = [math.fsum(column) / k for column in zip(*scores, strict=True)]
    total_variance = _variance(composite)
    sd = math.sqrt(total_variance)
    error = 0.0
    for rows, dimension_scores in zip(dimension_rows, scores, strict=True):
        alpha = _alpha([[float(v) for v in rows[i]] for i in complete])
        if alpha is None:
            return CompositeReliability(len(complete), None, sd)
        error += _variance([s / k for s in dimension_scores]) * (1 - alpha)
    if total_variance == 0:
        return CompositeReliability(len(complete), None, sd)
    return CompositeReliability(len(complete), 1 - error / total_variance, sd)
