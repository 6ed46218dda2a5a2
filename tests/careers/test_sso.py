"""Single sign-on through OpenID Connect: off by default, and when on, the company's provider
vouches for a person who is matched to their CareerPath account by email.

The sign-ins run against a real provider (django-oauth-toolkit in the live server, see
tests/oidc_provider.py): the test client plays the browser on the site's side and a second
client the person at the provider; the site fetches tokens, keys and claims over HTTP.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from careers.middleware import SIGNED_IN_AT
from careers.models import User
from tests.careers.test_settings import run_django
from tests.conftest import DEMO_PASSWORD
from tests.oidc_provider import DIRECTORY, PROVIDER_NAME, run_provider

ROLES = ("anonymous", "pm", "pm2", "pm3", "manager", "admin")
SSO_URLS = ("/oidc/authenticate/", "/oidc/callback/")
CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens there

live = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(live_server, org):
    with run_provider(live_server.url) as provider:
        yield provider


@pytest.fixture
def sso_without_provider(settings):
    """SSO switched on with explicit endpoints that nothing answers."""
    settings.OIDC_RP_CLIENT_ID = "careerpath"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{CLOSED_PORT}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{CLOSED_PORT}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{CLOSED_PORT}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{CLOSED_PORT}/jwks"


def through_provider(client: Client, account: str, start: str = "/oidc/authenticate/"):
    """Press "Sign in with …", sign in at the provider as ``account`` and come back: the
    site's answer to the provider's redirect."""
    to_provider = client.get(start)
    assert to_provider.status_code == 302, to_provider
    at_provider = Client()
    at_provider.force_login(User.objects.get(username=account))
    back = at_provider.get(to_provider["Location"])
    assert back.status_code == 302, back.content
    assert back["Location"].startswith("http://testserver/oidc/callback/?code=")
    return client.get(back["Location"])


def signed_in_as(client: Client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def refusal_on_sign_in_page(client: Client, response) -> str:
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


# --- SSO off: nothing of it shows or answers ------------------------------------------------


@pytest.mark.django_db
def test_with_sso_off_the_sign_in_page_has_no_sso_button(client):
    body = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in body
    assert "/oidc/" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", SSO_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_with_sso_off_its_urls_are_404_for_everyone(client, org, role, path, method):
    if role != "anonymous":
        client.force_login(org[role])
    query = {"code": "x", "state": "y"} if method == "get" else {}
    assert getattr(client, method)(path, query).status_code == 404


@pytest.mark.django_db
def test_with_sso_off_a_password_sign_in_works_as_before(client, org):
    client.post("/accounts/login/", {"username": "pm", "password": DEMO_PASSWORD})
    assert signed_in_as(client) == org["pm"]


# --- SSO on: the button, the URLs per role, passwords still work ----------------------------


@pytest.mark.django_db
def test_with_sso_on_the_sign_in_page_offers_the_provider_and_keeps_where_you_were_going(
    client, sso_without_provider
):
    body = client.get("/accounts/login/?next=/results/").content.decode()
    assert f"Sign in with {PROVIDER_NAME}" in body
    assert 'href="/oidc/authenticate/?next=/results/"' in body
    assert 'name="password"' in body  # passwords stay, for the demo and break-glass access


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_with_sso_on_its_urls_answer_every_role(client, org, sso_without_provider, role):
    """Anyone may start a sign-in (a signed-in person too: they come back as whoever the
    provider vouches for); a callback without a code goes back to the sign-in page."""
    if role != "anonymous":
        client.force_login(org[role])
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{CLOSED_PORT}/authorize?response_type=code&")
    callback = client.get("/oidc/callback/")
    assert (callback.status_code, callback["Location"]) == (302, "/accounts/login/")
    assert client.post("/oidc/authenticate/").status_code == 405
    assert client.post("/oidc/callback/").status_code == 405


@pytest.mark.django_db
def test_with_sso_on_a_password_sign_in_never_calls_the_provider(client, org, settings, caplog):
    settings.OIDC_RP_CLIENT_ID = "careerpath"
    settings.OIDC_OP_DISCOVERY_URL = f"{CLOSED_PORT}/.well-known/openid-configuration"
    # A wrong password falls through every backend, even with a code and state in the URL.
    client.post("/accounts/login/?code=c&state=s", {"username": "pm", "password": "wrong"})
    assert not [record for record in caplog.records if record.name == "careers.sso"]
    client.post("/accounts/login/", {"username": "pm", "password": DEMO_PASSWORD})
    assert signed_in_as(client) == org["pm"]


# --- Matching the provider's person to a CareerPath account ---------------------------------


@live
def test_the_provider_signs_pm_in_by_email_whatever_its_case(client, provider, org):
    provider.add_account("acme.pat", email="PM@Example.COM")
    response = through_provider(client, "acme.pat", start="/oidc/authenticate/?next=/results/")
    assert (response.status_code, response["Location"]) == (302, "/results/")
    assert signed_in_as(client) == org["pm"]
    # The session clocks run as for a password sign-in, so idle and absolute limits apply.
    assert SIGNED_IN_AT in client.session
    assert "Pat Product (demo)" in client.get("/").content.decode()


@live
def test_without_next_the_person_lands_on_the_home_page(client, provider, org):
    provider.add_account("acme.robin", email="pm3@example.com")
    response = through_provider(client, "acme.robin")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_as(client) == org["pm3"]


@live
def test_an_unknown_email_is_refused_and_no_account_is_made(client, provider):
    provider.add_account("acme.new", email="new.person@example.com", preferred_username="newbie")
    before = User.objects.count()
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.new"))
    assert "There is no CareerPath account for new.person@example.com" in body
    assert "Ask an administrator to add you" in body
    assert User.objects.count() == before


@live
def test_an_unknown_email_gets_an_account_when_creation_is_on(client, provider, settings):
    settings.OIDC_CREATE_USER = True
    provider.add_account(
        "acme.new",
        email="New.Person@example.com",
        preferred_username="new.person",
        given_name="Nova",
        family_name="Newcomer",
    )
    response = through_provider(client, "acme.new")
    assert (response.status_code, response["Location"]) == (302, "/")
    person = signed_in_as(client)
    assert (person.username, person.email, str(person)) == (
        "new.person",
        "New.Person@example.com",
        "Nova Newcomer",
    )
    assert not person.has_usable_password()
    # The second sign-in finds the same account.
    client.logout()
    through_provider(client, "acme.new")
    assert signed_in_as(client) == person
    assert User.objects.filter(email__iexact="new.person@example.com").count() == 1


@live
def test_creation_refuses_a_username_someone_else_has(client, provider, settings):
    settings.OIDC_CREATE_USER = True
    provider.add_account("acme.clash", email="other@example.com", preferred_username="pm")
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.clash"))
    assert "is taken by another CareerPath account" in body
    assert not User.objects.filter(email="other@example.com").exists()


@live
def test_creation_refuses_a_username_the_site_cannot_use(client, provider, settings):
    settings.OIDC_CREATE_USER = True
    provider.add_account("acme.space", email="space@example.com", preferred_username="Pat P")
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.space"))
    assert "Your username from Acme ID, Pat P, is not one CareerPath can use" in body
    assert not User.objects.filter(email="space@example.com").exists()


@live
def test_an_inactive_account_is_refused(client, provider, org, settings):
    settings.OIDC_CREATE_USER = True  # a switched-off person must not come back as a new one
    User.objects.filter(username="pm2").update(is_active=False)
    provider.add_account("acme.sam", email="pm2@example.com")
    before = User.objects.count()
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.sam"))
    assert "The CareerPath account for pm2@example.com is switched off" in body
    assert User.objects.count() == before


@live
def test_an_email_on_several_active_accounts_is_refused(client, provider, org):
    User.objects.create_user("pm-old", email="PM@example.com")
    provider.add_account("acme.pat", email="pm@example.com")
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.pat"))
    assert "Several CareerPath accounts use the email address pm@example.com" in body


@live
def test_a_switched_off_duplicate_does_not_block_the_active_account(client, provider, org):
    User.objects.create_user("pm-old", email="PM@example.com", is_active=False)
    provider.add_account("acme.pat", email="pm@example.com")
    through_provider(client, "acme.pat")
    assert signed_in_as(client) == org["pm"]


@live
def test_an_email_the_provider_has_not_verified_is_refused(client, provider, org):
    provider.add_account("acme.pat", email="pm@example.com")
    DIRECTORY["acme.pat"]["email_verified"] = False
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.pat"))
    assert "has not verified your email address pm@example.com" in body


@live
def test_a_person_switched_off_after_signing_in_loses_the_session(client, provider, org):
    provider.add_account("acme.pat", email="pm@example.com")
    through_provider(client, "acme.pat")
    assert client.get("/").status_code == 200
    User.objects.filter(username="pm").update(is_active=False)
    assert client.get("/")["Location"].startswith("/accounts/login/")


# --- django-axes: it counts password guesses, and SSO takes no password --------------------


@live
def test_a_locked_password_does_not_lock_out_sso(client, provider, org, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "pm", "password": f"guess-{n}"})
    locked = client.post("/accounts/login/", {"username": "pm", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    provider.add_account("acme.pat", email="pm@example.com")
    through_provider(client, "acme.pat")
    assert signed_in_as(client) == org["pm"]


@live
def test_a_refused_sso_sign_in_is_not_counted_as_a_password_failure(client, provider):
    provider.add_account("acme.nobody", email="nobody@example.com")
    refusal_on_sign_in_page(client, through_provider(client, "acme.nobody"))
    assert not AccessAttempt.objects.exists()


# --- Errors end on the sign-in page with the reason, never in a 500 -------------------------


@pytest.mark.django_db
def test_a_state_this_session_never_issued_is_refused(client, sso_without_provider):
    client.get("/oidc/authenticate/")
    body = refusal_on_sign_in_page(client, client.get("/oidc/callback/?code=c&state=forged"))
    assert "That sign-in link has expired or was already used" in body


@pytest.mark.django_db
def test_a_callback_in_a_fresh_session_is_refused(client, sso_without_provider):
    body = refusal_on_sign_in_page(client, client.get("/oidc/callback/?code=c&state=s"))
    assert f"Signing in with {PROVIDER_NAME} did not work" in body


@pytest.mark.django_db
def test_a_sign_in_cancelled_at_the_provider_says_so(client, sso_without_provider):
    client.get("/oidc/authenticate/")
    state = next(iter(client.session["oidc_states"]))
    response = client.get(f"/oidc/callback/?error=access_denied&state={state}")
    body = refusal_on_sign_in_page(client, response)
    assert f"{PROVIDER_NAME} did not sign you in" in body


@pytest.mark.django_db
def test_an_unreachable_token_endpoint_is_reported(client, sso_without_provider):
    client.get("/oidc/authenticate/")
    state = next(iter(client.session["oidc_states"]))
    body = refusal_on_sign_in_page(client, client.get(f"/oidc/callback/?code=c&state={state}"))
    assert f"{PROVIDER_NAME} could not be reached" in body


@pytest.mark.django_db
def test_an_unreachable_discovery_document_is_reported(client, settings):
    settings.OIDC_RP_CLIENT_ID = "careerpath"
    settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_OP_DISCOVERY_URL = f"{CLOSED_PORT}/.well-known/openid-configuration"
    body = refusal_on_sign_in_page(client, client.get("/oidc/authenticate/"))
    assert f"{PROVIDER_NAME} could not be reached" in body


@live
def test_a_token_request_the_provider_refuses_is_reported(client, provider, settings):
    """A wrong client secret, as after a botched rotation: the provider says no."""
    provider.add_account("acme.pat", email="pm@example.com")
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    body = refusal_on_sign_in_page(client, through_provider(client, "acme.pat"))
    assert f"{PROVIDER_NAME} refused to complete the sign-in" in body


# --- Start-up refuses a half-configured SSO ---------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OIDC_RP_CLIENT_ID": "careerpath"}, "OIDC_RP_CLIENT_SECRET must be set"),
        (
            {"OIDC_RP_CLIENT_ID": "careerpath", "OIDC_RP_CLIENT_SECRET": "s"},
            "needs OIDC_OP_DISCOVERY_URL or every endpoint",
        ),
    ],
)
def test_a_half_configured_sso_stops_start_up_and_names_what_is_missing(env, message):
    result = run_django("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_sso_configured_by_discovery_alone_starts():
    result = run_django(
        "check",
        OIDC_RP_CLIENT_ID="careerpath",
        OIDC_RP_CLIENT_SECRET="s",
        OIDC_OP_DISCOVERY_URL="https://login.example.com/.well-known/openid-configuration",
    )
    assert result.returncode == 0, result.stderr
