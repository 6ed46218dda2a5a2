"""The history chart in real Chromium: where both scales score the same, the two lines and
the two dots coincide, and both must still be seen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db(transaction=True)

# The builder line drawn wider than the people line on top of it, and the builder square
# larger than the people dot on top of it, at each width.
VISIBLE_UNDERNEATH = """
() => {
  const width = (selector) =>
    parseFloat(getComputedStyle(document.querySelector(selector)).strokeWidth);
  const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const square = box(".history__dot--builder"), dot = box(".history__dot--people");
  return {
    lines: width(".history__line--builder") - width(".history__line--people"),
    dots: Math.min(square.width - dot.width, square.height - dot.height),
  };
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_equal_scores_leave_both_lines_and_dots_visible(
    page: Page, live_server, org, sign_in, width
):
    take_quiz(org["pm"], "builder")
    take_quiz(org["pm"], "people")
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, "pm")
    page.goto("/results/")
    shown = page.evaluate(VISIBLE_UNDERNEATH)
    assert shown["lines"] >= 2, shown  # at least a pixel of builder line on either side
    assert shown["dots"] >= 2, shown
