"""No page leaks to someone who has not signed in."""

import pytest

from tests.url_catalogue import all_routes

# URLs an anonymous visitor may open. Everything else must send them to sign in.
PUBLIC = {
    "login",
    "logout",
    "healthz",
    "robots_txt",
    "favicon",
    "admin:login",
    "admin:logout",
    # A forgotten password is reset from outside, by definition.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Single sign-on starts and ends signed out (404 while SSO is off; tests/careers/test_sso.py).
    "oidc_authentication_init",
    "oidc_authentication_callback",
    # The unsubscribe link in an email works signed out (its signed token is the key).
    "assessments:unsubscribe",
    # The JSON API's schema and docs describe endpoints, nobody's data; its root is a 404.
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
}
# The JSON API's endpoints: a program gets 401 JSON, not the sign-in page (careers/api.py).
API = "api:"
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")


def test_the_catalogue_finds_the_site_urls_and_every_public_one():
    names = {route.name for route in all_routes()}
    assert {"home", "healthz", "admin:index"} <= names
    assert names >= PUBLIC, "the allowlist names a URL that no longer exists"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if r.name not in PUBLIC and not r.name.startswith(API)],
    ids=lambda route: route.name,
)
def test_anonymous_visitors_are_sent_to_sign_in(client, route):
    response = client.get(route.sample)
    assert response.status_code == 302, f"{route.sample} answered {response.status_code}"
    assert response["Location"].startswith(SIGN_IN_PAGES), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if r.name not in PUBLIC and r.name.startswith(API)],
    ids=lambda route: route.name,
)
def test_anonymous_programs_get_401_json_from_the_api(client, route):
    response = client.get(route.sample)
    assert response.status_code == 401, f"{route.sample} answered {response.status_code}"
    assert response.json() == {"detail": "Unauthorized"}
