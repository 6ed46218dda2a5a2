"""What every deploy answers around the pages: branded error pages, robots.txt, the favicon,
the sign-in hint, and a pyproject that installs without deprecation warnings."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path
from django.views import defaults

ROOT = Path(__file__).resolve().parents[2]
HOME_LINK = '<a class="button button--primary" href="/">Go to the home page</a>'


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("tampered")


# The site's URLs plus two views that fail on purpose (the error pages link home).
urlpatterns = [
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    path("", include("careers.urls")),
]


# ---- error pages ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_an_unknown_url_shows_the_branded_404_in_production(client, settings, org, signed_in):
    settings.DEBUG = False
    if signed_in:
        client.force_login(org["pm"])

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1" in body and "Page not found" in body
    assert HOME_LINK in body
    assert "css/app.css" in body and "img/favicon.svg" in body
    assert "/no/such/page/" not in body  # never echoes what was asked for
    # Nothing about the visitor: the page reads the same for anyone, whatever was asked for.
    assert "Sign out" not in body and "Pat Product" not in body
    assert "csrf" not in body.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/forbidden/", 403, "You can't do that here"),
        ("/suspicious/", 400, "That request didn't make sense to us"),
    ],
)
def test_a_refused_request_shows_a_branded_page(client, settings, org, path, status, heading):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.force_login(org["pm"])
    response = client.get(path)
    assert response.status_code == status
    assert heading in response.content.decode()
    assert HOME_LINK in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_is_branded_and_never_touches_the_database(
    rf: RequestFactory, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = defaults.server_error(rf.get("/anything/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert 'href="/">Go to the home page</a>' in body
    assert "css/app.css" in body
    assert "Sign out" not in body  # no user menu: it would need the session and the user


def test_the_error_pages_share_a_layout_that_needs_no_request_and_no_query():
    templates = ROOT / "templates"
    layout = (templates / "error_page.html").read_text()
    assert "{% extends" not in layout and "{% include" not in layout
    for code in (400, 403, 404, 500):
        source = (templates / f"{code}.html").read_text()
        assert source.startswith('{% extends "error_page.html" %}')
        assert f">{code}</p>" in render_to_string(f"{code}.html")


# ---- robots.txt and the favicon -------------------------------------------------------


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_by_default_without_sign_in(client, settings):
    settings.ROBOTS_ALLOW = False
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"


@pytest.mark.django_db
def test_robots_txt_allows_crawlers_when_the_deploy_says_so(client, settings):
    settings.ROBOTS_ALLOW = True
    assert client.get("/robots.txt").content.decode() == "User-agent: *\nAllow: /\n"


@pytest.mark.parametrize(("value", "allowed"), [("", "False"), ("1", "True"), ("off", "False")])
def test_the_robots_setting_comes_from_the_environment(value, allowed):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careers.settings", "DJANGO_ROBOTS_ALLOW": value}
    code = "from django.conf import settings; print(settings.ROBOTS_ALLOW)"
    printed = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == allowed
    assert "DJANGO_ROBOTS_ALLOW=" in (ROOT / ".env.example").read_text()


@pytest.mark.django_db
def test_favicon_ico_answers_without_sign_in_with_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    icon = Path(finders.find("img/favicon.svg")).read_text()
    assert icon.startswith("<svg") and 'viewBox="0 0 32 32"' in icon


@pytest.mark.django_db
def test_site_and_admin_pages_link_the_favicon(client, org):
    client.force_login(org["admin"])
    link = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
    for page in ("/", "/admin/", "/admin/careers/user/"):
        body = client.get(page).content.decode()
        assert link in body, page
    # The admin keeps its own branding around the new icon.
    assert "Django administration" in client.get("/admin/").content.decode()


# ---- sign-in hint and packaging -------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_hint_names_every_demo_account(client, settings):
    settings.DEBUG = True
    body = client.get("/accounts/login/").content.decode()
    for username in ("pm", "pm2", "pm3", "manager", "admin"):
        assert f"<code>{username}</code>" in body


def test_the_licence_uses_the_spdx_form_setuptools_no_longer_warns_about():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    requires = project["build-system"]["requires"]
    assert any(req.startswith("setuptools>=") and int(req.split(">=")[1]) >= 77 for req in requires)
