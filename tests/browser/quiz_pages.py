"""Helpers for driving the quiz in a browser."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.assessments.quiz_support import default_spec


def assert_accessible(page: Page) -> None:
    report = Axe().run(page)
    assert report.violations_count == 0, report.generate_report()


def saved(page: Page, key: str) -> None:
    """Wait until no autosave of this question is in flight and the last one succeeded
    (arrow keys and changes of mind queue several).

    First the page's load: an answer chosen before htmx started is sent only when it starts,
    and until then the status may still read "Saved" from an earlier answer."""
    page.wait_for_load_state()
    expect(page.locator(f"#item-{key}")).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(page.locator(f"#status-{key}")).to_contain_text("Saved")


def choose(page: Page, key: str, value) -> None:
    """Click an answer and wait until the server has saved it."""
    page.locator(f'label[for="f-{key}-{value}"]').click()
    saved(page, key)


def answer_section(page: Page, section: str, answers: dict) -> None:
    for item in default_spec().items_in_section(section):
        choose(page, item.key, answers[item.key])


def main_sections(spec=None):
    """The parts everyone is asked, in order: every section but the follow-up part, which a
    person sees only when scoring asks for it."""
    spec = spec or default_spec()
    main = {item.key for item in spec.main_items}
    return [
        section
        for section in spec.sections
        if any(item.key in main for item in spec.items_in_section(section.key))
    ]


def next_button(page: Page, index: int):
    """The button that moves on from main part ``index``: Next, or See my result at the end
    (for answers whose gap is clear, so the follow-up part is not asked)."""
    last = index == len(main_sections()) - 1
    return page.get_by_role("button", name="See my result" if last else "Next")
