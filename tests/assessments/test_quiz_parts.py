"""Which parts a person is asked (pure): the follow-up part only once the main statements are
answered and scoring lists follow-up keys."""

from assessments.quiz_parts import as_asked, main_progress, plan_quiz
from tests.assessments.quiz_support import (
    answers_for,
    answers_in_band,
    default_spec,
    follow_up_answers,
)

SPEC = default_spec()
FOLLOW_UP = tuple(item.key for item in SPEC.index.follow_up)


def test_a_clear_gap_asks_the_six_main_parts_only():
    plan = plan_quiz(SPEC, answers_for("builder"))

    assert [part.key for part in plan.parts] == [s.key for s in SPEC.sections[:-1]]
    assert plan.follow_up == () and plan.follow_up_progress({}) is None
    assert plan.progress(answers_for("builder")).total == 67


def test_an_ambiguous_gap_adds_the_follow_up_part_with_the_listed_statements():
    answers = answers_in_band()

    plan = plan_quiz(SPEC, answers)

    assert plan.follow_up == FOLLOW_UP
    assert plan.parts[-1].is_follow_up and plan.parts[-1].keys == list(FOLLOW_UP)
    assert plan.follow_up_progress({**answers, FOLLOW_UP[0]: 4}).answered == 1
    # Answering them does not retire the part: the band is judged on the main answers.
    assert plan_quiz(SPEC, {**answers, **follow_up_answers()}).follow_up == FOLLOW_UP


def test_nothing_is_decided_before_every_main_statement_is_answered():
    answers = dict(answers_in_band())
    answers.pop("cm1")

    assert plan_quiz(SPEC, answers).follow_up == ()


def test_made_up_answers_keep_follow_ups_only_when_they_would_be_asked():
    clear = as_asked(SPEC, answers_for("builder"))
    close = as_asked(SPEC, {**answers_in_band(), **follow_up_answers()})

    assert not set(FOLLOW_UP) & set(clear) and len(clear) == 67
    assert set(FOLLOW_UP) <= set(close) and len(close) == len(SPEC.items)


def test_a_bare_count_never_runs_past_the_main_total():
    assert main_progress(SPEC, 83).answered == 67 and main_progress(SPEC, 12).answered == 12
