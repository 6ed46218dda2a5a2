import pytest
from playwright.sync_api import Page, expect

from tests.browser.quiz_pages import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_pm_signs_in_and_sees_home_with_no_accessibility_violations(
    page: Page, live_server, org, sign_in
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    assert_accessible(page)

    sign_in(page, "pm")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My assessment")
    assert_accessible(page)
