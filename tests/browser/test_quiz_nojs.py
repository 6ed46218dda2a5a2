"""Without JavaScript the quiz is a set of plain forms: each Next posts the whole section."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, Result
from tests.assessments.quiz_support import answers_for, default_spec
from tests.browser.quiz_pages import main_sections, next_button

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_whole_quiz_works_with_javascript_switched_off(no_js_page: Page):
    page = no_js_page
    page.get_by_role("button", name="Start").click()
    spec = default_spec()
    answers = answers_for("builder")

    # Next with gaps: the answered one is kept, the others are listed.
    first = spec.items_in_section("energy")[0]
    page.locator(f'label[for="f-{first.key}-{answers[first.key]}"]').click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-summary")).to_contain_text("7 statements still need an answer")
    expect(page.locator(f"#f-{first.key}-{answers[first.key]}")).to_be_checked()
    assert Answer.objects.count() == 1

    for index, section in enumerate(main_sections()):
        for item in spec.items_in_section(section.key):
            page.locator(f'label[for="f-{item.key}-{answers[item.key]}"]').click()
        # Nothing is saved until the form is posted: there is no autosave without JS.
        next_button(page, index).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "A clear lean toward building products"
    )
    expect(page.locator("svg.map")).to_be_visible()
    # The opener can still be selected and copied by hand; the Copy button needs JS.
    expect(page.locator("#opener-text")).to_be_visible()
    expect(page.get_by_role("button", name="Copy to clipboard")).to_be_hidden()
    assert Result.objects.get().outcome == "builder"
    assert Answer.objects.count() == len(spec.main_items)


def test_back_and_save_for_later_keep_answers_without_javascript(no_js_page: Page):
    page = no_js_page
    page.get_by_role("button", name="Start").click()
    spec = default_spec()
    answers = answers_for("people_leader")
    for item in spec.items_in_section("energy"):
        page.locator(f'label[for="f-{item.key}-{answers[item.key]}"]').click()
    page.get_by_role("button", name="Next").click()
    page.locator('label[for="f-ho1-2"]').click()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What gives you energy")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved (9 of 67)")).to_be_visible()
    expect(page.get_by_role("link", name="Continue (9 of 67 answered)")).to_be_visible()
