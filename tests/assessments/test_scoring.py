"""Known answers for score(): a case worked by hand, then the shipped questionnaire."""

import json
import math

import pytest

from assessments.scoring import (
    FLAG_KEYS,
    SCORING_VERSION,
    ScoreResult,
    answer_sentence,
    as_clause,
    normal_cdf,
    score,
    times,
)
from assessments.specs import (
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    load_default_questionnaire,
)
from core.interchange import SpecError

# The known answers below were worked on version 1 of the shipped files; the latest version
# (now 3) has its own tests at the end.
SELF = load_default_questionnaire("pm-motivators", version=1)
OBSERVER = load_default_questionnaire("pm-motivators-observer", version=1)
SELF_LATEST = load_default_questionnaire("pm-motivators")
OBSERVER_LATEST = load_default_questionnaire("pm-motivators-observer")
LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def hand_spec() -> QuestionnaireSpec:
    """Two builder, two people and one product dimension; in each, statements 1–2 are
    forward-keyed and 3–4 reverse-keyed."""
    dimensions = [("ba", "builder"), ("bb", "builder"), ("pa", "people"), ("pb", "people")]
    dimensions.append(("v", "product"))
    items = [
        {
            "key": f"{key}{n}",
            "kind": "likert",
            "section": "all",
            "text": f"I care about {key} number {n}.",
            "dimension": key,
            "reverse": n > 2,
        }
        for key, _ in dimensions
        for n in range(1, 5)
    ]
    items.append(
        {
            "key": "ic1",
            "kind": "instructed",
            "section": "all",
            "text": "Choose Agree.",
            "expected": 4,
        }
    )
    return QuestionnaireSpec.model_validate(
        {
            "slug": "by-hand",
            "title": "Worked by hand",
            "audience": "self",
            "version": 1,
            "scale": {"min": 1, "max": 5, "labels": LABELS},
            "sections": [{"key": "all", "title": "All"}],
            "dimensions": [{"key": k, "name": k, "scale": s} for k, s in dimensions],
            "items": items,
        }
    )


HAND_ANSWERS = {
    # raw answers; items 3–4 are reversed, x' = 6 − x
    "ba1": 5, "ba2": 4, "ba3": 2, "ba4": 1,  # x' 5 4 4 5 → mean 4.5 → S = 100·3.5/4 = 87.5
    "bb1": 4, "bb2": 4, "bb3": 2,            # bb4 skipped; x' 4 4 4 → mean 4 → S = 75 (3/4 ≥ .75)
    "pa1": 2, "pa2": 2, "pa3": 4, "pa4": 4,  # x' 2 2 2 2 → mean 2 → S = 25
    "pb1": 5, "pb2": 2, "pb3": 3, "pb4": 4,  # x' 5 2 3 2 → mean 3 → S = 50
    "v1": 4, "v2": 4, "v3": 2, "v4": 2,      # x' 4 4 4 4 → S = 75
    "ic1": 4,
}  # fmt: skip


