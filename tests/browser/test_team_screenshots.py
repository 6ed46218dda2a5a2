"""Screenshots of the manager's pages and the consent switch, at phone and laptop width.

Not part of the normal run (it writes files). Make them with:

    make screenshots  # or: .venv/bin/pytest -m screenshots tests/browser/test_team_screenshots.py

They land in docs/screenshots/ as team-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from ladders.models import Level
from tests.careers.factories import UserFactory
from tests.careers.team_support import take_quiz

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.screenshots,
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "laptop": 1280}

# A team beyond the demo's two reports, so the map and the alerts have something to show.
EXTRA = [
    ("jordan", "Jordan", "Lee (demo)", "director", "builder_mild", True),
    ("kim", "Kim", "Osei (demo)", "group-pm", "hybrid", True),
    ("lee", "Lee", "Park (demo)", "principal-pm", "builder", True),
    ("ria", "Ria", "Shah (demo)", "pm", "people", None),  # None: still answering
]


def shoot(page: Page, path: str, name: str, selector: str | None = None) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.wait_for_load_state("networkidle")
        target = f"{OUT}/{name}-{label}.png"
        if selector:
            page.locator(selector).screenshot(path=target)
        else:
            page.screenshot(path=target, full_page=True)


def test_make_team_screenshots(page: Page, live_server, org, sign_in):
    OUT.mkdir(parents=True, exist_ok=True)
    manager = org["manager"]
    pat = take_quiz(org["pm"], "people_title", share=True)
    take_quiz(org["pm2"], "builder")  # private
    for username, first, last, level, lean, shared in EXTRA:
        person = UserFactory(
            username=username,
            first_name=first,
            last_name=last,
            manager=manager,
            level=Level.objects.get(key=level),
        )
        take_quiz(person, lean, share=bool(shared), finish=shared is not None)
    take_quiz(org["pm"], "people_mild", respondent=manager)

    sign_in(page, "manager")
    shoot(page, "/team/", "team-dashboard")
    shoot(page, "/team/pm/", "team-report")
    shoot(page, "/team/pm/", "team-comparison", selector="#comparison")
    shoot(page, "/team/pm2/", "team-not-shared")
    page.context.clear_cookies()
    sign_in(page, "pm")
    shoot(page, f"/results/{pat.pk}/", "team-sharing", selector="#sharing")
