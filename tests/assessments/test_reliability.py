"""Cronbach's α and item statistics, checked against published worked examples."""

import math

import pytest

from assessments.reliability import (
    alpha_if_deleted,
    analyse_composite,
    analyse_scale,
    complete_rows,
    cronbach_alpha,
    item_rest_correlations,
    keyed_rows,
    reading,
)
from assessments.specs import load_default_questionnaire

# Daniel J. Denis, "Applied Univariate, Bivariate, and Multivariate Statistics" (Wiley),
# chapter on reliability: five items, ten respondents, analysed with SPSS RELIABILITY
# /MODEL=ALPHA /SUMMARY=TOTAL. Published output: α = 0.633; Item-Total Statistics
# "Corrected Item-Total Correlation" 0.712, 0.558, 0.512, 0.796, −0.228 and "Cronbach's
# Alpha if Item Deleted" 0.478, 0.476, 0.507, 0.445, 0.824; α of items 1–4 = 0.824.
# (Read at https://livelib.biz/read_928329/p38 and /p39, the book's online reader.)
DENIS = [
    [10, 12, 15, 11, 12],
    [12, 18, 12, 12, 1],
    [8, 16, 14, 14, 4],
    [6, 8, 16, 8, 6],
    [4, 7, 8, 7, 5],
    [6, 6, 3, 7, 3],
    [3, 4, 6, 5, 8],
    [7, 3, 7, 9, 9],
    [8, 9, 4, 10, 10],
    [9, 5, 6, 11, 12],
]

# pingouin (github.com/raphaelvallat/pingouin), dataset pingouin/datasets/cronbach_alpha.csv
# (long format, from real-statistics.com), here one list per item Q1..Q10 for subjects
# 0..14. The docstring of pingouin.cronbach_alpha (pingouin/reliability.py) shows
# pg.cronbach_alpha(data=data, items="Items", scores="Scores", subject="Subj")
# -> (0.5917188485995826, array([0.195, 0.84 ])).
PINGOUIN_ITEMS = [
    [3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4],
    [2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3],
    [4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5],
    [1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5],
    [4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3],
    [5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1],
    [1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3],
    [4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2],
    [3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3],
    [2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4],
]
PINGOUIN_ROWS = [list(row) for row in zip(*PINGOUIN_ITEMS, strict=True)]

# pingouin dataset src/pingouin/datasets/cronbach_wide_missing.csv (binary answers, three
# missing). Its docstring: pg.cronbach_alpha(data=data, nan_policy="listwise")
# -> (0.8016949152542373, ...), "In R: psych:alpha(data, use="complete.obs")".
WIDE_MISSING = [
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
    [None, 0, 1, 1, None, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
    [0, 1, None, 0, 1, 1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
    [1, 0, 0, 1, 0, 1, 0, 0, None, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
]

# Worked by hand: three respondents, three items.
#   item variances (ddof 1): [1, 2, 3] → 1; [2, 3, 4] → 1; [2, 3, 5] → 7/3; sum 13/3
#   totals 5, 8, 12, mean 25/3: squared deviations 100/9 + 1/9 + 121/9 = 222/9 → var 37/3
#   α = 3/2 · (1 − (13/3)/(37/3)) = 3/2 · 24/37 = 36/37 ≈ 0.97297
BY_HAND = [[1, 2, 2], [2, 3, 3], [3, 4, 5]]


def rounded(values, places=3):
    return [None if v is None else round(v, places) for v in values]


def test_alpha_matches_spss_output_in_denis():
    assert round(cronbach_alpha(DENIS), 3) == 0.633


def test_item_rest_correlations_match_spss_corrected_item_total():
    assert rounded(item_rest_correlations(DENIS)) == [0.712, 0.558, 0.512, 0.796, -0.228]


def test_alpha_if_deleted_matches_spss():
    assert rounded(alpha_if_deleted(DENIS)) == [0.478, 0.476, 0.507, 0.445, 0.824]
    # ...and the book's re-run without item 5 agrees with the predicted value.
    assert round(cronbach_alpha([row[:4] for row in DENIS]), 3) == 0.824


def test_alpha_matches_pingouin_docstring_example():
    assert round(cronbach_alpha(PINGOUIN_ROWS), 3) == 0.592
    assert math.isclose(cronbach_alpha(PINGOUIN_ROWS), 0.5917188485995826, abs_tol=1e-12)


def test_missing_answers_drop_the_respondent_like_pingouin_listwise():
    assert len(complete_rows(WIDE_MISSING)) == 9
    assert round(cronbach_alpha(WIDE_MISSING), 3) == 0.802
    assert math.isclose(cronbach_alpha(WIDE_MISSING), 0.8016949152542373, abs_tol=1e-12)


def test_alpha_worked_by_hand():
    assert math.isclose(cronbach_alpha(BY_HAND), 36 / 37)


def test_negative_item_rest_correlation_reveals_a_reverse_keyed_item():
    rows = [[1, 1, 5], [2, 2, 4], [3, 3, 3], [4, 5, 2], [5, 4, 1]]
    assert item_rest_correlations(rows)[2] < 0
    fixed = [[a, b, 6 - c] for a, b, c in rows]
    assert cronbach_alpha(fixed) > cronbach_alpha(rows)


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [[1, 2, 3]],  # one respondent
        [[1], [2], [3]],  # one item
        [[3, 3], [3, 3], [3, 3]],  # nobody differs
        [[1, None], [None, 2], [3, None]],  # nobody answered everything
    ],
)
def test_alpha_is_none_where_undefined(rows):
    assert cronbach_alpha(rows) is None
    assert all(value is None for value in item_rest_correlations(rows))


def test_alpha_if_deleted_is_none_when_one_item_would_be_left():
    assert alpha_if_deleted([[1, 2], [2, 3], [3, 5]]) == [None, None]


def test_item_with_no_variance_has_no_item_rest_correlation():
    rows = [[1, 2, 4], [2, 2, 5], [3, 2, 5]]
    assert item_rest_correlations(rows)[1] is None


def test_rows_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same number of items"):
        cronbach_alpha([[1, 2], [1, 2, 3]])


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        (0.95, "good"),
        (0.80, "good"),
        (0.79, "acceptable"),
        (0.70, "acceptable"),
        (0.65, "questionable"),
        (0.3, "poor"),
        (-0.2, "poor"),
        (None, "not enough data"),
    ],
)
def test_reading(alpha, expected):
    assert reading(alpha) == expected


