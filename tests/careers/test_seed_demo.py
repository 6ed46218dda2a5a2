import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Assessment, Result
from careers.demo import DEMO_TEAM, seed_demo
from careers.models import User
from tests.assessments.quiz_support import load_defaults

pytestmark = pytest.mark.django_db

THE_FIVE = ["admin", "manager", "pm", "pm2", "pm3"]
TEAM = sorted(person.username for person in DEMO_TEAM)


@pytest.fixture(autouse=True)
def local_development(settings):
    settings.DEBUG = True  # pytest-django turns debug off; seed_demo is for local use


@pytest.fixture
def defaults():
    load_defaults()  # as `make run` does before seed_demo: the team's results need them


FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_superuser",
    "manager__username",
    "level_id",
    "password",
]


def snapshot():
    people = list(User.objects.order_by("username").values_list(*FIELDS))
    results = list(
        Result.objects.order_by("assessment__respondent__username").values_list(
            "assessment__respondent__username",
            "pk",
            "outcome",
            "assessment__shared_with_manager",
            "assessment__answers_shared_with_manager",
        )
    )
    return people, results, Assessment.objects.count()


def test_seed_demo_twice_gives_the_same_people_and_results(defaults, capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    people, results, assessments = first
    assert [row[0] for row in people] == sorted(THE_FIVE + TEAM)
    assert len(results) == assessments == len(TEAM)  # one finished result each, no second
    out = capsys.readouterr().out
    assert "careerpath-demo" in out
    assert all(name in out for name in TEAM)


def test_seed_demo_builds_the_reporting_lines(defaults):
    call_command("seed_demo")
    manager = User.objects.get(username="manager")
    reports = sorted(User.objects.reports_of(manager).values_list("username", flat=True))
    assert reports == sorted(["pm", "pm2", *TEAM])
    assert User.objects.get(username="pm3").manager is None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("careerpath-demo")
    assert User.objects.get(username="dana").check_password("careerpath-demo")


def test_the_team_is_invented_and_says_so(defaults):
    call_command("seed_demo")
    for name in TEAM:
        assert User.objects.get(username=name).last_name.endswith("(demo)")


def test_the_pm_story_still_starts_from_the_beginning(defaults):
    call_command("seed_demo")
    assert not Assessment.objects.filter(respondent__username__in=["pm", "pm2", "pm3"]).exists()
    assert not Assessment.objects.filter(subject__username__in=["pm", "pm2", "pm3"]).exists()


def test_manager_first_sign_in_shows_a_living_team(defaults, client):
    call_command("seed_demo")
    client.force_login(User.objects.get(username="manager"))
    html = client.get("/team/").content.decode()
    rows = re.findall(r'<th scope="row" data-label="Person"><a href="/team/([^/]+)/"', html)
    assert len(rows) >= 8  # pm, pm2 and at least six of the team
    assert len(re.findall(r'<circle class="map__point', html)) >= 6
    assert "Worth a conversation" in html
    assert len(re.findall(r'class="card team-alert team-alert--', html)) >= 1
    outcomes = set(Result.objects.values_list("outcome", flat=True))
    assert outcomes >= {"builder", "people_leader", "hybrid", "inconclusive", "withheld"}
    shared = Assessment.objects.filter(shared_with_manager=True).count()
    assert shared > Assessment.objects.count() / 2  # most, not all
    assert shared < Assessment.objects.count()


def test_without_the_questionnaire_the_command_says_what_to_run():
    with pytest.raises(CommandError, match="load_defaults"):
        call_command("seed_demo")
    assert not User.objects.exists()  # all or nothing


def test_the_small_world_of_the_tests_has_only_the_five(db):
    assert sorted(user.username for user in seed_demo()) == THE_FIVE
    assert not Assessment.objects.exists()


def test_seed_demo_refuses_without_debug_unless_forced(settings, defaults):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.count() == len(THE_FIVE) + len(TEAM)
