"""The quiz's part overview and "Discard this attempt" in real Chromium, and screenshots of
the overview and the 404 page (``make screenshots``)."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Answer, Assessment
from tests.assessments.quiz_support import answers_for, default_spec, save
from tests.browser.quiz_pages import assert_accessible, choose, main_sections

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def parts(page: Page):
    return page.get_by_role("navigation", name="Parts of the questionnaire").get_by_role("link")


def test_pm_jumps_between_parts_with_the_overview_then_discards_the_attempt(
    page: Page, org, sign_in
):
    spec = default_spec()
    answers = answers_for("builder")
    first, third = spec.sections[0], spec.sections[2]
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    expect(page.locator(".site-nav [aria-current='page']")).to_have_text("My assessment")

    links = parts(page)
    expect(links).to_have_count(len(main_sections()))
    expect(links.nth(0)).to_have_attribute("aria-current", "step")
    total = len(spec.items_in_section(first.key))
    expect(links.nth(0)).to_contain_text(f"0 of {total} answered")

    # An autosaved answer updates the overview in place.
    item = spec.items_in_section(first.key)[0]
    choose(page, item.key, answers[item.key])
    expect(links.nth(0)).to_contain_text(f"1 of {total} answered")
    assert_accessible(page)

    # Jump to part 3 from the keyboard: its link is focusable and Enter follows it.
    links.nth(2).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(third.title)
    expect(parts(page).nth(2)).to_have_attribute("aria-current", "step")
    expect(parts(page).nth(0)).not_to_have_attribute("aria-current", "step")

    # At phone width the overview stays on screen without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(parts(page).nth(len(main_sections()) - 1)).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.get_by_role("link", name="Discard this attempt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discard this attempt?")
    assert Assessment.objects.count() == 1  # asking is not doing
    assert_accessible(page)
    page.get_by_role("button", name="Discard my answers").click()

    expect(
        page.get_by_text("Your unfinished questionnaire and its answers are discarded.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    assert not Assessment.objects.exists() and not Answer.objects.exists()


def test_keep_going_on_the_confirmation_returns_to_the_quiz(page: Page, org, sign_in):
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Discard this attempt").click()
    page.get_by_role("link", name="Keep going").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(default_spec().sections[0].title)
    assert Assessment.objects.count() == 1


@pytest.mark.screenshots
def test_make_overview_and_error_screenshots(page: Page, live_server, org, sign_in):
    OUT.mkdir(parents=True, exist_ok=True)
    spec = default_spec()
    answers = answers_for("people_leader")
    assessment = services.start_or_resume(org["pm"])
    done = [
        item.key for section in spec.sections[:2] for item in spec.items_in_section(section.key)
    ]
    some = [item.key for item in spec.items_in_section(spec.sections[2].key)][:4]
    save(assessment, {key: answers[key] for key in done + some})
    sign_in(page, "pm")
    pages = {
        "quiz-overview": f"/quiz/{assessment.pk}/{spec.sections[2].key}/",
        "quiz-discard": f"/quiz/{assessment.pk}/discard/",
        "error-404": "/no/such/page/",
    }
    for name, path in pages.items():
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{width}.png"))
    # The 500 page as the handler renders it: no request, no context processors.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/robots.txt")  # any page of the site, for the base URL
        page.set_content(render_to_string("500.html"))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"error-500-{width}.png"))


def test_the_404_page_is_accessible_and_leads_home(page: Page, live_server, org):
    response = page.goto(f"{live_server.url}/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()  # home asks to sign in
