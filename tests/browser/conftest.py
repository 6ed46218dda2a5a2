"""Fixtures for the quiz's browser tests."""

import pytest


@pytest.fixture
def quiz_people(db):
    """The shipped ladder and questionnaires, then the demo people (so pm has a level)."""
    from careers.demo import seed_demo
    from tests.assessments.quiz_support import load_defaults

    load_defaults()
    return {user.username: user for user in seed_demo()}


@pytest.fixture
def no_js_page(browser, live_server, quiz_people, sign_in):
    """A page in a browser context with JavaScript switched off, signed in as pm."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "pm")
    yield page
    context.close()
