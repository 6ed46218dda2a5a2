"""Every page fits the screen: each page of the site, opened as the person it is for, at phone
(390 px) and laptop (1280 px) width in real Chromium, with no horizontal scrolling, no element
past the edge of the screen (outside a scroll container), no SVG content cut off at the edge
of its drawing, no accessibility violation (axe) and no Content-Security-Policy violation.

The pages come from the authorization matrix (every GET that answers 200 to some role, opened
as the first such role) and from the admin's URLs, so a new page is guarded the day it is
added; the meta-tests at the bottom fail when a URL is neither guarded nor deliberately left out.

The live server needs committed rows and the database is emptied after each test, so each test
builds the world once and visits every page of one role at both widths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from playwright.sync_api import Browser, Page

from assessments.models import QuestionnaireVersion
from careers.models import User
from ladders.drafts import start_draft
from ladders.models import Ladder
from tests.browser.test_security_headers import LISTEN
from tests.careers.test_authorization_matrix import MATRIX, ROLES, build_world
from tests.url_catalogue import all_routes

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280)
HEIGHT = 844

# Answers that are not pages for a person to look at.
NOT_PAGES = {
    "assessments:my_data",
    "robots_txt",
    "team_export",
    "insights_export",
    "assessments:result_pdf",
    # The JSON API; its Swagger UI docs page is django-ninja's own, checked against the
    # security policy in tests/browser/test_api_docs.py.
    "api:openapi-json",
    "api:openapi-view",
    "api:my_results",
    "api:my_result",
    "api:team_results",
    "api:org_insight",
}


# Admin URLs that are not pages to look at: POST-only actions, redirects and downloads,
# sign-in and out, and Django's own machinery.
ADMIN_NOT_PAGES = {
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:autocomplete",
    "admin:password_change",
    "admin:password_change_done",
    "admin:ladders_ladder_draft",
    "admin:assessments_questionnaireversion_publish",
    "admin:assessments_questionnaireversion_new_draft",
    "admin:assessments_questionnaireversion_measured_draft",
    "admin:careers_user_process_import",
    "admin:careers_user_export",
}
ADMIN_NOT_PAGE_SUFFIXES = ("_delete", "_password_change", "_autocomplete")

# On admin pages axe skips the parts Django (and django-axes) draw themselves, whose stock
# markup axe faults: breadcrumbs told apart by colour, tabular inlines with unlabelled fields
# and an empty header, the two-box selector's tooltip, the autocomplete box, split date-time
# inputs, and list filters offering an empty value. Everything the project writes is checked.
DJANGO_ADMIN_MARKUP = [
    ".breadcrumbs",
    ".tabular",
    ".selector",
    ".select2-container",
    ".datetime",
    "#changelist-filter",
]


@dataclass(frozen=True)
class Screen:
    name: str  # the route's name, as in the URL catalogue
    role: str
    path: Callable[[SimpleNamespace], str]
    status: int = 200


def natural_role(expect: dict[str, int]) -> str:
    return next(role for role in ROLES if expect[role] == 200)


def site_screens() -> list[Screen]:
    from_matrix = [
        Screen(row.route, natural_role(row.expect), row.path)
        for row in MATRIX
        if row.method == "GET" and 200 in row.expect.values() and row.route not in NOT_PAGES
    ]
    return [
        *from_matrix,
        # Exempt from the matrix (nobody is refused them), but pages all the same.
        Screen("login", "anonymous", lambda w: "/accounts/login/"),
        Screen("not found", "pm", lambda w: "/no-such-page/", status=404),
        # The manager's own home and team, with reports on them (a PM's team is empty).
        Screen("home", "manager", lambda w: "/"),
        Screen("team", "manager", lambda w: "/team/"),
    ]


def admin_model(route_name: str):
    """The model behind ``admin:<app>_<model>_<page>``."""
    for model in admin.site._registry:
        if route_name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    raise LookupError(route_name)


def admin_path(route, world: SimpleNamespace) -> str:
    """The page for the world's own object of that model (a draft where there is one)."""
    if "object_id" not in route.pattern:
        return reverse(route.name)
    model = admin_model(route.name)
    pk = world.admin_objects.get(model) or model._default_manager.order_by("pk")[0].pk
    return reverse(route.name, args=[pk])


