"""Single sign-on in a real browser: the site at localhost, the company's provider (a real
OpenID Connect provider, tests/oidc_provider.py) at 127.0.0.1, each with its own cookies."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.oidc_provider import PROVIDER_NAME, PROVIDER_PASSWORD, run_provider

pytestmark = pytest.mark.django_db(transaction=True)


def test_pm_signs_in_through_the_provider_and_lands_on_the_home_page(page: Page, live_server, org):
    with run_provider(live_server.url) as provider:
        provider.add_account("acme.pat", email="PM@example.com")
        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
        report = Axe().run(page)
        assert report.violations_count == 0, report.generate_report()

        page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
        # authorize → the provider's own sign-in page, on the provider's host.
        expect(page.get_by_role("heading", name=PROVIDER_NAME)).to_be_visible()
        assert page.url.startswith(f"{provider.url}/login/?next=/o/authorize/")
        page.get_by_label("Acme username").fill("acme.pat")
        page.get_by_label("Acme password").fill(PROVIDER_PASSWORD)
        page.get_by_role("button", name="Continue").click()

        # Back at the site: code → token (signed ID token, checked against the provider's
        # keys) → userinfo → a session for the person with that email.
        page.wait_for_url(f"{live_server.url}/")
        expect(page.locator(".site-user__name")).to_have_text("Pat Product (demo)")
        expect(page.get_by_text("Welcome, Pat")).to_be_visible()


def test_with_sso_off_the_sign_in_page_shows_no_sso_button(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text(re.compile("Sign in with"))).to_have_count(0)
    assert page.goto(f"{live_server.url}/oidc/authenticate/").status == 404
