"""Site-wide guards that no view can forget: session expiry and privacy headers."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Session keys, in seconds since the epoch: when this sign-in began, and the last activity.
SIGNED_IN_AT = "careers_signed_in_at"
LAST_SEEN_AT = "careers_last_seen_at"
# The last-activity stamp is refreshed at most this often, so a busy page does not write
# the session on every request; idle expiry is exact to within this many seconds.
STAMP_EVERY_SECONDS = 60

Handler = Callable[[HttpRequest], HttpResponse]


def stamp_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the session's clocks at sign-in (receiver of ``user_logged_in``), so the stamps
    travel in the session save that signing in makes anyway, not in an extra write later."""
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = int(time.time())


class SessionExpiryMiddleware:
    """Signs a person out after ``SESSION_IDLE_TIMEOUT`` without a request, and
    ``SESSION_ABSOLUTE_LIFETIME`` after they signed in, whichever comes first.

    The expired request then carries on anonymously, so LoginRequiredMiddleware sends it to
    the sign-in page, where a message says why.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = int(time.time())
        idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen_at = session.get(LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            # A session signed in before this guard existed: its clocks start now.
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
        elif now - last_seen_at > idle:
            logout(request)
            minutes = round(idle / 60)
            messages.info(request, f"You were signed out after {minutes} minutes without activity.")
        elif now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
            logout(request)
            messages.info(request, "Your sign-in has expired. Please sign in again.")
        elif now - last_seen_at >= STAMP_EVERY_SECONDS:
            session[LAST_SEEN_AT] = now


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response, and ``Cache-Control: no-store, private``
    on every response to a signed-in person: any such page may show someone's data, and a
    withdrawn result must not come back from a browser or proxy cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
