"""Ladder versions in a real browser: an admin adds a level in a draft through the admin,
previews it, publishes it with a note and reads the diff in the history, while a PM signed in
meanwhile keeps seeing the published ladder until publication. Axe checks the preview and the
history.

The screenshots test writes docs/screenshots/ladder-{draft,draft-admin,publish,history}-*.png
only when asked: ``.venv/bin/pytest -m screenshots tests/browser/test_ladder_versions.py``.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from careers.demo import seed_demo
from ladders.drafts import publish_draft, start_draft
from ladders.files import load_default_ladders
from ladders.models import Ladder, Level

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "laptop": 1280}
STAFF_PM = "Staff Product Manager"


@pytest.fixture
def org():
    load_default_ladders()
    return {user.username: user for user in seed_demo()}


def assert_accessible(page: Page) -> None:
    report = Axe().run(page)
    assert report.violations_count == 0, report.generate_report()


def choose(page: Page, field: str, label: str) -> None:
    """Move one option across in the admin's two-box picker (FilteredSelectMultiple)."""
    page.locator(f"#id_{field}_from").select_option(label=label)
    page.locator(f"#id_{field}_add").click()


def test_admin_drafts_previews_and_publishes_a_level_while_pms_see_the_old_ladder(
    browser, live_server, org, sign_in
):
    admin_context = browser.new_context(base_url=live_server.url)
    pm_context = browser.new_context(base_url=live_server.url)
    admin, pm = admin_context.new_page(), pm_context.new_page()
    sign_in(admin, "admin")
    sign_in(pm, "pm")

    # The admin opens the published ladder and starts a draft.
    admin.goto("/admin/ladders/ladder/")
    admin.get_by_role("link", name="Product management", exact=True).click()
    admin.get_by_role("button", name="Edit in a draft").click()
    expect(admin.locator(".messagelist")).to_contain_text("Started a draft")
    expect(admin.locator(".ladder-notice--draft")).to_contain_text("This is a draft")

    # ...and adds Staff PM between Senior PM and Distinguished PM with the level form.
    admin.get_by_role("link", name="Add a level to this ladder").click()
    admin.get_by_label("Track").select_option(label="Builder track (individual contributor)")
    admin.get_by_label("Key").fill("staff-pm")
    admin.get_by_label("Title").fill(STAFF_PM)
    admin.get_by_label("Rank").fill("4")
    admin.get_by_label("Summary").fill("Leads the hardest problems of one product area.")
    admin.get_by_label("People leadership %").fill("0")
    admin.get_by_label("Product leadership %").fill("40")
    admin.get_by_label("Individual work %").fill("60")
    choose(admin, "next_levels", "Distinguished Product Manager (rank 5)")
    choose(admin, "previous_levels", "Senior Product Manager (rank 3)")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    # The PM, signed in all along, sees the published ladder, even asking for the draft.
    for path in ("/ladders/product-management/", "/ladders/product-management/?draft=1"):
        pm.goto(path)
        expect(pm.get_by_role("figure").get_by_role("link")).to_have_count(9)
        expect(pm.get_by_text(STAFF_PM)).to_have_count(0)
        expect(pm.get_by_text("Draft preview")).to_have_count(0)

    # The admin previews the draft on the real ladder page.
    draft = Ladder.objects.drafts().get()
    admin.goto(f"/admin/ladders/ladder/{draft.pk}/change/")
    admin.get_by_role("link", name="Preview").first.click()
    expect(admin.get_by_role("heading", name="Draft preview: not published")).to_be_visible()
    diagram = admin.get_by_role("figure")
    expect(diagram.get_by_role("link")).to_have_count(10)
    expect(diagram.get_by_role("link", name=STAFF_PM)).to_contain_text("11 not written")
    assert_accessible(admin)

    # Publishing without a note, then without accepting the gaps, is refused.
    admin.get_by_role("link", name="Review and publish").click()
    expect(admin.locator(".ladder-publish__summary")).to_have_text("1 level added, 2 edges added.")
    admin.get_by_role("button", name="Publish this draft").click()
    expect(admin.locator(".errorlist")).to_contain_text("This field is required.")
    admin.get_by_label("Change note").fill("Add Staff PM between Senior PM and Distinguished PM.")
    admin.get_by_role("button", name="Publish this draft").click()
    expect(admin.locator(".errorlist")).to_contain_text("not written yet for Staff Product")
    assert not Level.objects.filter(ladder__draft_of__isnull=True, key="staff-pm").exists()
    pm.reload()
    expect(pm.get_by_text(STAFF_PM)).to_have_count(0)

    admin.get_by_label("Publish with gaps").check()
    admin.get_by_role("button", name="Publish this draft").click()

    # The history shows the new version, who published it, the note and the diff.
    expect(admin.locator(".messagelist")).to_contain_text("Published as version 2")
    newest = admin.locator(".ladder-history__version").first
    expect(newest.get_by_role("heading", level=2)).to_have_text("Version 2")
    expect(newest).to_contain_text("Add Staff PM between Senior PM and Distinguished PM.")
    expect(newest).to_contain_text("by Ada Admin (demo)")
    expect(newest).to_contain_text("“Staff Product Manager” (staff-pm)")
    expect(newest).to_contain_text("Senior Product Manager → Staff Product Manager")
    assert_accessible(admin)

    # Now the PM sees the new level, its gaps marked.
    pm.reload()
    expect(pm.get_by_role("figure").get_by_role("link")).to_have_count(10)
    expect(pm.get_by_role("figure").get_by_role("link", name=STAFF_PM)).to_contain_text(
        "11 not written"
    )
    admin_context.close()
    pm_context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots(browser, live_server, org, sign_in, device):
    ladder = Ladder.objects.get(slug="product-management")
    draft = start_draft(ladder)
    senior = draft.levels.get(key="senior-pm")
    staff = Level.objects.create(
        ladder=draft, track=draft.tracks.get(key="ic"), key="staff-pm", title=STAFF_PM, rank=4,
        position=10, summary="Leads the hardest problems of one product area.",
        product_pct=40, individual_pct=60,
    )  # fmt: skip
    staff.next_levels.add(draft.levels.get(key="distinguished-pm"))
    senior.next_levels.add(staff)
    draft.levels.filter(key="pm").update(title="Product Manager II")

    context = browser.new_context(viewport={"width": WIDTHS[device], "height": 900})
    page = context.new_page()
    sign_in(page, "admin")
    # The draft's admin page: its notice and tools (the inlines below are the usual ones).
    page.goto(f"{live_server.url}/admin/ladders/ladder/{draft.pk}/change/")
    page.screenshot(path=OUT / f"ladder-draft-admin-{device}.png")
    page.goto(f"{live_server.url}/ladders/product-management/?draft=1")
    page.screenshot(path=OUT / f"ladder-draft-{device}.png", full_page=True)
    page.goto(f"{live_server.url}/admin/ladders/ladder/{draft.pk}/publish/")
    page.screenshot(path=OUT / f"ladder-publish-{device}.png", full_page=True)
    publish_draft(
        draft,
        note="Add Staff PM between Senior PM and Distinguished PM; rename PM.",
        author=org["admin"],
        allow_gaps=True,
    )
    page.goto(f"{live_server.url}/admin/ladders/ladder/{ladder.pk}/history/")
    page.screenshot(path=OUT / f"ladder-history-{device}.png", full_page=True)
    context.close()
