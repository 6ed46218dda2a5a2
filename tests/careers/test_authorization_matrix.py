"""Who may open what: every URL of the site × seven roles, each cell asserted.

The roles, seen from `pm`'s data: anonymous; the PM; a peer PM with the same manager; the PM's
manager; another manager; staff without permissions; a superuser. A stranger gets a 404 that
says nothing: the same body as for an object that does not exist, and no trace of the PM's
private data (their result's id, the manager's note, the peer's unshared result) anywhere.

The meta-test at the bottom fails when a URL in the resolver has no row here, so a new URL
cannot ship without someone deciding who may open it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from assessments.models import Assessment
from assessments.notifications import unsubscribe_token
from assessments.services import save_answers, start_or_resume
from careers.models import AccessToken, ManagerNote, User
from growth.models import BoardMember
from growth.plans import set_plan_sharing
from tests.assessments.quiz_support import answers_in_band
from tests.careers.factories import UserFactory, demo_org
from tests.careers.team_support import take_quiz
from tests.growth.support import plan_for
from tests.url_catalogue import all_routes

ROLES = ("anonymous", "pm", "peer", "manager", "other_manager", "staff", "superuser")
SIGNED_IN = ROLES[1:]
NOTE_MARKER = "Private note marker: talk about the Q3 offsite"

# Not object pages, so not in the matrix: the admin (Django's own permission checks, tested in
# test_sharing.py for results), sign-in and sign-out, and the load balancer's health check.
EXEMPT_NAMES = {"login", "logout", "healthz"}


def exempt(route) -> bool:
    return (
        route.name in EXEMPT_NAMES
        or route.name.startswith("admin:")
        or (route.pattern.startswith("admin/"))
    )


def only(**allowed: int) -> dict[str, int]:
    """The listed roles get their status; every other signed-in role gets a 404."""
    return {"anonymous": 302, **{role: allowed.get(role, 404) for role in SIGNED_IN}}


def public(status: int) -> dict[str, int]:
    """A page for anyone, signed in or not (robots.txt, a forgotten password)."""
    return dict.fromkeys(ROLES, status)


def api_only(**allowed: int) -> dict[str, int]:
    """The API: anonymous gets 401 JSON, the listed roles their status, the others 404."""
    return {"anonymous": 401, **{role: allowed.get(role, 404) for role in SIGNED_IN}}


def api_everyone(status: int) -> dict[str, int]:
    """An API endpoint about the caller themselves."""
    return {"anonymous": 401, **dict.fromkeys(SIGNED_IN, status)}


def everyone(status: int) -> dict[str, int]:
    """A page about the visitor themselves: every signed-in role gets ``status``."""
    return {"anonymous": 302, **{role: status for role in SIGNED_IN}}


@dataclass(frozen=True)
class Row:
    route: str
    variant: str  # what this row asks for, for the test id
    method: str
    path: Callable[[SimpleNamespace], str]
    expect: dict[str, int]
    data: Callable[[SimpleNamespace], dict] = field(default=lambda w: {})
    htmx: bool = False

    @property
    def id(self) -> str:
        return f"{self.route}[{self.variant}]"


def answer_data(w: SimpleNamespace) -> dict:
    return {w.first_item: w.first_value}


def own_plan(status: int) -> dict[str, int]:
    """/plan/ for pm, who keeps one; everyone else is sent to start theirs."""
    return {**everyone(302), "pm": status}


EXPERIMENT = {"title": "Run a hiring loop", "hypothesis": "h", "signal": "s", "weeks": "4"}
BOARD_MEMBER = {"name": "Ada", "role": "mentor", "helps_with": "Strategy", "every_weeks": "4"}
PULSE = {"learning": "3", "challenged": "2", "energy": "4"}


MATRIX = [
    Row("home", "page", "GET", lambda w: "/", everyone(200)),
    Row("ladders:list", "page", "GET", lambda w: "/ladders/", everyone(200)),
    Row("ladders:ladder", "page", "GET", lambda w: f"/ladders/{w.ladder}/", everyone(200)),
    Row(
        "ladders:level",
        "page",
        "GET",
        lambda w: f"/ladders/{w.ladder}/senior-pm/",
        everyone(200),
    ),
    # The quiz: starting is always about yourself; an assessment belongs to its respondent.
    Row("assessments:start", "own", "POST", lambda w: "/quiz/start/", everyone(302)),
    Row(
        "assessments:resume",
        "pm's open quiz",
        "GET",
        lambda w: f"/quiz/{w.pm_open.pk}/",
        only(pm=302),
    ),
    Row(
        "assessments:section",
        "pm's quiz page",
        "GET",
        lambda w: f"/quiz/{w.pm_open.pk}/{w.section}/",
        only(pm=200),
    ),
    Row(
        "assessments:section",
        "pm's quiz, htmx autosave",
        "POST",
        lambda w: f"/quiz/{w.pm_open.pk}/{w.section}/",
        only(pm=200),
        data=answer_data,
        htmx=True,
    ),
    Row(
        "assessments:section",
        "pm's quiz, plain form",
        "POST",
        lambda w: f"/quiz/{w.pm_open.pk}/{w.section}/",
        only(pm=302),
        data=lambda w: {**answer_data(w), "action": "later"},
    ),
    # The follow-up part of pm2's retake, asked because the gap is ambiguous.
    Row(
        "assessments:section",
        "pm2's follow-up part",
        "GET",
        lambda w: f"/quiz/{w.peer_follow_up.pk}/follow_up/",
        only(peer=200),
    ),
    Row(
        "assessments:section",
        "pm2's follow-up part, htmx autosave",
        "POST",
        lambda w: f"/quiz/{w.peer_follow_up.pk}/follow_up/",
        only(peer=200),
        data=lambda w: {w.follow_up_item: "4"},
        htmx=True,
    ),
    # The manager's own view of pm runs through the same quiz pages: theirs alone, never pm's.
    Row(
        "assessments:resume",
        "manager's view of pm",
        "GET",
        lambda w: f"/quiz/{w.view_open.pk}/",
        only(manager=302),
    ),
    Row(
        "assessments:section",
        "manager's view of pm",
        "GET",
        lambda w: f"/quiz/{w.view_open.pk}/{w.view_section}/",
        only(manager=200),
    ),
    Row(
        "assessments:section",
        "manager's view, htmx autosave",
        "POST",
        lambda w: f"/quiz/{w.view_open.pk}/{w.view_section}/",
        only(manager=200),
        data=answer_data,
        htmx=True,
    ),
    # Results: the result pages are the person's own; a manager reads shared results on the
    # team pages, which respect the separate choice about answers.
    Row("assessments:results", "own list", "GET", lambda w: "/results/", everyone(200)),
    Row(
        "assessments:result",
        "pm's shared result",
        "GET",
        lambda w: f"/results/{w.pm_result.pk}/",
        only(pm=200),
    ),
    Row(
        "assessments:result",
        "pm2's private result",
        "GET",
        lambda w: f"/results/{w.peer_result.pk}/",
        only(peer=200),
    ),
    Row(
        "assessments:result",
        "manager's finished view of pm",
        "GET",
        lambda w: f"/results/{w.view_done.pk}/",
        only(manager=302),
    ),
    Row(
        "assessments:result_pdf",
        "pm's shared result",
        "GET",
        lambda w: f"/results/{w.pm_result.pk}/pdf/",
        only(pm=200),
    ),
    Row(
        "assessments:result_pdf",
        "manager's finished view of pm",
        "GET",
        lambda w: f"/results/{w.view_done.pk}/pdf/",
        only(),
    ),
    Row(
        "assessments:set_level",
        "pm's result, a level already on record",
        "POST",
        lambda w: f"/results/{w.pm_result.pk}/level/",
        only(pm=409),
        data=lambda w: {"level": w.level_id},
    ),
    Row(
        "sharing",
        "pm's result, plain form",
        "POST",
        lambda w: f"/results/{w.pm_result.pk}/sharing/",
        only(pm=302),
        data=lambda w: {"share_result": "on"},
    ),
    Row(
        "sharing",
        "pm's result, htmx switch",
        "POST",
        lambda w: f"/results/{w.pm_result.pk}/sharing/",
        only(pm=200),
        data=lambda w: {"share_result": "on"},
        htmx=True,
    ),
    # The standing choice "keep my manager up to date" is each person's own; pm3-like people
    # without a manager are refused with a message (test_keep_manager_updated.py).
    Row(
        "assessments:keep_manager_updated",
        "turn on: each sets only their own",
        "POST",
        lambda w: "/me/sharing/",
        everyone(302),
        data=lambda w: {"keep_manager_updated": "on", "next": "/results/"},
    ),
    # Team pages: the manager of pm right now, and nobody else (not even a superuser).
    Row("team", "own team", "GET", lambda w: "/team/", everyone(200)),
    Row("team_export", "own team as CSV", "GET", lambda w: "/team/export.csv", everyone(200)),
    # Org insight: holders of the insight permission (here the superuser) and managers of
    # managers (none in this world: tests/careers/test_insight_pages.py has them).
    Row("insights", "page", "GET", lambda w: "/insights/", only(superuser=200)),
    Row("insights_export", "CSV", "GET", lambda w: "/insights/export.csv", only(superuser=200)),
    Row("team_member", "pm", "GET", lambda w: "/team/pm/", only(manager=200)),
    Row("team_member", "pm2, nothing shared", "GET", lambda w: "/team/pm2/", only(manager=200)),
    Row(
        "team_result",
        "pm's shared result",
        "GET",
        lambda w: f"/team/pm/results/{w.pm_result.pk}/",
        only(manager=200),
    ),
    Row(
        "team_result",
        "pm2's private result",
        "GET",
        lambda w: f"/team/pm2/results/{w.peer_result.pk}/",
        only(),
    ),
    Row(
        "team_note",
        "plain form",
        "POST",
        lambda w: "/team/pm/note/",
        only(manager=302),
        data=lambda w: {"text": "Updated"},
    ),
    Row(
        "team_note",
        "htmx fragment",
        "POST",
        lambda w: "/team/pm/note/",
        only(manager=200),
        data=lambda w: {"text": "Updated"},
        htmx=True,
    ),
    Row("team_view", "start or resume", "POST", lambda w: "/team/pm/view/", only(manager=302)),
    # The growth plan: the person's own; the manager sees pm's only because pm shares it.
    Row("growth:plan", "own plan", "GET", lambda w: "/plan/", own_plan(200)),
    Row("growth:start", "form", "GET", lambda w: "/plan/start/", everyone(200)),
    Row(
        "growth:start",
        "each starts their own",
        "POST",
        lambda w: "/plan/start/",
        everyone(302),
        data=lambda w: {"current": "senior-pm", "target": "group-pm"},
    ),
    Row(
        "growth:target",
        "own plan",
        "POST",
        lambda w: "/plan/target/",
        only(pm=302),
        data=lambda w: {"target": "director"},
    ),
    Row(
        "growth:ratings",
        "own plan",
        "POST",
        lambda w: "/plan/ratings/",
        only(pm=302),
        data=lambda w: {"rating-coaching": "3"},
    ),
    Row(
        "growth:sharing",
        "own plan",
        "POST",
        lambda w: "/plan/sharing/",
        only(pm=302),
        data=lambda w: {"share_plan": "on"},
    ),
    Row(
        "growth:add_experiment",
        "own plan",
        "POST",
        lambda w: "/plan/experiments/",
        only(pm=302),
        data=lambda w: EXPERIMENT,
    ),
    Row(
        "growth:experiment",
        "pm's experiment",
        "GET",
        lambda w: f"/plan/experiments/{w.pm_experiment}/",
        only(pm=200),
    ),
    Row(
        "growth:experiment_status",
        "pm's experiment",
        "POST",
        lambda w: f"/plan/experiments/{w.pm_experiment}/status/",
        only(pm=302),
        data=lambda w: {"action": "drop"},
    ),
    Row(
        "growth:checkin",
        "pm's experiment",
        "POST",
        lambda w: f"/plan/experiments/{w.pm_experiment}/checkin/",
        only(pm=302),
        data=lambda w: {"energy": "neutral"},
    ),
    Row(
        "growth:end_experiment",
        "pm's experiment",
        "POST",
        lambda w: f"/plan/experiments/{w.pm_experiment}/end/",
        only(pm=302),
        data=lambda w: {"reflection": "It went well.", "leaning": "people"},
    ),
    Row("growth:board", "own board", "GET", lambda w: "/plan/board/", everyone(200)),
    Row(
        "growth:board",
        "each adds to their own",
        "POST",
        lambda w: "/plan/board/",
        everyone(302),
        data=lambda w: BOARD_MEMBER,
    ),
    Row(
        "growth:touched_base",
        "pm's board member",
        "POST",
        lambda w: f"/plan/board/{w.pm_board_member}/touched/",
        only(pm=302),
    ),
    Row(
        "growth:remove_member",
        "pm's board member",
        "POST",
        lambda w: f"/plan/board/{w.pm_board_member}/remove/",
        only(pm=302),
    ),
    Row("growth:pulse", "own pulse", "GET", lambda w: "/plan/pulse/", everyone(200)),
    Row(
        "growth:pulse",
        "each takes their own",
        "POST",
        lambda w: "/plan/pulse/",
        everyone(302),
        data=lambda w: PULSE,
    ),
    Row(
        "growth:team_plan", "pm's shared plan", "GET", lambda w: "/team/pm/plan/", only(manager=200)
    ),
    Row(
        "growth:team_plan",
        "pm2 keeps no plan",
        "GET",
        lambda w: "/team/pm2/plan/",
        only(),
    ),
    Row(
        "growth:team_comment",
        "pm's shared plan",
        "POST",
        lambda w: "/team/pm/plan/comment/",
        only(manager=302),
        data=lambda w: {"text": "Let's talk about the hiring loop."},
    ),
    Row(
        "growth:team_agenda",
        "pm's shared plan",
        "GET",
        lambda w: "/team/pm/plan/agenda/",
        only(manager=200),
    ),
    # Discarding an unfinished attempt: only its respondent, and never a submitted one.
    Row(
        "assessments:discard",
        "pm's open quiz, confirm",
        "GET",
        lambda w: f"/quiz/{w.pm_open.pk}/discard/",
        only(pm=200),
    ),
    Row(
        "assessments:discard",
        "pm's open quiz",
        "POST",
        lambda w: f"/quiz/{w.pm_open.pk}/discard/",
        only(pm=302),
    ),
    Row(
        "assessments:discard",
        "manager's open view of pm, confirm",
        "GET",
        lambda w: f"/quiz/{w.view_open.pk}/discard/",
        only(manager=200),
    ),
    Row(
        "assessments:discard",
        "manager's open view of pm",
        "POST",
        lambda w: f"/quiz/{w.view_open.pk}/discard/",
        only(manager=302),
    ),
    Row(
        "assessments:discard",
        "pm's submitted quiz",
        "POST",
        lambda w: f"/quiz/{w.pm_result.pk}/discard/",
        only(),
    ),
    # The person's own data: everyone has their own log, download and delete-all pages.
    Row("assessments:access_log", "own log", "GET", lambda w: "/me/access/", everyone(200)),
    Row(
        "assessments:dismiss_manager_notice",
        "own notice",
        "POST",
        lambda w: "/me/access/seen/",
        everyone(302),
    ),
    Row("assessments:my_data", "own data", "GET", lambda w: "/me/data.json", everyone(200)),
    Row("assessments:delete_all", "confirm", "GET", lambda w: "/me/delete/", everyone(200)),
    Row(
        "assessments:delete_all",
        "without confirming",
        "POST",
        lambda w: "/me/delete/",
        everyone(400),
    ),
    Row(
        "assessments:delete_all",
        "confirmed: each deletes only their own",
        "POST",
        lambda w: "/me/delete/",
        everyone(302),
        data=lambda w: {"confirm": "delete"},
    ),
    Row(
        "assessments:delete_result",
        "pm's result, confirm",
        "GET",
        lambda w: f"/results/{w.pm_result.pk}/delete/",
        only(pm=200),
    ),
    Row(
        "assessments:delete_result",
        "pm's result",
        "POST",
        lambda w: f"/results/{w.pm_result.pk}/delete/",
        only(pm=302),
        data=lambda w: {"confirm": "delete"},
    ),
    # The person's own password; a forgotten one is reset from outside, by definition.
    Row("password_change", "form", "GET", lambda w: "/accounts/password_change/", everyone(200)),
    Row(
        "password_change_done",
        "page",
        "GET",
        lambda w: "/accounts/password_change/done/",
        everyone(200),
    ),
    Row("password_reset", "form", "GET", lambda w: "/accounts/password_reset/", public(200)),
    Row(
        "password_reset_done",
        "page",
        "GET",
        lambda w: "/accounts/password_reset/done/",
        public(200),
    ),
    Row(
        "password_reset_confirm",
        "a forged link",
        "GET",
        lambda w: "/accounts/reset/MQ/not-a-token/",
        public(200),
    ),
    Row("password_reset_complete", "page", "GET", lambda w: "/accounts/reset/done/", public(200)),
    # Single sign-on answers nothing while it is switched off (the default, and here).
    Row("oidc_authentication_init", "SSO off", "GET", lambda w: "/oidc/authenticate/", public(404)),
    Row("oidc_authentication_callback", "SSO off", "GET", lambda w: "/oidc/callback/", public(404)),
    Row("robots_txt", "file", "GET", lambda w: "/robots.txt", public(200)),
    Row("favicon", "redirect", "GET", lambda w: "/favicon.ico", public(302)),
    # Which emails a person gets: their own settings; the link in an email works signed out,
    # for the one person and kind its signed token names (tests/careers/test_notifications.py).
    Row(
        "assessments:notification_settings",
        "page",
        "GET",
        lambda w: "/me/notifications/",
        everyone(200),
    ),
    Row(
        "assessments:notification_settings",
        "save: each saves only their own",
        "POST",
        lambda w: "/me/notifications/",
        everyone(302),
        data=lambda w: {"result_shared": "on"},
    ),
    # API tokens: each person's own; revoking is only for the token's maker.
    Row("tokens", "page", "GET", lambda w: "/me/tokens/", everyone(200)),
    Row(
        "tokens",
        "make one: each for themselves",
        "POST",
        lambda w: "/me/tokens/",
        everyone(200),
        data=lambda w: {"name": "HR reporting"},
    ),
    Row(
        "revoke_token",
        "pm's token",
        "POST",
        lambda w: f"/me/tokens/{w.pm_token_id}/revoke/",
        only(pm=302),
    ),
    # The JSON API: the same rules as the pages, with 401 JSON instead of the sign-in page.
    # Its schema and docs describe no one's data.
    Row("api:openapi-json", "schema", "GET", lambda w: "/api/openapi.json", public(200)),
    Row("api:openapi-view", "docs", "GET", lambda w: "/api/docs", public(200)),
    Row("api:api-root", "nothing there", "GET", lambda w: "/api/", public(404)),
    Row("api:my_results", "own", "GET", lambda w: "/api/me/results", api_everyone(200)),
    Row(
        "api:my_result",
        "pm's shared result",
        "GET",
        lambda w: f"/api/me/results/{w.pm_result.pk}",
        api_only(pm=200),
    ),
    Row(
        "api:my_result",
        "pm2's private result",
        "GET",
        lambda w: f"/api/me/results/{w.peer_result.pk}",
        api_only(peer=200),
    ),
    Row(
        "api:my_result",
        "manager's finished view of pm",
        "GET",
        lambda w: f"/api/me/results/{w.view_done.pk}",
        api_only(),
    ),
    Row("api:team_results", "own team", "GET", lambda w: "/api/team/results", api_everyone(200)),
    Row("api:org_insight", "insight", "GET", lambda w: "/api/insights", api_only(superuser=200)),
    Row(
        "assessments:unsubscribe",
        "pm's link",
        "GET",
        lambda w: (
            f"/notifications/unsubscribe/{unsubscribe_token(w.users['pm'].pk, 'retake_reminder')}/"
        ),
        public(200),
    ),
    Row(
        "assessments:unsubscribe",
        "pm's link, one click",
        "POST",
        lambda w: (
            f"/notifications/unsubscribe/{unsubscribe_token(w.users['pm'].pk, 'retake_reminder')}/"
        ),
        public(200),
    ),
    Row(
        "assessments:unsubscribe",
        "a forged link",
        "POST",
        lambda w: "/notifications/unsubscribe/not-a-token/",
        public(400),
    ),
]


def build_world() -> SimpleNamespace:
    """pm: a shared result (answers too) and an open retake; pm2: a private result; the
    manager: an open view of pm and a private note; boss2 manages pm3; a staff member."""
    org = demo_org()
    pm, pm2, manager = org["pm"], org["pm2"], org["manager"]
    boss2 = UserFactory(username="boss2", first_name="Other boss")
    User.objects.filter(username="pm3").update(manager=boss2)
    staff = UserFactory(username="staffer", is_staff=True)
    pm_result = take_quiz(pm, "people", share=True, share_answers=True)
    peer_result = take_quiz(pm2, "builder")
    pm_open = start_or_resume(pm)
    peer_follow_up = start_or_resume(pm2)
    save_answers(peer_follow_up, answers_in_band())
    view_done = take_quiz(pm, "middle", respondent=manager)
    view_open = start_or_resume(manager, pm, "pm-motivators-observer")
    ManagerNote.objects.create(author=manager, subject=pm, text=NOTE_MARKER)
    pm_token, _ = AccessToken.issue(pm, "pm's script")
    pm_plan = plan_for(pm, experiments=1, checkins=3)
    set_plan_sharing(pm_plan, shared=True, reflections=False, by=pm)
    board_member = BoardMember.objects.create(
        person=pm, name="Ada", role="mentor", helps_with="Strategy", every_weeks=4
    )
    spec = pm_open.version.to_spec()
    first = next(item for item in spec.items if item.kind == "likert")
    return SimpleNamespace(
        users={
            "pm": pm,
            "peer": pm2,
            "manager": manager,
            "other_manager": boss2,
            "staff": staff,
            "superuser": org["admin"],
        },
        pm_result=pm_result,
        peer_result=peer_result,
        pm_open=pm_open,
        peer_follow_up=peer_follow_up,
        follow_up_item=spec.index.follow_up[0].key,
        view_open=view_open,
        view_done=view_done,
        section=spec.sections[0].key,
        view_section=view_open.version.to_spec().sections[0].key,
        first_item=first.key,
        first_value="4",
        pm_token_id=pm_token.pk,
        ladder=pm.level.ladder.slug,
        level_id=pm.level_id,
        pm_experiment=pm_plan.experiments.get().pk,
        pm_board_member=board_member.pk,
    )


@pytest.fixture(scope="module")
def built_world(module_transaction, django_db_blocker) -> SimpleNamespace:
    """The world, built once for all ~200 tests here and rolled back after the last."""
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(built_world, db) -> SimpleNamespace:
    """A fresh copy of the world's objects for each test, as ``setUpTestData`` gives: a test
    that changes an object in memory (not only its row) leaves the next test's copy alone."""
    return copy.deepcopy(built_world)


