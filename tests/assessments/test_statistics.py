"""Reliability of a questionnaire version from its submitted assessments."""

import random

import pytest

from assessments.reliability import cronbach_alpha
from assessments.specs import LikertItem
from assessments.statistics import (
    MIN_SUBMITTED,
    OutcomeShare,
    shown_outcomes,
    version_statistics,
)
from tests.assessments.factories import (
    AssessmentFactory,
    QuestionnaireVersionFactory,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


def consistent_answers(spec, trait: int, rng: random.Random, miskeyed: str = "") -> dict:
    """Answers of someone whose agreement with every scale is about ``trait`` (1..5):
    forward items near ``trait``, reverse-keyed items near its mirror. ``miskeyed`` names an
    item answered as if it were keyed the other way round."""
    answers = {}
    for item in spec.items:
        if not isinstance(item, LikertItem):
            continue
        value = min(5, max(1, trait + rng.choice([-1, 0, 0, 0, 1])))
        reverse = item.reverse != (item.key == miskeyed)
        answers[item.key] = 6 - value if reverse else value
    return answers


def submit_many(version, count: int, seed: int = 7, miskeyed: str = "", outcomes=None) -> list:
    rng = random.Random(seed)
    spec = version.to_spec()
    outcomes = outcomes or ["builder", "people_leader", "hybrid"]
    return [
        submitted_assessment(
            version,
            consistent_answers(spec, 1 + n % 5, rng, miskeyed),
            outcomes[n % len(outcomes)],
        )
        for n in range(count)
    ]


def test_below_the_minimum_only_the_count_is_given():
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 3)
    AssessmentFactory(version=version)  # in progress: not counted

    stats = version_statistics(version)

    assert (stats.submitted, stats.minimum, stats.enough) == (3, 10, False)
    assert stats.dimensions == [] and stats.outcomes == []


def test_consistent_answers_give_a_good_alpha_once_reverse_items_are_recoded():
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 12)

    stats = version_statistics(version)

    assert stats.enough and stats.submitted == 12
    spec = version.to_spec()
    assert [d.key for d in stats.dimensions] == [d.key for d in spec.dimensions]
    for dimension in stats.dimensions:
        assert dimension.respondents == 12
        assert dimension.alpha > 0.80 and dimension.reading == "good", dimension.key
        assert dimension.flagged == []


def test_alpha_matches_the_reliability_module_on_hand_recoded_rows():
    version = QuestionnaireVersionFactory(published=True)
    assessments = submit_many(version, 10, seed=3)
    spec = version.to_spec()
    items = spec.likert_items("craft_mastery")
    rows = []
    for assessment in assessments:
        values = {a.item_key: a.value for a in assessment.answers.all()}
        rows.append([6 - values[i.key] if i.reverse else values[i.key] for i in items])

    stats = version_statistics(version)

    craft = next(d for d in stats.dimensions if d.key == "craft_mastery")
    assert craft.alpha == pytest.approx(cronbach_alpha(rows))
    assert [item.key for item in craft.items] == [item.key for item in items]


def test_an_item_keyed_the_wrong_way_round_is_flagged_negative():
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 15, miskeyed="cm2")

    stats = version_statistics(version)

    craft = next(d for d in stats.dimensions if d.key == "craft_mastery")
    flagged = {item.key: item.flag for item in craft.flagged}
    assert flagged == {"cm2": "negative"}
    cm2 = next(item for item in craft.items if item.key == "cm2")
    assert cm2.alpha_if_deleted > craft.alpha  # the scale holds together better without it


def test_someone_who_skipped_an_item_is_left_out_of_that_dimension_only():
    version = QuestionnaireVersionFactory(published=True)
    assessments = submit_many(version, 11)
    assessments[0].answers.filter(item_key="cm1").delete()

    stats = version_statistics(version)

    by_key = {d.key: d for d in stats.dimensions}
    assert by_key["craft_mastery"].respondents == 10
    assert by_key["hands_on"].respondents == 11
    cm1 = next(item for item in by_key["craft_mastery"].items if item.key == "cm1")
    assert cm1.answered == 10


def test_the_outcome_distribution_counts_results_and_submissions_without_one():
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 8, outcomes=["builder", "builder", "people_leader", "hybrid"])
    rng = random.Random(1)
    for _ in range(2):
        submitted_assessment(version, consistent_answers(version.to_spec(), 3, rng))  # no result

    stats = version_statistics(version)

    shares = {row.label: (row.count, row.share) for row in stats.outcomes}
    assert shares == {
        "Building products": (4, 0.4),
        "People leadership": (2, 0.2),
        "Both paths": (2, 0.2),
        "Too early to call": (0, 0.0),
        "No reading": (0, 0.0),
        "No result": (2, 0.2),
    }


def test_other_versions_and_unfinished_assessments_are_ignored():
    version = QuestionnaireVersionFactory(published=True)
    other = QuestionnaireVersionFactory(questionnaire=version.questionnaire, published=True)
    submit_many(version, MIN_SUBMITTED)
    submit_many(other, 4, outcomes=["withheld"])
    for _ in range(3):
        AssessmentFactory(version=version)

    stats = version_statistics(version)

    assert stats.submitted == MIN_SUBMITTED
    assert sum(row.count for row in stats.outcomes) == MIN_SUBMITTED
    assert all(row.count == 0 for row in stats.outcomes if row.outcome == "withheld")


@pytest.mark.parametrize("count", [10, 25])
def test_gathering_takes_the_same_three_queries_for_any_number_of_assessments(
    count, django_assert_num_queries
):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, count)
    version.to_spec()  # parsed once per instance, outside what is measured

    with django_assert_num_queries(3):
        stats = version_statistics(version)

    assert stats.submitted == count


def shares(*counts: int) -> list[OutcomeShare]:
    total = sum(counts)
    return [
        OutcomeShare(outcome=f"o{n}", label=f"O{n}", count=count, share=count / total)
        for n, count in enumerate(counts)
    ]


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        pytest.param((7, 6, 5), (7, 6, 5), id="all-large-enough"),
        pytest.param((9, 3, 2), (9, None, None), id="two-small-hidden"),
        pytest.param((9, 6, 3), (9, None, None), id="one-small-hides-the-next-smallest-too"),
        pytest.param((9, 6, 0), (9, 6, None), id="a-zero-alone-gives-nothing-away"),
        pytest.param((4,), (None,), id="all-small"),
    ],
)
def test_outcome_counts_below_5_are_hidden_and_cannot_be_worked_out(counts, shown):
    rows = shown_outcomes(shares(*counts))

    assert tuple(row.count for row in rows) == shown
    assert all(row.share is None for row in rows if row.hidden)
    assert [row.label for row in rows] == [f"O{n}" for n in range(len(counts))]
