"""The follow-up part in real Chromium: a PM whose main answers leave the gap ambiguous is
asked a few more statements before any result; a PM whose gap is clear never sees them."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Result
from tests.assessments.quiz_support import (
    answers_for,
    answers_in_band,
    default_spec,
    follow_up_answers,
)
from tests.browser.quiz_pages import (
    answer_section,
    assert_accessible,
    choose,
    main_sections,
    saved,
)
from tests.browser.test_quiz_keyboard import focused, tab_until

pytestmark = pytest.mark.django_db(transaction=True)

EXTRA = "A few more, to be sure"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def all_but_the_last_part(person, answers) -> None:
    """Every main statement saved except those of the last main part, which the test
    answers in the browser."""
    last = {item.key for item in default_spec().items_in_section(main_sections()[-1].key)}
    assessment = services.start_or_resume(person)
    main = {item.key for item in default_spec().main_items}
    services.save_answers(
        assessment,
        type(answers)({k: v for k, v in answers.items() if k in main and k not in last}),
    )


def test_a_pm_in_the_band_answers_a_few_more_and_reads_the_final_result(
    page: Page, live_server, org, sign_in
):
    spec = default_spec()
    main = answers_in_band()
    all_but_the_last_part(org["pm"], main)
    sign_in(page, "pm")
    page.get_by_role("link", name="Continue").click()
    last = main_sections()[-1]
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)
    answer_section(page, last.key, main)
    page.get_by_role("button", name="See my result").click()

    # Not a result yet: the extra part, with its own count beside the full main count.
    expect(page.get_by_role("heading", level=1)).to_have_text(EXTRA)
    expect(page.get_by_text("Your answers so far sit close to the middle")).to_be_visible()
    follow_up = [item.key for item in spec.index.follow_up]
    extra_bar = page.get_by_role("progressbar", name=EXTRA)
    expect(extra_bar).to_have_attribute("aria-valuemax", str(len(follow_up)))
    expect(page.get_by_text("67 of 67 answered")).to_be_visible()
    overview = page.get_by_role("navigation", name="Parts of the questionnaire")
    expect(overview.get_by_role("link")).to_have_count(len(main_sections()) + 1)
    expect(overview.get_by_role("link", name=EXTRA)).to_have_attribute("aria-current", "step")
    assert not Result.objects.exists()
    assert_accessible(page)

    # Half of it now; leave, come back: the quiz opens on the extra part again.
    extra = follow_up_answers(toward="people")
    for key in follow_up[:8]:
        choose(page, key, extra[key])
    expect(extra_bar).to_have_attribute("aria-valuenow", "8")
    page.get_by_role("link", name="My assessment").click()
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EXTRA)
    # The rest with the keyboard alone: Tab to a group, Space, arrows; Enter on the button.
    for key in follow_up[8:]:
        tab_until(page, lambda el, key=key: el["name"] == key)
        page.keyboard.press("Space")
        for _ in range(extra[key] - spec.scale.min):
            page.keyboard.press("ArrowRight")
        saved(page, key)
        assert focused(page)["id"] == f"f-{key}-{extra[key]}"
    tab_until(page, lambda el: el["tag"] == "BUTTON" and "See my result" in el["text"])
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("people leadership")
    result = Result.objects.get()
    assert result.outcome == "people_leader" and result.score.follow_up == []
    assert_accessible(page)


def test_a_clear_pm_never_sees_the_extra_part(page: Page, live_server, org, sign_in):
    answers = answers_for("builder")
    all_but_the_last_part(org["pm"], answers)
    sign_in(page, "pm")
    page.get_by_role("link", name="Continue").click()
    last = main_sections()[-1]
    answer_section(page, last.key, answers)
    overview = page.get_by_role("navigation", name="Parts of the questionnaire")
    expect(overview.get_by_role("link")).to_have_count(len(main_sections()))
    expect(page.get_by_text(EXTRA)).to_have_count(0)

    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("building products")
    assert Result.objects.get().outcome == "builder"


@pytest.mark.screenshots
def test_make_follow_up_screenshots(page: Page, live_server, org, sign_in):
    """docs/screenshots/quiz-follow-up-{phone,laptop}.png (make screenshots)."""
    assessment = services.start_or_resume(org["pm"])
    services.save_answers(assessment, answers_in_band())
    sign_in(page, "pm")
    for label, width in {"phone": 390, "laptop": 1280}.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/quiz/{assessment.pk}/follow_up/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"quiz-follow-up-{label}.png"), full_page=True)
