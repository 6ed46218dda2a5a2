"""Fixtures shared by every test: the demo organisation, a transaction that outlives one test
for worlds built once per module, and Playwright pointed at Debian's Chromium."""

import os
import shutil

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from assessments import models as assessment_models
from assessments import quiz_markup
from assessments import views as assessment_views
from careers import team_views
from careers.demo import DEMO_PASSWORD
from growth import markup as growth_markup
from ladders import models as ladder_models
from ladders import views as ladder_views
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


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Real password hashing costs about half a second per demo person; tests need not pay.
    Session-wide, so worlds built once per module get it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def private_cache():
    """The tests keep their cache (sessions, ladder pages) in their own process, never in the
    site's shared cache folder."""
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        yield


@pytest.fixture(autouse=True)
def empty_cache(private_cache):
    """Each test starts with an empty cache: rows a test rolled back can come back in the
    next one under the same keys. The same for what is kept in process memory per published
    version or snapshot (questionnaire specs and statement markup, ladder specs and pages,
    result readouts and page parts, the plan's parts)."""
    cache.clear()
    assessment_models._frozen_specs.clear()
    quiz_markup._kept.clear()
    assessment_views._readouts.clear()
    assessment_views._parts.clear()
    ladder_models._published_specs.clear()
    ladder_views._pages.clear()
    growth_markup._kept.clear()
    team_views._readings.clear()


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


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="module")
def module_transaction(request, django_db_setup, django_db_blocker):
    """One transaction around a whole module, for a world that is costly to build.

    A module-scoped fixture that depends on this one creates its rows inside
    ``django_db_blocker.unblock()``; every test of the module then sees them, each test's own
    transaction nests inside as a savepoint (so what a test changes is still undone), and the
    rows are rolled back after the module's last test, so no other module ever sees them.
    This is Django's ``TestCase.setUpTestData``, per module; it needs a database with
    transactions (SQLite and PostgreSQL both), and tests under it must not be transactional.
    """
    # A transactional test here would commit into, and flush, the shared transaction.
    clashing = [
        item.name
        for item in request.session.items
        if getattr(item, "module", None) is request.module and is_transactional(item)
    ]
    if clashing:
        pytest.fail(f"Transactional tests cannot share a module_transaction: {clashing}")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As in Django's TestCase: durable blocks inside count as outermost.
        outer._from_testcase = True
        outer.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


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
