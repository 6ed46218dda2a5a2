"""Invitations: people brought in from a file get an email with a one-time link to choose a
password (or the sign-in page when single sign-on is on), from the command or the admin.

The end-to-end test sends through Django's SMTP backend to a real SMTP server (aiosmtpd) on
the loopback address and follows the link it carries."""

from __future__ import annotations

import re
import socket

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from careers.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-passphrase-42"


def imported(username: str, email: str = "", **fields) -> User:
    """A person as import_people leaves them: no usable password, never signed in."""
    return User.objects.create(
        username=username, email=email, password=make_password(None), **fields
    )


@pytest.fixture
def newcomers(db):
    return {
        "ana": imported("ana", "ana@example.com", first_name="Ana"),
        "ben": imported("ben", "ben@example.com", first_name="Ben"),
        "cy": imported("cy"),  # no address: cannot be invited
    }


def test_an_invitation_sets_a_first_password_end_to_end(client, newcomers, smtp_inbox, capsys):
    call_command("invite_people", "ana", "--site-url", "http://testserver")
    [mail] = smtp_inbox.messages
    assert mail["To"] == "ana@example.com"
    assert mail["Subject"] == "You're invited to CareerPath"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Hello Ana" in text and 'Your username is "ana"' in text
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", text).group(1)
    assert f'href="http://testserver{link}"' in html
    assert User.objects.get(username="ana").invited_at is not None
    assert "Invited 1 person (ana)" in capsys.readouterr().out

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/reset/done/"
    assert User.objects.get(username="ana").check_password(NEW_PASSWORD)
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_all_new_invites_each_newcomer_once(newcomers, mailoutbox, capsys):
    User.objects.create_user("old-hand", "old@example.com", "a-password-of-their-own")
    call_command("invite_people", "--all-new")
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ana@example.com", "ben@example.com"]
    assert "Invited 2 people (ana, ben)" in capsys.readouterr().out
    call_command("invite_people", "--all-new")
    assert len(mailoutbox) == 2  # nobody twice
    call_command("invite_people", "ana")  # by name: sent again on purpose
    assert len(mailoutbox) == 3


def test_people_without_an_address_or_deactivated_are_said_not_invited(
    newcomers, mailoutbox, capsys
):
    User.objects.filter(username="ben").update(is_active=False)
    call_command("invite_people", "ben", "cy")
    assert mailoutbox == []
    err = capsys.readouterr().err
    assert "no email address: cy" in err and "deactivated: ben" in err
    assert not User.objects.filter(invited_at__isnull=False).exists()


def test_the_command_needs_either_all_new_or_names(newcomers):
    with pytest.raises(CommandError, match="either --all-new or"):
        call_command("invite_people")
    with pytest.raises(CommandError, match="No such people: nobody"):
        call_command("invite_people", "ana", "nobody")


def test_links_start_with_the_first_trusted_origin_by_default(newcomers, mailoutbox, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://careers.example.com"]
    call_command("invite_people", "ana")
    assert "https://careers.example.com/accounts/reset/" in mailoutbox[0].body


def test_with_single_sign_on_the_email_carries_the_sign_in_page(newcomers, mailoutbox, settings):
    settings.OIDC_RP_CLIENT_ID = "careerpath"
    call_command("invite_people", "ana", "--site-url", "https://careers.example.com")
    [mail] = mailoutbox
    assert "https://careers.example.com/accounts/login/" in mail.body
    assert "/accounts/reset/" not in mail.body
    assert "Sign in with your company account" in mail.alternatives[0][0]


def test_a_mail_server_that_cannot_be_reached_is_reported(newcomers, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # nothing listens here once the probe closes
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        closed_port,
        False,
    )
    with pytest.raises(CommandError, match="not sent"):
        call_command("invite_people", "ana")
    assert User.objects.get(username="ana").invited_at is None


def test_the_admin_action_invites_the_selected_people(client, newcomers, mailoutbox):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    response = client.post(
        "/admin/careers/user/",
        {
            "action": "invite_people",
            "_selected_action": [newcomers["ben"].pk, newcomers["cy"].pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Invited 1 person (ben)" in html
    assert "Not invited, no email address: cy." in html
    [mail] = mailoutbox
    assert mail.to == ["ben@example.com"]
    assert re.search(r"http://testserver/accounts/reset/[^/]+/[^/]+/", mail.body)


def test_inviting_from_the_admin_needs_the_right_to_change_people(client, newcomers, mailoutbox):
    staff = User.objects.create_user("viewer", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_user"))
    client.force_login(staff)
    assert "invite_people" not in client.get("/admin/careers/user/").content.decode()
    client.post(
        "/admin/careers/user/",
        {"action": "invite_people", "_selected_action": [newcomers["ben"].pk]},
    )
    assert mailoutbox == []
