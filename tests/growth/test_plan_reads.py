"""The plan page's own reads (``plans.own_plan`` and the other queries compiled once) give
the page exactly what the ORM's QuerySets give: the same rows in the same order, and nobody
else's."""

import pytest

from growth import plans
from growth.models import Plan, PlanComment
from tests.careers.team_support import take_quiz
from tests.growth.support import plan_for

pytestmark = pytest.mark.django_db


def fields(obj):
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


def rows(plan):
    """What the plan page reads of a plan, whichever way it was loaded."""
    return {
        "plan": fields(plan),
        "experiments": [
            (fields(experiment), [fields(checkin) for checkin in experiment.checkins.all()])
            for experiment in plan.experiments.all()
        ],
        "ratings": plan.ratings,
        "comments": [fields(comment) for comment in plan.comments.all()],
    }


def test_own_plan_reads_what_the_orm_prefetches(org, django_assert_num_queries):
    pm, manager = org["pm"], org["manager"]
    plan = plan_for(pm, experiments=3, checkins=4)
    plan.competency_ratings.create(competency_key="strategy", rating=3)
    plan.competency_ratings.create(competency_key="delivery", rating=5)
    PlanComment.objects.create(plan=plan, author=manager, author_name="Maya", text="Nice.")
    PlanComment.objects.create(plan=plan, author=manager, author_name="Maya", text="And then?")
    plan_for(org["pm2"], experiments=2, checkins=3)  # somebody else's, never mixed in

    expected = (
        Plan.objects.of(pm)
        .with_experiments()
        .prefetch_related("competency_ratings", "comments")
        .get()
    )
    with django_assert_num_queries(5):
        found = plans.own_plan(pm.pk)
        read = rows(found)
    assert read == rows(expected)
    assert len(read["experiments"]) == 3 and len(read["experiments"][-1][1]) == 4
    assert [c["text"] for c in read["comments"]] == ["And then?", "Nice."]
    assert found.person == pm and found.person.manager == manager
    assert found.experiments.count() == 3  # from what was read, without a query
    assert plans.own_plan(org["manager"].pk) is None


def test_the_brief_latest_reading_is_the_latest_result_of_the_person(org):
    pm = org["pm"]
    assert plans.latest_reading(pm, brief=True) is None
    take_quiz(pm, "builder")
    latest = take_quiz(pm, "people").result
    take_quiz(org["pm2"], "builder")  # somebody else's, later
    for brief in (False, True):
        found = plans.latest_reading(pm, brief=brief)
        assert (found.pk, found.outcome, found.assessment_id, found.created_at) == (
            latest.pk,
            latest.outcome,
            latest.assessment_id,
            latest.created_at,
        )
