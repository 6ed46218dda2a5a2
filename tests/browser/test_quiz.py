"""The quiz in real Chromium: autosave, resume on another session, the result, accessibility,
a failed save, and phone-width layout."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Answer, Assessment, Result
from tests.assessments.quiz_support import answers_for, default_spec
from tests.browser.quiz_pages import (
    answer_section,
    assert_accessible,
    choose,
    main_sections,
    next_button,
    saved,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_pm_answers_half_comes_back_in_another_session_and_reads_the_result(
    page: Page, browser, live_server, org, sign_in
):
    spec = default_spec()
    answers = answers_for("people_leader")
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(spec.sections[0].title)
    assert_accessible(page)

    half = spec.sections[:3]  # 8 + 13 + 10 = 31 of the 67 statements asked of everyone
    for index, section in enumerate(half):
        answer_section(page, section.key, answers)
        if index < len(half) - 1:
            page.get_by_role("button", name="Next").click()
    answered = sum(len(spec.items_in_section(s.key)) for s in half)
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuenow", str(answered))
    expect(page.get_by_text(f"{answered} of {len(spec.main_items)} answered")).to_be_visible()

    # A reload shows every answer still chosen: they were saved on the server.
    page.reload()
    for item in spec.items_in_section(half[-1].key):
        expect(page.locator(f"#f-{item.key}-{answers[item.key]}")).to_be_checked()
    assert Answer.objects.filter(assessment__respondent=org["pm"]).count() == answered

    # Another browser session (another device): home offers to continue where pm left off.
    other = browser.new_context(base_url=live_server.url)
    second = other.new_page()
    sign_in(second, "pm")
    continue_link = f"Continue ({answered} of {len(spec.main_items)} answered)"
    second.get_by_role("link", name=continue_link).click()
    expect(second.get_by_role("heading", level=1)).to_have_text(spec.sections[3].title)
    for index, section in enumerate(main_sections()[3:], start=3):
        answer_section(second, section.key, answers)
        next_button(second, index).click()

    expect(second.get_by_role("heading", level=1)).to_contain_text(
        "A clear lean toward people leadership"
    )
    expect(second.locator("svg.map")).to_be_visible()
    expect(second.locator("svg.map circle.map__point")).to_have_count(1)
    expect(second.get_by_role("link", name="Director of Product")).to_be_visible()
    assert_accessible(second)
    assert Result.objects.get().outcome == "people_leader"

    second.get_by_role("link", name="My results").first.click()
    expect(second.get_by_role("heading", level=1)).to_have_text("My results")
    assert_accessible(second)
    other.close()


def test_a_builder_answer_pattern_gives_a_builder_result_through_the_pages(
    page: Page, live_server, org, sign_in
):
    answers = answers_for("builder")
    sign_in(page, "pm2")
    page.get_by_role("button", name="Start").click()
    for index, section in enumerate(main_sections()):
        answer_section(page, section.key, answers)
        next_button(page, index).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "A clear lean toward building products"
    )
    # pm2 is a PM: the builder path's next step is Senior PM (the shared level before the fork).
    expect(page.locator("#ladder")).to_contain_text("Senior Product Manager")
    assert Result.objects.get(assessment__respondent=org["pm2"]).outcome == "builder"


def test_next_with_gaps_lists_them_and_axe_is_happy(page: Page, live_server, org, sign_in):
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    choose(page, "cm1", 4)
    page.get_by_role("button", name="Next").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("7 statements still need an answer")
    expect(page.locator("#f-cm1-4")).to_be_checked()
    assert_accessible(page)
    # The summary links take the keyboard straight to the question.
    summary.get_by_role("link").first.click()
    expect(page.locator("#f-dp1-1")).to_be_focused()
    # Answering it clears its inline message without reloading the page.
    choose(page, "dp1", 5)
    expect(page.locator("#item-dp1 .item__error")).to_have_count(0)


def test_a_failed_save_offers_a_retry_and_keeps_the_choice(page: Page, live_server, org, sign_in):
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()

    def fail_autosaves(route):
        # Every POST: an answer clicked before htmx starts is sent by quiz.js itself.
        if route.request.method == "POST":
            route.abort("connectionfailed")
        else:
            route.continue_()

    # Route only once the quiz page has fully loaded: a route added while the browser is still
    # on its way there (Start redirects twice) was seen to let the first save through.
    expect(page.get_by_role("heading", level=1)).to_have_text(main_sections()[0].title)
    page.wait_for_load_state("load")
    page.route(re.compile(r".*/quiz/.*"), fail_autosaves)
    page.locator('label[for="f-cm1-5"]').click()
    status = page.locator("#status-cm1")
    expect(status).to_contain_text("Not saved")
    expect(page.locator("#f-cm1-5")).to_be_checked()
    assert not Answer.objects.exists()

    page.unroute(re.compile(r".*/quiz/.*"))
    status.get_by_role("button", name="Try again").click()
    expect(status).to_contain_text("Saved")
    assert Answer.objects.get().value == 5

    # A refusal from the server (here: the questionnaire was submitted meanwhile) says why.
    Answer.objects.all().delete()
    Assessment.objects.update(status="submitted")
    page.locator('label[for="f-dp1-2"]').click()
    expect(page.locator("#status-dp1")).to_contain_text("already been submitted")
    expect(page.locator("#f-dp1-2")).to_be_checked()


def test_phone_width_has_no_sideways_scroll_and_saving_moves_nothing(
    page: Page, live_server, org, sign_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()

    def overflow() -> int:
        return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow() <= 0
    below = page.locator("#item-dp1")
    before = below.bounding_box()
    choose(page, "cm1", 3)
    page.locator('label[for="f-cm1-4"]').click()  # a change of mind: saved again
    saved(page, "cm1")
    assert below.bounding_box() == before

    answers = answers_for("hybrid")
    for index, section in enumerate(main_sections()):
        answer_section(page, section.key, answers)
        assert overflow() <= 0, section.key
        next_button(page, index).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("too close to call")
    assert overflow() <= 0
    assert_accessible(page)


@pytest.mark.parametrize("outcome", ["builder", "hybrid", "inconclusive", "withheld"])
def test_every_kind_of_result_page_passes_axe(page: Page, live_server, org, sign_in, outcome):
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for(outcome))
    services.submit_assessment(assessment)
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/results/{assessment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_the_conversation_opener_copies_to_the_clipboard(page: Page, live_server, org, sign_in):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_for("builder"))
    services.submit_assessment(assessment)
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/results/{assessment.pk}/")
    opener = page.locator("#opener-text")
    opener.fill("My own words for my manager.")
    page.get_by_role("button", name="Copy to clipboard").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "My own words for my manager."
