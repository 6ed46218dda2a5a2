"""The plan as a PM and their manager use it: starting, rating, experiments, weekly
check-ins, the board, the pulse, sharing, and the manager's view and agenda."""

from datetime import timedelta

import pytest

from assessments import personal_data
from assessments.models import AccessEvent
from growth import plans
from growth.models import BoardMember, CheckIn, Experiment, Plan, PlanComment, Pulse
from tests.careers.team_support import take_quiz
from tests.growth.support import a_week_passes, plan_for

pytestmark = pytest.mark.django_db

REFLECTION = "Covering for the lead was tiring, but the one-to-ones were the best part."


@pytest.fixture
def pm(org, client):
    client.force_login(org["pm"])
    return org["pm"]


def test_without_a_plan_the_plan_page_offers_to_start_one(pm, client):
    assert client.get("/plan/")["Location"] == "/plan/start/"


def test_starting_from_a_result_suggests_the_next_step_on_its_branch(pm, client):
    take_quiz(pm, "people")
    page = client.get("/plan/start/").content.decode()
    # The people-leadership branch from Senior PM: the shipped ladder goes on to Director.
    assert '<option value="director" selected>' in page
    assert "Cover for a lead" in page  # the result's first suggested experiment
    response = client.post(
        "/plan/start/", {"current": "senior-pm", "target": "group-pm", "suggestions": ["0"]}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(person=pm)
    assert (plan.current_key, plan.target_key) == ("senior-pm", "group-pm")
    assert list(plan.experiments.values_list("title", "status")) == [
        ("Cover for a lead", "planned")
    ]
    assert plan.shared_with_manager is False  # private until the person says otherwise


def test_a_target_behind_the_current_level_is_refused(pm, client):
    response = client.post("/plan/start/", {"current": "senior-pm", "target": "pm"})
    assert response.status_code == 400
    assert "ahead of where you are on this ladder" in response.content.decode()
    assert not Plan.objects.exists()


def test_ratings_below_the_target_become_gaps(pm, client):
    plan_for(pm)
    page = client.get("/plan/").content.decode()
    assert "Senior Product Manager" in page and "Group Product Manager" in page
    response = client.post("/plan/ratings/", {"rating-coaching": "5", "rating-delivery": "1"})
    assert response.status_code == 302
    page = client.get("/plan/").content.decode()
    gaps = page.split('id="gaps-title"')[1].split("</section>")[0]
    assert "Coaching" not in gaps
    assert "Delivery" in gaps and "Rated 1/5" in gaps


def test_a_rating_off_the_scale_changes_nothing(pm, client):
    plan = plan_for(pm)
    response = client.post("/plan/ratings/", {"rating-coaching": "9"})
    assert response.status_code == 400
    assert not plan.competency_ratings.exists()


def test_one_checkin_per_experiment_per_week(pm, client):
    plan = plan_for(pm, experiments=1)
    experiment = plan.experiments.get()
    url = f"/plan/experiments/{experiment.pk}/checkin/"
    assert client.post(url, {"energy": "energised"}).status_code == 302
    second = client.post(url, {"energy": "drained", "note": "again"})
    assert second.status_code == 400
    assert "checked in on this experiment this week" in second.content.decode()
    assert list(experiment.checkins.values_list("energy", flat=True)) == ["energised"]
    a_week_passes(plan)
    assert client.post(url, {"energy": "drained"}).status_code == 302
    assert experiment.checkins.count() == 2


def test_a_planned_experiment_takes_no_checkin_until_it_starts(pm, client):
    plan = plan_for(pm)
    experiment = Experiment.objects.create(
        plan=plan, title="Mentor two PMs", hypothesis="h", signal="s", weeks=4
    )
    url = f"/plan/experiments/{experiment.pk}/checkin/"
    assert client.post(url, {"energy": "neutral"}).status_code == 400
    client.post(f"/plan/experiments/{experiment.pk}/status/", {"action": "start"})
    assert client.post(url, {"energy": "neutral"}).status_code == 302


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"title": "", "hypothesis": "h", "signal": "s", "weeks": "4"}, "This field is required"),
        (
            {"title": "t", "hypothesis": "h", "signal": "s", "weeks": "1"},
            "greater than or equal to 2",
        ),
        (
            {"title": "t", "hypothesis": "h", "signal": "s", "weeks": "13"},
            "less than or equal to 12",
        ),
        ({"title": "t" * 121, "hypothesis": "h", "signal": "s", "weeks": "4"}, "at most 120"),
    ],
)
def test_an_experiment_needs_a_title_and_a_timebox_of_2_to_12_weeks(pm, client, data, problem):
    plan_for(pm)
    response = client.post("/plan/experiments/", data)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not Experiment.objects.exists()


