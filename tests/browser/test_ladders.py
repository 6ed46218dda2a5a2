"""The ladder in a real browser: diagram → Senior PM → compare with Director, with axe checks.

The screenshots test writes docs/screenshots/ladder-*.png only when asked:

    make screenshots  # or: .venv/bin/pytest -m screenshots tests/browser/test_ladders.py
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.quiz_pages import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "laptop": 1280}


def test_pm_follows_senior_pm_and_compares_it_with_director(page: Page, live_server, org, sign_in):
    sign_in(page, "pm")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Career ladder").click()
    page.get_by_role("link", name="Product management").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Product management")
    diagram = page.get_by_role("figure")
    expect(diagram.get_by_role("link")).to_have_count(9)
    expect(diagram).to_contain_text("Fork · 3 paths")
    assert_accessible(page)

    diagram.get_by_role("link", name="Senior Product Manager").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Product Manager")
    assert_accessible(page)

    page.get_by_label("Compare with", exact=True).select_option(label="Director of Product")
    page.get_by_role("button", name="Compare").click()
    column = page.locator("#comparison article")
    expect(column).to_have_count(1)
    expect(column.get_by_role("heading", level=3)).to_contain_text("Director of Product")
    expect(column).to_contain_text("Building teams and organisations")
    expect(column).to_contain_text("0% → 60%")
    expect(page).to_have_url(
        f"{live_server.url}/ladders/product-management/senior-pm/?compare=director&also="
    )
    assert_accessible(page)


def test_the_comparison_works_without_javascript(browser, live_server, org, sign_in):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/ladders/product-management/senior-pm/")
    page.get_by_label("Compare with", exact=True).select_option(label="Principal Product Manager")
    page.get_by_label("and, beside it (optional)").select_option(label="Director of Product")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#comparison article")).to_have_count(2)
    context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots(browser, live_server, org, sign_in, device):
    context = browser.new_context(viewport={"width": WIDTHS[device], "height": 900})
    page = context.new_page()
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/ladders/product-management/")
    page.screenshot(path=OUT / f"ladder-diagram-{device}.png", full_page=True)
    page.goto(
        f"{live_server.url}/ladders/product-management/senior-pm/"
        "?compare=principal-pm&also=director"
    )
    box = page.locator("section", has=page.locator("#compare-title")).bounding_box()
    margin = 16
    clip = {
        "x": 0,
        "y": box["y"] - margin,
        "width": WIDTHS[device],
        "height": box["height"] + 2 * margin,
    }
    page.screenshot(path=OUT / f"ladder-compare-{device}.png", full_page=True, clip=clip)
    context.close()
