"""Sharing that stays current, in real Chromium: with "keep my manager up to date" on, Pat's
retake reaches the manager without Pat touching a switch; with it off, the manager keeps the
older reading and Pat's new result page offers to share the new one (without JavaScript too).
Also the manager's home, screenshotted at phone and laptop width (``-m screenshots``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.quiz_parts import as_asked
from assessments.services import save_answers
from assessments.specs import validate_answers
from tests.browser.quiz_pages import main_sections
from tests.careers.team_support import leaning_answers, take_quiz

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def retake_as_hybrid(page: Page) -> None:
    """Pat retakes from the result page: the answers are saved as the quiz would save them,
    then Pat finishes on the last page of the quiz, as in the browser."""
    page.get_by_role("button", name="Retake the questionnaire").click()
    page.wait_for_url("**/quiz/**")
    open_one = Assessment.objects.get(subject__username="pm", status="in_progress")
    spec = open_one.version.to_spec()
    save_answers(open_one, as_asked(spec, validate_answers(spec, leaning_answers(spec, "hybrid"))))
    page.goto(f"/quiz/{open_one.pk}/{main_sections(spec)[-1].key}/")
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(f"**/results/{open_one.pk}/")


def manager_page(browser, live_server, sign_in) -> Page:
    context = browser.new_context(base_url=live_server.url)
    return sign_in(context.new_page(), "manager")


def test_with_keep_up_to_date_on_the_manager_sees_the_retake_at_once(
    page: Page, browser, live_server, org, sign_in
):
    first = take_quiz(org["pm"], "builder", share=True)
    sign_in(page, "pm")
    page.goto(f"/results/{first.pk}/")
    page.get_by_role("button", name="Keep my manager up to date").click()
    expect(page.locator(".messages")).to_contain_text("will see each new result")
    expect(page.locator("#sharing")).to_contain_text("Keeping Morgan Manager (demo) up to date")

    retake_as_hybrid(page)
    expect(page.locator(".messages")).to_contain_text("because you chose to keep them up to date")
    expect(page.get_by_role("switch", name="Let my manager see this result")).to_be_checked()
    expect(
        page.get_by_role("switch", name="Also let them see my individual answers")
    ).not_to_be_checked()
    expect(page.locator("#stale-share")).to_have_count(0)

    manager = manager_page(browser, live_server, sign_in)
    manager.goto("/team/pm/")
    expect(manager.locator("main")).to_contain_text("Both paths")
    manager.goto("/")
    expect(manager.locator(".home-card--team")).to_contain_text("Both paths")


def test_with_it_off_the_manager_keeps_the_old_reading_and_pat_is_offered_the_new(
    no_js_page: Page, browser, live_server, org, sign_in
):
    page = no_js_page
    take_quiz(org["pm"], "builder", share=True)
    page.goto("/results/")
    page.get_by_role("button", name="Retake the questionnaire").click()
    open_one = Assessment.objects.get(subject__username="pm", status="in_progress")
    spec = open_one.version.to_spec()
    save_answers(open_one, as_asked(spec, validate_answers(spec, leaning_answers(spec, "hybrid"))))
    page.goto(f"/quiz/{open_one.pk}/{main_sections(spec)[-1].key}/")
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(f"**/results/{open_one.pk}/")

    manager = manager_page(browser, live_server, sign_in)
    manager.goto("/team/pm/")
    expect(manager.locator("main")).to_contain_text("Building products")
    expect(manager.locator("main")).not_to_contain_text("Both paths")

    notice = page.locator("#stale-share")
    expect(notice).to_contain_text("Morgan Manager (demo) still sees your older result")
    notice.get_by_role("button", name="Share this result with Morgan Manager (demo)").click()
    expect(page.locator(".messages")).to_contain_text("can now see this result")
    expect(page.locator("#stale-share")).to_have_count(0)
    manager.reload()
    expect(manager.locator("main")).to_contain_text("Both paths")
    page.goto("/results/")
    expect(page.locator(".results-table")).to_contain_text("Shared")


@pytest.mark.screenshots
@pytest.mark.parametrize("width", [390, 1280])
def test_manager_home_screenshots(browser, live_server, org, sign_in, width):
    take_quiz(org["pm"], "people", share=True)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = sign_in(context.new_page(), "manager")
    page.goto("/")
    expect(page.locator(".home-card--team")).to_contain_text("Pat Product (demo)")
    page.screenshot(path=OUT / f"manager-home-{width}.png", full_page=True)
    context.close()
