"""A real OpenID Connect provider for the SSO tests: django-oauth-toolkit's, in the live server.

The provider answers at ``http://127.0.0.1:PORT/o/`` while the site is ``http://localhost:PORT``:
two host names, so a browser keeps the provider's session apart from the site's, as with a
company's own provider. It signs ID tokens with an RSA key made for the test, publishes its
keys and endpoints (discovery, JWKS, userinfo), and the site is configured for it through
discovery only, as a deploy would be.

django-oauth-toolkit is a test dependency, so ``run_provider`` installs its app and creates its
tables for one test only and drops them afterwards; the site's own database never has them.
The people who sign in at the provider are provider accounts (users named ``acme.*`` with no
email); the claims the provider asserts about them come from ``DIRECTORY``, the provider's
own records, so matching them to CareerPath people is the site's job, as in production.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

# The provider's own records: provider username → the claims it asserts about that person.
DIRECTORY: dict[str, dict] = {}
PROVIDER_PASSWORD = "acme-provider-password"
PROVIDER_NAME = "Acme ID"


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer, e.g. http://127.0.0.1:PORT/o
    client_id: str
    client_secret: str

    def add_account(self, username: str, **claims) -> None:
        """A person at the provider, signing in there with PROVIDER_PASSWORD."""
        get_user_model().objects.create_user(username, password=PROVIDER_PASSWORD)
        DIRECTORY[username] = {"email_verified": True, **claims}


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def run_provider(site_url: str, **site_settings) -> Iterator[Provider]:
    """Serve the provider from the live server at ``site_url`` and switch the site's SSO on
    for it (``site_settings`` override the site's OIDC settings). Needs a transactional
    database: the live server's threads read what the test writes."""
    port = urlsplit(site_url).port
    issuer = f"http://127.0.0.1:{port}/o"
    client_id, client_secret = "careerpath", secrets.token_urlsafe(32)
    provider_settings = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": rsa_private_key_pem(),
        "SCOPES": {"openid": "Sign you in", "email": "Your email", "profile": "Your name"},
        "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider_site.DirectoryValidator",
    }
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, "oauth2_provider"],
        ROOT_URLCONF="tests.oidc_provider_site",
        OAUTH2_PROVIDER=provider_settings,
        OIDC_RP_CLIENT_ID=client_id,
        OIDC_RP_CLIENT_SECRET=client_secret,
        OIDC_OP_DISCOVERY_URL=f"{issuer}/.well-known/openid-configuration",
        OIDC_PROVIDER_NAME=PROVIDER_NAME,
        **site_settings,
    ):
        # Its tables straight from its models: its migrations take 15 s here, the models 0.1 s.
        models = list(apps.get_app_config("oauth2_provider").get_models())
        with connection.schema_editor() as editor:
            for model in models:
                editor.create_model(model)
        try:
            application = apps.get_model("oauth2_provider", "Application")
            application.objects.create(
                name="CareerPath",
                client_id=client_id,
                client_secret=client_secret,
                client_type="confidential",
                authorization_grant_type="authorization-code",
                algorithm="RS256",
                # The browser's site and the test client's, which is always "testserver".
                redirect_uris=f"{site_url}/oidc/callback/ http://testserver/oidc/callback/",
                skip_authorization=True,
            )
            yield Provider(url=issuer, client_id=client_id, client_secret=client_secret)
        finally:
            # django-oauth-toolkit registers its models in the admin when its views load; left
            # there, every admin page after this test would look up an app no longer installed.
            for model in models:
                if admin.site.is_registered(model):
                    admin.site.unregister(model)
            DIRECTORY.clear()
            cache.clear()  # the discovery document the site cached
            with connection.schema_editor() as editor:
                for model in reversed(models):
                    editor.delete_model(model)
