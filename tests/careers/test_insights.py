"""Org insight's rules, on plain rows: no group and no count under five is ever shown."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.charts import MIX_INSET, mix_bars
from assessments.scoring import Outcome
from careers import insights
from careers.insights import MIN_GROUP, Person, SharedResult, suppress

B, P, H = Outcome.BUILDER, Outcome.PEOPLE_LEADER, Outcome.HYBRID


@pytest.mark.parametrize(
    ("counts", "shown", "rest"),
    [
        ({"a": 5}, {"a": 5}, 0),
        ({"a": 4}, {}, 4),  # alone and too small: the caller shows nothing at all
        ({"a": 12, "b": 4}, {}, 16),  # 4 alone would be 16 - 12: the 12 joins it
        ({"a": 12, "b": 6, "c": 4}, {"a": 12}, 10),  # the smallest shown joins the 4
        ({"a": 12, "b": 3, "c": 2}, {"a": 12}, 5),  # 3 + 2 make five together
        ({"a": 5, "b": 0}, {"a": 5}, 0),  # a zero is never shown either
        ({"a": 7, "b": 7, "c": 1}, {"b": 7}, 8),  # a tie: the first name joins
    ],
)
def test_suppress_table(counts, shown, rest):
    assert suppress(counts) == (shown, rest)


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 40), max_size=8))
def test_nothing_shown_or_merged_is_under_five(counts):
    shown, rest = suppress(counts)
    assert all(count >= MIN_GROUP for count in shown.values())
    assert rest == 0 or rest >= MIN_GROUP or not shown
    assert sum(shown.values()) + rest == sum(counts.values())


def team(manager_id: int, first_id: int, size: int, level: str = "Senior PM") -> list[Person]:
    return [
        Person(first_id + i, manager_id, f"P{first_id + i}", level, "shared") for i in range(size)
    ]


def results_for(people: list[Person], outcome: Outcome = B) -> list[SharedResult]:
    return [SharedResult(person.id, outcome, date(2026, 5, 1)) for person in people]


BOSSES = [Person(1, None, "Ada", "VP", "people"), Person(2, 1, "Bo", "Director", "people")]


def test_a_team_of_four_shows_no_breakdown_and_a_team_of_twelve_does():
    small, big, other = team(1, 100, 4), team(2, 200, 12), team(2, 300, 0)
    people = BOSSES + small + big + other
    teams = insights.gather(people, results_for(small + big)).teams
    # Ada's four cannot stand alone, and Bo's twelve would give them away by subtraction.
    assert [row.label for row in teams.rows] == ["Other teams"]
    assert teams.rows[0].total == 16
    small = team(1, 100, 12)
    teams = insights.gather(BOSSES + small + big, results_for(small + big)).teams
    assert [(row.label, row.total) for row in teams.rows] == [
        ("Ada's team", 12),
        ("Bo's team", 12),
    ]


def test_fewer_than_five_results_in_scope_show_nothing():
    people = BOSSES + team(2, 10, 4)
    insight = insights.gather(people, results_for(people[2:]))
    assert not insight.enough
    assert insight.levels.rows == insight.teams.rows == insight.trend.rows == ()


def test_a_cell_under_five_is_merged_into_other_readings():
    people = BOSSES + team(2, 10, 12)
    results = (
        results_for(people[2:9], B) + results_for(people[9:12], P) + results_for(people[12:], H)
    )
    row = insights.gather(people, results).levels.rows[0]
    assert row.total == 12
    assert row.count(B.value) == 7
    assert row.count(P.value) is None and row.count(H.value) is None
    assert row.count(insights.OTHER_READINGS) == 5


def test_each_person_counts_once_with_their_latest_shared_result():
    people = BOSSES + team(2, 10, 5)
    old = [SharedResult(p.id, B, date(2025, 1, 1)) for p in people[2:]]
    new = [SharedResult(p.id, P, date(2026, 1, 1)) for p in people[2:]]
    row = insights.gather(people, old + new).levels.rows[0]
    assert (row.total, row.count(P.value), row.count(B.value)) == (5, 5, None)
    assert [r.label for r in insights.gather(people, old + new).trend.rows] == [
        "2025 Q1",
        "2026 Q1",
    ]


def test_the_subtree_is_everyone_below_at_any_depth():
    people = [
        Person(1, None, "top", "", ""),
        Person(2, 1, "mid", "", ""),
        Person(3, 2, "low", "", ""),
        Person(4, 3, "lowest", "", ""),
        Person(5, None, "elsewhere", "", ""),
    ]
    assert insights.subtree(people, 2) == {3, 4}
    assert insights.subtree(people, 1) == {2, 3, 4}
    assert insights.manages_managers(people, 1)
    assert not insights.manages_managers(people, 3)


def test_a_pipeline_of_four_is_not_shown_even_when_the_org_is_large():
    ics = [Person(10 + i, 1, f"ic{i}", "Senior PM", "shared") for i in range(20)]
    results = results_for(ics[:4], P) + results_for(ics[4:], B)
    found = insights.gather(BOSSES + ics, results).pipeline
    assert found.future_leaders.rows == ()


def test_the_pipeline_finds_pulls_against_the_current_branch():
    ics = [Person(10 + i, 1, f"ic{i}", "Senior PM", "shared") for i in range(6)]
    leads = [Person(30 + i, 1, f"lead{i}", "Director", "people") for i in range(5)]
    people = BOSSES + ics + leads
    results = results_for(ics, P) + results_for(leads, B)
    found = insights.gather(people, results).pipeline
    assert [(r.label, r.total) for r in found.future_leaders.rows] == [("Senior PM", 6)]
    assert [(r.label, r.total) for r in found.builders_leading.rows] == [("Director", 5)]


def test_mix_bars_fill_the_drawing_and_shorten_long_labels():
    chart = mix_bars([("A" * 80, 10, [("builder", "Building", 5), ("other", "Other", 5)])])
    bar = chart.bars[0]
    assert bar.label.endswith("…") and len(bar.label) * 7.8 <= chart.view_width
    first, last = bar.segments
    assert first.x == MIX_INSET
    assert last.x + last.width == chart.view_width - MIX_INSET
    assert (first.tone, last.tone) == ("builder", "muted")