def can_add(route_name: str) -> bool:
    request = RequestFactory().get("/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    model = admin_model(route_name)
    return admin.site._registry[model].has_add_permission(request)


def is_admin_page(route) -> bool:
    return (
        route.name.startswith("admin:")
        and route.name not in ADMIN_NOT_PAGES
        and not route.name.endswith(ADMIN_NOT_PAGE_SUFFIXES)
        and (not route.name.endswith("_add") or can_add(route.name))
    )


def admin_screens() -> list[Screen]:
    screens = [
        Screen(route.name, "superuser", lambda w, route=route: admin_path(route, w))
        for route in all_routes()
        if is_admin_page(route) and route.name != "admin:app_list"
    ]
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    screens += [
        Screen(
            "admin:app_list", "superuser", lambda w, a=label: reverse("admin:app_list", args=[a])
        )
        for label in app_labels
    ]
    return screens


def build_layout_world() -> SimpleNamespace:
    """The matrix's world, plus a ladder draft, a questionnaire draft and a sign-in log, so
    every admin page has something of its kind to show."""
    world = build_world()
    ladder = Ladder.objects.get(slug=world.ladder)
    ladder_draft = start_draft(ladder)
    version = QuestionnaireVersion.objects.filter(status="published").order_by("pk")[0]
    version_draft = version.make_draft()
    Group.objects.create(name="Product leads")
    logged = {"username": "pm", "ip_address": "127.0.0.1", "user_agent": "Chromium"}
    attempt = AccessAttempt.objects.create(**logged, failures_since_start=1)
    log = AccessLog.objects.create(**logged)
    failure = AccessFailureLog.objects.create(**logged, locked_out=False)
    world.admin_objects = {
        Ladder: ladder_draft.pk,
        QuestionnaireVersion: version_draft.pk,
        apps.get_model("ladders", "Level"): ladder_draft.levels.order_by("rank")[0].pk,
        AccessAttempt: attempt.pk,
        AccessLog: log.pk,
        AccessFailureLog: failure.pk,
    }
    return world


# Runs in the page; returns {overflow: [...], svg: [...]}, one readable line per problem.
CHECKS = (Path(__file__).parent / "layout_guard.js").read_text()


def signed_in_page(browser: Browser, live_server, world, role: str, width: int) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": HEIGHT}
    )
    context.add_init_script(LISTEN)
    if role != "anonymous":
        client = Client()
        client.force_login(world.users[role])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context.new_page()


def problems_on(page: Page, screen: Screen, world) -> list[str]:
    path = screen.path(world)
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    found = []
    if response.status != screen.status:
        found.append(f"answered {response.status}, expected {screen.status}")
    layout = page.evaluate(CHECKS)
    found += layout["overflow"][:8]
    found += layout["svg"][:8]
    # Before axe, whose script adds a style element the policy refuses.
    found += [f"CSP: {v}" for v in page.evaluate("window.__cspViolations")]
    context = {"exclude": [[part] for part in DJANGO_ADMIN_MARKUP]}
    report = Axe().run(page, context=context if screen.name.startswith("admin:") else None)
    found += [
        f"axe {violation['id']}: {violation['help']} ({len(violation['nodes'])}×: "
        f"{', '.join(str(node['target']) for node in violation['nodes'][:3])})"
        for violation in report.response["violations"]
    ]
    return found


