"""Every alert and next step agrees with the reading beside it: one case per outcome and
strength, at every level of the shipped ladder (before the fork, on the IC, hybrid and people
tracks). Pure: the ladder and questionnaire files, the scoring output, the readout and the
ladder section of the result page, without the database."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.template.loader import get_template

from assessments.readouts import read
from assessments.scoring import TITLE_PULL, Outcome, QuestionnaireSnapshot
from assessments.specs import load_default_questionnaire
from careers.alerts import LevelFacts, alerts_for
from ladders.specs import DEFAULTS_DIR, read_ladder
from tests.assessments.factories import score_result

LADDER = read_ladder(DEFAULTS_DIR / "product-management.yaml")
SNAPSHOT = QuestionnaireSnapshot.of(load_default_questionnaire("pm-motivators"))
KIND = {level.key: LADDER.track_of(level.key).kind for level in LADDER.levels}
TITLE_KIND = {level.title: KIND[level.key] for level in LADDER.levels}

# (outcome, strength, builder, people, flags): the readings a manager and a person may see.
READINGS = {
    "builder clear": ("builder", "clear", 88.0, 35.0, []),
    "builder leaning, people high too": ("builder", "leaning", 90.0, 74.0, []),
    "people clear": ("people_leader", "clear", 38.0, 86.0, []),
    "people leaning": ("people_leader", "leaning", 58.0, 71.0, []),
    "people with title pull": ("people_leader", "clear", 30.0, 84.0, [TITLE_PULL]),
    "hybrid 75/75": ("hybrid", None, 75.0, 75.0, []),
    "hybrid moderate": ("hybrid", None, 60.0, 63.0, []),
    "inconclusive": ("inconclusive", None, 40.0, 42.0, []),
}
# Which alerts each outcome may raise: none that reads the person another way.
ALLOWED_ALERTS = {
    Outcome.BUILDER: {"builder_on_people_level"},
    Outcome.PEOPLE_LEADER: {"people_pull_on_ic_level", "title_pull"},
    Outcome.HYBRID: {"both_paths_on_ic_level"},
    Outcome.INCONCLUSIVE: set(),
}
CASES = [(reading, level.key) for reading in READINGS for level in LADDER.levels]


def scored(reading: str):
    outcome, strength, builder, people, flags = READINGS[reading]
    return score_result(
        outcome=outcome,
        strength=strength,
        scales={"builder": builder, "people": people, "product": 60.0},
        dimensions={TITLE_PULL: 80.0 if flags else 30.0},
        flags=flags,
        d=people - builder,
        z=2.5 if strength else 0.5,
        se_d=11.4,
    )


def ladder_text(readout) -> str:
    html = get_template("assessments/result.html#ladder").render({"readout": readout})
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize(("reading", "level_key"), CASES, ids=[f"{r}@{k}" for r, k in CASES])
def test_no_alert_or_next_step_contradicts_the_reading(reading, level_key):
    score = scored(reading)
    outcome = score.outcome
    level = LADDER.level(level_key)

    # Alerts: only the kinds this outcome can raise, each quoting the reading it sits beside.
    alerts = alerts_for(LevelFacts(title=level.title, track_kind=KIND[level_key]), score)
    assert {alert.kind for alert in alerts} <= ALLOWED_ALERTS[outcome]
    for alert in alerts:
        assert outcome.label.lower() in alert.why.lower()
        if "strong" in alert.title.lower():
            assert outcome == Outcome.PEOPLE_LEADER and score.strength == "clear"

    # Next steps: the readout and the page name a step as the branch's only when it is on it.
    placement = LADDER.placement(level_key, outcome.branch)
    readout = read(score, SNAPSHOT, placement)
    text = ladder_text(readout)
    branch = outcome.branch
    if branch is None:
        assert "Next step ·" not in text
    for step in readout.next_levels:
        tagged_as_branch = f"Next step · {placement.branch_name} {step.title}" in text
        if tagged_as_branch:
            assert step.track_kind == branch or placement.on_branch
    if readout.branch_step is not None:
        # Before the fork: the fork and the first step on the reading's own track, with the
        # real share of people work there.
        step = readout.branch_step
        assert step.track_kind == branch
        assert KIND[readout.fork.key] == "shared"
        assert f"The paths split after {readout.fork.title}" in text
        assert f"The first step on the {placement.branch_name.lower()} is {step.title}" in text
        assert f"Time spent there: {step.time_split.people}% leading people" in text
        if branch in ("people", "hybrid"):
            assert step.time_split.people > 0
    # The opener names no level off the reading's track.
    for title, kind in TITLE_KIND.items():
        if re.search(rf"\b(a|as a) {re.escape(title)}\b", readout.opener):
            assert kind == branch, f"{readout.opener!r} names {title} ({kind})"


def test_a_people_leader_at_product_manager_sees_the_fork_and_director():
    """The case seen in use: "People leadership track → Senior Product Manager · 0%"."""
    readout = read(scored("people clear"), SNAPSHOT, LADDER.placement("pm", "people"))
    text = ladder_text(readout)
    assert "Next step · People leadership track Senior Product Manager" not in text
    assert "Next step · before the paths split Senior Product Manager" in text
    assert "The paths split after Senior Product Manager" in text
    assert "is Director of Product" in text and "60% leading people" in text
    assert "Director of Product" in readout.opener


def test_a_hybrid_75_75_on_an_ic_level_raises_no_strong_pull():
    alerts = alerts_for(LevelFacts("Product Manager", "shared"), scored("hybrid 75/75"))
    assert [alert.kind for alert in alerts] == ["both_paths_on_ic_level"]
    assert all("strong pull" not in alert.title.lower() for alert in alerts)
