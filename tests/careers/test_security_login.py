"""Sign-in throttling: guessing stops after a few failures, on the site and in the admin."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]


def attempt(client, path: str, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def comparable(response, username: str) -> tuple[int, str]:
    """Status and body with what may differ harmlessly taken out: CSRF tokens, the time to
    retry and the username echoed back into the form."""
    body = response.content.decode()
    body = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"', r"\1TOKEN", body)
    body = re.sub(r"<time [^>]*>[^<]*</time>", "TIME", body)
    return response.status_code, body.replace(f'value="{username}"', 'value="NAME"')


@pytest.mark.parametrize(
    ("path", "username"), [("/accounts/login/", "pm"), ("/admin/login/", "admin")]
)
def test_25_wrong_passwords_lock_the_account_and_say_when_to_retry(client, org, path, username):
    answers = [attempt(client, path, username, f"guess-{n}") for n in range(25)]
    # The first failures get the ordinary form back; the rest are refused outright.
    assert [r.status_code for r in answers[:4]] == [200] * 4
    assert all(r.status_code == 429 for r in answers[5:])
    refusal = answers[-1].content.decode()
    assert "Signing in is paused" in refusal
    assert "try again in about 30 minutes" in refusal
    retry_at = re.search(r'<time datetime="([^"]+)"', refusal).group(1)
    wait = datetime.fromisoformat(retry_at) - timezone.now()
    assert timedelta(minutes=30) <= wait <= timedelta(minutes=31)
    # The right password is refused too, from this address and from any other.
    for ip in ("10.0.0.1", "10.9.9.9"):
        response = attempt(client, path, username, DEMO_PASSWORD, ip=ip)
        assert response.status_code == 429
        assert not signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, org):
    for n in range(5):
        attempt(client, "/accounts/login/", "pm", f"guess-{n}")
    assert attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_one_address_trying_many_accounts_is_stopped(client, org):
    for n, username in enumerate(["pm2", "pm3", "manager", "ghost", "nobody"]):
        attempt(client, "/accounts/login/", username, f"guess-{n}", ip="10.0.0.7")
    response = attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429 and not signed_in(client)
    # Elsewhere, pm (never guessed at) still signs in.
    response = attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD, ip="10.0.0.8")
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_unknown_and_known_usernames_get_identical_answers(client, org, path):
    """Each name from its own address, so only the per-username count is in play."""
    known = [attempt(client, path, "pm", f"guess-{n}", ip="10.0.1.1") for n in range(7)]
    unknown = [attempt(client, path, "nobody", f"guess-{n}", ip="10.0.2.2") for n in range(7)]
    for mine, theirs in zip(known, unknown, strict=True):
        assert comparable(mine, "pm") == comparable(theirs, "nobody")
    assert known[-1].status_code == 429


def test_the_lockout_page_never_names_the_account(client, org):
    for n in range(6):
        response = attempt(client, "/accounts/login/", "pm", f"guess-{n}")
    assert response.status_code == 429
    assert "Pat Product" not in response.content.decode()
    assert 'value="pm"' not in response.content.decode()


def test_an_admin_unlocks_a_person_in_the_admin(client, org):
    for n in range(5):
        attempt(client, "/accounts/login/", "pm", f"guess-{n}")
    assert attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD).status_code == 429

    admin = client.__class__()
    admin.force_login(org["admin"])
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "pm" in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()

    response = attempt(client, "/accounts/login/", "pm", DEMO_PASSWORD)
    assert response.status_code == 302 and signed_in(client)
