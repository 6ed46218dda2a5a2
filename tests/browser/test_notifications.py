"""In real Chromium, with the keyboard only: a person finds "Emails" in the header, turns one
kind off and saves; a signed-out visitor uses an unsubscribe link. No CSP violation and no
accessibility violation on either page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.models import NotificationKind, NotificationPreference
from assessments.notifications import unsubscribe_token
from tests.browser.test_access_log import assert_clean, signed_in
from tests.browser.test_security_headers import LISTEN

pytestmark = pytest.mark.django_db(transaction=True)


def test_turning_a_kind_off_with_the_keyboard(browser, live_server, org, sign_in):
    page = signed_in(browser, live_server, sign_in, "pm")
    page.get_by_role("link", name="Emails").click()
    expect(page.get_by_role("heading", name="Emails from CareerPath")).to_be_visible()
    assert_clean(page)
    box = page.get_by_role("checkbox", name=NotificationKind.RETAKE_REMINDER.label)
    expect(box).to_be_checked()
    box.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # past the last box, the plan's check-in reminders
    expect(page.get_by_role("checkbox", name="Check-in reminders for my plan")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save my choices")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(box).not_to_be_checked()  # the locator finds it again on the reloaded page
    assert NotificationPreference.objects.turned_off(org["pm"]) == {"retake_reminder"}


def test_a_signed_out_visitor_unsubscribes_with_one_button(browser, live_server, org):
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    token = unsubscribe_token(org["manager"].pk, NotificationKind.RESULT_SHARED)
    page.goto(f"/notifications/unsubscribe/{token}/")
    assert_clean(page)
    page.get_by_role("button", name="Turn off these emails").click()
    expect(page.get_by_role("heading", name="You will get no more of these emails")).to_be_visible()
    assert_clean(page)
    assert NotificationPreference.objects.turned_off(org["manager"]) == {"result_shared"}
