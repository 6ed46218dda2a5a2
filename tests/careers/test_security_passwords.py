"""Password change for everyone, and reset by email that never tells whether an account
exists. Either one signs out every other session of the account.

The end-to-end reset test sends its mail through Django's SMTP backend to a real SMTP server
(aiosmtpd) listening on the loopback address, and reads the link from what arrived.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-passphrase-42"


def signed_in_as(client) -> str | None:
    response = client.get("/")
    return response.context["user"].username if response.status_code == 200 else None


def sign_in(username: str, password: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return client


def test_sign_in_page_offers_a_reset_and_signed_in_pages_a_password_change(client, org):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()
    client.force_login(org["pm"])
    html = client.get("/").content.decode()
    assert 'href="/accounts/password_change/"' in html and "Change password" in html


def test_a_pm_changes_their_password_and_other_sessions_end(org):
    here, elsewhere = sign_in("pm", DEMO_PASSWORD), sign_in("pm", DEMO_PASSWORD)
    assert signed_in_as(here) == signed_in_as(elsewhere) == "pm"

    response = here.post(
        "/accounts/password_change/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/accounts/password_change/done/"
    assert "Your password is changed" in response.content.decode()
    assert signed_in_as(here) == "pm"
    assert signed_in_as(elsewhere) is None
    assert signed_in_as(sign_in("pm", NEW_PASSWORD)) == "pm"


def test_a_wrong_current_password_changes_nothing(client, org):
    client.force_login(org["pm"])
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    org["pm"].refresh_from_db()
    assert org["pm"].check_password(DEMO_PASSWORD)


def test_reset_by_email_end_to_end_signs_out_other_sessions(client, org, smtp_inbox):
    elsewhere = sign_in("pm", DEMO_PASSWORD)
    response = client.post("/accounts/password_reset/", {"email": "pm@example.com"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password_reset/done/"
    assert len(smtp_inbox.messages) == 1
    mail = smtp_inbox.messages[0]
    assert mail["To"] == "pm@example.com"
    assert mail["Subject"] == "Your CareerPath password reset"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/reset/done/"
    assert "Your new password is saved" in done.content.decode()

    assert signed_in_as(elsewhere) is None
    assert signed_in_as(sign_in("pm", DEMO_PASSWORD)) is None
    assert signed_in_as(sign_in("pm", NEW_PASSWORD)) == "pm"
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_reset_answers_the_same_for_unknown_and_known_addresses(client, org, mailoutbox):
    known = client.post("/accounts/password_reset/", {"email": "pm@example.com"}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "ghost@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    strip = re.compile(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert [mail.to for mail in mailoutbox] == [["pm@example.com"]]


def test_a_forged_reset_link_is_refused(client, org):
    response = client.get("/accounts/reset/MQ/not-a-token/", follow=True)
    assert "This link no longer works" in response.content.decode()
