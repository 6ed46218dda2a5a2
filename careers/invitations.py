"""Invitations: an email that lets a person brought in from a file sign in for the first time.

The link is Django's own password-reset link (``default_token_generator``, the site's
``/accounts/reset/<uidb64>/<token>/``): it works once, for ``PASSWORD_RESET_TIMEOUT``, and
stops working as soon as the person sets a password or signs in. When the site signs people
in through the company's identity provider (``OIDC_RP_CLIENT_ID`` is set), there is no
password to set, and the email carries the sign-in page instead.

Each sent invitation is recorded in ``User.invited_at``, so inviting "everyone new" twice
invites nobody twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from careers.models import User

logger = logging.getLogger(__name__)

LOCAL_SITE_URL = "http://127.0.0.1:8000"  # what `make run` serves


@dataclass
class Outcome:
    """Who was invited, and who was not and why (usernames)."""

    sent: list[str] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def describe_sent(self) -> str:
        return _people(self.sent)

    def not_sent(self) -> list[str]:
        """One line per reason someone was not invited; [] when everyone was."""
        lines = []
        if self.no_email:
            lines.append(f"Not invited, no email address: {', '.join(self.no_email)}.")
        if self.inactive:
            lines.append(f"Not invited, deactivated: {', '.join(self.inactive)}.")
        if self.failed:
            lines.append(
                f"Not invited, the mail server refused or could not be reached: "
                f"{', '.join(self.failed)}. Try again later."
            )
        return lines


def _people(usernames: list[str]) -> str:
    noun = "person" if len(usernames) == 1 else "people"
    return f"{len(usernames)} {noun} ({', '.join(usernames)})"


def uses_single_sign_on() -> bool:
    """Whether people sign in through the company's identity provider."""
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def site_url_of(request: HttpRequest) -> str:
    """The site's address as the admin reached it: links in emails start with it."""
    return request.build_absolute_uri("/").rstrip("/")


def default_site_url() -> str:
    """The site's address for commands, which have no request: the first trusted origin
    (``DJANGO_CSRF_TRUSTED_ORIGINS``, which production must set), else the local one."""
    origins = settings.CSRF_TRUSTED_ORIGINS
    return origins[0].rstrip("/") if origins else LOCAL_SITE_URL


def new_people() -> QuerySet[User]:
    """People who can be invited and never were: active, with an email address, never
    signed in and without a password of their own (as an import leaves them)."""
    return User.objects.filter(
        is_active=True,
        invited_at__isnull=True,
        last_login__isnull=True,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    ).exclude(email="")


def invitation_link(person: User, site_url: str) -> str:
    """The one link of the invitation: set a first password, or sign in with SSO."""
    if uses_single_sign_on():
        return site_url + reverse("login")
    return site_url + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )


def _message(person: User, site_url: str) -> EmailMultiAlternatives:
    context = {
        "person": person,
        "link": invitation_link(person, site_url),
        "single_sign_on": uses_single_sign_on(),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_url": site_url,
    }
    subject = render_to_string("careers/email/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("careers/email/invitation.txt", context),
        to=[person.email],
    )
    message.attach_alternative(
        render_to_string("careers/email/invitation.html", context), "text/html"
    )
    return message


def invite(people: Iterable[User], site_url: str) -> Outcome:
    """Email each person an invitation through the site's email settings and record when.

    Inactive people and people without an address are skipped; a message the mail server
    refuses is reported in ``Outcome.failed`` and the others still go out.
    """
    outcome = Outcome()
    connection = get_connection()
    try:
        connection.open()  # one connection for the whole batch
    except (smtplib.SMTPException, OSError):
        logger.warning("The mail server cannot be reached; each invitation will try again")
    try:
        for person in people:
            if not person.is_active:
                outcome.inactive.append(person.username)
            elif not person.email:
                outcome.no_email.append(person.username)
            else:
                message = _message(person, site_url)
                message.connection = connection
                try:
                    message.send()
                except (smtplib.SMTPException, OSError):
                    logger.exception("The invitation to %s was not sent", person.username)
                    outcome.failed.append(person.username)
                    continue
                User.objects.filter(pk=person.pk).update(invited_at=timezone.now())
                outcome.sent.append(person.username)
    finally:
        connection.close()
    return outcome
