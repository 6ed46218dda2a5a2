"""The reliability page with enough answers to measure the scales, in real Chromium: it fits a
phone and a laptop, passes axe, and its button makes the draft with the measured values."""

import random

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from assessments.models import QuestionnaireVersion
from assessments.simulation import Model, answer_as, draw_person
from assessments.statistics import MIN_MEASURED
from tests.assessments.factories import submitted_assessment
from tests.browser.test_layout_guard import DJANGO_ADMIN_MARKUP

pytestmark = pytest.mark.django_db(transaction=True)


def answered_version(count: int) -> QuestionnaireVersion:
    """The shipped self questionnaire with ``count`` simulated people's answers submitted."""
    version = QuestionnaireVersion.objects.filter(
        questionnaire__slug="pm-motivators", status="published"
    ).latest("number")
    spec, model, rng = version.to_spec(), Model(), random.Random(5)
    for _ in range(count):
        submitted_assessment(version, answer_as(spec, draw_person(spec, model, rng), model, rng))
    return version


def test_the_measured_scales_fit_pass_axe_and_make_a_draft(page: Page, live_server, org, sign_in):
    version = answered_version(MIN_MEASURED)
    sign_in(page, "admin")
    url = f"{live_server.url}/admin/assessments/questionnaireversion/{version.pk}/reliability/"
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        expect(
            page.get_by_role("heading", name="Measurement error of the two scales")
        ).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context = {"exclude": [[part] for part in DJANGO_ADMIN_MARKUP]}
        report = Axe().run(page, context=context)
        assert report.violations_count == 0, report.generate_report()

    page.get_by_role("button", name="Make a draft with the measured values").click()

    draft = version.number + 1
    expect(page.locator(".messagelist")).to_contain_text(f"Made draft v{draft} of")
    assert QuestionnaireVersion.objects.filter(status="draft", number=draft).exists()
