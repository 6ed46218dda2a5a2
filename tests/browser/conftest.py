"""Fixtures for the browser tests."""

import pytest


@pytest.fixture
def no_js_page(browser, live_server, org, sign_in):
    """A page in a browser context with JavaScript switched off, signed in as pm."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "pm")
    yield page
    context.close()
