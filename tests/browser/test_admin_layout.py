"""The admin change pages an HR admin works in fit the screen: no sideways scrolling at
1280 px (a laptop) or 390 px (a phone), as the superuser who sees every field."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from assessments.models import Questionnaire
from careers.models import User
from ladders.drafts import start_draft
from ladders.models import Ladder

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def admin_pages(org) -> dict[str, str]:
    """The pages to check, by name: the ladder, its draft, a draft's level, a user and the
    user list, a questionnaire draft's page (its YAML) and its editor."""
    ladder = Ladder.objects.published().get(is_default=True)
    draft = start_draft(ladder)
    level = draft.levels.order_by("rank").last()
    questionnaire = Questionnaire.objects.order_by("slug").first()
    version = questionnaire.latest_published().make_draft()
    user = User.objects.get(username="pm")
    return {
        "ladder": f"/admin/ladders/ladder/{ladder.pk}/change/",
        "ladder draft": f"/admin/ladders/ladder/{draft.pk}/change/",
        "level": f"/admin/ladders/level/{level.pk}/change/",
        "user": f"/admin/careers/user/{user.pk}/change/",
        "user list": "/admin/careers/user/",
        "questionnaire version": f"/admin/assessments/questionnaireversion/{version.pk}/change/",
        "questionnaire editor": f"/admin/assessments/questionnaireversion/{version.pk}/editor/",
    }


# On a laptop a table must not hide columns in a box that scrolls sideways either (the
# inlines and the change list scroll inside their box rather than widen the page).
SCROLLING_BOXES = """() => [...document.querySelectorAll('.inline-group, #changelist .results')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.id || box.className}: ${box.scrollWidth} > ${box.clientWidth}`)"""


@pytest.mark.parametrize("width", [1280, 390])
def test_admin_change_pages_fit_the_screen(page: Page, live_server, org, sign_in, width):
    pages = admin_pages(org)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "admin")
    overflowing = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > page.evaluate("innerWidth"):
            overflowing[name] = scroll_width
        if width >= 1280 and (boxes := page.evaluate(SCROLLING_BOXES)):
            overflowing[name] = boxes
    assert overflowing == {}


@pytest.mark.screenshots
def test_make_admin_screenshots(page: Page, live_server, org, sign_in):
    OUT.mkdir(parents=True, exist_ok=True)
    pages = admin_pages(org)
    sign_in(page, "admin")
    for name in ("ladder draft", "level", "user", "user list", "questionnaire version"):
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{pages[name]}")
            slug = name.replace(" ", "-")
            page.screenshot(path=str(OUT / f"admin-{slug}-{width}.png"), full_page=True)
    # The editor runs to dozens of items: its top, and its first items.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}{pages['questionnaire editor']}")
        page.screenshot(path=str(OUT / f"admin-questionnaire-editor-{width}.png"))
        page.locator(".qe-form--item").nth(0).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
        page.screenshot(path=str(OUT / f"admin-questionnaire-editor-items-{width}.png"))
        # A problem the spec finds is shown on its field.
        page.locator("[name='items-0-dimension']").fill("nonsense")
        page.get_by_role("button", name="Save draft").click()
        page.locator(".qe-form--errors").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
        page.screenshot(path=str(OUT / f"admin-questionnaire-editor-error-{width}.png"))
