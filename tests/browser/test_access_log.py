"""In real Chromium: pm sees the manager's visit on "Who has seen my results", is told when
their manager changes, and deletes a result through its confirmation page, with no CSP
violation and no accessibility violation on the new pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import AccessEvent, Assessment
from careers.models import User
from tests.browser.test_security_headers import LISTEN
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(browser, live_server, sign_in, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(LISTEN)
    return sign_in(context.new_page(), username)


def assert_clean(page: Page) -> None:
    assert page.evaluate("window.__cspViolations") == []
    report = Axe().run(page)
    assert report.violations_count == 0, report.generate_report()


def test_pm_sees_the_managers_visit_with_its_time(browser, live_server, org, sign_in):
    assessment = take_quiz(org["pm"], "people", share=True)
    manager = signed_in(browser, live_server, sign_in, "manager")
    manager.goto(f"/team/pm/results/{assessment.pk}/")
    expect(manager.get_by_role("heading", level=1)).to_be_visible()
    seen = timezone.localtime(AccessEvent.objects.get(person=org["pm"]).at)

    pm = signed_in(browser, live_server, sign_in, "pm")
    pm.goto("/results/")
    pm.get_by_role("link", name="Who has seen my results").click()
    expect(pm.get_by_role("heading", name="Who has seen my results")).to_be_visible()
    row = pm.get_by_role("row").filter(has_text="Morgan Manager (demo)")
    expect(row).to_contain_text("Viewed a result")
    expect(row).to_contain_text(f"{seen:%-d %b %Y, %H:%M}")
    assert_clean(pm)


def test_pm_is_told_about_a_new_manager_once(browser, live_server, org, sign_in):
    pm_user = org["pm"]
    take_quiz(pm_user, "people", share=True)
    User.objects.filter(pk=pm_user.pk).update(manager=org["pm3"])
    AccessEvent.record(AccessEvent.Kind.MANAGER_CHANGED, person_id=pm_user.pk, actor=org["admin"])
    pm = signed_in(browser, live_server, sign_in, "pm")
    notice = pm.get_by_role("status").filter(has_text="Your manager is now")
    expect(notice).to_contain_text("Robin Roamer (demo)")
    expect(notice).to_contain_text("without its answers")
    assert_clean(pm)
    notice.get_by_role("button", name="Got it").click()
    expect(pm.get_by_text("Your manager is now")).to_have_count(0)


def test_deleting_a_result_asks_first(browser, live_server, org, sign_in):
    assessment = take_quiz(org["pm"], "builder")
    pm = signed_in(browser, live_server, sign_in, "pm")
    pm.goto(f"/results/{assessment.pk}/")
    pm.get_by_role("link", name="Delete this result").click()
    expect(pm.get_by_text("This will be gone for good")).to_be_visible()
    assert_clean(pm)
    pm.get_by_role("button", name="Delete this result").click()
    expect(pm.get_by_role("heading", name="No results yet")).to_be_visible()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