def request(client, row: Row, world: SimpleNamespace, role: str):
    if role != "anonymous":
        client.force_login(world.users[role])
    path = row.path(world)
    headers = {"HX-Request": "true"} if row.htmx else {}
    if row.method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, row.data(world), headers=headers)


CELLS = [(row, role) for row in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), CELLS, ids=[f"{r.id}-{role}" for r, role in CELLS])
def test_cell(client, world, row: Row, role: str):
    response = request(client, row, world, role)
    expected = row.expect[role]
    assert response.status_code == expected, (
        f"{role} {row.method} {row.path(world)} → {response.status_code}, expected {expected}"
    )
    if expected == 302 and role == "anonymous" and row.expect != public(302):
        assert response["Location"].startswith("/accounts/login/")
    body = response.content.decode(errors="replace")  # a PDF is bytes
    if expected == 404:
        # A stranger's 404 is the plain one: nothing about the object or the person.
        for owner, name in (("pm", "Pat Product"), ("peer", "Sam Sample")):
            assert role == owner or name not in body
    # Leaks, whatever the status: the note is the manager's, pm2's result is pm2's.
    if role != "manager":
        assert NOTE_MARKER not in body
    if role != "peer":
        assert str(world.peer_result.pk) not in body
    if role not in ("pm", "manager"):
        assert str(world.pm_result.pk) not in body
    if role != "manager":
        assert str(world.view_done.pk) not in body and str(world.view_open.pk) not in body