def test_worked_example_by_hand():
    result = score(hand_spec(), HAND_ANSWERS)
    # B = (87.5 + 75) / 2 = 81.25; P = (25 + 50) / 2 = 37.5; V = 75
    assert result.dimensions == {"ba": 87.5, "bb": 75.0, "pa": 25.0, "pb": 50.0, "v": 75.0}
    assert result.scales.model_dump() == {"builder": 81.25, "people": 37.5, "product": 75.0}
    # D = P − B = −43.75. SEM = 18 · √0.2, so SEM² = 64.8 on each scale with every item
    # answered; a scale's error variance grows with Σ 1/n_d over its dimensions: builder
    # answered 4 + 3 of 4 + 4, so 64.8 · (1/4 + 1/3) / (1/4 + 1/4) = 75.6; people 64.8.
    # SE_D = √(75.6 + 64.8) = √140.4 ≈ 11.8490; z ≈ 3.6923
    assert result.d == -43.75
    assert math.isclose(result.se_d, math.sqrt(140.4))
    assert math.isclose(result.z, 43.75 / math.sqrt(140.4))
    assert round(result.z, 4) == 3.6923
    assert math.isclose(result.confidence, 0.5 * (1 + math.erf(result.z / math.sqrt(2))))
    # z ≥ 1.645 and D < 0, no flags → builder, clear
    assert (result.outcome, result.strength, result.flags) == ("builder", "clear", [])
    # builder = .7·81.25 + .3·75 = 79.375; people_leader = .7·37.5 + .3·75 = 48.75;
    # hybrid = .2·81.25 + .4·37.5 + .4·75 = 61.25
    assert result.affinities.model_dump() == pytest.approx(
        {"builder": 79.375, "people_leader": 48.75, "hybrid": 61.25}
    )
    # c_i = s · (1/m) · (100/4) / n_d · (x' − 3), m = 2 on both scales:
    #   ba (s = −1, n = 4): −3.125 · (x' − 3) → −6.25, −3.125, −3.125, −6.25
    #   bb (s = −1, n = 3): −25/6 · (x' − 3) → −4.1667 each
    #   pa (s = +1, n = 4): +3.125 · (x' − 3) → −3.125 each
    #   pb (s = +1, n = 4): +3.125 · (x' − 3) → +6.25, −3.125, 0, −3.125
    # total −18.75 − 12.5 − 12.5 + 0 = −43.75 = D; product items contribute nothing.
    expected = {
        "ba1": -6.25, "ba2": -3.125, "ba3": -3.125, "ba4": -6.25,
        "bb1": -25 / 6, "bb2": -25 / 6, "bb3": -25 / 6,
        "pa1": -3.125, "pa2": -3.125, "pa3": -3.125, "pa4": -3.125,
        "pb1": 6.25, "pb2": -3.125, "pb3": 0.0, "pb4": -3.125,
    }  # fmt: skip
    assert result.contributions == pytest.approx(expected)
    assert list(result.contributions) == list(expected)  # in display order
    assert math.isclose(sum(result.contributions.values()), result.d)
    # Hardest toward builder: ba1 and ba4 (6.25, the earlier first), then bb1 (4.17).
    # Against: only pb1 pushes toward people.
    assert [d.item for d in result.drivers.toward] == ["ba1", "ba4", "bb1"]
    assert [d.item for d in result.drivers.against] == ["pb1"]
    ba4 = result.drivers.toward[1]
    assert (ba4.answer, ba4.label, ba4.dimension) == (1, "Strongly disagree", "ba")
    assert ba4.sentence == "You disagreed strongly that you care about ba number 4."
    assert result.reasons == []
    assert (result.answered, result.total) == (20, 21)


def answers_for(spec, builder, people, product=3, caution=3, choose=None, skip=()):
    """Answers expressing a level (1..5) of agreement with each scale's construct.

    Reverse-keyed statements get the mirrored raw answer, check items the right one, and
    forced choices the pole ``choose`` (default: the higher of builder and people).
    """
    levels = {"builder": builder, "people": people, "product": product, "caution": caution}
    pole = choose or ("builder" if builder >= people else "people")
    answers = {}
    for item in spec.items:
        if item.key in skip:
            continue
        if isinstance(item, LikertItem):
            level = levels[spec.dimension(item.dimension).scale]
            answers[item.key] = 6 - level if item.reverse else level
        elif isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        else:
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
    return answers


@pytest.mark.parametrize(
    ("levels", "outcome", "strength"),
    [
        ({"builder": 5, "people": 2, "product": 4}, "builder", "clear"),
        ({"builder": 4, "people": 2}, "builder", "clear"),
        ({"builder": 2, "people": 5, "product": 4}, "people_leader", "clear"),
        ({"builder": 5, "people": 5, "product": 4}, "hybrid", None),  # high on both
        ({"builder": 4, "people": 4, "product": 2}, "hybrid", None),
        ({"builder": 2, "people": 2, "product": 2}, "inconclusive", None),  # low on all
        ({"builder": 1, "people": 1, "product": 2}, "inconclusive", None),
        # Low on all, but a decisive gap (25 points, z ≈ 2.2) still names the pole.
        ({"builder": 1, "people": 2, "product": 1}, "people_leader", "clear"),
    ],
)
def test_known_outcomes_on_the_self_questionnaire(levels, outcome, strength):
    result = score(SELF, answers_for(SELF, **levels))
    assert (result.outcome, result.strength) == (outcome, strength)
    assert result.reasons == []


