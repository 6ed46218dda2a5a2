"""Response headers: a strict Content-Security-Policy on every HTML page, a Permissions-Policy,
and no caching of anything shown to a signed-in person."""

from __future__ import annotations

import pytest

from assessments.services import start_or_resume
from tests.careers.team_support import take_quiz
from tests.url_catalogue import all_routes

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} sent no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_policy(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "scripts only from our own files"
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    # Inline style attributes are allowed; style elements (a page's own stylesheet) are not.
    assert csp["style-src-elem"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def assert_not_cached(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    path = response.request["PATH_INFO"]
    assert {"no-store", "private"} <= directives, f"{path}: Cache-Control {directives}"


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.fixture
def pages(org):
    """Real private pages: pm's shared result and open quiz, the manager's team pages."""
    pm = org["pm"]
    result = take_quiz(pm, "people", share=True, share_answers=True)
    open_quiz = start_or_resume(pm)
    section = open_quiz.version.to_spec().sections[0].key
    return {
        "pm": [
            "/",
            "/results/",
            f"/results/{result.pk}/",
            f"/quiz/{open_quiz.pk}/{section}/",
            "/ladders/",
            "/accounts/password_change/",
        ],
        "manager": ["/", "/team/", "/team/pm/", f"/team/pm/results/{result.pk}/"],
    }


@pytest.mark.parametrize("role", ["anonymous", "pm", "admin"])
def test_every_html_response_in_the_catalogue_carries_the_strict_policy(client, org, role):
    if role != "anonymous":
        client.force_login(org[role])
    # Sample paths are made up; a view that fails on one is another test's concern, and the
    # error page must carry the policy too.
    client.raise_request_exception = False
    checked = 0
    for route in all_routes():
        response = client.get(route.sample)
        if is_html(response):
            assert_strict_policy(response)
            checked += 1
        assert response.get("Permissions-Policy"), route.sample
    assert checked >= 5


@pytest.mark.parametrize("role", ["pm", "manager"])
def test_private_pages_are_never_cached_and_carry_the_policy(client, org, pages, role):
    client.force_login(org[role])
    for path in pages[role]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)
        assert_not_cached(response)


def test_every_catalogue_answer_to_a_signed_in_person_is_uncacheable(client, org):
    client.force_login(org["manager"])
    client.raise_request_exception = False
    for route in all_routes():
        assert_not_cached(client.get(route.sample))


def test_htmx_fragments_are_not_cached_either(client, org, pages):
    client.force_login(org["pm"])
    response = client.get(pages["pm"][3], headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert_not_cached(response)


def test_permissions_policy_switches_off_device_features(client, org):
    header = client.get("/accounts/login/")["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_pages_load_no_inline_script(client, org, pages):
    """Every <script> names a file: the policy would block inline code anyway."""
    client.force_login(org["pm"])
    for path in pages["pm"]:
        html = client.get(path).content.decode()
        assert html.count("<script") == html.count("<script src="), path
