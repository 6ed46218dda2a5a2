"""Single sign-on through the company's OpenID Connect provider (mozilla-django-oidc).

SSO is on exactly when ``settings.OIDC_RP_CLIENT_ID`` is set. The URLs and the backend are
always installed, so a test (or a deploy) switches SSO by settings alone: when it is off,
both views answer 404 and the backend authenticates nobody.

People are matched by email, case-insensitively. An inactive account, an email shared by
several active accounts, an unverified email and an unknown person (unless
``OIDC_CREATE_USER``) are refused; every failure, including an unreachable provider or a
forged or stale callback, ends on the sign-in page with a message saying why.
"""

from __future__ import annotations

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from careers.backends import LoadsNavigation

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "oidc_authentication_callback"
# Endpoint settings left empty are read from the provider's discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_CACHE_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The provider could not be reached or gave an answer we cannot use."""


class SignInRefused(Exception):
    """The provider vouched for someone this site will not sign in; the message says why."""


def unreachable_message() -> str:
    return f"{settings.OIDC_PROVIDER_NAME} could not be reached. Please try again in a moment."


def is_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def provider_name() -> str:
    """The name on the sign-in button, or "" when SSO is off (the template hides it)."""
    return settings.OIDC_PROVIDER_NAME if is_enabled() else ""


def discovery_document() -> dict:
    """The provider's ``.well-known/openid-configuration``, cached for an hour."""
    url = settings.OIDC_OP_DISCOVERY_URL
    key = "careers.sso.discovery." + hashlib.sha256(url.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"discovery at {url} failed: {error}") from error
        if not isinstance(document, dict) or not all(
            isinstance(document.get(field), str) for field in DISCOVERED.values()
        ):
            raise ProviderUnavailable(f"discovery at {url} lacks the OpenID Connect endpoints")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def setting(name: str, *default):
    """mozilla-django-oidc's settings lookup, with empty endpoints filled in by discovery."""
    value = import_from_settings(name, *default)
    if name in DISCOVERED and not value and settings.OIDC_OP_DISCOVERY_URL:
        value = discovery_document()[DISCOVERED[name]]
    return value


def is_sso_callback(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes' allow-list (``AXES_WHITELIST_CALLABLE``): axes counts password guesses,
    and the SSO callback takes no password, so axes neither blocks nor counts it. A person
    locked out of their password can still come in through the provider."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == CALLBACK_URL_NAME


class OIDCBackend(OIDCAuthenticationBackend):
    """Signs in the one active person whose email the provider vouches for."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs) -> None:
        # Django builds every backend on each sign-in and this one on each request of an SSO
        # session; the library's own __init__ reads (and may discover) the endpoints, so that
        # happens only when an SSO sign-in actually runs, in authenticate().
        self.UserModel = get_user_model()

    # The library's get_user ignores is_active; ours (Django's, with the navigation facts)
    # keeps a switched-off person out of a session they opened earlier.
    get_user = LoadsNavigation.get_user

    def authenticate(self, request: HttpRequest | None, **credentials):
        # Only the callback view passes a nonce; password sign-ins never reach the provider.
        if request is None or not is_enabled() or "nonce" not in credentials:
            return None
        name = settings.OIDC_PROVIDER_NAME
        try:
            super().__init__()
            return super().authenticate(request, **credentials)
        except SignInRefused as refusal:
            request.sso_refusal = str(refusal)
        except requests.HTTPError as error:
            logger.warning("Single sign-on: the provider refused a request: %s", error)
            request.sso_refusal = (
                f"{name} refused to complete the sign-in; if this keeps happening, "
                "tell an administrator."
            )
        except (requests.RequestException, ProviderUnavailable) as error:
            logger.warning("Single sign-on: the provider did not answer: %s", error)
            request.sso_refusal = unreachable_message()
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            logger.warning(
                "Single sign-on: the provider's answer was refused: %s", error, exc_info=True
            )
            request.sso_refusal = (
                f"The answer from {name} could not be verified, so you were not signed in."
            )
        return None

    def verify_token(self, token: str, **kwargs) -> dict:
        """The library checks the signature and nonce; the ID token must also be meant for
        this site (``aud``) and, when discovery names one, come from the provider (``iss``)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token was issued to another client")
        if settings.OIDC_OP_DISCOVERY_URL and payload.get("iss") != discovery_document().get(
            "issuer"
        ):
            raise SuspiciousOperation("the ID token comes from another issuer")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        if not email:
            raise SignInRefused(
                f"{settings.OIDC_PROVIDER_NAME} did not share your email address, "
                "so CareerPath cannot tell who you are."
            )
        if claims.get("email_verified") is False:
            raise SignInRefused(
                f"{settings.OIDC_PROVIDER_NAME} has not verified your email address {email}."
            )
        people = list(self.UserModel.objects.filter(email__iexact=email))
        active = [person for person in people if person.is_active]
        if len(active) == 1:
            return active[0]
        if len(active) > 1:
            raise SignInRefused(
                f"Several CareerPath accounts use the email address {email}. "
                "Ask an administrator to keep it on one account only."
            )
        if people:
            raise SignInRefused(
                f"The CareerPath account for {email} is switched off. "
                "Ask an administrator if you need it again."
            )
        if not settings.OIDC_CREATE_USER:
            raise SignInRefused(
                f"There is no CareerPath account for {email}. Ask an administrator to add you."
            )
        return self.create_user({**claims, "email": email})

    def create_user(self, claims: dict):
        """A new person named by the ``OIDC_USERNAME_CLAIM`` claim (their email without it),
        with no usable password: they sign in through the provider only."""
        username = str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims["email"]).strip()
        try:
            self.UserModel._meta.get_field("username").run_validators(username)
        except ValidationError as error:
            raise SignInRefused(
                f"Your username from {settings.OIDC_PROVIDER_NAME}, {username}, is not one "
                "CareerPath can use. Ask an administrator to add you."
            ) from error
        if self.UserModel.objects.filter(username=username).exists():
            raise SignInRefused(
                f"The username {username} is taken by another CareerPath account. "
                "Ask an administrator to add you."
            )
        return self.UserModel.objects.create_user(
            username,
            email=claims["email"],
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )


class SSOOnly(View):
    """Both SSO views: 404 for every method while SSO is off, and open to people not yet
    signed in."""

    @method_decorator(login_not_required)
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_enabled():
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)


class AuthenticateView(SSOOnly, OIDCAuthenticationRequestView):
    """``GET /oidc/authenticate/[?next=…]``: off to the provider's sign-in page."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs) -> None:
        # The library reads the endpoints here; get() does, once SSO is known to be on.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            logger.warning("Single sign-on: the provider did not answer: %s", error)
            messages.error(request, unreachable_message())
            return redirect(settings.LOGIN_URL)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(SSOOnly, OIDCAuthenticationCallbackView):
    """``GET /oidc/callback/?code=…&state=…``: the provider sends the person back here; signed
    in, they go on to where they were going, otherwise to the sign-in page with the reason."""

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except SuspiciousOperation:
            # The library's answer to a state this session never issued: an old tab, a link
            # used twice, or a forged one.
            request.sso_refusal = "That sign-in link has expired or was already used."
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        name = settings.OIDC_PROVIDER_NAME
        if self.request.GET.get("error"):
            default = f"{name} did not sign you in (it was cancelled or refused there)."
        else:
            default = f"Signing in with {name} did not work."
        reason = getattr(self.request, "sso_refusal", default)
        messages.error(
            self.request,
            f"{reason} You can try again, or sign in with a CareerPath password if you have one.",
        )
        return redirect(settings.LOGIN_URL)