def test_a_small_lead_is_leaning_not_clear():
    # One builder statement nudged from neutral: D stays within 1–1.645 standard errors.
    answers = answers_for(SELF, builder=4, people=3, product=4)
    for key in ("dp1", "dp3", "dp4", "lto1", "lto3", "ob1"):  # forward people items up
        answers[key] = 4
    result = score(SELF, answers)
    assert SELF.scoring.pole_z <= result.z < SELF.scoring.clear_z
    assert (result.outcome, result.strength) == ("builder", "leaning")


def test_missing_check_question_withholds_the_result():
    answers = answers_for(SELF, builder=5, people=1, skip={"ic1"})
    result = score(SELF, answers)
    assert result.outcome == "withheld"
    assert result.strength is None and result.confidence is None and result.scales is None
    assert result.reasons == [
        'The check question "To show you are reading, please choose Agree for this line." '
        "was not answered."
    ]
    assert result.reasons[0] in result.explanation


def test_wrong_answer_to_a_check_question_withholds_the_result():
    answers = answers_for(SELF, builder=5, people=1)
    answers["ic2"] = 4
    result = score(SELF, answers)
    assert result.outcome == "withheld"
    assert result.reasons == [
        'The check question "This line checks attention: please choose Strongly disagree." '
        'was answered "Agree" instead of "Strongly disagree".'
    ]


def test_too_few_answers_in_a_dimension_withholds_and_says_which():
    answers = answers_for(SELF, builder=5, people=1, skip={"ho1", "ho2"})
    result = score(SELF, answers)
    assert result.outcome == "withheld"
    assert result.reasons == [
        "Only 3 of the 5 statements about hands-on problem solving were answered; "
        "at least 4 are needed."
    ]
    # What could be computed is still there; what could not is None.
    assert result.dimensions["hands_on"] is None
    assert result.dimensions["craft_mastery"] == 100.0
    assert (result.d, result.z, result.affinities) == (None, None, None)
    assert result.contributions == {} and result.drivers.toward == []
    assert result.se_d == SELF.scoring.se_d


def test_a_thin_caution_dimension_does_not_withhold():
    answers = answers_for(SELF, builder=5, people=1, skip={"tp1", "tp2", "tp3"})
    result = score(SELF, answers)
    assert result.outcome == "builder"
    assert result.dimensions["title_pull"] is None


def test_one_missing_item_per_dimension_is_still_enough():
    skip = {SELF.likert_items(d.key)[0].key for d in SELF.dimensions}
    result = score(SELF, answers_for(SELF, builder=5, people=1, skip=skip))
    assert result.outcome == "builder"
    assert result.answered == len(SELF.items) - 9


def test_unusable_answers_raise_rather_than_score():
    with pytest.raises(SpecError) as caught:
        score(SELF, {**answers_for(SELF, builder=5, people=1), "cm1": 9, "bogus": 1})
    assert len(caught.value.messages) == 2


# Flags: each one fires on its own (the others switched off), and the first four turn a
# clear result into a leaning one.

FLAGS_OFF = {
    "forced_choice_disagreement": {"fc_min_answered": 10_000},
    "long_run": {"long_run": 10_000},
    "low_spread": {"low_spread_min_items": 10_000},
    "acquiescence": {"acquiescence_min_items": 10_000},
    "title_pull": {"title_pull_at": 100.0},
}


def with_flags(spec: QuestionnaireSpec, only: str | None) -> QuestionnaireSpec:
    """The spec with every flag but ``only`` switched off through its parameters."""
    data = spec.model_dump()
    for flag, off in FLAGS_OFF.items():
        if flag != only:
            data["scoring"]["flags"].update(off)
    return QuestionnaireSpec.model_validate(data)