def test_a_plan_holds_at_most_20_experiments(pm, client):
    plan_for(pm, experiments=20)
    data = {"title": "One more", "hypothesis": "h", "signal": "s", "weeks": "4"}
    response = client.post("/plan/experiments/", data)
    assert response.status_code == 400
    assert "at most 20 experiments" in response.content.decode()
    assert Experiment.objects.count() == 20


def test_ending_an_experiment_puts_its_evidence_beside_the_reading(pm, client):
    take_quiz(pm, "builder")
    plan = plan_for(pm, experiments=1)
    experiment = plan.experiments.get()
    response = client.post(
        f"/plan/experiments/{experiment.pk}/end/", {"reflection": REFLECTION, "leaning": "people"}
    )
    assert response.status_code == 302
    page = client.get("/plan/").content.decode()
    assert "Your reading points toward building products." in page
    assert "not where your reading pointed" in page
    assert "Retake the questionnaire" in page
    again = client.post(
        f"/plan/experiments/{experiment.pk}/end/", {"reflection": "x", "leaning": "products"}
    )
    assert again.status_code == 400
    experiment.refresh_from_db()
    assert (experiment.status, experiment.leaning) == ("done", "people")


def test_someone_elses_experiment_is_a_404(org, client):
    plan = plan_for(org["pm"], experiments=1)
    experiment = plan.experiments.get()
    client.force_login(org["pm2"])
    assert client.get(f"/plan/experiments/{experiment.pk}/").status_code == 404
    assert (
        client.post(
            f"/plan/experiments/{experiment.pk}/checkin/", {"energy": "drained"}
        ).status_code
        == 404
    )
    assert not CheckIn.objects.exists()


def test_the_home_page_prompts_a_checkin_until_this_weeks_is_in(pm, client):
    plan = plan_for(pm, experiments=1)
    experiment = plan.experiments.get()
    assert "Time for this week's check-in" in client.get("/").content.decode()
    client.post(f"/plan/experiments/{experiment.pk}/checkin/", {"energy": "neutral"})
    assert "Time for this week's check-in" not in client.get("/").content.decode()


def test_the_board_flags_an_overdue_touch_base_and_holds_twelve(pm, client):
    long_ago = plans.today() - timedelta(weeks=10)
    data = {
        "name": "Ada",
        "role": "mentor",
        "helps_with": "Strategy reviews",
        "every_weeks": "4",
        "last_touch": long_ago.isoformat(),
    }
    assert client.post("/plan/board/", data).status_code == 302
    page = client.get("/plan/board/").content.decode()
    assert "A touch-base was due on" in page
    member = BoardMember.objects.get()
    client.post(f"/plan/board/{member.pk}/touched/")
    assert "A touch-base was due" not in client.get("/plan/board/").content.decode()
    for n in range(11):
        client.post("/plan/board/", {**data, "name": f"Person {n}"})
    refused = client.post("/plan/board/", {**data, "name": "Thirteenth"})
    assert refused.status_code == 400
    assert "at most 12 people" in refused.content.decode()
    assert BoardMember.objects.count() == 12


