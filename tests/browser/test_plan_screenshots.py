"""Screenshots of the growth plan at phone and laptop width: the plan, an experiment's energy
trend, the personal board and the manager's one-to-one agenda.

Not part of the normal run (it writes files). Make them with:

    make screenshots  # or: .venv/bin/pytest -m screenshots tests/browser/test_plan_screenshots.py

They land in docs/screenshots/ as plan-*.png.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page

from growth import plans
from growth.models import BoardMember, CheckIn, CompetencyRating, Experiment, PlanComment
from tests.careers.team_support import take_quiz

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.screenshots]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = (390, 1280)


def shoot(page: Page, path: str, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{OUT}/{name}-{width}.png", full_page=True)


def make_plan(org):
    pm = org["pm"]
    result = take_quiz(pm, "people", share=True).result
    suggestions = plans.suggestions_for(result)
    plan = plans.start_plan(pm, "product-management", "senior-pm", "group-pm", suggestions[:2])
    today = plans.today()
    running, planned = plan.experiments.order_by("pk")
    running.status, running.started_on = "running", today - timedelta(weeks=4)
    running.save()
    for weeks_ago, energy, note in (
        (3, "neutral", "First one-to-ones felt awkward"),
        (2, "energised", "Unblocked the release together"),
        (1, "energised", ""),
        (0, "drained", "Two hard conversations in one day"),
    ):
        CheckIn.objects.create(
            experiment=running,
            week=plans.rules.week_of(today) - timedelta(weeks=weeks_ago),
            energy=energy,
            note=note,
        )
    done = Experiment.objects.create(
        plan=plan,
        title="Teach one technique, then step back",
        hypothesis="I enjoy sharing the craft, but I'd rather do it than manage it.",
        signal="Whether I want to run the next workshop.",
        weeks=3,
        status="done",
        started_on=today - timedelta(weeks=9),
        ended_on=today - timedelta(weeks=6),
        reflection="The workshop was the best part of the month; the follow-ups even more.",
        leaning="people",
    )
    CheckIn.objects.create(
        experiment=done, week=plans.rules.week_of(done.started_on), energy="energised"
    )
    for key, rating in (
        ("coaching", 2),
        ("product-strategy", 4),
        ("delivery", 4),
        ("team-building", 1),
    ):
        CompetencyRating.objects.create(plan=plan, competency_key=key, rating=rating)
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=pm)
    PlanComment.objects.create(
        plan=plan,
        author=org["manager"],
        author_name=str(org["manager"]),
        text="Good progress. Let's find you a hiring loop next quarter.",
    )
    for name, role, helps, every, weeks_ago in (
        ("Ada Okafor", "mentor", "Strategy reviews and how to pitch them", 4, 2),
        ("Ben Ruiz", "peer", "What the first year as a Group PM was really like", 6, 10),
        ("Chen Wu", "people_leader", "Hiring and running a calibration", 8, None),
        ("Dana Kim", "outside", "A view from a company twice our size", 12, 5),
    ):
        BoardMember.objects.create(
            person=pm,
            name=name,
            role=role,
            helps_with=helps,
            every_weeks=every,
            last_touch=today - timedelta(weeks=weeks_ago) if weeks_ago is not None else None,
        )
    return running


def test_make_plan_screenshots(page: Page, live_server, org, sign_in):
    OUT.mkdir(parents=True, exist_ok=True)
    running = make_plan(org)
    sign_in(page, "pm")
    shoot(page, "/plan/", "plan")
    shoot(page, f"/plan/experiments/{running.pk}/", "plan-experiment")
    shoot(page, "/plan/board/", "plan-board")
    page.context.clear_cookies()
    sign_in(page, "manager")
    shoot(page, "/team/pm/plan/agenda/", "plan-agenda")
