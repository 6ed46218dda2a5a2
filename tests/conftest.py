"""Fixtures shared by every test: the demo organisation, and Playwright pointed at Debian's
Chromium."""

import os
import shutil

import pytest

from careers.demo import DEMO_PASSWORD
from tests.careers.factories import demo_org

# Playwright's sync API keeps an event loop in the test thread; tests only, never settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: skip without it on a laptop, but never skip in CI."""
    browser_items = [item for item in items if "/tests/browser/" in item.path.as_posix()]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not browser_items or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI is set but Chromium is missing at {CHROMIUM}.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real password hashing costs about half a second per demo person; tests need not pay."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def org(db):
    """The demo organisation on the shipped ladder and questionnaires, by username:
    admin, manager, pm and pm2 (who report to manager), pm3 (see ``demo_org``)."""
    return demo_org()


@pytest.fixture
def sign_in(live_server):
    """Sign a Playwright page in through the real form: ``sign_in(page, "pm")``."""

    def _sign_in(page, username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _sign_in
