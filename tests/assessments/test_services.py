"""Starting, answering and submitting an assessment, at the service level."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from assessments import services
from assessments.models import Answer, Assessment, QuestionnaireVersion, Result
from assessments.scoring import Outcome, score
from core.interchange import SpecError
from ladders.models import Level
from tests.assessments.quiz_support import (
    answers_for,
    default_spec,
    publish_spec,
    save,
    submit_pattern,
)
from tests.careers.factories import UserFactory, demo_org

pytestmark = pytest.mark.django_db


# ---- start and resume -----------------------------------------------------------------


def test_start_uses_the_latest_published_version_and_then_resumes_it(org):
    first = services.start_or_resume(org["pm"])
    again = services.start_or_resume(org["pm"])
    assert again.pk == first.pk
    assert first.version.number == 3 and first.version.status == "published"
    assert first.questionnaire.slug == "pm-motivators"
    assert first.respondent == first.subject == org["pm"]
    assert Assessment.objects.count() == 1


def test_the_database_refuses_a_second_open_assessment(org):
    first = services.start_or_resume(org["pm"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            respondent=first.respondent,
            subject=first.subject,
            questionnaire=first.questionnaire,
            version=first.version,
        )


def test_a_lost_race_resumes_the_winners_assessment(org, monkeypatch):
    """Two requests both see no open assessment; the second insert fails and resumes."""
    winner = services.start_or_resume(org["pm"])
    real_lookup = services._open_assessment
    calls = []

    def first_miss(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_lookup(*args)

    monkeypatch.setattr(services, "_open_assessment", first_miss)
    loser = services.start_or_resume(org["pm"])
    assert loser.pk == winner.pk
    assert len(calls) == 2
    assert Assessment.objects.filter(respondent=org["pm"]).count() == 1


def test_after_submitting_a_retake_starts_fresh_on_the_newest_version(org):
    submit_pattern(org["pm"], "builder")
    data = default_spec().model_dump(mode="json") | {"version": 4}
    publish_spec(data)
    retake = services.start_or_resume(org["pm"])
    assert retake.status == "in_progress"
    assert retake.version.number == 4
    assert Assessment.objects.filter(respondent=org["pm"]).count() == 2


def test_an_open_assessment_on_an_older_version_is_resumed_not_restarted(org):
    open_one = services.start_or_resume(org["pm"])
    publish_spec(default_spec().model_dump(mode="json") | {"version": 4})
    assert services.start_or_resume(org["pm"]).pk == open_one.pk


def test_a_managers_view_is_separate_from_the_persons_own(org):
    own = services.start_or_resume(org["pm"])
    view = services.start_or_resume(
        org["manager"], subject=org["pm"], slug="pm-motivators-observer"
    )
    assert view.pk != own.pk
    assert view.respondent == org["manager"] and view.subject == org["pm"]
    assert view.questionnaire.slug == "pm-motivators-observer"


def test_without_a_published_questionnaire_start_says_so(db):
    with pytest.raises(services.QuestionnaireUnavailable, match="load_defaults"):
        services.start_or_resume(UserFactory())


# ---- answers ----------------------------------------------------------------------------


def test_the_same_answer_twice_is_one_row_and_a_new_answer_replaces_the_old(org):
    assessment = services.start_or_resume(org["pm"])
    save(assessment, {"cm1": 4})
    save(assessment, {"cm1": 4})
    assert Answer.objects.filter(assessment=assessment).count() == 1
    # A second tab changes its mind: the later write wins.
    save(assessment, {"cm1": 2})
    assert list(assessment.answers.values_list("item_key", "value")) == [("cm1", 2)]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": 3}, 'no question "nope"'),
        ({"cm1": 7}, "not on the scale"),
        ({"cm1": "4"}, "whole number"),
        ({"fc1": "c"}, "not an option"),
        ({"cm1": 4, "fc1": "z"}, "not an option"),  # one bad answer spoils the batch
    ],
)
def test_unusable_answers_are_refused_and_nothing_is_stored(org, answers, message):
    assessment = services.start_or_resume(org["pm"])
    with pytest.raises(SpecError, match=message):
        save(assessment, answers)
    assert not Answer.objects.exists()


def test_a_submitted_assessment_takes_no_more_answers(org):
    result = submit_pattern(org["pm"], "builder")
    assessment = result.assessment
    before = dict(assessment.answers.values_list("item_key", "value"))
    with pytest.raises(services.AssessmentClosed):
        save(assessment, {"cm1": 1})
    assert dict(assessment.answers.values_list("item_key", "value")) == before


@pytest.mark.django_db(transaction=True)
def test_an_answer_sent_while_the_result_is_being_stored_waits_and_is_refused(monkeypatch):
    # A second tab autosaves while the first submits: the answer must not land after the
    # answers were scored (it would be stored yet missing from the result), so the save
    # waits for the submission and then says the assessment is closed.
    org = demo_org()
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for("builder"))
    scoring, go_on = threading.Event(), threading.Event()

    def slow_score(*args):
        scoring.set()
        go_on.wait(10)
        return score(*args)

    monkeypatch.setattr(services, "score", slow_score)
    outcome = {}

    def in_thread(name, work):
        try:
            outcome[name] = work()
        except Exception as exc:  # noqa: BLE001 (the outcome is what the test reads)
            outcome[name] = exc
        finally:
            connection.close()

    submitting = threading.Thread(
        target=in_thread, args=("submit", lambda: services.submit_assessment(assessment))
    )
    submitting.start()
    assert scoring.wait(10)
    saving = threading.Thread(
        target=in_thread, args=("save", lambda: services.save_answers(assessment, {"cm1": 1}))
    )
    saving.start()
    saving.join(0.5)
    assert saving.is_alive(), "the answer must wait for the submission"
    go_on.set()
    submitting.join(20)
    saving.join(20)

    assert isinstance(outcome["submit"], Result)
    assert isinstance(outcome["save"], services.AssessmentClosed)
    stored = Answer.objects.get(assessment=assessment, item_key="cm1").value
    assert stored == answers_for("builder")["cm1"] != 1


# ---- submit ---------------------------------------------------------------------------


def test_submit_stores_the_scoring_output_and_the_ladder_as_a_snapshot(org):
    result = submit_pattern(org["pm"], "people_leader")
    expected = score(default_spec(), answers_for("people_leader")).model_dump(mode="json")
    assert result.payload == expected
    assert result.outcome == "people_leader" and result.strength == "clear"
    assert result.confidence == pytest.approx(expected["confidence"])
    assert result.assessment.status == "submitted" and result.assessment.submitted_at
    # The drivers carry the item texts, so the page never needs today's questionnaire.
    assert all(driver["text"] for driver in result.payload["drivers"]["toward"])
    snapshot = result.questionnaire_snapshot
    assert snapshot["title"] == default_spec().title and snapshot["version"] == 3
    assert {d["key"] for d in snapshot["dimensions"]} >= {"craft_mastery", "title_pull"}
    assert snapshot["thresholds"]["inconclusive_below"] == 40
    placement = result.placement
    assert placement["current"]["key"] == "senior-pm"
    assert placement["branch"] == "people"
    assert [level["key"] for level in placement["next"]] == ["director"]
    # Keys, not URLs: the page reverses them, so a URL change never strands old results.
    assert placement["ladder"]["slug"] == "product-management"
    assert "url" not in placement["ladder"] and "url" not in placement["next"][0]
    assert [level["key"] for level in placement["later"]] == ["vp-product", "cpo"]


def test_submitting_twice_gives_one_result(org):
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for("builder"))
    first = services.submit_assessment(assessment)
    second = services.submit_assessment(Assessment.objects.get(pk=assessment.pk))
    assert first.pk == second.pk
    assert Result.objects.count() == 1


def test_a_stored_answer_edited_by_hand_is_left_out_rather_than_failing_the_person(org):
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for("builder"))
    Answer.objects.filter(assessment=assessment, item_key="cm1").update(value=9)
    result = services.submit_assessment(assessment)
    assert result.outcome == "builder"
    assert result.payload == score(
        default_spec(), {k: v for k, v in answers_for("builder").items() if k != "cm1"}
    ).model_dump(mode="json")


def test_submit_is_all_or_nothing(org, monkeypatch):
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for("builder"))

    def broken(*args):
        raise RuntimeError("ladder unavailable")

    monkeypatch.setattr(services, "placement_for", broken)
    with pytest.raises(RuntimeError):
        services.submit_assessment(assessment)
    assert not Result.objects.exists()
    assert Assessment.objects.get(pk=assessment.pk).status == "in_progress"


@pytest.mark.parametrize(
    ("outcome", "branch", "next_keys", "later_keys"),
    [
        ("builder", "ic", ["principal-pm"], ["distinguished-pm"]),
        ("people_leader", "people", ["director"], ["vp-product", "cpo"]),
        ("hybrid", "hybrid", ["group-pm"], ["director", "vp-product", "cpo"]),
        ("inconclusive", None, ["principal-pm", "group-pm", "director"], []),
    ],
)
def test_the_outcome_picks_the_branch_of_the_ladder(org, outcome, branch, next_keys, later_keys):
    placement = submit_pattern(org["pm"], outcome).placement
    assert placement["branch"] == branch
    assert sorted(level["key"] for level in placement["next"]) == sorted(next_keys)
    assert [level["key"] for level in placement["later"]] == later_keys


def test_a_person_without_a_level_gets_a_placement_to_fill_in_later(org):
    pm3 = org["pm3"]
    result = submit_pattern(pm3, "builder")
    assert result.placement["current"] is None
    assert result.placement["ladder"]["slug"] == "product-management"
    services.set_level(pm3, Level.objects.get(key="pm"), result)
    result.refresh_from_db()
    pm3.refresh_from_db()
    assert pm3.level.key == "pm"
    assert result.placement["current"]["key"] == "pm"
    assert [level["key"] for level in result.placement["next"]] == ["senior-pm"]
    # Once shown, a placement stays as it was, whatever the person's level becomes (only an
    # admin changes a level on record; the person cannot propose another one).
    with pytest.raises(services.LevelOnRecord):
        services.set_level(pm3, Level.objects.get(key="cpo"), result)
    pm3.level = Level.objects.get(key="director")
    pm3.save(update_fields=["level"])
    result.fill_in_placement(services.placement_for(pm3, Outcome(result.outcome)))
    result.refresh_from_db()
    pm3.refresh_from_db()
    assert pm3.level.key == "director"
    assert result.placement["current"]["key"] == "pm"


def test_no_step_toward_a_branch_the_ladder_cannot_reach(org):
    pm = org["pm"]
    pm.level = Level.objects.get(key="cpo")
    pm.save()
    placement = submit_pattern(pm, "builder").placement
    assert placement["current"]["key"] == "cpo"
    assert placement["next"] == [] and placement["on_branch"] is False


def test_withheld_results_are_stored_too(org):
    result = submit_pattern(org["pm"], "withheld")
    assert result.outcome == "withheld"
    assert result.payload["reasons"]
    assert result.confidence is None and result.strength == ""


def test_start_picks_only_published_versions(org):
    draft = QuestionnaireVersion.objects.get(questionnaire__slug="pm-motivators").make_draft()
    assert draft.status == "draft"
    assert services.start_or_resume(org["pm2"]).version.number == 3
