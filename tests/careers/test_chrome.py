"""The header every signed-in page shows: the right links for who is signed in, the page
they are on marked, their name escaped, and one CSRF token per page; and static files
linked at the URLs of the collected, content-hashed files."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings

from core.staticfiles import StaticFilesStorage

pytestmark = pytest.mark.django_db


def nav(html: str) -> list[str]:
    """The main navigation's links, the current one marked with a star."""
    block = html.split('<nav class="site-nav" aria-label="Main">')[1].split("</nav>")[0]
    return [
        label + ("*" if current else "")
        for current, label in re.findall(
            r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', block
        )
    ]


def test_a_pm_sees_their_own_links_with_the_page_they_are_on_marked(client, org):
    client.force_login(org["pm"])
    assert nav(client.get("/").content.decode()) == ["My assessment*", "My plan", "Career ladder"]
    assert nav(client.get("/plan/", follow=True).content.decode()) == [
        "My assessment",
        "My plan*",
        "Career ladder",
    ]


def test_managers_see_their_team_and_staff_the_admin(client, org):
    manager = org["manager"]
    client.force_login(manager)
    assert nav(client.get("/team/").content.decode()) == [
        "My assessment",
        "My plan",
        "My team*",
        "Career ladder",
    ]
    manager.is_staff = True
    manager.save()
    manager.user_permissions.add(Permission.objects.get(codename="view_org_insights"))
    assert nav(client.get("/ladders/").content.decode()) == [
        "My assessment",
        "My plan",
        "My team",
        "Insights",
        "Career ladder*",
        "Admin",
    ]


def test_the_name_is_escaped_and_the_page_carries_one_csrf_token(client, org):
    pm = org["pm"]
    pm.first_name = "<b>Pat</b>"
    pm.save()
    client.force_login(pm)
    html = client.get("/").content.decode()
    assert '<span class="site-user__name">&lt;b&gt;Pat&lt;/b&gt; Product (demo)</span>' in html
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    tokens |= set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
    assert len(tokens) == 1
    signed_out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens.pop()})
    assert signed_out.status_code == 302 and "_auth_user_id" not in client.session


def test_a_visitor_gets_no_navigation(client, org):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-nav"' not in html and "Sign out" not in html


def test_static_urls_come_from_the_manifest_and_a_missing_file_is_named(tmp_path):
    manifest = {"paths": {"css/app.css": "css/app.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    with override_settings(STATIC_ROOT=tmp_path, DEBUG=False):
        storage = StaticFilesStorage()
        assert storage.url("css/app.css") == "/static/css/app.0123456789ab.css"
        assert storage.url("css/app.css") == "/static/css/app.0123456789ab.css"
        with pytest.raises(ValueError, match="css/missing.css"):
            storage.url("css/missing.css")