def uniform_spec() -> QuestionnaireSpec:
    """Builder statements all forward-keyed and people statements all reversed, so the same
    answer everywhere still gives a clear builder result (B = 75, P = 25 when all Agree)."""
    data = hand_spec().model_dump()
    for item in data["items"]:
        if item["kind"] == "likert" and item["key"][0] in "bp":
            item["reverse"] = item["key"][0] == "p"
    return QuestionnaireSpec.model_validate(data)


def long_run_answers():
    # A clear builder profile whose fifteen people and caution statements in a row
    # (sections growing_people and building_teams) are all answered 3.
    answers = answers_for(SELF, builder=5, people=1, caution=1)
    for section in ("growing_people", "building_teams"):
        for item in SELF.items_in_section(section):
            if isinstance(item, LikertItem):
                answers[item.key] = 3
    return answers


FLAG_CASES = [
    (
        "forced_choice_disagreement",
        SELF,
        answers_for(SELF, builder=5, people=1, choose="people"),
    ),
    ("long_run", SELF, long_run_answers()),
    ("low_spread", uniform_spec(), {item.key: 4 for item in uniform_spec().items}),
    ("acquiescence", uniform_spec(), {item.key: 4 for item in uniform_spec().items}),
]


@pytest.mark.parametrize(("flag", "spec", "answers"), FLAG_CASES, ids=[c[0] for c in FLAG_CASES])
def test_each_soft_flag_fires_and_lowers_clear_to_leaning(flag, spec, answers):
    without = score(with_flags(spec, only=None), answers)
    assert (without.outcome, without.strength, without.flags) == ("builder", "clear", [])
    flagged = score(with_flags(spec, only=flag), answers)
    assert flagged.flags == [flag]
    assert (flagged.outcome, flagged.strength) == ("builder", "leaning")
    assert flagged.z == without.z  # flags never move the numbers
    assert flagged.flag_notes[flag] in flagged.explanation
    assert "leaning rather than clear" in flagged.explanation


def test_flags_fire_with_default_thresholds_too():
    assert "forced_choice_disagreement" in score(SELF, FLAG_CASES[0][2]).flags
    assert "long_run" in score(SELF, long_run_answers()).flags
    # The same answer to every statement is straight-lining: withheld rather than flagged.
    everything_agree = score(uniform_spec(), {item.key: 4 for item in uniform_spec().items})
    assert everything_agree.outcome == "withheld"
    assert "in a row got the same answer" in everything_agree.reasons[0]


def test_a_third_of_forced_choices_against_is_not_enough():
    answers = answers_for(SELF, builder=5, people=1)
    answers["fc1"], answers["fc2"] = "b", "a"  # two of six pick the people option
    assert "forced_choice_disagreement" not in score(SELF, answers).flags
    answers["fc3"] = "b"  # three of six: more than a third
    assert "forced_choice_disagreement" in score(SELF, answers).flags


def test_title_pull_adds_a_caution_to_people_leader_without_lowering_it():
    result = score(SELF, answers_for(SELF, builder=1, people=5, product=4, caution=5))
    assert (result.outcome, result.strength) == ("people_leader", "clear")
    assert result.flags == ["title_pull"]
    assert result.dimensions["title_pull"] == 100.0
    assert "not the title" in result.flag_notes["title_pull"]
    assert result.flag_notes["title_pull"] in result.explanation


def test_title_pull_is_no_concern_for_a_builder_or_below_the_threshold():
    assert score(SELF, answers_for(SELF, builder=5, people=1, caution=5)).flags == []
    quiet = score(SELF, answers_for(SELF, builder=1, people=5, caution=3))  # 50 < 70
    assert quiet.flags == []


# Drivers and explanation


