"""The Content-Security-Policy in real Chromium: the pages a PM and a manager use trigger no
violation, including the htmx autosave on the quiz."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from assessments.services import start_or_resume
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script: collects every violation the browser reports.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${where}`
  );
});
"""


@pytest.fixture
def world(db):
    """Shipped ladder and questionnaires, the demo people, and a result pm shared."""
    from assessments.files import load_default_questionnaires
    from careers.demo import seed_demo
    from ladders.files import load_default_ladders

    load_default_ladders()
    load_default_questionnaires()
    people = {user.username: user for user in seed_demo()}
    result = take_quiz(people["pm"], "people", share=True, share_answers=True)
    open_quiz = start_or_resume(people["pm"])
    return {"result": result, "open_quiz": open_quiz, "ladder": people["pm"].level.ladder.slug}


def listening_page(browser, live_server, sign_in, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(LISTEN)
    return sign_in(context.new_page(), username)


def violations_on(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def test_the_pm_pages_run_under_the_policy_without_a_violation(
    browser, live_server, sign_in, world
):
    page = listening_page(browser, live_server, sign_in, "pm")
    for path in (
        "/",
        f"/results/{world['result'].pk}/",
        "/results/",
        "/team/",
        f"/ladders/{world['ladder']}/",
        f"/ladders/{world['ladder']}/senior-pm/",
        "/accounts/password_change/",
    ):
        assert violations_on(page, path) == [], path

    # The quiz, with an answer autosaved through htmx (its indicator styles stay off).
    assert violations_on(page, f"/quiz/{world['open_quiz'].pk}/") == []
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("input[type=radio]").first.check()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate("document.querySelectorAll('style').length") == 0


def test_the_manager_pages_run_under_the_policy_without_a_violation(
    browser, live_server, sign_in, world
):
    page = listening_page(browser, live_server, sign_in, "manager")
    for path in (
        "/",
        "/team/",
        "/team/pm/",
        f"/team/pm/results/{world['result'].pk}/",
        f"/ladders/{world['ladder']}/",
    ):
        assert violations_on(page, path) == [], path


@pytest.mark.allow_csp_violations
def test_the_listener_does_hear_a_violation(browser, live_server, sign_in, world):
    """Guards the two tests above: an inline script is refused and reported."""
    page = listening_page(browser, live_server, sign_in, "pm")
    violations_on(page, "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert "script-src" in page.evaluate("window.__cspViolations")[0]