def test_a_future_touch_base_date_is_refused(pm, client):
    data = {
        "name": "Ada",
        "role": "peer",
        "helps_with": "x",
        "every_weeks": "4",
        "last_touch": (plans.today() + timedelta(days=3)).isoformat(),
    }
    response = client.post("/plan/board/", data)
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert not BoardMember.objects.exists()


def test_two_plateau_pulses_in_a_row_suggest_ways_through_and_a_retake(pm, client):
    Pulse.objects.create(
        person=pm, taken_on=plans.today() - timedelta(days=90), learning=2, challenged=1, energy=3
    )
    low = {"learning": "1", "challenged": "2", "energy": "2"}
    assert client.post("/plan/pulse/", low).status_code == 302
    page = client.get("/plan/pulse/").content.decode()
    assert "Your last two pulses read as a plateau" in page
    assert "stretch assignment" in page and "Retake the questionnaire" in page
    again = client.post("/plan/pulse/", low)
    assert again.status_code == 400 and "taken a pulse today" in again.content.decode()
    assert Pulse.objects.count() == 2


# ---- the manager ----------------------------------------------------------------------


def _manager(client, org):
    client.force_login(org["manager"])
    return org["manager"]


def test_with_plan_sharing_off_the_manager_gets_a_404(org, client):
    take_quiz(org["pm"], "people", share=True)  # sharing a result does not share the plan
    plan_for(org["pm"], experiments=1)
    _manager(client, org)
    for path in ("/team/pm/plan/", "/team/pm/plan/agenda/"):
        assert client.get(path).status_code == 404
    assert client.post("/team/pm/plan/comment/", {"text": "hi"}).status_code == 404
    assert not AccessEvent.objects.filter(kind="viewed_plan").exists()


def test_with_sharing_on_the_manager_sees_the_agreed_parts_but_not_reflections(org, client):
    plan = plan_for(org["pm"], experiments=2, checkins=3)
    done = plan.experiments.last()
    done.status, done.reflection, done.leaning = "done", REFLECTION, "people"
    done.save()
    client.force_login(org["pm"])
    client.post("/plan/sharing/", {"share_plan": "on"})
    _manager(client, org)
    page = client.get("/team/pm/plan/").content.decode()
    assert "Group Product Manager" in page  # the target
    assert "Gaps to close" in page
    assert "Experiment 0" in page and "Running" in page and "Energy is rising" in page
    assert "Points to" in page
    assert REFLECTION not in page
    event = AccessEvent.objects.get(kind="viewed_plan")
    assert (event.person, event.actor) == (org["pm"], org["manager"])
    client.force_login(org["pm"])
    assert "Viewed the growth plan" in client.get("/me/access/").content.decode()
    client.post("/plan/sharing/", {"share_plan": "on", "share_reflections": "on"})
    _manager(client, org)
    assert REFLECTION in client.get("/team/pm/plan/").content.decode()


def test_another_manager_gets_the_same_404_as_for_nobody(org, client):
    plan = plan_for(org["pm"])
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=org["pm"])
    client.force_login(org["pm3"])
    real, missing = client.get("/team/pm/plan/"), client.get("/team/nobody/plan/")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content


def test_a_managers_comment_shows_on_the_pms_plan(org, client):
    plan = plan_for(org["pm"])
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=org["pm"])
    _manager(client, org)
    assert client.post("/team/pm/plan/comment/", {"text": ""}).status_code == 400
    assert client.post("/team/pm/plan/comment/", {"text": "x" * 1001}).status_code == 400
    assert not PlanComment.objects.exists()
    client.post("/team/pm/plan/comment/", {"text": "Let's find you a hiring loop."})
    client.force_login(org["pm"])
    page = client.get("/plan/").content.decode()
    assert "From your manager" in page and "Let&#x27;s find you a hiring loop." in page


