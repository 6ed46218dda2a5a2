"""Screenshots of the quiz and of every outcome's result page, at phone and laptop width.

Not part of the normal run (it writes files and takes a while). Make them with:

    make screenshots  # or: .venv/bin/pytest -m screenshots tests/browser/test_quiz_screenshots.py

They land in docs/screenshots/ as quiz-*.png and result-*.png.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from assessments import services
from assessments.specs import ForcedChoiceItem, InstructedItem, LikertItem
from tests.assessments.quiz_support import default_spec

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.screenshots,
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "laptop": 1280}

# Keyed answer (1..5) per dimension of the current version: realistic, uneven profiles
# rather than straight lines. A dimension's statements (follow-up ones included) take the
# values in turn, so every dimension the questionnaire has needs a row here.
PROFILES = {
    "builder": {
        "craft_mastery": [5, 4, 5, 4, 5, 4],
        "hands_on": [5, 5, 4, 4, 5, 4],
        "maker_focus": [4, 3, 4, 5, 4, 4],
        "vision_strategy": [4, 3, 4, 4, 3],
        "company_influence": [3, 4, 3, 3],
        "developing_people": [3, 2, 3, 3, 2, 2],
        "leading_through_others": [2, 2, 3, 1, 2, 2],
        "org_scope": [2, 1, 2, 2, 3],
        "org_building": [2, 1, 2, 2, 3, 2],
        "title_pull": [2, 2, 1, 2],
        "polite_yes": [2, 1, 2],
        "team_without_people_work": [3, 2, 2],
    },
    "people_leader": {
        "craft_mastery": [3, 4, 3, 3, 2, 3],
        "hands_on": [3, 2, 3, 2, 3, 2],
        "maker_focus": [2, 3, 2, 2, 3, 2],
        "vision_strategy": [4, 4, 5, 4, 4],
        "company_influence": [4, 4, 3, 4],
        "developing_people": [5, 5, 4, 5, 5, 4],
        "leading_through_others": [4, 5, 4, 4, 5, 4],
        "org_scope": [4, 4, 3, 4, 4],
        "org_building": [5, 4, 4, 5, 4, 5],
        "title_pull": [2, 3, 2, 2],
        "polite_yes": [2, 2, 1],
        "team_without_people_work": [2, 1, 2],
    },
    "hybrid": {
        "craft_mastery": [4, 4, 3, 4, 4, 3],
        "hands_on": [4, 3, 4, 4, 3, 4],
        "maker_focus": [3, 4, 3, 3, 4, 3],
        "vision_strategy": [5, 4, 4, 5, 4],
        "company_influence": [4, 4, 5, 4],
        "developing_people": [4, 4, 3, 4, 4, 3],
        "leading_through_others": [4, 3, 4, 3, 4, 4],
        "org_scope": [3, 4, 4, 3, 4],
        "org_building": [4, 3, 3, 4, 3, 4],
        "title_pull": [2, 3, 2, 2],
        "polite_yes": [2, 3, 2],
        "team_without_people_work": [2, 2, 3],
    },
    "inconclusive": {
        "craft_mastery": [2, 3, 2, 2, 1, 2],
        "hands_on": [2, 2, 3, 2, 2, 2],
        "maker_focus": [3, 2, 2, 1, 2, 2],
        "vision_strategy": [2, 2, 3, 2, 2],
        "company_influence": [2, 1, 2, 2],
        "developing_people": [2, 3, 2, 2, 2, 2],
        "leading_through_others": [2, 1, 2, 3, 2, 2],
        "org_scope": [1, 2, 2, 2, 3],
        "org_building": [2, 2, 1, 2, 2, 2],
        "title_pull": [2, 2, 3, 2],
        "polite_yes": [2, 2, 2],
        "team_without_people_work": [2, 3, 2],
    },
}
PROFILES["withheld"] = PROFILES["builder"]


def profile_answers(outcome: str) -> dict:
    spec = default_spec()
    profile = PROFILES[outcome]
    seen: dict[str, int] = {}
    answers: dict = {}
    top = spec.scale.min + spec.scale.max
    for item in spec.items:
        if isinstance(item, LikertItem):
            values = profile[item.dimension]
            keyed = values[seen.get(item.dimension, 0) % len(values)]
            seen[item.dimension] = seen.get(item.dimension, 0) + 1
            answers[item.key] = top - keyed if item.reverse else keyed
        elif isinstance(item, ForcedChoiceItem):
            pole = "builder" if outcome in ("builder", "withheld") else "people"
            if outcome in ("hybrid", "inconclusive"):
                pole = ("builder", "people")[spec.position(item.key) % 2]
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
        elif isinstance(item, InstructedItem):
            answers[item.key] = item.expected if outcome != "withheld" else spec.scale.min
    return answers


def shoot(page: Page, url: str, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)


def test_make_screenshots(page: Page, live_server, sign_in, org):
    OUT.mkdir(parents=True, exist_ok=True)
    pm = org["pm"]
    result_urls = {}
    for outcome in ("inconclusive", "withheld", "hybrid", "builder", "people_leader"):
        assessment = services.start_or_resume(pm)
        services.save_answers(assessment, profile_answers(outcome))
        result = services.submit_assessment(assessment)
        assert result.outcome == outcome, (outcome, result.payload["scales"])
        result_urls[outcome] = f"{live_server.url}/results/{assessment.pk}/"

    sign_in(page, "pm")
    for outcome, url in result_urls.items():
        shoot(page, url, f"result-{outcome.replace('_', '-')}")
    shoot(page, f"{live_server.url}/results/", "result-history")

    # The quiz, half answered, as pm2 (who has no result yet).
    pm2 = org["pm2"]
    assessment = services.start_or_resume(pm2)
    answers = profile_answers("people_leader")
    spec = default_spec()
    first = [item.key for item in spec.items_in_section("energy")][:4]
    services.save_answers(assessment, {key: answers[key] for key in first})
    page.context.clear_cookies()
    sign_in(page, "pm2")
    shoot(page, f"{live_server.url}/", "quiz-home")
    base = f"{live_server.url}/quiz/{assessment.pk}"
    shoot(page, f"{base}/energy/", "quiz-section")
    shoot(page, f"{base}/choices/", "quiz-choices")
    # "Next" with statements left unanswered: the error summary and inline messages.
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/energy/")
        page.get_by_role("button", name="Next").click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"quiz-missing-{label}.png"), full_page=True)
