"""Fixtures for the browser tests, and a guard: no browser test may see a CSP violation."""

import pytest
from playwright.sync_api import Browser

# Each page reports every Content-Security-Policy violation to the test, as it happens.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber} on ${location.pathname}`
  );
});
"""


@pytest.fixture(autouse=True)
def no_csp_violations(request, monkeypatch):
    """Every browser context a test opens (its own or pytest-playwright's) listens for CSP
    violations; the test fails if any page reported one. A test that provokes a violation on
    purpose is marked ``allow_csp_violations``."""
    violations: list[str] = []
    new_context = Browser.new_context

    def listening_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.expose_binding(
            "__reportCspViolation", lambda source, message: violations.append(message)
        )
        context.add_init_script(REPORT_VIOLATIONS)
        return context

    monkeypatch.setattr(Browser, "new_context", listening_context)
    yield
    if not request.node.get_closest_marker("allow_csp_violations"):
        assert violations == [], f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def no_js_page(browser, live_server, org, sign_in):
    """A page in a browser context with JavaScript switched off, signed in as pm."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "pm")
    yield page
    context.close()
