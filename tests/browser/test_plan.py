"""The growth plan in real Chromium: pm takes the quiz, starts a plan from the result, rates
competencies, runs an experiment with three weekly check-ins, ends it with a reflection and
reads the evidence beside the reading; then the manager's view of the shared plan."""

import pytest
from playwright.sync_api import Page, expect

from growth.models import CheckIn, Experiment, Plan
from tests.assessments.quiz_support import answers_for
from tests.browser.quiz_pages import answer_section, assert_accessible, main_sections, next_button
from tests.growth.support import a_week_passes, plan_for

pytestmark = pytest.mark.django_db(transaction=True)

REFLECTION = "The one-to-ones were the part of the week I looked forward to."


def check_in(page: Page, energy: str, note: str = "") -> None:
    page.get_by_role("radio", name=energy).check()
    if note:
        page.get_by_label("One line about it (optional)").fill(note)
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Checked in. Thanks: see you next week.")).to_be_visible()


def test_pm_plans_tests_and_reflects_on_a_reading(page: Page, org, sign_in):
    answers = answers_for("builder")
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    for index, section in enumerate(main_sections()):
        answer_section(page, section.key, answers)
        next_button(page, index).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("building products")

    # From the result: a plan with one suggested experiment and a target level.
    page.get_by_role("link", name="Start a plan with these").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a plan")
    expect(page.get_by_label("Where I'm heading")).to_have_value("principal-pm")
    assert_accessible(page)
    page.get_by_label("Crack the problem nobody owns").check()
    page.get_by_role("button", name="Start my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    expect(page.get_by_text("Only you can see it.")).to_be_visible()

    # Rate two competencies: one meets the target, one falls short and becomes a gap.
    page.get_by_label("Your rating for Product strategy").select_option("5")
    page.get_by_label("Your rating for Delivery").select_option("1")
    page.get_by_role("button", name="Save my ratings").click()
    gaps = page.locator("#gaps")
    expect(gaps.get_by_text("Delivery and prioritisation", exact=True)).to_be_visible()
    expect(gaps.get_by_text("Rated 1/5")).to_be_visible()
    expect(gaps.get_by_text("Product strategy and vision", exact=True)).to_have_count(0)
    assert_accessible(page)

    # Run the experiment and check in three weeks running.
    page.get_by_role("link", name="Crack the problem nobody owns").click()
    page.get_by_role("button", name="Start it this week").click()
    plan = Plan.objects.get(person=org["pm"])
    check_in(page, "Drained", "Lost in the data all week")
    # Once a week: the form is gone until next week (the server refuses a second one too,
    # tests/growth/test_plan_pages.py).
    expect(page.get_by_text("You've checked in this week. Come back next week.")).to_be_visible()
    expect(page.get_by_role("button", name="Check in")).to_have_count(0)
    a_week_passes(plan)  # the earlier check-ins move back a week, as if one had gone by
    page.reload()
    check_in(page, "Neutral")
    a_week_passes(plan)
    page.reload()
    check_in(page, "Energised", "Found the segment we keep losing")
    assert CheckIn.objects.count() == 3

    chart = page.locator("#trend svg.trend__svg")
    expect(chart.locator("circle")).to_have_count(3)
    expect(page.locator("#trend").get_by_text("Energy is rising over 3 check-ins.")).to_be_visible()
    page.locator("#trend summary").click()
    expect(page.locator("#trend table tbody tr")).to_have_count(3)
    expect(page.locator("#trend table")).to_contain_text("Energised")
    assert_accessible(page)

    # End it with a reflection: it points the same way as the reading.
    page.get_by_label("What happened, and what did you learn?").fill(REFLECTION)
    page.get_by_role("radio", name="Building products").check()
    page.get_by_role("button", name="End the experiment").click()
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("Your reading points toward building products.")
    expect(evidence).to_contain_text(
        "Your experiments point the same way as your reading: toward building products."
    )
    assert Experiment.objects.get().status == "done"
    assert_accessible(page)


def test_the_manager_sees_a_shared_plan_without_reflections(page: Page, org, sign_in):
    plan = plan_for(org["pm"], experiments=1, checkins=3)
    experiment = plan.experiments.get()
    experiment.status, experiment.reflection, experiment.leaning = "done", REFLECTION, "people"
    experiment.save()
    sign_in(page, "manager")
    page.goto("/team/pm/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")

    page.context.clear_cookies()
    sign_in(page, "pm")
    page.goto("/plan/")
    page.get_by_label("Share my plan with my manager").check()
    page.get_by_role("button", name="Save sharing").click()
    expect(page.get_by_text("can now see your plan, but not your reflections")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "manager")
    page.goto("/team/pm/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Product (demo)'s plan")
    expect(page.get_by_text("Experiment 0")).to_be_visible()
    expect(page.get_by_text(REFLECTION)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="One-to-one agenda").click()
    expect(page.get_by_role("heading", name="Questions you could ask")).to_be_visible()
    assert_accessible(page)