@pytest.mark.django_db
def test_strangers_404_matches_a_missing_object(client, world):
    """Same status and same body for "exists but not yours" and "does not exist"."""
    client.force_login(world.users["other_manager"])
    real = client.get("/team/pm/")
    missing = client.get("/team/nobody-by-this-name/")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    real = client.get(f"/results/{world.pm_result.pk}/")
    missing = client.get("/results/00000000-0000-0000-0000-000000000009/")
    assert real.content == missing.content


def test_every_url_has_a_matrix_row():
    """Adding a URL without deciding who may open it fails here."""
    covered = {row.route for row in MATRIX}
    missing = sorted(r.name for r in all_routes() if not exempt(r) and r.name not in covered)
    assert not missing, f"URLs without a row in the authorization matrix: {missing}"
    stale = covered - {r.name for r in all_routes()}
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


def test_every_row_asserts_every_role():
    for row in MATRIX:
        assert set(row.expect) == set(ROLES), row.id


@pytest.mark.django_db
def test_a_new_manager_takes_over_on_the_next_request(client, world):
    pm, old, new = world.users["pm"], world.users["manager"], world.users["other_manager"]
    client.force_login(old)
    assert client.get("/team/pm/").status_code == 200
    pm.manager = new
    pm.save(update_fields=["manager"])
    assert client.get("/team/pm/").status_code == 404
    assert client.get(f"/team/pm/results/{world.pm_result.pk}/").status_code == 404
    assert client.post("/team/pm/note/", {"text": "x"}).status_code == 404
    assert client.get(f"/quiz/{world.view_open.pk}/").status_code == 404
    assert "Pat Product" not in client.get("/team/").content.decode()
    client.force_login(new)
    assert client.get("/team/pm/").status_code == 200
    # The old manager's note stays theirs: the new manager does not inherit it.
    assert NOTE_MARKER not in client.get("/team/pm/").content.decode()


@pytest.mark.django_db
def test_a_deactivated_report_disappears_from_the_team(client, world):
    User.objects.filter(pk=world.users["pm"].pk).update(is_active=False)
    client.force_login(world.users["manager"])
    assert client.get("/team/pm/").status_code == 404
    assert "Pat Product" not in client.get("/team/").content.decode()


@pytest.mark.django_db
def test_the_managers_finished_view_opens_beside_the_comparison(client, world):
    client.force_login(world.users["manager"])
    response = client.get(f"/results/{world.view_done.pk}/")
    assert response["Location"] == "/team/pm/#comparison"


@pytest.mark.django_db
def test_the_report_never_sees_the_managers_view_or_note(client, world):
    view = world.view_done
    client.force_login(world.users["pm"])
    for path in ("/", "/results/", f"/results/{world.pm_result.pk}/", "/team/"):
        body = client.get(path).content.decode()
        assert str(view.pk) not in body and NOTE_MARKER not in body
    assert client.get(f"/results/{view.pk}/").status_code == 404
    assert Assessment.objects.filter(pk=view.pk).exists()
