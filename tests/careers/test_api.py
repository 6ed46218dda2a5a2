"""The read-only JSON API: tokens, what each endpoint shows, and a fuzz run from its schema."""

from __future__ import annotations

import hashlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from assessments.models import AccessEvent
from careers.models import AccessToken, User
from careers.wsgi import application
from tests.careers.factories import UserFactory
from tests.careers.insight_support import add_team, template_result
from tests.careers.team_support import take_quiz


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def make_token(client, person) -> str:
    """Through the settings page, as a person does it: the page shows the token once."""
    client.force_login(person)
    response = client.post("/me/tokens/", {"name": "HR reporting"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    client.logout()
    return raw


def test_a_token_is_shown_once_and_stored_only_as_its_sha256(client, org):
    raw = make_token(client, org["pm"])
    token = AccessToken.objects.get(person=org["pm"])
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(AccessToken.objects.values_list().get(pk=token.pk))
    client.force_login(org["pm"])
    page = client.get("/me/tokens/").content.decode()
    assert "HR reporting" in page and raw not in page and "Never" in page


def test_a_token_reads_as_its_person_until_revoked(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people")
    raw = make_token(client, pm)
    response = client.get("/api/me/results", headers=bearer(raw))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(assessment.pk)]
    assert response.json()[0]["outcome_label"] == "People leadership"
    assert AccessToken.objects.get(person=pm).last_used_at is not None
    client.force_login(pm)
    token = AccessToken.objects.get(person=pm)
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 302
    client.logout()
    response = client.get("/api/me/results", headers=bearer(raw))
    assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}


def test_a_token_of_someone_who_left_opens_nothing(client, org):
    raw = make_token(client, org["pm"])
    User.objects.filter(pk=org["pm"].pk).update(is_active=False)
    assert client.get("/api/me/results", headers=bearer(raw)).status_code == 401
    assert client.get("/api/me/results", headers=bearer("cpt_made-up")).status_code == 401


def test_nobody_holds_more_than_the_limit_or_revokes_anothers(client, org):
    pm = org["pm"]
    for number in range(AccessToken.MAX_PER_PERSON):
        AccessToken.issue(pm, f"token {number}")
    client.force_login(pm)
    response = client.post("/me/tokens/", {"name": "one too many"})
    assert response.status_code == 400
    assert "Revoke one you no longer use" in response.content.decode()
    assert AccessToken.objects.of(pm).count() == AccessToken.MAX_PER_PERSON
    client.force_login(org["pm2"])
    token = AccessToken.objects.of(pm).first()
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    assert AccessToken.objects.filter(pk=token.pk).exists()


def test_a_manager_reads_shared_results_only_and_it_is_logged(client, org):
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm2"], "builder")  # not shared
    raw = make_token(client, org["manager"])
    rows = client.get("/api/team/results", headers=bearer(raw)).json()
    assert [row["username"] for row in rows] == ["pm"]
    assert rows[0]["result"]["outcome"] == "people_leader"
    event = AccessEvent.objects.about(org["pm"]).get(kind=AccessEvent.Kind.VIEWED_RESULT)
    assert event.actor == org["manager"] and "API" in event.detail


def test_someone_elses_result_is_a_404(client, org):
    assessment = take_quiz(org["pm"], "people", share=True)
    raw = make_token(client, org["manager"])
    response = client.get(f"/api/me/results/{assessment.pk}", headers=bearer(raw))
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_insight_through_the_api_keeps_small_groups_out(client, org):
    template = template_result(org["pm3"])
    boss = UserFactory(username="boss")
    big, small = UserFactory(username="big", manager=boss), UserFactory(username="small")
    small.manager = boss
    small.save()
    add_team(big, 12, prefix="b", template=template)
    add_team(small, 6, prefix="s", template=template, outcome="hybrid")
    add_team(UserFactory(username="tiny", manager=boss), 3, prefix="t", template=template)
    raw = make_token(client, boss)
    body = client.get("/api/insights", headers=bearer(raw)).json()
    assert body["whole_organisation"] is False and body["minimum_group"] == 5
    assert [row["people"] for row in body["teams"]["rows"]] == [12, 9]  # 6 + 3 as "Other"
    counts = [c["count"] for t in body.values() if isinstance(t, dict) for r in t["rows"]
              for c in r["counts"]]  # fmt: skip
    assert counts and min(counts) >= 5
    assert (
        client.get("/api/insights", headers=bearer(make_token(client, org["pm"]))).status_code
        == 404
    )


# ---- the schema fuzz ----------------------------------------------------------------------

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db
def test_no_request_the_schema_allows_makes_a_500(org):
    """Every operation, with generated parameters (positive and negative), as a signed-in
    manager's token, an unknown token and nobody: never a 500, and 200s match the schema."""
    take_quiz(org["pm"], "people", share=True)
    _, raw = AccessToken.issue(org["manager"], "fuzz")
    # The real WSGI app closes the database connection after each request; the test's
    # transaction lives on it, so keep it open as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        fuzz_every_operation(raw)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz_every_operation(raw: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/me/results", "/api/insights"}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case) -> None:
                for headers in (bearer(raw), bearer("cpt_unknown"), {}):
                    case.call_and_validate(
                        # The WSGI transport does not decompress, so ask for plain JSON.
                        headers={**headers, "Accept-Encoding": "identity"},
                        checks=[not_a_server_error, response_schema_conformance],
                    )

            run()
