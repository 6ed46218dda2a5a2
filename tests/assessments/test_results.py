"""The result page, history and the "what is your level?" form."""

import datetime
import html as htmllib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import scoring, services
from assessments.files import import_questionnaire
from assessments.models import QuestionnaireVersion, Result
from assessments.specs import load_default_questionnaire
from ladders.models import Level
from tests.assessments.quiz_support import (
    default_spec,
    publish_spec,
    submit_pattern,
)

pytestmark = pytest.mark.django_db


def page(client, result) -> str:
    response = client.get(f"/results/{result.assessment_id}/")
    assert response.status_code == 200
    return htmllib.unescape(response.content.decode())


def article(text: str) -> str:
    """The result itself, without the page chrome (CSRF tokens, navigation)."""
    body = re.search(r"<article.*?</article>", text, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def heading(text: str) -> str:
    """The page's h1 as a person reads it, without the markup."""
    inner = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", inner).split())


@pytest.fixture
def pm_client(client, org):
    client.force_login(org["pm"])
    return client


@pytest.mark.parametrize(
    ("outcome", "headline", "branch_step"),
    [
        (
            "people_leader",
            "A clear lean toward people leadership — gap 7.7 times the measurement error",
            "Director",
        ),
        (
            "builder",
            "A clear lean toward building products — gap 7.7 times the measurement error",
            "Principal",
        ),
        ("hybrid", "Both paths pull on you: too close to call", "Group Product Manager"),
    ],
)
def test_a_result_explains_itself_and_points_up_the_ladder(
    pm_client, org, outcome, headline, branch_step
):
    result = submit_pattern(org["pm"], outcome)
    text = page(pm_client, result)
    assert heading(text) == headline
    # The map, with its text alternatives: title, description and a data table.
    assert re.search(
        r'<svg class="map"[^>]*role="img"[^>]*aria-labelledby="map-title map-desc"', text
    )
    assert '<title id="map-title">' in text and '<desc id="map-desc">' in text
    assert "The numbers behind the map" in text and "Building people (up)" in text
    # The dimension bars name every dimension with its score.
    for dimension in default_spec().dimensions:
        assert dimension.name in text
    # Why: the answers that weighed most, quoted.
    for driver in result.payload["drivers"]["toward"]:
        assert driver["text"] in text
    # The ladder: where pm is, and the next step on the recommended branch, linked.
    assert "Senior Product Manager" in text and "You are here" in text
    assert branch_step in text
    next_key = result.placement["next"][0]["key"]
    next_url = reverse("ladders:level", args=["product-management", next_key])
    assert f'href="{next_url}"' in text
    # Three experiments, and an opener for the manager that can be copied.
    assert text.count('class="experiment card"') == 3
    assert '<textarea id="opener-text"' in text and "data-copy" in text


def test_an_inconclusive_result_is_honest_and_still_useful(pm_client, org):
    text = page(pm_client, submit_pattern(org["pm"], "inconclusive"))
    assert "Too early to call" in text
    assert "Your highest score is 25 out of 100" in text
    assert "Three ways to find out more" in text
    assert "measurement error</span>" not in text  # no certainty claimed without a pole
    assert "One possible next step" in text  # the fork, without picking a branch


def test_a_withheld_result_says_why_and_what_to_do(pm_client, org):
    text = page(pm_client, submit_pattern(org["pm"], "withheld"))
    assert heading(text) == "No reading this time"
    assert "To show you are reading" in text  # the reason names the check question
    assert "Take it again" in text
    assert '<svg class="map"' not in text and "experiment card" not in text


def test_cautions_are_shown_gently(pm_client, org):
    result = submit_pattern(org["pm"], "people_leader")
    result.payload = result.payload | {
        "flags": ["title_pull"],
        "flag_notes": {"title_pull": "The pull of the title scored 80 out of 100."},
    }
    result.save()
    text = page(pm_client, result)
    assert "Worth keeping in mind" in text
    assert "Check what the pull is really toward" in text
    assert "The pull of the title scored 80 out of 100." in text


def test_an_old_result_reads_exactly_as_it_was_scored(pm_client, org, monkeypatch):
    result = submit_pattern(org["pm"], "people_leader")
    before = article(page(pm_client, result))

    # The questionnaire changes: a new version with new wording and dimension names.
    data = default_spec().model_dump(mode="json")
    data["version"] = 4
    for item in data["items"]:
        item["text"] = "Rewritten: " + item["text"]
    for dimension in data["dimensions"]:
        dimension["name"] = "Renamed " + dimension["name"]
    publish_spec(data)
    QuestionnaireVersion.objects.filter(number=3).update(status="retired")
    # The ladder changes: levels renamed.
    Level.objects.update(title="Renamed level")
    # And the page must never score again.
    monkeypatch.setattr(scoring, "score", lambda *a, **k: pytest.fail("re-scored"))
    monkeypatch.setattr(services, "score", lambda *a, **k: pytest.fail("re-scored"))

    after = article(page(pm_client, result))
    assert after == before
    assert "Rewritten" not in after and "Renamed" not in after


def test_a_result_on_version_two_reads_as_it_did_once_version_three_is_out(pm_client, org):
    # Before version 3: only the shipped version 2 is offered, and pm answers it.
    latest = QuestionnaireVersion.objects.get(questionnaire__slug="pm-motivators", number=3)
    latest.retire()
    import_questionnaire(load_default_questionnaire("pm-motivators", version=2), publish=True)
    result = submit_pattern(org["pm"], "people_leader")
    assert result.assessment.version.number == 2
    before = article(page(pm_client, result))

    # Version 3 comes out (load_defaults publishes it beside version 2).
    QuestionnaireVersion.objects.filter(pk=latest.pk).update(status="published")

    assert article(page(pm_client, result)) == before
    text = page(pm_client, result)
    assert "(version 2, scoring" in text and "Scored" in text
    # Statements new in version 3 were never asked, so the result never quotes them.
    asked = {item.key for item in load_default_questionnaire("pm-motivators", version=2).items}
    for item in load_default_questionnaire("pm-motivators").items:
        assert item.key in asked or item.text not in text, item.key
    assert services.start_or_resume(org["pm"]).version.number == 3


@pytest.mark.parametrize("stranger", ["pm2", "pm3", "manager", "admin"])
def test_a_result_is_private_to_its_person(client, org, stranger):
    result = submit_pattern(org["pm"], "builder")
    client.force_login(org[stranger])
    for path in (f"/results/{result.assessment_id}/", f"/results/{result.assessment_id}/level/"):
        method = client.post if path.endswith("level/") else client.get
        assert method(path).status_code == 404
    assert f"/results/{result.assessment_id}/" not in client.get("/results/").content.decode()


def test_history_lists_results_and_charts_them_from_two_on(pm_client, org):
    empty = pm_client.get("/results/").content.decode()
    assert "No results yet" in empty and '<svg class="history"' not in empty

    first = submit_pattern(org["pm"], "builder")
    one = pm_client.get("/results/").content.decode()
    assert f"/results/{first.assessment_id}/" in one and '<svg class="history"' not in one

    second = submit_pattern(org["pm"], "people_leader")
    third = submit_pattern(org["pm"], "withheld")
    text = htmllib.unescape(pm_client.get("/results/").content.decode())
    assert re.search(r'<svg class="history"[^>]*role="img"', text)
    assert "Building products and building people over time" in text
    rows = re.findall(r"/results/([0-9a-f-]+)/", text)
    # Newest first; the withheld result is listed but has no scores to plot.
    assert rows == [str(r.assessment_id) for r in (third, second, first)]
    assert "No reading" in text
    assert text.count('class="history__dot history__dot--builder"') == 2


def test_the_level_form_places_someone_whose_level_was_unknown(client, org):
    pm3 = org["pm3"]
    client.force_login(pm3)
    result = submit_pattern(pm3, "people_leader")
    text = page(client, result)
    assert "Tell us your current level" in text
    assert "<select" in text and "Senior Product Manager" in text

    senior = Level.objects.get(key="senior-pm")
    response = client.post(f"/results/{result.assessment_id}/level/", {"level": senior.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/results/{result.assessment_id}/#ladder"
    pm3.refresh_from_db()
    assert pm3.level == senior
    text = page(client, result)
    assert "Tell us your current level" not in text
    assert "Director of Product" in text and "You are here" in text


@pytest.mark.parametrize("level", ["", "999999", "senior-pm"])
def test_the_level_form_refuses_anything_but_a_level_of_the_ladder(client, org, level):
    pm3 = org["pm3"]
    client.force_login(pm3)
    result = submit_pattern(pm3, "builder")
    response = client.post(f"/results/{result.assessment_id}/level/", {"level": level})
    assert response.status_code == 400
    assert "Choose" in response.content.decode()
    pm3.refresh_from_db()
    assert pm3.level is None
    assert Result.objects.get(pk=result.pk).placement["current"] is None


def test_pm_with_a_known_level_is_not_asked_for_it(pm_client, org):
    assert "Tell us your current level" not in page(pm_client, submit_pattern(org["pm"], "builder"))


def test_two_results_on_one_day_are_told_apart_by_their_time(pm_client, org):
    morning = submit_pattern(org["pm"], "builder")
    afternoon = submit_pattern(org["pm"], "people_leader")
    day = timezone.make_aware(datetime.datetime(2026, 3, 3))
    for result, hour, minute in ((morning, 9, 5), (afternoon, 14, 30)):
        moment = day.replace(hour=hour, minute=minute)
        Result.objects.filter(pk=result.pk).update(created_at=moment)
    text = pm_client.get("/results/").content.decode()
    ticks = re.findall(r'<text class="history__tick"[^>]*dy="22"[^>]*>([^<]+)<', text)
    assert ticks == ["3 Mar 09:05", "3 Mar 14:30"]
    assert "3 Mar 2026, 09:05" in text and "3 Mar 2026, 14:30" in text