def test_keyed_rows_apply_reverse_keying_and_mark_gaps():
    spec = load_default_questionnaire("pm-motivators")
    keys = [item.key for item in spec.likert_items("craft_mastery")]
    reverse = [item.reverse for item in spec.likert_items("craft_mastery")]
    answers = {key: 5 for key in keys}
    rows = keyed_rows(spec, "craft_mastery", [answers, {keys[0]: 2}])
    assert rows[0] == [1 if rev else 5 for rev in reverse]
    assert rows[1] == [2] + [None] * (len(keys) - 1)


def test_analyse_scale_reports_everything_on_the_same_people():
    report = analyse_scale(DENIS)
    assert report.respondents == 10
    assert report.reading == "questionable"
    assert rounded(report.alpha_if_deleted) == [0.478, 0.476, 0.507, 0.445, 0.824]
    assert rounded(report.item_rest)[4] == -0.228


def test_a_scale_of_one_dimension_has_that_dimension_s_alpha_and_its_own_sd():
    # Stratified alpha of a single stratum is Cronbach's alpha, whatever the scaling.
    measured = analyse_composite([DENIS], low=0, width=20)

    assert measured.respondents == 10
    assert measured.alpha == pytest.approx(cronbach_alpha(DENIS), abs=1e-12)
    scores = [100 * (sum(row) / len(row)) / 20 for row in DENIS]
    mean = sum(scores) / len(scores)
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (len(scores) - 1))
    assert measured.sd == pytest.approx(sd, abs=1e-12)


def test_a_scale_counts_each_dimension_s_own_error_and_only_complete_people():
    first = [row[:2] for row in DENIS]
    second = [row[2:] for row in DENIS]
    second[0] = [None, *second[0][1:]]  # someone who skipped one statement

    measured = analyse_composite([first, second], low=0, width=20)

    assert measured.respondents == 9  # left out of the whole scale, not one dimension
    kept = [row for index, row in enumerate(DENIS) if index]
    alphas = [cronbach_alpha([r[:2] for r in kept]), cronbach_alpha([r[2:] for r in kept])]
    halves = [[sum(r[:2]) / 2 / 2 for r in kept], [sum(r[2:]) / 3 / 2 for r in kept]]
    total = [a + b for a, b in zip(*halves, strict=True)]

    def variance(values):
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values) / (len(values) - 1)

    error = sum(variance(h) * (1 - a) for h, a in zip(halves, alphas, strict=True))
    assert measured.alpha == pytest.approx(1 - error / variance(total), abs=1e-12)
