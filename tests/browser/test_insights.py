"""Org insight full of data fits a phone and a laptop, passes axe and the security policy
(the layout guard sees the page only with too few results to show)."""

from __future__ import annotations

import pytest

from careers.models import User
from tests.browser.test_insight_screenshots import build_org
from tests.browser.test_layout_guard import Screen, problems_on, signed_in_page
from tests.careers.factories import demo_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_insight_with_data_fits_and_passes_axe(browser, live_server):
    org = demo_org()
    build_org(org)
    world = type("World", (), {"users": {"hr": User.objects.get(username="hr")}})()
    screen = Screen("insights", "hr", lambda w: "/insights/")
    failures = []
    for width in (390, 1280):
        page = signed_in_page(browser, live_server, world, "hr", width)
        failures += [f"{width} px: {problem}" for problem in problems_on(page, screen, world)]
        assert "Noor Lead (demo)'s team" in page.inner_text("main")
        page.context.close()
    assert not failures, "\n".join(failures)
