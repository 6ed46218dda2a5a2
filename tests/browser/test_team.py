"""The demo story in real Chromium: pm shares, the manager reviews, adds their view and
compares; pm2's private result stays private; a note is text, never markup."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.specs import load_default_questionnaire
from careers.models import ManagerNote
from tests.browser.quiz_pages import assert_accessible, choose, main_sections
from tests.careers.team_support import leaning_answers, take_quiz

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(browser, live_server, sign_in, username: str) -> Page:
    """A fresh browser session signed in as ``username``."""
    context = browser.new_context(base_url=live_server.url)
    return sign_in(context.new_page(), username)


def test_pm_shares_and_the_manager_sees_it_on_the_dashboard_and_the_map(
    page: Page, browser, live_server, org, sign_in
):
    assessment = take_quiz(org["pm"], "people")
    sign_in(page, "pm")
    page.goto(f"/results/{assessment.pk}/")
    switch = page.get_by_role("switch", name="Let my manager see this result")
    expect(switch).not_to_be_checked()
    switch.check()
    sharing = page.locator("#sharing")
    expect(sharing).to_contain_text("Morgan Manager (demo) can now see this result")
    expect(sharing).to_contain_text("but not your answers")
    page.reload()
    expect(page.get_by_role("switch", name="Let my manager see this result")).to_be_checked()
    assessment.refresh_from_db()
    assert assessment.shared_with_manager and not assessment.answers_shared_with_manager

    manager = as_user(browser, live_server, sign_in, "manager")
    manager.get_by_role("link", name="My team").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Your direct reports")
    row = manager.locator("table.team-table tr", has_text="Pat Product (demo)")
    expect(row).to_contain_text("Senior Product Manager")
    expect(row).to_contain_text("People leadership · clear")
    expect(manager.locator("svg.team-map__svg circle.map__point")).to_have_count(1)
    expect(manager.locator("svg.team-map__svg text.team-map__label")).to_have_text("Pat")
    expect(manager.locator(".team-map-table")).to_contain_text("People leadership · clear")
    expect(manager.locator(".team-alerts")).to_contain_text("before they look elsewhere")
    assert_accessible(manager)

    # pm changes their mind: the very next page the manager opens no longer has it.
    page.get_by_role("switch", name="Let my manager see this result").uncheck()
    expect(page.locator("#sharing")).to_contain_text("This result is private")
    manager.reload()
    expect(row).to_contain_text("Not shared")
    expect(manager.locator("svg.team-map__svg")).to_have_count(0)


def test_pm2_has_not_shared_and_the_manager_sees_not_shared_and_nothing_more(
    page: Page, live_server, org, sign_in
):
    private = take_quiz(org["pm2"], "people")
    sign_in(page, "manager")
    page.goto("/team/")
    row = page.locator("table.team-table tr", has_text="Sam Sample (demo)")
    expect(row).to_contain_text("Not shared")
    body = page.locator("main").inner_text()
    for leak in (
        "People leadership",
        "Building products",
        "Both paths",
        "confidence",
        "Worth a conversation",
    ):
        assert leak not in body, leak
    assert str(private.pk) not in page.content()
    expect(page.get_by_text("The map fills in as people share results")).to_be_visible()

    page.get_by_role("link", name="Sam Sample (demo)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Sample (demo)")
    shared = page.locator("section", has=page.get_by_role("heading", name="What Sam shared"))
    expect(shared).to_contain_text("Not shared")
    expect(shared).to_contain_text("Sam has not shared a result with you")
    assert not re.search(
        r"People leadership|Building products|\d+% confidence|measurement error",
        page.locator("main").inner_text(),
    )
    assert_accessible(page)
    assert page.goto(f"/results/{private.pk}/").status == 404
    assert page.goto(f"/team/pm2/results/{private.pk}/").status == 404


def test_the_manager_completes_their_view_and_sees_the_comparison(
    page: Page, live_server, org, sign_in
):
    take_quiz(org["pm"], "people", share=True)
    spec = load_default_questionnaire("pm-motivators-observer")
    answers = leaning_answers(spec, "builder")
    sign_in(page, "manager")
    page.goto("/team/pm/")
    expect(page.locator("#comparison")).to_contain_text("Add your own view of Pat")
    page.get_by_role("button", name="Add your view").click()
    for index, section in enumerate(main_sections(spec)):
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title)
        expect(page.locator(".quiz__header .eyebrow")).to_contain_text(
            "your view of Pat Product (demo)"
        )
        for item in spec.items_in_section(section.key):
            choose(page, item.key, answers[item.key])
        last = index == len(main_sections(spec)) - 1
        page.get_by_role("button", name="Finish and compare" if last else "Next").click()

    page.wait_for_url(re.compile(r"/team/pm/#comparison$"))
    comparison = page.locator("#comparison")
    expect(comparison.get_by_role("heading", name="Talk about")).to_be_visible()
    # Topics come from the scales: building products and building people.
    expect(comparison.locator(".topics li")).to_have_count(2)
    expect(comparison).to_contain_text("Pat rated")
    # The three scales, then the twelve motivators as detail.
    expect(comparison.locator("table.compare-table tbody tr")).to_have_count(15)
    expect(page.get_by_role("button", name="Update your view")).to_be_visible()
    assert Assessment.objects.get(respondent=org["manager"], subject=org["pm"]).result
    assert_accessible(page)

    # The report never sees the manager's view.
    pm = page.context.browser.new_context(base_url=live_server.url).new_page()
    sign_in(pm, "pm")
    for path in ("/", "/results/"):
        pm.goto(path)
        assert "your view of" not in pm.locator("main").inner_text().lower()


def test_a_note_containing_script_is_shown_as_text(page: Page, live_server, org, sign_in):
    script = "<script>window.pwned = true</script><b>bold?</b>"
    sign_in(page, "manager")
    page.goto("/team/pm/")
    page.get_by_role("textbox", name="Your note about Pat").fill(script)
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#note [role=status]")).to_have_text("Saved.")
    expect(page.get_by_test_id("note-text")).to_have_text(script)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#note b").count() == 0
    page.reload()
    expect(page.get_by_test_id("note-text")).to_have_text(script)
    assert page.evaluate("window.pwned") is None
    assert ManagerNote.objects.get().text == script


def test_focus_stays_in_the_note_after_saving_and_an_empty_note_asks_first(
    page: Page, live_server, org, sign_in
):
    sign_in(page, "manager")
    page.goto("/team/pm/")
    page.get_by_role("textbox", name="Your note about Pat").fill("Ask about the offsite")
    page.get_by_role("button", name="Save note").click()
    status = page.locator("#note [role=status]")
    expect(status).to_have_text("Saved.")
    expect(status).to_be_focused()

    page.get_by_text("Edit note").click()
    page.get_by_role("textbox", name="Your note about Pat").fill("")
    page.get_by_role("button", name="Save note").click()
    textbox = page.get_by_role("textbox", name="Your note about Pat")
    expect(page.locator("#note-error")).to_contain_text("would delete the one you wrote")
    expect(textbox).to_be_focused()
    assert ManagerNote.objects.get().text == "Ask about the offsite"

    page.get_by_role("button", name="Delete note").click()
    expect(status).to_have_text("Note deleted.")
    expect(status).to_be_focused()
    assert not ManagerNote.objects.exists()