def test_drivers_quote_the_statements_in_the_persons_own_words():
    result = score(SELF, answers_for(SELF, builder=5, people=2, product=4))
    assert len(result.drivers.toward) == 3
    for driver in result.drivers.toward + result.drivers.against:
        item = SELF.item(driver.item)
        assert driver.text == item.text
        assert driver.dimension == item.dimension
        assert driver.label == LABELS[driver.answer - 1]
        assert driver.contribution == result.contributions[driver.item]
        assert driver.sentence.startswith("You ")
        assert as_clause(item.text) in driver.sentence
        assert driver.sentence[0].lower() + driver.sentence[1:-1] in result.explanation
    first = result.drivers.toward[0]
    assert first.sentence == (
        "You agreed strongly that you enjoy sharpening your product craft, like writing "
        "crisper specs or running better discovery."
    )
    assert all(d.contribution < 0 for d in result.drivers.toward)  # toward builder


def test_drivers_against_are_only_answers_pushing_the_other_way():
    answers = answers_for(SELF, builder=5, people=1)
    answers["dp1"] = 5  # one strongly pro-people answer
    result = score(SELF, answers)
    assert [d.item for d in result.drivers.against] == ["dp1"]
    assert result.drivers.against[0].contribution > 0


@pytest.mark.parametrize(
    ("text", "value", "sentence"),
    [
        ("I am happy to leave it.", 5, "You agreed strongly that you are happy to leave it."),
        ("My best days are quiet.", 4, "You agreed that your best days are quiet."),
        ("I'm sure it suits me.", 2, "You disagreed that you're sure it suits you."),
        ("Coaching is not for me.", 1, "You disagreed strongly that coaching is not for you."),
        ("They ship.", 3, "You neither agreed nor disagreed that they ship."),
        ("PMs like me mentor myself.", 5, "You agreed strongly that PMs like you mentor yourself."),
    ],
)  # fmt: skip
def test_answer_sentences(text, value, sentence):
    item = LikertItem(key="x", kind="likert", section="s", text=text, dimension="d")
    assert answer_sentence(SELF, item, value) == sentence


def test_observer_drivers_speak_about_them():
    result = score(OBSERVER, answers_for(OBSERVER, builder=1, people=5, product=3))
    assert result.outcome == "people_leader"
    # Reasons for people leadership quote the people statements first.
    assert result.drivers.toward[0].sentence.startswith("You agreed strongly that they ")
    for driver in result.drivers.toward + result.drivers.against:
        assert " you " not in driver.sentence  # the statements are about them
    assert result.explanation.startswith(
        "Your answers about this person point clearly to people leadership"
    )


def test_explanation_is_built_from_the_numbers():
    result = score(SELF, answers_for(SELF, builder=5, people=2, product=4))
    assert result.explanation.startswith(
        "Your answers point clearly to building products. "
        "Building scored 100, people leadership 25 and product leadership 75 out of 100. "
        "People leadership is 75 points below building, 6.5 times the measurement error "
        "of about 11 points: a gap this large almost never comes from noise in the answers"
    )
    assert "What weighed most toward it: you agreed strongly that" in result.explanation
    assert "%" not in result.explanation
    hybrid = score(SELF, answers_for(SELF, builder=5, people=5, product=4))
    assert "too close to call" in hybrid.explanation
    assert "Group PM" in hybrid.explanation
    low = score(SELF, answers_for(SELF, builder=2, people=2, product=2))
    assert low.explanation.startswith(
        "None of the three scales reached 40 out of 100 (the highest was 25)."
    )


# Output shape


def test_result_has_the_contract_names_and_survives_json():
    result = score(SELF, answers_for(SELF, builder=2, people=5, product=4, caution=5))
    payload = json.loads(json.dumps(result.model_dump(mode="json")))
    for name in (
        "outcome", "strength", "confidence", "scales", "dimensions", "affinities", "d",
        "se_d", "z", "flags", "contributions", "drivers", "explanation", "reasons",
    ):  # fmt: skip
        assert name in payload
    assert set(payload["scales"]) == {"builder", "people", "product"}
    assert set(payload["affinities"]) == {"builder", "people_leader", "hybrid"}
    assert set(payload["drivers"]) == {"toward", "against"}
    assert payload["scoring_version"] == SCORING_VERSION
    assert set(payload["flags"]) <= set(FLAG_KEYS)
    assert ScoreResult.model_validate(payload) == result


