"""The plan's pure rules, as tables of known answers."""

from datetime import date

import pytest

from growth import agenda, charts, rules
from growth.rules import Leaning, Trend, Verdict


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 30), date(2026, 11, 30)),  # a Monday is its own week
        (date(2026, 12, 6), date(2026, 11, 30)),  # Sunday belongs to the week before
        (date(2027, 1, 1), date(2026, 12, 28)),  # a week across the new year
    ],
)
def test_a_checkin_counts_for_the_calendar_week_of_its_day(day, monday):
    assert rules.week_of(day) == monday


@pytest.mark.parametrize(
    ("answers", "plateau"),
    [
        ((5, 5, 5), False),
        ((2, 4, 4), False),  # one "no" is a bad week, not a plateau
        ((2, 2, 5), True),
        ((1, 4, 2), True),
        ((3, 3, 3), False),  # lukewarm is not a plateau
        ((1, 1, 1), True),
    ],
)
def test_a_pulse_reads_as_a_plateau_when_two_answers_say_no(answers, plateau):
    assert rules.is_plateau(*answers) is plateau


@pytest.mark.parametrize(
    ("pulses", "expected"),
    [
        ([], False),
        ([(1, 1, 1)], False),  # one plateau pulse is not yet "two in a row"
        ([(1, 1, 1), (2, 2, 2)], True),
        ([(1, 1, 1), (4, 4, 4), (1, 1, 1)], False),  # the latest two, newest first
        ([(4, 4, 4), (1, 1, 1), (1, 1, 1)], False),  # recovered since
        ([(2, 1, 5), (1, 2, 3), (5, 5, 5)], True),
    ],
)
def test_two_plateau_pulses_in_a_row(pulses, expected):
    assert rules.plateau_in_a_row(pulses) is expected


@pytest.mark.parametrize(
    ("last", "due"),
    [(None, True), (date(2026, 9, 1), True), (date(2026, 10, 1), False)],
)
def test_a_pulse_is_suggested_once_a_quarter(last, due):
    assert rules.pulse_due(last, date(2026, 12, 1)) is due


@pytest.mark.parametrize(
    ("reading", "leanings", "verdict", "leaning"),
    [
        (Leaning.PRODUCTS, [], Verdict.NOT_YET, None),
        (Leaning.PRODUCTS, ["unclear", "unclear"], Verdict.NOT_YET, None),
        (Leaning.PRODUCTS, ["products"], Verdict.AGREE, Leaning.PRODUCTS),
        (Leaning.PRODUCTS, ["products", "people", "products"], Verdict.AGREE, Leaning.PRODUCTS),
        (Leaning.PRODUCTS, ["people"], Verdict.DISAGREE, Leaning.PEOPLE),
        (Leaning.PEOPLE, ["people", "unclear"], Verdict.AGREE, Leaning.PEOPLE),
        (Leaning.PEOPLE, ["products", "products", "people"], Verdict.DISAGREE, Leaning.PRODUCTS),
        (Leaning.PEOPLE, ["products", "people"], Verdict.SPLIT, None),
        (None, ["people"], Verdict.TIPS, Leaning.PEOPLE),  # a close reading, tipped
        (None, ["products", "people"], Verdict.SPLIT, None),
        (None, [], Verdict.NOT_YET, None),
    ],
)
def test_experiments_agree_or_disagree_with_the_reading(reading, leanings, verdict, leaning):
    evidence = rules.weigh_evidence(reading, leanings)
    assert evidence.verdict == verdict
    assert evidence.leaning == leaning
    assert evidence.products == leanings.count("products")
    assert evidence.people == leanings.count("people")


@pytest.mark.parametrize(
    ("energies", "trend"),
    [
        ([], Trend.TOO_EARLY),
        (["energised"], Trend.TOO_EARLY),
        (["drained", "energised"], Trend.RISING),
        (["energised", "neutral", "drained"], Trend.FALLING),
        (["neutral", "neutral", "neutral"], Trend.STEADY),
        (["drained", "neutral", "neutral", "energised"], Trend.RISING),
        (["energised", "drained", "energised", "drained"], Trend.STEADY),
    ],
)
def test_energy_trend_compares_the_later_half_with_the_earlier(energies, trend):
    assert rules.energy_trend(energies) == trend


@pytest.mark.parametrize(
    ("ratings", "expected", "gap_keys"),
    [
        ({}, {"a": 3, "b": 4}, []),  # nothing rated, nothing said
        ({"a": 1, "b": 1}, {"a": 3, "b": 4}, ["b", "a"]),  # largest gap first
        ({"a": 3, "b": 4}, {"a": 3, "b": 4}, []),
        ({"a": 5, "b": 2}, {"a": 3, "b": 4}, ["b"]),
        ({"a": 1, "b": 3}, {"a": 3, "b": 4}, ["a", "b"]),
        ({"x": 1}, {"a": 2}, []),  # ratings of other competencies play no part
    ],
)
def test_gaps_are_ratings_below_the_target(ratings, expected, gap_keys):
    assert [gap.key for gap in rules.gaps(ratings, expected)] == gap_keys


@pytest.mark.parametrize(
    ("last", "weeks", "overdue"),
    [
        (None, 4, True),  # never talked: reach out
        (date(2026, 11, 10), 4, False),
        (date(2026, 10, 1), 4, True),
        (date(2026, 11, 3), 4, False),  # due on 1 December: not yet overdue that day
    ],
)
def test_a_touch_base_is_overdue_after_its_cadence(last, weeks, overdue):
    assert rules.is_overdue(last, weeks, date(2026, 12, 1)) is overdue


def test_the_energy_chart_puts_energised_at_the_top_and_reads_in_words():
    class Checkin:
        def __init__(self, week, energy):
            self.week, self.energy = week, energy

    chart = charts.energy_chart(
        [
            Checkin(date(2026, 11, 16), "drained"),
            Checkin(date(2026, 11, 23), "neutral"),
            Checkin(date(2026, 11, 30), "energised"),
        ]
    )
    ys = [point.y for point in chart.points]
    assert ys[0] > ys[1] > ys[2]  # SVG y grows downward
    assert all(0 <= point.x <= chart.width for point in chart.points)
    assert "Week of 16 Nov: Drained" in chart.description
    assert "Week of 30 Nov: Energised" in chart.description


def test_the_agenda_asks_about_falling_energy_and_the_first_gap():
    page = agenda.build_agenda(
        "Pat",
        None,
        [agenda.ExperimentFacts("Cover for a lead", "running", Trend.FALLING, 0, False)],
        ["Coaching"],
        "Group PM",
        new_result_since=True,
    )
    assert page.changes[0] == "This is your first look at Pat's plan."
    assert "Pat shared a new result." in page.changes
    assert [facts.title for facts in page.to_discuss] == ["Cover for a lead"]
    assert any("draining" in question for question in page.questions)
    assert any("coaching" in question for question in page.questions)