def guard(browser, live_server, world, screens: list[Screen]) -> list[str]:
    """One readable line per problem: width, role, path, what."""
    failures = []
    for width in WIDTHS:
        pages: dict[str, Page] = {}
        for screen in screens:
            if screen.role not in pages:
                pages[screen.role] = signed_in_page(browser, live_server, world, screen.role, width)
            page = pages[screen.role]
            for problem in problems_on(page, screen, world):
                failures.append(f"{width} px  {screen.role:<9} {screen.path(world)}  {problem}")
        for page in pages.values():
            page.context.close()
    return failures


SITE = site_screens()
SITE_ROLES = sorted({screen.role for screen in SITE}, key=ROLES.index)


@pytest.mark.parametrize("role", SITE_ROLES)
def test_site_pages_fit_phone_and_laptop(browser, live_server, role):
    screens = [s for s in SITE if s.role == role]
    failures = guard(browser, live_server, build_layout_world(), screens)
    assert not failures, "\n".join(["", *failures])


# axe's script adds a style element on Django's admin forms, which the policy refuses; this test
# reads each page's own violations before axe runs (problems_on), so the suite-wide guard of
# tests/browser/conftest.py would only hear axe.
@pytest.mark.allow_csp_violations
def test_admin_pages_fit_phone_and_laptop(browser, live_server):
    world = build_layout_world()
    failures = guard(browser, live_server, world, admin_screens())
    assert not failures, "\n".join(["", *failures])


def test_every_page_of_the_site_is_guarded():
    """A new admin URL is guarded or deliberately left out here; a new URL of the site gets
    its row in the authorization matrix, and with it a place here if it is a page."""
    guarded = {screen.name for screen in [*SITE, *admin_screens()]}
    decided = NOT_PAGES | ADMIN_NOT_PAGES | {row.route for row in MATRIX} | {"logout", "healthz"}
    unguarded = sorted(
        route.name
        for route in all_routes()
        if route.name != route.pattern  # unnamed: the admin's redirects to a change page
        and route.name not in guarded | decided
        and not route.name.endswith(ADMIN_NOT_PAGE_SUFFIXES)
        and not (route.name.endswith("_add") and not can_add(route.name))
    )
    assert not unguarded, unguarded


BREAK_THE_LAYOUT = """
() => {
  const main = document.querySelector("main");
  const wide = document.createElement("div");
  wide.className = "too-wide";
  wide.style.width = "600px";
  wide.textContent = "Too wide";
  const scroller = document.createElement("div");
  scroller.style.overflowX = "auto";
  const table = document.createElement("div");
  table.className = "wide-table";
  table.style.width = "900px";
  table.textContent = "A wide table that scrolls in its box";
  scroller.append(table);
  const ns = "http://www.w3.org/2000/svg";
  const drawing = document.createElementNS(ns, "svg");
  drawing.setAttribute("viewBox", "0 0 100 100");
  drawing.setAttribute("width", "100");
  const dot = document.createElementNS(ns, "circle");
  for (const [name, value] of [["class", "cut-off"], ["cx", "100"], ["cy", "50"], ["r", "10"]]) {
    dot.setAttribute(name, value);
  }
  drawing.append(dot);
  main.append(wide, scroller, drawing);
}
"""


def test_the_guard_sees_what_sticks_out_and_what_is_cut_off(browser, live_server):
    """Guards the guard: each check reports a planted fault, and a scrolling table is fine."""
    page = signed_in_page(browser, live_server, None, "anonymous", 390)
    page.goto("/accounts/login/")
    assert page.evaluate(CHECKS) == {"overflow": [], "svg": []}
    page.evaluate(BREAK_THE_LAYOUT)
    layout = page.evaluate(CHECKS)
    assert layout["overflow"][0].startswith("the page scrolls sideways")
    assert [line.split(" ")[0] for line in layout["overflow"][1:]] == ["div.too-wide"]
    assert len(layout["svg"]) == 1 and "circle.cut-off" in layout["svg"][0]
    page.context.close()
