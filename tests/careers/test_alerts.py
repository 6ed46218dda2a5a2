"""The manager's alerts fire on the mismatch scenarios of domain.md, and say why in numbers."""

import pytest

from careers.alerts import LevelFacts, alerts_for
from tests.assessments.factories import score_result

SENIOR_PM = LevelFacts(title="Senior Product Manager", track_kind="shared")
PRINCIPAL = LevelFacts(title="Principal Product Manager", track_kind="ic")
DIRECTOR = LevelFacts(title="Director of Product", track_kind="people")
GROUP_PM = LevelFacts(title="Group Product Manager", track_kind="hybrid")


def payload(outcome, builder, people, strength="clear", flags=(), title_pull=40.0):
    return score_result(
        outcome=outcome,
        strength=strength,
        scales={"builder": builder, "people": people, "product": 60.0},
        dimensions={"title_pull": title_pull},
        flags=list(flags),
    )


def kinds(alerts):
    return [alert.kind for alert in alerts]


@pytest.mark.parametrize("level", [SENIOR_PM, PRINCIPAL], ids=["shared", "ic"])
def test_a_people_leader_on_an_individual_level_gets_a_path_alert_with_its_numbers(level):
    [alert] = alerts_for(level, payload("people_leader", 38.4, 81.2))
    assert alert.kind == "people_pull_on_ic_level"
    assert "before they look elsewhere" in alert.advice
    assert "81 of 100" in alert.why and "38" in alert.why and level.title in alert.why
    assert "a clear lean toward people leadership" in alert.why


def test_a_hybrid_with_a_strong_people_score_on_an_ic_level_gets_a_trial_alert_not_a_pull():
    [alert] = alerts_for(PRINCIPAL, payload("hybrid", 75.0, 75.0, strength=None))
    assert alert.kind == "both_paths_on_ic_level"
    assert "strong pull" not in alert.title.lower()
    assert "75 of 100" in alert.why and "both paths" in alert.why.lower()


def test_a_builder_with_a_high_people_score_gets_no_people_pull_alert():
    assert alerts_for(SENIOR_PM, payload("builder", 92.0, 74.0)) == []


def test_a_leaning_people_leader_is_not_called_a_strong_pull():
    [alert] = alerts_for(SENIOR_PM, payload("people_leader", 55.0, 71.0, strength="leaning"))
    assert alert.title == "A pull toward leading people"


def test_a_moderate_hybrid_on_an_ic_level_does_not_fire():
    assert alerts_for(PRINCIPAL, payload("hybrid", 60.0, 65.0, strength=None)) == []


def test_the_people_pull_threshold_is_an_argument():
    result = payload("hybrid", 60.0, 65.0, strength=None)
    assert kinds(alerts_for(PRINCIPAL, result, strong_people_pull=60)) == ["both_paths_on_ic_level"]


@pytest.mark.parametrize("level", [DIRECTOR, GROUP_PM], ids=["people", "hybrid"])
def test_a_builder_in_a_managing_role_gets_the_ic_route_alert(level):
    [alert] = alerts_for(level, payload("builder", 84.0, 31.0, strength="leaning"))
    assert alert.kind == "builder_on_people_level"
    assert "happier building" in alert.advice and "IC route" in alert.advice
    assert "84 of 100" in alert.why and "31" in alert.why and level.title in alert.why


def test_a_builder_on_an_ic_level_is_where_they_want_to_be():
    assert alerts_for(PRINCIPAL, payload("builder", 84.0, 31.0)) == []


def test_a_people_leader_in_a_people_role_is_where_they_want_to_be():
    assert alerts_for(DIRECTOR, payload("people_leader", 30.0, 84.0)) == []


def test_the_title_pull_caution_fires_with_its_score_whatever_the_level():
    result = payload("people_leader", 30.0, 84.0, flags=["title_pull"], title_pull=82.5)
    [alert] = alerts_for(DIRECTOR, result)
    assert alert.kind == "title_pull"
    assert "to the work, not the title" in alert.advice
    assert "82 of 100" in alert.why


def test_a_people_leader_on_an_ic_level_with_title_pull_gets_both_alerts_path_first():
    result = payload("people_leader", 30.0, 84.0, flags=["title_pull"], title_pull=90)
    assert kinds(alerts_for(SENIOR_PM, result)) == ["people_pull_on_ic_level", "title_pull"]


def test_the_title_pull_caution_needs_the_flag_not_just_a_high_score():
    result = payload("people_leader", 30.0, 84.0, title_pull=95)
    assert alerts_for(DIRECTOR, result) == []


def test_an_unknown_level_fires_only_the_title_caution():
    result = payload("people_leader", 30.0, 84.0, flags=["title_pull"], title_pull=75)
    assert kinds(alerts_for(None, result)) == ["title_pull"]


@pytest.mark.parametrize("outcome", ["withheld", "inconclusive"])
def test_results_without_a_reading_raise_nothing(outcome):
    result = score_result(outcome=outcome)
    assert alerts_for(SENIOR_PM, result) == []
    assert alerts_for(DIRECTOR, result) == []


def test_nothing_shared_means_no_alerts():
    assert alerts_for(SENIOR_PM, None) == []