def test_the_agenda_says_what_changed_since_the_last_one(org, client):
    take_quiz(org["pm"], "people", share=True)
    plan = plan_for(org["pm"], experiments=1)
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=org["pm"])
    _manager(client, org)
    first = client.get("/team/pm/plan/agenda/").content.decode()
    assert "This is your first look at Pat&#x27;s plan." in first
    assert "Experiment 0" in first and "Questions you could ask" in first
    assert (
        "Nothing new in the plan since you last looked."
        in client.get("/team/pm/plan/agenda/").content.decode()
    )
    experiment = plan.experiments.get()
    client.force_login(org["pm"])
    client.post(f"/plan/experiments/{experiment.pk}/checkin/", {"energy": "energised"})
    _manager(client, org)
    assert (
        "1 new check-in on “Experiment 0”." in client.get("/team/pm/plan/agenda/").content.decode()
    )


def test_a_report_who_moves_to_another_manager_takes_the_plan_along(org, client):
    plan = plan_for(org["pm"])
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=org["pm"])
    org["pm"].manager = org["pm3"]
    org["pm"].save(update_fields=["manager"])
    _manager(client, org)
    assert client.get("/team/pm/plan/").status_code == 404


# ---- the person's own data ----------------------------------------------------------------


def test_my_data_includes_the_plan_and_delete_all_removes_it(pm, client):
    plan = plan_for(pm, experiments=1, checkins=2)
    BoardMember.objects.create(person=pm, name="Ada", role="mentor", helps_with="x", every_weeks=4)
    data = client.get("/me/data.json").json()
    exported = data["growth_plan"]
    assert exported["plan"]["target_level"] == "group-pm"
    assert len(exported["plan"]["experiments"][0]["checkins"]) == 2
    assert exported["board"][0]["name"] == "Ada"
    personal_data.delete_everything_of(pm)
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not BoardMember.objects.exists() and not CheckIn.objects.exists()


# ---- query counts -----------------------------------------------------------------------------


def _count(client, path, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(60) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/plan/", "/team/pm/plan/", "/team/pm/plan/agenda/", "/"])
def test_plan_pages_run_the_same_queries_with_1_or_20_experiments(
    org, client, path, django_assert_max_num_queries
):
    take_quiz(org["pm"], "people", share=True)
    counts = []
    for experiments, checkins in ((1, 1), (20, 50)):
        Plan.objects.all().delete()
        plan = plan_for(org["pm"], experiments=experiments, checkins=checkins)
        plans.set_plan_sharing(plan, shared=True, reflections=True, by=org["pm"])
        client.force_login(org["manager"] if path.startswith("/team/") else org["pm"])
        # The first page after a ladder is published reads its tables (five queries); every
        # later one finds the spec kept for that version. Count a later one each time.
        client.get(path)
        counts.append(_count(client, path, django_assert_max_num_queries))
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries with 1, {counts[1]} with 20"


def test_an_experiments_page_runs_the_same_queries_with_1_or_50_checkins(
    pm, client, django_assert_max_num_queries
):
    counts = []
    for checkins in (1, 50):
        Plan.objects.all().delete()
        plan = plan_for(pm, experiments=1, checkins=checkins)
        path = f"/plan/experiments/{plan.experiments.get().pk}/"
        counts.append(_count(client, path, django_assert_max_num_queries))
    assert counts[0] == counts[1]


def test_re_aiming_a_plan_keeps_its_experiments_and_adds_no_duplicate(pm, client):
    take_quiz(pm, "people")
    start = {"current": "senior-pm", "target": "group-pm", "suggestions": ["0"]}
    client.post("/plan/start/", start)
    client.post("/plan/start/", {**start, "target": "director", "suggestions": ["0", "1"]})
    plan = Plan.objects.get(person=pm)
    assert plan.target_key == "director"
    assert sorted(plan.experiments.values_list("title", flat=True)) == [
        "Cover for a lead",
        "Mentor two PMs for a quarter",
    ]
