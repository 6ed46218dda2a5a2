"""An answer chosen before htmx has started is saved all the same.

The answers are on screen as soon as the page is parsed, but htmx (loaded deferred) listens
for changes only after that: on a slow connection or a busy machine a quick click falls into
the gap. Here the gap is made as wide as we like by holding back the htmx script.
"""

import time

import pytest
from playwright.sync_api import Page, Route, expect

from assessments import services
from assessments.models import Answer
from tests.assessments.quiz_support import default_spec
from tests.browser.quiz_pages import choose, saved

pytestmark = pytest.mark.django_db(transaction=True)


def hold_htmx(page: Page) -> list[Route]:
    """Hold every request for the htmx script until the test lets it through."""
    held: list[Route] = []
    page.route("**/django_htmx/htmx-*.js", lambda route: held.append(route))
    return held


def wait_until_requested(page: Page, held: list[Route], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not held:
        assert time.monotonic() < deadline, "the page never asked for htmx"
        page.wait_for_timeout(50)  # lets Playwright deliver the intercepted request


@pytest.mark.parametrize("answered_before", [False, True], ids=["new answer", "changed answer"])
def test_an_answer_chosen_before_htmx_starts_is_saved(
    page: Page, live_server, org, sign_in, answered_before
):
    assessment = services.start_or_resume(org["pm"])
    section = default_spec().sections[0].key
    first = default_spec().items_in_section(section)[0]
    sign_in(page, "pm")
    if answered_before:
        page.goto(f"/quiz/{assessment.pk}/")
        choose(page, first.key, 2)
    held = hold_htmx(page)
    page.goto(f"/quiz/{assessment.pk}/", wait_until="commit")
    wait_until_requested(page, held)

    page.locator(f'label[for="f-{first.key}-4"]').click()
    expect(page.locator(f"#f-{first.key}-4")).to_be_checked()
    stored = Answer.objects.filter(assessment=assessment, item_key=first.key)
    assert list(stored.values_list("value", flat=True)) == ([2] if answered_before else [])

    for route in held:
        route.continue_()
    saved(page, first.key)
    assert list(stored.values_list("value", flat=True)) == [4]
