"""The whole quiz with the keyboard alone: Tab, arrow keys, Space and Enter."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Result
from assessments.specs import ForcedChoiceItem
from tests.assessments.quiz_support import answers_for, default_spec
from tests.browser.quiz_pages import main_sections, saved

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, name: el.getAttribute("name"), id: el.id,
                    value: el.getAttribute("value"), text: (el.innerText || "").trim()};
        }"""
    )


def tab_until(page: Page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = focused(page)
        if wanted(here):
            return here
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def test_the_quiz_can_be_completed_with_the_keyboard_alone(page: Page, live_server, org, sign_in):
    spec = default_spec()
    answers = answers_for("people_leader")
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/")
    tab_until(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Start")
    page.keyboard.press("Enter")

    for index, section in enumerate(main_sections()):
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title)
        for item in spec.items_in_section(section.key):
            here = tab_until(page, lambda el, key=item.key: el["name"] == key)
            if isinstance(item, ForcedChoiceItem):
                values = [option.key for option in item.options]
            else:
                values = [str(v) for v in range(spec.scale.min, spec.scale.max + 1)]
            target = values.index(str(answers[item.key]))
            # Tab lands on the first radio of an unanswered group: Space picks it, then the
            # arrow keys move the choice along, as native radio groups do.
            assert here["value"] == values[0]
            page.keyboard.press("Space")
            for _ in range(target):
                page.keyboard.press("ArrowRight")
            saved(page, item.key)
            # The autosave swapped in the "Saved" mark without taking focus away.
            assert focused(page)["id"] == f"f-{item.key}-{values[target]}"
        last = index == len(main_sections()) - 1
        label = "See my result" if last else "Next"
        tab_until(page, lambda el, label=label: el["tag"] == "BUTTON" and label in el["text"])
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "A clear lean toward people leadership"
    )
    assert Result.objects.get().outcome == "people_leader"


def test_enter_inside_a_question_means_next_not_back(page: Page, live_server, org, sign_in):
    """The first submit button is the form's default; it must be Next, never Back."""
    sign_in(page, "pm")
    page.get_by_role("button", name="Start").click()
    page.goto(page.url.replace("/energy/", "/daily_work/"))  # part 2 has a Back button
    expect(page.get_by_role("button", name="Back")).to_be_visible()
    page.locator("#f-ho1-4").focus()
    page.keyboard.press("Space")
    saved(page, "ho1")
    page.keyboard.press("Enter")
    # Still on part 2, with its gaps listed: that was Next. Back would have gone to part 1.
    expect(page.get_by_role("heading", level=1)).to_have_text("How you like to work")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#f-ho1-4")).to_be_checked()
