"""The manager's dashboard and a report's page: what shows, and what never does."""

from __future__ import annotations

import pytest

from tests.careers.conftest import result_of, take_quiz

pytestmark = pytest.mark.django_db


def test_leans_score_as_intended(org):
    outcomes = {
        lean: result_of(take_quiz(org[name], lean)).outcome
        for lean, name in [("builder", "pm"), ("people", "pm2"), ("hybrid", "pm3")]
    }
    assert outcomes == {"builder": "builder", "people": "people_leader", "hybrid": "hybrid"}


def test_dashboard_smoke(client, org):
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm2"], "builder")
    client.force_login(org["manager"])
    response = client.get("/team/")
    assert response.status_code == 200
    print(response.content.decode())
