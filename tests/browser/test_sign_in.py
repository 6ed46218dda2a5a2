import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_pm_signs_in_and_sees_home_with_no_accessibility_violations(
    page: Page, live_server, demo_people, sign_in
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    login_report = Axe().run(page)
    assert login_report.violations_count == 0, login_report.generate_report()

    sign_in(page, "pm")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My assessment")
    home_report = Axe().run(page)
    assert home_report.violations_count == 0, home_report.generate_report()
