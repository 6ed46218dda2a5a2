"""The result page printed from Chromium: at most two A4 pages, with the reading in words and
without the navigation, buttons or switches (static/css/print.css)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINES = {
    "people": "A clear lean toward people leadership",
    "builder": "A clear lean toward building products",
    "hybrid": "Both paths pull on you",
}


@pytest.mark.parametrize("lean", list(HEADLINES))
def test_a_result_prints_on_at_most_two_a4_pages(page, live_server, org, sign_in, lean):
    assessment = take_quiz(org["pm"], lean, share=True)
    sign_in(page, "pm")
    page.goto(f"{live_server.url}/results/{assessment.pk}/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
    assert HEADLINES[lean] in text
    # What a printout cannot use: the navigation, the buttons and the switches.
    for absent in ("Sign out", "Retake the questionnaire", "Let my manager see this result"):
        assert absent not in text
