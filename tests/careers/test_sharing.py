"""Consent: a result is private until its person shares it; answers are a second choice."""

from __future__ import annotations

import re
from html import unescape

import pytest

from assessments.models import Assessment
from careers.models import User
from tests.careers.team_support import result_of, take_quiz

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def flags(assessment: Assessment) -> tuple[bool, bool]:
    assessment.refresh_from_db()
    return assessment.shared_with_manager, assessment.answers_shared_with_manager


def sharing_url(assessment: Assessment) -> str:
    return f"/results/{assessment.pk}/sharing/"


def test_a_new_result_is_private_and_the_switch_says_so(client, org):
    assessment = take_quiz(org["pm"], "people")
    assert flags(assessment) == (False, False)
    client.force_login(org["pm"])
    response = client.get(f"/results/{assessment.pk}/")
    html = response.content.decode()
    switch = re.search(r'<input type="checkbox" role="switch" name="share_result"[^>]*>', html)
    assert switch and "checked" not in switch.group(0)
    page = text_of(response)
    assert "Let my manager see this result" in page
    assert "Off: only you can see this result." in page
    assert "Morgan Manager (demo) sees nothing of yours unless you switch it on here" in page
    assert "What Morgan Manager (demo) would see" in page
    assert "Your individual answers" in page  # listed under what they never see


def test_sharing_with_a_plain_form_then_withdrawing(client, org):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(org["pm"])
    response = client.post(sharing_url(assessment), {"share_result": "on"})
    assert response["Location"] == f"/results/{assessment.pk}/#sharing"
    assert flags(assessment) == (True, False)
    page = text_of(client.get(f"/results/{assessment.pk}/"))
    assert "can now see this result, but not your answers" in page
    assert "On: Morgan Manager (demo) can see this result." in page

    client.post(sharing_url(assessment), {"share_result": "on", "share_answers": "on"})
    assert flags(assessment) == (True, True)
    # Withdrawing the result withdraws the answers with it.
    client.post(sharing_url(assessment), {})
    assert flags(assessment) == (False, False)
    assert "This result is private. Only you can see it." in text_of(
        client.get(f"/results/{assessment.pk}/")
    )


def test_answers_cannot_be_shared_without_the_result(client, org):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(org["pm"])
    response = client.post(
        sharing_url(assessment), {"share_answers": "on"}, headers={"HX-Request": "true"}
    )
    assert flags(assessment) == (False, False)
    assert "can only be shared together with the result" in text_of(response)


def test_the_htmx_switch_returns_the_panel_only(client, org):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(org["pm"])
    response = client.post(
        sharing_url(assessment), {"share_result": "on"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.strip().startswith('<section class="card sharing" id="sharing"')
    assert re.search(r'name="share_result" id="share-result" checked', html)
    assert 'hx-post="/results/' in html and 'action="/results/' in html  # works without JS too
    assert flags(assessment) == (True, False)


def test_each_result_is_shared_on_its_own(client, org):
    first = take_quiz(org["pm"], "people")
    second = take_quiz(org["pm"], "builder")
    client.force_login(org["pm"])
    client.post(sharing_url(first), {"share_result": "on"})
    assert flags(first) == (True, False) and flags(second) == (False, False)


def test_a_person_without_a_manager_cannot_switch_sharing_on(client, org):
    assessment = take_quiz(org["pm3"], "builder")
    client.force_login(org["pm3"])
    page = text_of(client.get(f"/results/{assessment.pk}/"))
    assert "Sharing will apply when a manager is added" in page
    response = client.post(
        sharing_url(assessment), {"share_result": "on"}, headers={"HX-Request": "true"}
    )
    assert "there is no one to share with" in text_of(response)
    assert flags(assessment) == (False, False)
    response = client.post(sharing_url(assessment), {"share_result": "on"}, follow=True)
    assert "there is no one to share with" in text_of(response)
    assert flags(assessment) == (False, False)


def test_the_manager_sees_the_result_only_once_shared_and_only_while_shared(client, org):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(org["manager"])
    url = f"/team/pm/results/{assessment.pk}/"
    assert client.get(url).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(shared_with_manager=True)
    assert client.get(url).status_code == 200
    Assessment.objects.filter(pk=assessment.pk).update(shared_with_manager=False)
    assert client.get(url).status_code == 404


def test_answers_reach_the_manager_only_with_the_second_choice(client, org):
    assessment = take_quiz(org["pm"], "people", share=True)
    result = result_of(assessment)
    quoted = result.payload["drivers"]["toward"][0]["text"]
    client.force_login(org["manager"])
    url = f"/team/pm/results/{assessment.pk}/"
    page = text_of(client.get(url))
    assert "shared the result but not the individual answers" in page
    assert quoted not in page  # not even through the explanation of the reading
    assert result.payload["explanation"][:40] not in page
    Assessment.objects.filter(pk=assessment.pk).update(answers_shared_with_manager=True)
    page = text_of(client.get(url))
    assert quoted in page
    assert "Every statement and the answer Pat chose" in page
    assert "Strongly agree" in page or "Agree" in page


def test_the_report_page_never_quotes_answers(client, org):
    assessment = take_quiz(org["pm"], "people", share=True, share_answers=True)
    quoted = result_of(assessment).payload["drivers"]["toward"][0]["text"]
    client.force_login(org["manager"])
    page = text_of(client.get("/team/pm/"))
    assert quoted not in page
    assert "Open this result and Pat's answers" in page


def test_a_new_manager_sees_what_is_switched_on_and_the_old_one_does_not(client, org):
    assessment = take_quiz(org["pm"], "people", share=True)
    new_boss = User.objects.create_user("newboss", first_name="New")
    User.objects.filter(pk=org["pm"].pk).update(manager=new_boss)
    url = f"/team/pm/results/{assessment.pk}/"
    client.force_login(org["manager"])
    assert client.get(url).status_code == 404
    client.force_login(new_boss)
    assert client.get(url).status_code == 200
