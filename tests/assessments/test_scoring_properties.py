"""Properties of score() that must hold for every set of answers (scoring.md)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import score
from assessments.specs import (
    SCORED_SCALES,
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    load_default_questionnaire,
)


def without_careless_checks(spec: QuestionnaireSpec) -> QuestionnaireSpec:
    """Most random answer sets look careless and are withheld; these properties are about
    the formulas, so the careless-answering checks are switched off here (they have their
    own tests)."""
    data = spec.model_dump()
    data["scoring"]["careless"] = {"withhold_straight_lines": False, "inconsistent_at": 1.0}
    return QuestionnaireSpec.model_validate(data)


SPEC = without_careless_checks(load_default_questionnaire("pm-motivators"))
LIKERT = SPEC.likert_items()
SCORED_LIKERT = [i for i in LIKERT if SPEC.dimension(i.dimension).scale in ("builder", "people")]

# A decorator rather than a profile, so other test modules keep their own settings.
checked = settings(max_examples=100, deadline=None)


@st.composite
def answer_sets(draw, spec=SPEC, gaps=True):
    """Valid answers, the checks passed; with ``gaps`` about one statement in 25 skipped."""
    answers = {}
    for item in spec.items:
        if isinstance(item, InstructedItem):
            answers[item.key] = item.expected
        elif gaps and draw(st.integers(0, 24)) == 0:
            continue
        elif isinstance(item, ForcedChoiceItem):
            answers[item.key] = draw(st.sampled_from([o.key for o in item.options]))
        else:
            answers[item.key] = draw(st.integers(spec.scale.min, spec.scale.max))
    return answers


def rebuilt(spec: QuestionnaireSpec, change) -> QuestionnaireSpec:
    data = spec.model_dump()
    change(data)
    return QuestionnaireSpec.model_validate(data)


def numbers(result):
    """Everything numeric a person is shown, for exact comparisons."""
    return (
        result.outcome,
        result.dimensions,
        result.scales,
        result.affinities,
        result.d,
        result.se_d,
        result.z,
        result.confidence,
        result.contributions,
    )


@checked
@given(answer_sets())
def test_scores_stay_in_bounds(answers):
    result = score(SPEC, answers)
    for value in result.dimensions.values():
        assert value is None or 0 <= value <= 100
    if result.outcome != "withheld":
        assert all(0 <= v <= 100 for v in result.scales.model_dump().values())
        assert all(0 <= v <= 100 for v in result.affinities.model_dump().values())
        assert 0.5 <= result.confidence <= 1
        assert -100 <= result.d <= 100


@checked
@given(answer_sets())
def test_scoring_is_deterministic(answers):
    assert score(SPEC, answers) == score(SPEC, dict(answers))


@checked
@given(answer_sets(), st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(answers, random):
    keys = list(answers)
    random.shuffle(keys)
    assert score(SPEC, {key: answers[key] for key in keys}) == score(SPEC, answers)


@checked
@given(answer_sets(gaps=False), st.sampled_from(SCORED_LIKERT))
def test_more_agreement_never_moves_a_score_against_the_item(answers, item):
    if answers[item.key] == SPEC.scale.max:
        return
    before = score(SPEC, answers)
    after = score(SPEC, {**answers, item.key: answers[item.key] + 1})
    scale = "people" if SPEC.dimension(item.dimension).scale == "people" else "builder"
    own_before, own_after = getattr(before.scales, scale), getattr(after.scales, scale)
    # More agreement raises the item's own scale, unless the item is reverse-keyed.
    assert own_after <= own_before if item.reverse else own_after >= own_before
    # So D = P − B rises for forward people and reversed builder items, and falls otherwise.
    if (scale == "people") != item.reverse:
        assert after.d >= before.d
    else:
        assert after.d <= before.d


@checked
@given(answer_sets(), st.sampled_from(LIKERT))
def test_reversing_an_item_and_mirroring_its_answer_changes_nothing(answers, item):
    def flip(data):
        position = SPEC.position(item.key)
        data["items"][position]["reverse"] = not data["items"][position]["reverse"]

    flipped = rebuilt(SPEC, flip)
    assert rebuilt(flipped, flip) == SPEC  # double reversal is the identity
    mirrored = dict(answers)
    if item.key in answers:
        mirrored[item.key] = SPEC.scale.min + SPEC.scale.max - answers[item.key]
    assert numbers(score(flipped, mirrored)) == numbers(score(SPEC, answers))


def swap_roles(data):
    swap = {"builder": "people", "people": "builder"}
    for dimension in data["dimensions"]:
        dimension["scale"] = swap.get(dimension["scale"], dimension["scale"])
    for item in data["items"]:
        for option in item.get("options", []):
            option["pole"] = swap[option["pole"]]


MIRRORED = rebuilt(SPEC, swap_roles)


@checked
@given(answer_sets())
def test_swapping_builder_and_people_swaps_the_outcome(answers):
    result, mirror = score(SPEC, answers), score(MIRRORED, answers)
    expected = {"builder": "people_leader", "people_leader": "builder"}
    assert mirror.outcome == expected.get(result.outcome, result.outcome)
    assert mirror.strength == result.strength
    if result.outcome != "withheld":
        assert mirror.d == -result.d and mirror.z == result.z
        assert (mirror.scales.builder, mirror.scales.people) == (
            result.scales.people,
            result.scales.builder,
        )


@checked
@given(answer_sets())
def test_a_gap_below_the_final_margin_is_never_a_pole(answers):
    result = score(SPEC, answers)
    params = SPEC.scoring
    margin = min(params.pole_z, params.follow_up.pole_z) * result.se_d
    if result.d is not None and abs(result.d) < margin:
        assert not result.outcome.is_pole


@checked
@given(answer_sets())
def test_all_midpoint_answers_are_never_a_pole(answers):
    midpoint = (SPEC.scale.min + SPEC.scale.max) // 2
    neutral = {
        key: midpoint if isinstance(SPEC.item(key), LikertItem) else value
        for key, value in answers.items()
    }
    result = score(SPEC, neutral)
    assert not result.outcome.is_pole
    if result.outcome != "withheld":
        assert result.d == 0


@checked
@given(answer_sets())
def test_contributions_add_up_to_d(answers):
    result = score(SPEC, answers)
    if result.outcome != "withheld":
        assert math.isclose(sum(result.contributions.values()), result.d, abs_tol=1e-9)
        assert set(result.contributions) <= {item.key for item in SCORED_LIKERT}


def shift_scale(data):
    data["scale"]["min"], data["scale"]["max"] = 0, 4
    for item in data["items"]:
        if item["kind"] == "instructed":
            item["expected"] -= 1


ZERO_BASED = rebuilt(SPEC, shift_scale)


@checked
@given(answer_sets())
def test_coding_zero_to_four_changes_nothing(answers):
    shifted = {k: v - 1 if isinstance(v, int) else v for k, v in answers.items()}
    one, zero = score(SPEC, answers), score(ZERO_BASED, shifted)
    assert numbers(zero) == numbers(one)
    assert (zero.strength, zero.flags, zero.explanation) == (
        one.strength,
        one.flags,
        one.explanation,
    )
    assert [d.sentence for d in zero.drivers.toward] == [d.sentence for d in one.drivers.toward]


SCORED_DIMENSIONS = [d.key for d in SPEC.dimensions if d.scale in SCORED_SCALES]


@checked
@given(answer_sets(gaps=False), st.sampled_from(SCORED_DIMENSIONS), st.data())
def test_below_the_completion_threshold_there_is_no_recommendation(answers, dimension, data):
    # Follow-up statements are not asked of everyone, so completion counts the others.
    items = [item for item in SPEC.likert_items(dimension) if not item.follow_up]
    # Keep fewer than 75% of the dimension's statements.
    keep = math.ceil(SPEC.scoring.min_completion * len(items)) - 1
    kept = data.draw(st.sets(st.sampled_from([i.key for i in items]), max_size=keep))
    dropped = {i.key for i in items} - kept
    result = score(SPEC, {k: v for k, v in answers.items() if k not in dropped})
    assert result.outcome == "withheld"
    assert result.strength is None and result.confidence is None
    assert any(SPEC.dimension(dimension).name.lower() in reason for reason in result.reasons)


FOLLOW_UP = [item.key for item in LIKERT if item.follow_up]


@checked
@given(answer_sets())
def test_follow_up_lists_only_unanswered_follow_up_items_and_ends_once_answered(answers):
    assert FOLLOW_UP  # the shipped questionnaire has follow-up items
    result = score(SPEC, answers)
    assert set(result.follow_up) <= set(FOLLOW_UP) - set(answers)
    if result.follow_up:
        completed = {**answers, **{key: SPEC.scale.max for key in result.follow_up}}
        assert score(SPEC, completed).follow_up == []
