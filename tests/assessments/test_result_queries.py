"""The result page's queries, compiled once, give what their QuerySets give, person by person
and result by result; and what the page says about sharing is read anew on every request."""

import uuid

import pytest

from assessments import views
from assessments.models import Result, SharingPreference
from careers.models import User
from tests.careers.team_support import take_quiz
from tests.careers.test_team import text_of

pytestmark = pytest.mark.django_db


def fields(obj):
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


@pytest.fixture
def world(org):
    """pm: an older shared result, a newer private one, and "keep my manager up to date" on;
    the manager's own view of pm; pm2: one private result; pm3 (no manager): one result."""
    take_quiz(org["pm"], "builder", share=True)
    take_quiz(org["pm"], "hybrid")
    take_quiz(org["pm"], "people", respondent=org["manager"])
    take_quiz(org["pm2"], "people")
    take_quiz(org["pm3"], "builder")
    SharingPreference.choose(org["pm"].pk, True)
    return org


def test_each_person_gets_exactly_the_results_the_queryset_lets_them_read(world):
    results = list(Result.objects.all())
    assert len(results) >= 5
    for person in User.objects.all():
        for result in results:
            expected = (
                Result.objects.visible_to(person)
                .with_sharing_state()
                .filter(assessment_id=result.assessment_id)
                .first()
            )
            found = views._visible_result.one(result.assessment_id, person.pk)
            if expected is None:
                assert found is None
                continue
            assert fields(found) == fields(expected)
            assert fields(found.assessment) == fields(expected.assessment)
            assert found.assessment.subject.manager == expected.assessment.subject.manager
            assert found.keeps_manager_updated is expected.keeps_manager_updated
    assert views._visible_result.one(uuid.uuid4(), world["pm"].pk) is None


def test_the_older_shared_result_is_found_as_the_queryset_finds_it(world):
    pm = world["pm"]
    older, newer = Result.objects.visible_to(pm).order_by("created_at")
    assert views.older_shared(newer, pm) == older
    # The older one is shared: nothing to say on its page.
    assert views.older_shared(older, pm) is None
    # Once a still newer private result exists, the middle one is no longer the newest.
    newest = Result.objects.get(assessment=take_quiz(pm, "people"))
    assert views.older_shared(newer, pm) is None
    assert views.older_shared(newest, pm) == older


def test_the_sharing_panel_names_the_manager_of_now_and_the_choice_of_now(client, world):
    pm = world["pm"]
    newer = Result.objects.visible_to(pm).order_by("created_at").last()
    client.force_login(pm)
    page = text_of(client.get(f"/results/{newer.assessment_id}/"))
    assert "Keeping Morgan Manager (demo) up to date" in page
    SharingPreference.choose(pm.pk, False)
    User.objects.filter(pk=pm.pk).update(manager=world["admin"])
    page = text_of(client.get(f"/results/{newer.assessment_id}/"))
    assert "Morgan Manager" not in page
    assert f"Want {world['admin']} to always see your latest reading?" in page


def test_the_personal_board_follows_the_manager_of_now_on_a_result_already_read(client, world):
    pm3 = world["pm3"]
    result = Result.objects.visible_to(pm3).get()
    client.force_login(pm3)
    page = text_of(client.get(f"/results/{result.assessment_id}/"))
    assert "Talk it through with your personal board" in page
    assert "Start the conversation with your manager" not in page
    User.objects.filter(pk=pm3.pk).update(manager=world["manager"])
    page = text_of(client.get(f"/results/{result.assessment_id}/"))
    assert "Talk it through with your personal board" not in page
    assert "Start the conversation with your manager" in page
    assert "Want Morgan Manager (demo) to always see your latest reading?" in page
