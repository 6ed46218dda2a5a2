"""The signed-in header of every page: the main navigation and the person's own links.

Written in Python rather than in ``base.html``: it is on every page, and as template tags
and variables it cost about 0.2 ms a page (docs/performance.md); here it costs a tenth of
that. ``format_html`` escapes every value the way the template did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

CURRENT = mark_safe(' aria-current="page"')


def _link(href: str, label: str, current: bool) -> SafeString:
    return format_html('<li><a href="{}"{}>{}</a></li>', href, CURRENT if current else "", label)


def site_nav(
    request: HttpRequest,
    urls: Mapping[str, str],
    csrf_token: str,
    *,
    nav_current: str = "",
    has_reports: bool,
    sees_insights: bool,
) -> SafeString:
    """The navigation and the person's links; ``nav_current`` names the item a page belongs
        to when its path doesn't say ("assessment" or "team"). ``csrf_token`` is the page's own
    (Django masks each token anew, so a page asks for one and uses it everywhere)."""
    path = request.path
    user: Any = request.user
    items = [
        _link(urls["home"], "My assessment", path == urls["home"] or nav_current == "assessment"),
        _link("/plan/", "My plan", path.startswith("/plan/")),
    ]
    if has_reports:
        items.append(_link("/team/", "My team", path.startswith("/team/") or nav_current == "team"))
    if sees_insights:
        items.append(_link(urls["insights"], "Insights", path.startswith("/insights/")))
    items.append(_link("/ladders/", "Career ladder", path.startswith("/ladders/")))
    if user.is_staff:
        items.append(format_html('<li><a href="{}">Admin</a></li>', urls["admin"]))
    return format_html(
        '<nav class="site-nav" aria-label="Main">\n<ul>\n{}\n</ul>\n</nav>\n'
        '<div class="site-user">\n'
        '<span class="site-user__name">{}</span>\n'
        '<a class="button button--quiet" href="{}">Emails</a>\n'
        '<a class="button button--quiet" href="{}">Change password</a>\n'
        '<form method="post" action="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="button button--quiet">Sign out</button></form>\n'
        "</div>",
        format_html_join("\n", "{}", ((item,) for item in items)),
        str(user),
        urls["emails"],
        urls["password_change"],
        urls["logout"],
        csrf_token,
    )
