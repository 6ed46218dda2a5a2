"""Screenshots of org insight (phone and laptop) and of the PDF of a result.

Not part of the normal run (it writes files). Make them with:

    make screenshots  # or: .venv/bin/pytest -m screenshots tests/browser/<this file>

The PDF is the one `/results/<id>/pdf/` sends (WeasyPrint); its first page is turned into a
PNG by poppler's `pdftoppm` (Debian package poppler-utils), which this test needs.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Page

from assessments.models import Result
from ladders.models import Level
from tests.careers.factories import UserFactory
from tests.careers.insight_support import add_team, template_result
from tests.careers.team_support import take_quiz

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.screenshots]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# (lead, level key, [(outcome, people)]): an organisation of about a hundred people.
TEAMS = [
    ("Noor", "senior-pm", [("builder", 9), ("people_leader", 5), ("hybrid", 3)]),
    ("Tomas", "pm", [("builder", 7), ("hybrid", 6)]),
    ("Ines", "principal-pm", [("builder", 11), ("inconclusive", 2)]),
    ("Kofi", "senior-pm", [("people_leader", 6), ("hybrid", 5), ("builder", 5)]),
    ("Maya", "director", [("builder", 5), ("people_leader", 8)]),
    ("Sam", "pm", [("builder", 3)]),
]


def build_org(org) -> None:
    template = template_result(org["pm3"])
    hr = UserFactory(username="hr", first_name="Harper", last_name="HR (demo)")
    hr.user_permissions.add(Permission.objects.get(codename="view_org_insights"))
    head = UserFactory(username="head", first_name="Helena", last_name="Head (demo)")
    for index, (first, level_key, mix) in enumerate(TEAMS):
        lead = UserFactory(
            username=first.lower(), first_name=first, last_name="Lead (demo)", manager=head
        )
        for outcome, size in mix:
            add_team(
                lead,
                size,
                prefix=f"{first.lower()}{outcome}",
                template=template,
                outcome=outcome,
                level=Level.objects.get(key=level_key),
            )
        # Spread the results over the last year, a quarter per team or so.
        Result.objects.filter(assessment__subject__manager=lead).update(
            created_at=timezone.now() - timedelta(days=95 * (index % 4))
        )


def test_make_insight_screenshots(page: Page, live_server, org, sign_in):
    OUT.mkdir(parents=True, exist_ok=True)
    build_org(org)
    sign_in(page, "hr")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/insights/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{OUT}/insights-{width}.png", full_page=True)


def test_make_pdf_screenshot(client, org, tmp_path):
    assert shutil.which("pdftoppm"), "the PDF screenshot needs pdftoppm (apt install poppler-utils)"
    OUT.mkdir(parents=True, exist_ok=True)
    result = take_quiz(org["pm"], "people", share=True).result
    client.force_login(org["pm"])
    response = client.get(f"/results/{result.assessment_id}/pdf/", HTTP_ACCEPT_ENCODING="identity")
    assert response.status_code == 200
    pdf = tmp_path / "result.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(OUT / "result-pdf-page1"),
        ],
        check=True,
    )
