"""A person proposes their level only while none is on record; after that only an admin
changes it, because their manager's alerts read it."""

from __future__ import annotations

from html import unescape

import pytest

from careers.models import User
from ladders.models import Level
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db


def level_url(assessment) -> str:
    return f"/results/{assessment.pk}/level/"


def test_a_pm_with_a_level_on_record_cannot_make_themselves_cpo(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people", share=True)
    client.force_login(pm)
    cpo = Level.objects.get(key="cpo")

    response = client.post(level_url(assessment), {"level": cpo.pk})

    assert response.status_code == 409
    assert "already on record" in unescape(response.content.decode())
    assert User.objects.get(pk=pm.pk).level.key == "senior-pm"
    assessment.result.refresh_from_db()
    assert assessment.result.placement["current"]["key"] == "senior-pm"


def test_the_managers_alert_still_reads_the_level_on_record(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people", share=True)  # a people pull on an IC-side level
    client.force_login(pm)
    client.post(level_url(assessment), {"level": Level.objects.get(key="cpo").pk})
    client.force_login(org["manager"])
    page = unescape(client.get("/team/").content.decode())
    assert "Worth a conversation" in page
    assert "Senior Product Manager" in page


def test_a_htmx_post_is_refused_the_same_way(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "builder")
    client.force_login(pm)
    response = client.post(
        level_url(assessment),
        {"level": Level.objects.get(key="cpo").pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert User.objects.get(pk=pm.pk).level.key == "senior-pm"


def test_a_person_without_a_level_proposes_one_once(client, org):
    pm3 = org["pm3"]
    first = take_quiz(pm3, "builder")
    client.force_login(pm3)
    senior = Level.objects.get(key="senior-pm")
    assert client.post(level_url(first), {"level": senior.pk}).status_code == 302
    assert User.objects.get(pk=pm3.pk).level == senior

    # The form is gone, and posting again (a second tab, a crafted post) changes nothing.
    page = unescape(client.get(f"/results/{first.pk}/").content.decode())
    assert "Tell us your current level" not in page
    response = client.post(level_url(first), {"level": Level.objects.get(key="cpo").pk})
    assert response.status_code == 409
    assert User.objects.get(pk=pm3.pk).level == senior


def test_a_result_scored_before_the_level_was_recorded_says_what_is_on_record(client, org):
    pm3 = org["pm3"]
    assessment = take_quiz(pm3, "builder")
    User.objects.filter(pk=pm3.pk).update(level=Level.objects.get(key="pm"))  # by an admin
    client.force_login(pm3)
    page = unescape(client.get(f"/results/{assessment.pk}/").content.decode())
    assert "Tell us your current level" not in page
    assert "Your level on record is <strong>Product Manager</strong>" in page
