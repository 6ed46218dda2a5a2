"""Screenshots of the sign-in and home pages at phone and laptop width (make screenshots)."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.screenshots]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "laptop": 1280}


@pytest.mark.parametrize("device", list(WIDTHS))
def test_sign_in_and_home_screenshots(browser, live_server, org, sign_in, device):
    context = browser.new_context(viewport={"width": WIDTHS[device], "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=OUT / f"sign-in-{device}.png", full_page=True)
    sign_in(page, "pm")
    page.screenshot(path=OUT / f"home-{device}.png", full_page=True)
    context.close()