def test_withheld_result_survives_json_too():
    result = score(SELF, {"cm1": 3})
    payload = json.loads(json.dumps(result.model_dump(mode="json")))
    assert payload["outcome"] == "withheld" and payload["strength"] is None
    assert ScoreResult.model_validate(payload) == result


def test_result_is_frozen():
    result = score(hand_spec(), HAND_ANSWERS)
    with pytest.raises(ValueError):
        result.outcome = "people_leader"


def test_normal_cdf():
    assert normal_cdf(0) == 0.5
    assert round(normal_cdf(1), 4) == 0.8413
    assert round(normal_cdf(1.645), 3) == 0.95


# Version 2 of the method: reasons that fit, decisive gaps, careless answering, honest words


def test_reasons_for_a_clear_result_quote_its_own_side_first():
    for levels, side in (
        ({"builder": 2, "people": 5}, "people"),
        ({"builder": 5, "people": 2}, "builder"),
    ):
        result = score(SELF, answers_for(SELF, product=3, **levels))
        assert result.strength == "clear"
        scales = [SELF.dimension(d.dimension).scale for d in result.drivers.toward]
        assert scales.count(side) >= 2
        # Equally strong answers are taken from different motivators.
        assert len({d.dimension for d in result.drivers.toward}) == 3


def test_a_decisive_gap_on_low_scales_names_the_pole_and_says_energy_is_low():
    result = score(SELF, answers_for(SELF, builder=1, people=2, product=1))
    assert result.outcome == "people_leader"
    assert result.flags == ["low_energy"]
    assert "Energy is low on both paths" in result.explanation


def test_the_same_answer_everywhere_is_withheld_kindly():
    answers = {
        item.key: item.expected if isinstance(item, InstructedItem) else 4
        for item in SELF.items
        if isinstance(item, (LikertItem, InstructedItem))
    }
    result = score(SELF, answers)
    assert result.outcome == "withheld"
    assert "not a judgement of you" in result.explanation


def test_answers_that_contradict_each_other_are_withheld():
    answers = answers_for(SELF, builder=5, people=1)
    for index, item in enumerate(SELF.likert_items()):
        if index % 2:  # every other statement answered the opposite way
            answers[item.key] = 6 - answers[item.key]
    result = score(SELF, answers)
    assert result.outcome == "withheld"
    assert result.consistency >= SELF.scoring.careless.inconsistent_at
    assert "nearly the same thing got quite different answers" in result.reasons[-1]


def test_fewer_answers_widen_the_persons_measurement_error():
    full = score(SELF, answers_for(SELF, builder=5, people=1))
    thinner = score(SELF, answers_for(SELF, builder=5, people=1, skip={"cm1", "dp1"}))
    assert full.se_d == pytest.approx(SELF.scoring.se_d)
    assert thinner.se_d > full.se_d


def test_the_hybrid_margin_is_the_error_times_pole_z_and_one_point_is_singular():
    data = SELF.model_dump()
    data["scoring"]["pole_z"] = 1.5
    data["scoring"]["clear_z"] = 2.0
    wider = QuestionnaireSpec.model_validate(data)
    answers = answers_for(wider, builder=4, people=4)
    answers["dp1"] = 5  # D = 1.25: "1 point"
    result = score(wider, answers)
    assert result.outcome == "hybrid"
    assert "the gap of 1 point is within the margin of about 17 " in result.explanation


def test_the_gap_is_never_rounded_up():
    assert times(1.99) == "1.9" and times(2.0) == "2.0"


def test_the_two_mismatches_add_cautions_when_leadership_is_on_the_table():
    answers = answers_for(SELF_LATEST, builder=1, people=5, product=4, caution=5)
    result = score(SELF_LATEST, answers)
    assert result.outcome == "people_leader"
    assert {"polite_yes", "team_without_people_work"} <= set(result.flags)
    builder = score(
        SELF_LATEST, answers_for(SELF_LATEST, builder=5, people=1, product=4, caution=5)
    )
    assert not {"polite_yes", "team_without_people_work"} & set(builder.flags)
