"""The result as a PDF: what the page says, under the page's access rule, offline."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assessments import pdf
from assessments.models import AccessEvent
from assessments.readouts import read_result
from tests.careers.team_support import take_quiz


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def pm_result(org):
    assessment = take_quiz(org["pm"], "people", share=True)
    return assessment.result


def test_the_pdf_says_the_outcome_the_reasons_and_the_ladder_step(client, org, pm_result):
    client.force_login(org["pm"])
    response = client.get(f"/results/{pm_result.assessment_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    stamp = pm_result.created_at.date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="careerpath-result-{stamp}.pdf"'
    )
    text = text_of(response)
    readout = read_result(pm_result)
    assert readout.outcome_name in text and readout.headline in text
    assert len(readout.toward) == 3
    for driver in readout.toward:
        assert " ".join(driver.text.split()) in text
    assert readout.current_level.title in text
    assert readout.next_levels and all(level.title in text for level in readout.next_levels)
    assert "Building products" in text  # the charts' words came along too


def test_strangers_and_the_manager_get_404(client, org, pm_result):
    for username in ("pm2", "manager", "admin"):
        client.force_login(org[username])
        assert client.get(f"/results/{pm_result.assessment_id}/pdf/").status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEWED_RESULT).exists()


def test_the_pdf_never_fetches_anything_but_our_static_files():
    fetch = pdf.StaticFilesOnly()
    assert b"--ink" in fetch(pdf.BASE_URL + "static/css/app.css").read()
    for url in (
        "https://example.com/static/css/app.css",
        "http://127.0.0.1/static/css/app.css",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../careers/settings.py",
        pdf.BASE_URL + "admin/",
        "data:text/css,body{}",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetch(url)


def test_an_outside_image_in_the_html_is_not_fetched(monkeypatch):
    seen = []
    real = pdf.StaticFilesOnly.fetch

    def spy(self, url, headers=None):
        seen.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesOnly, "fetch", spy)
    pdf.render_pdf('<img src="https://example.com/track.png"><p>Hello</p>')
    assert seen == ["https://example.com/track.png"]  # asked, refused, never on the network


def test_the_charts_carry_their_own_colours_into_the_pdf():
    """WeasyPrint does not apply page stylesheets or CSS variables inside an inline SVG (its
    shapes came out black), so the chart rules travel inside each SVG, variables resolved."""
    rules = pdf.chart_rules(
        ":root { --people-soft: #fbebe5; --ink: #1d2130; }",
        ".map__area--people { fill: var(--people-soft); }\n"
        ".map__frame { fill: none; }\n"
        ".team-row { color: var(--ink); }\n"
        "@media (max-width: 40rem) {\n  .map__tick { font-size: 9px; }\n}\n",
    )
    assert rules == ".map__area--people { fill: #fbebe5; }\n.map__frame { fill: none; }"
    html = pdf.with_chart_styles('<p>a</p><svg class="map" viewBox="0 0 1 1"><rect/></svg>', rules)
    assert html == f'<p>a</p><svg class="map" viewBox="0 0 1 1"><style>{rules}</style><rect/></svg>'


def test_the_shipped_chart_rules_leave_no_variable_unresolved():
    css = pdf._chart_css()
    assert ".map__frame" in css and "fill: none" in css
    assert "var(" not in css
