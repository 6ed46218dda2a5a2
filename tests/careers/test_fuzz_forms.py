"""Every form endpoint, fuzzed: generated bodies posted as every role never make a 500, and a
refusal (any 4xx) never leaves a changed row behind.

The targets are the authorization matrix's rows (real objects, real ids), the sign-in and
password pages, and the admin's add and change forms for the project's own models. Bodies mix
the endpoint's own field names with unknown ones; values are huge or odd numbers, unicode
(right-to-left marks, emoji), NUL bytes, invalid UTF-8, empty strings and 1 MB strings; keys
repeat; some bodies are raw JSON or garbage under odd content types; some carry htmx's header.

Each request runs in its own savepoint, rolled back afterwards, so examples never see each
other's writes (the sign-in throttle's failure counts included). The run is derandomized, so
CI sees the same examples every time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from types import SimpleNamespace
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import path as url_path
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers.models import User
from ladders.models import Level
from tests.careers.factories import UserFactory
from tests.careers.test_authorization_matrix import MATRIX, ROLES, Row, build_world, public
from tests.url_catalogue import all_routes

FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ADMIN_ROLES = ("staff", "editor", "superuser")
EDITOR_PERMISSIONS = (
    "view_user",
    "change_user",
    "add_user",
    "view_ladder",
    "change_ladder",
    "add_ladder",
    "view_level",
    "change_level",
    "view_questionnaireversion",
    "change_questionnaireversion",
)

# ---- the world: the matrix's, plus what only forms need -------------------------------


@pytest.fixture(scope="module")
def world(module_transaction, django_db_blocker) -> SimpleNamespace:
    """The authorization matrix's world, plus a staff member with some admin rights
    ("editor") and a draft questionnaire version, whose YAML the admin edits."""
    with django_db_blocker.unblock():
        world = build_world()
        editor = UserFactory(username="editor", is_staff=True)
        editor.user_permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
        world.users["editor"] = editor
        world.draft = world.pm_open.version.make_draft()
        world.ladder_pk = world.users["pm"].level.ladder_id
        world.sessions = {}
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        world.item_keys = tuple(item.key for item in world.pm_open.version.to_spec().items)
        world.view_item_keys = tuple(item.key for item in world.view_open.version.to_spec().items)
        return world


# ---- the checking function ---------------------------------------------------------------


def project_tables() -> list[type]:
    """Every table the project owns (its models and their many-to-many tables), and the
    people's groups and permissions. Sessions and the sign-in throttle's records are left
    out: those are written by design whatever the answer."""
    models = []
    for label in ("careers", "growth", "assessments", "ladders"):
        models += apps.get_app_config(label).get_models(include_auto_created=True)
    return models


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of the project's tables, read with plain SQL (the ORM's query building
    would cost more than the request under test)."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in project_tables():
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            rows[model._meta.label] = cursor.fetchall()
    return rows


@dataclass(frozen=True)
class Body:
    """One generated request body: pairs (keys may repeat) and how they are sent."""

    pairs: tuple[tuple[str, bytes], ...] = ()
    encoding: str = "form"  # "form", "multipart" or "raw"
    raw: bytes = b""
    content_type: str = ""
    htmx: bool = False

    def post(self, client: Client, path: str):
        headers = {"HX-Request": "true"} if self.htmx else {}
        if self.encoding == "raw":  # generic(): post() would re-encode to the named charset
            return client.generic("POST", path, self.raw, self.content_type, headers=headers)
        if self.encoding == "multipart":
            data: dict[str, list[str]] = {}
            for key, value in self.pairs:
                data.setdefault(key, []).append(value.decode("utf-8", "replace"))
            return client.post(path, data, headers=headers)
        encoded = "&".join(
            f"{quote_from_bytes(key.encode('utf-8', 'surrogatepass'))}={quote_from_bytes(value)}"
            for key, value in self.pairs
        )
        form = "application/x-www-form-urlencoded"
        return client.generic("POST", path, encoded.encode("ascii"), form, headers=headers)

    def describe(self) -> str:
        def short(text) -> str:
            text = repr(text)
            return text if len(text) < 60 else f"{text[:40]}…({len(text)} chars)"

        if self.encoding == "raw":
            return f"raw {self.content_type!r}: {short(self.raw)}"
        pairs = ", ".join(f"{short(key)}={short(value)}" for key, value in self.pairs)
        return f"{self.encoding}{' htmx' if self.htmx else ''}: {pairs}"


def check_post(
    client: Client,
    path: str,
    body: Body,
    *,
    prime: Callable[[Client], None] | None = None,
) -> HttpResponse:
    """Post ``body`` to ``path`` inside a savepoint that is rolled back: never a 500, and on
    a 4xx no row of the project's tables changed. ``prime`` runs first, in the same
    savepoint (opening a reset link)."""
    with transaction.atomic():
        if prime is not None:
            prime(client)
        before = fingerprint()
        response = body.post(client, path)
        status = response.status_code
        assert status < 500, f"POST {path} → {status} for {body.describe()}"
        if 400 <= status < 500:
            after = fingerprint()
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, (
                f"POST {path} → {status} but changed {changed} for {body.describe()}"
            )
        transaction.set_rollback(True)
    return response


# ---- generated bodies ----------------------------------------------------------------------

HUGE = "9" * 4301
MEGABYTE = 1_000_000
odd_numbers = st.sampled_from(
    [
        HUGE,
        "-" + HUGE,
        "1" + "0" * 20,
        "9223372036854775808",
        "4294967296",
        "32768",
        "-1",
        "0",
        "-0",
        "1.5",
        "1e309",
        "-1e-309",
        "NaN",
        "inf",
        "0x10",
        "1_000",
        "٣",  # an Arabic-Indic three: str.isdigit() and int() accept it
        "²",
        " 4 ",
    ]
) | st.integers().map(str)
odd_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "on\x00",
        "a\x00b",
        "\u202eevil\u202c",
        "שלום עולם",
        "مرحبا",
        "👩🏽‍💻🚀",
        "𝕏",
        "\ufeff",
        "<script>alert(1)</script>",
        "{{ 7|add:7 }}",
        "%s%n",
        "' OR 1=1 --",
        "on",
        "true",
        "delete",
        "finish",
        "later",
        "[" * 2000 + "]" * 2000,
        "a: &a [*a]\n",
        "x" * 5001,
    ]
) | st.text(max_size=30)
raw_bytes = st.binary(max_size=16) | st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"%", b"\x00"])
megabyte = st.sampled_from(["x" * MEGABYTE, "é" * (MEGABYTE // 2)])


def as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


# One value in sixteen is a megabyte: enough to meet them in every run, few enough to stay fast.
values = (
    st.integers(0, 15)
    .flatmap(lambda n: megabyte if n == 0 else st.one_of(odd_numbers, odd_text, raw_bytes))
    .map(as_bytes)
)
unknown_keys = st.text(min_size=1, max_size=20) | st.sampled_from(
    ["", "\x00", "x" * 1000, "csrfmiddlewaretoken", "__proto__", "id", "pk", "is_superuser"]
)
raw_bodies = st.builds(
    Body,
    encoding=st.just("raw"),
    raw=st.one_of(
        st.binary(max_size=64),
        st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3).map(
            lambda d: json.dumps(d).encode()
        ),
        st.just(b'{"share_result": true, "level": 1e999}'),
        st.just(b"--zz\r\nContent-Disposition: form-data; name=\x00\r\n\r\n"),
    ),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "multipart/form-data",
            "multipart/form-data; boundary=zz",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=no-such-codec",
            "application/octet-stream",
        ]
    ),
    htmx=st.booleans(),
)


@st.composite
def bodies(draw, known: tuple[str, ...], base: tuple[tuple[str, str], ...] = ()) -> Body:
    """A form body for an endpoint whose fields are ``known``: its valid ``base`` body (if
    any) with generated pairs replacing or joining it; now and then a raw body instead."""
    if draw(st.integers(0, 9)) == 0:
        return draw(raw_bodies)
    keys = st.sampled_from(known) | unknown_keys if known else unknown_keys
    pairs = draw(st.lists(st.tuples(keys, values), max_size=5))
    if draw(st.booleans()):  # replace the base's values rather than repeating its keys
        drawn = {key for key, _ in pairs}
        base = tuple((key, value) for key, value in base if key not in drawn)
    return Body(
        pairs=tuple((key, value.encode()) for key, value in base) + tuple(pairs),
        encoding=draw(st.sampled_from(["form", "form", "multipart"])),
        htmx=draw(st.booleans()),
    )


# ---- the targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    id: str
    path: Callable[[SimpleNamespace], str]
    known: Callable[[SimpleNamespace], tuple[str, ...]] = lambda w: ()
    base: Callable[[SimpleNamespace], tuple[tuple[str, str], ...]] = lambda w: ()
    roles: tuple[str, ...] = ROLES
    prime: Callable[[Client, SimpleNamespace], None] | None = None


KNOWN_FIELDS = {
    "assessments:section": lambda w: (*w.item_keys, *w.view_item_keys, "action"),
    "assessments:set_level": lambda w: ("level",),
    "sharing": lambda w: ("share_result", "share_answers"),
    "assessments:keep_manager_updated": lambda w: ("keep_manager_updated", "next"),
    "team_note": lambda w: ("text",),
    "assessments:dismiss_manager_notice": lambda w: ("next",),
    "assessments:delete_all": lambda w: ("confirm",),
    "assessments:delete_result": lambda w: ("confirm",),
    "tokens": lambda w: ("name",),
    "growth:start": lambda w: ("current", "target", "suggestions"),
    "growth:target": lambda w: ("target",),
    "growth:ratings": lambda w: ("rating-coaching", "rating-delivery"),
    "growth:sharing": lambda w: ("share_plan", "share_reflections"),
    "growth:add_experiment": lambda w: ("title", "hypothesis", "signal", "weeks"),
    "growth:experiment_status": lambda w: ("action",),
    "growth:checkin": lambda w: ("energy", "note"),
    "growth:end_experiment": lambda w: ("reflection", "leaning"),
    "growth:board": lambda w: ("name", "role", "helps_with", "every_weeks", "last_touch"),
    "growth:pulse": lambda w: ("learning", "challenged", "energy"),
    "growth:team_comment": lambda w: ("text",),
}


def post_rows() -> list:
    """The matrix's POST rows. A row's htmx variant stays a target of its own for its base
    body, though every generated body chooses the htmx header for itself."""
    return [row for row in MATRIX if row.method == "POST"]


def get_only_rows() -> list:
    """The matrix's pages that answer GET alone (their routes have no POST row and no
    form target below)."""
    posted = {row.route for row in MATRIX if row.method == "POST"}
    posted |= {target.id.split("[")[0] for target in SITE_TARGETS}
    return [row for row in MATRIX if row.route not in posted]


def _row_target(row) -> Target:
    known = KNOWN_FIELDS.get(row.route, lambda w: ())
    return Target(
        id=f"{row.route}[{row.variant}]",
        path=row.path,
        known=known,
        base=lambda w, row=row: tuple((k, str(v)) for k, v in row.data(w).items()),
    )


def _open_reset_link(client: Client, *, world: SimpleNamespace) -> None:
    """A real reset link for pm, opened: Django keeps the token in the session and sends
    the browser to the set-password form, which is the one posted."""
    pm = User.objects.get(username="pm")
    uid = urlsafe_base64_encode(force_bytes(pm.pk))
    client.get(f"/accounts/reset/{uid}/{default_token_generator.make_token(pm)}/")


def _reset_path(world: SimpleNamespace) -> str:
    return (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(world.users['pm'].pk))}/set-password/"
    )


PASSWORDS = ("new_password1", "new_password2")
SITE_TARGETS = [
    Target(
        "login",
        lambda w: "/accounts/login/",
        lambda w: ("username", "password", "next"),
        lambda w: (("username", "pm"), ("password", "wrong")),
    ),
    Target("logout", lambda w: "/accounts/logout/", lambda w: ("next",)),
    Target(
        "password_change",
        lambda w: "/accounts/password_change/",
        lambda w: ("old_password", *PASSWORDS),
    ),
    Target("password_reset", lambda w: "/accounts/password_reset/", lambda w: ("email",)),
    Target(
        "password_reset_confirm[a forged link]",
        lambda w: "/accounts/reset/MQ/not-a-token/",
        lambda w: PASSWORDS,
    ),
    Target(
        "password_reset_confirm[a real link]",
        _reset_path,
        lambda w: PASSWORDS,
        roles=("anonymous", "pm", "peer"),
        prime=_open_reset_link,
    ),
]


def _admin(path: str) -> Callable[[SimpleNamespace], str]:
    return lambda w: "/admin/" + path.format(w=w)


def _inline(prefix: str) -> tuple[tuple[str, str], ...]:
    """An inline's management form with no rows: existing rows stay as they are."""
    return tuple(
        (f"{prefix}-{name}", "0")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    )


def _ladder_body(w) -> tuple[tuple[str, str], ...]:
    return (
        ("name", "Fuzzed ladder"),
        ("slug", "fuzzed"),
        ("description", ""),
        *_inline("tracks"),
        *_inline("levels"),
        *_inline("competencies"),
    )


def _level_body(w) -> tuple[tuple[str, str], ...]:
    level = Level.objects.get(pk=w.level_id)
    return (
        ("ladder", str(level.ladder_id)),
        ("track", str(level.track_id)),
        ("key", "fuzzed-level"),
        ("title", "Fuzzed"),
        ("rank", str(level.rank)),
        ("position", "9"),
        ("people_pct", "30"),
        ("product_pct", "50"),
        ("individual_pct", "20"),
        *_inline("expectations"),
    )


def _user_body(w) -> tuple[tuple[str, str], ...]:
    pm = w.users["pm"]
    return (
        ("username", "pm"),
        ("first_name", pm.first_name),
        ("email", pm.email),
        ("is_active", "on"),
        ("date_joined_0", "2024-01-01"),
        ("date_joined_1", "09:00:00"),
        ("manager", str(pm.manager_id)),
        ("level", str(pm.level_id)),
        *_inline("reports"),
    )


def _version_body(w) -> tuple[tuple[str, str], ...]:
    return (("spec", "slug: pm-motivators\n"),)


LADDER_FIELDS = ("name", "slug", "is_default", "description", "tracks-TOTAL_FORMS", "levels-0-rank")
LEVEL_FIELDS = (
    "ladder",
    "track",
    "key",
    "title",
    "rank",
    "position",
    "people_pct",
    "product_pct",
    "next_levels",
    "previous_levels",
    "expectations-TOTAL_FORMS",
    "expectations-0-proficiency",
)
USER_FIELDS = (
    "username",
    "email",
    "manager",
    "level",
    "ladder",
    "is_superuser",
    "is_staff",
    "user_permissions",
    "groups",
    "date_joined_0",
    "password1",
    "password2",
    "reports-TOTAL_FORMS",
    "reports-INITIAL_FORMS",
)
ACTION_FIELDS = ("action", "_selected_action", "select_across", "index")
ADMIN_TARGETS = [
    Target(
        "admin:login",
        _admin("login/"),
        lambda w: ("username", "password", "next"),
        lambda w: (("username", "admin"), ("password", "wrong")),
        roles=("anonymous",),
    ),
    Target(
        "admin ladder add", _admin("ladders/ladder/add/"), lambda w: LADDER_FIELDS, _ladder_body
    ),
    Target(
        "admin ladder change",
        _admin("ladders/ladder/{w.ladder_pk}/change/"),
        lambda w: LADDER_FIELDS,
        _ladder_body,
    ),
    Target(
        "admin ladder actions",
        _admin("ladders/ladder/"),
        lambda w: ACTION_FIELDS,
        lambda w: (("action", "duplicate"), ("_selected_action", str(w.ladder_pk))),
    ),
    Target("admin level add", _admin("ladders/level/add/"), lambda w: LEVEL_FIELDS, _level_body),
    Target(
        "admin level change",
        _admin("ladders/level/{w.level_id}/change/"),
        lambda w: LEVEL_FIELDS,
        _level_body,
    ),
    Target(
        "admin questionnaire add",
        _admin("assessments/questionnaire/add/"),
        lambda w: ("slug", "title", "audience"),
        lambda w: (("slug", "fuzzed"), ("title", "Fuzzed"), ("audience", "self")),
    ),
    Target(
        "admin questionnaire version add",
        _admin("assessments/questionnaireversion/add/"),
        lambda w: ("questionnaire", "number", "spec"),
        _version_body,
    ),
    Target(
        "admin draft change",
        _admin("assessments/questionnaireversion/{w.draft.pk}/change/"),
        lambda w: ("spec",),
        _version_body,
    ),
    Target(
        "admin draft publish",
        _admin("assessments/questionnaireversion/{w.draft.pk}/publish/"),
    ),
    Target(
        "admin version actions",
        _admin("assessments/questionnaireversion/"),
        lambda w: ACTION_FIELDS,
        lambda w: (("action", "publish_drafts"), ("_selected_action", str(w.draft.pk))),
    ),
    Target("admin user add", _admin("careers/user/add/"), lambda w: USER_FIELDS, _user_body),
    Target(
        "admin user change",
        _admin("careers/user/{w.users[pm].pk}/change/"),
        lambda w: USER_FIELDS,
        _user_body,
    ),
    Target(
        "admin user password",
        _admin("careers/user/{w.users[pm].pk}/password/"),
        lambda w: ("password1", "password2", "usable_password"),
    ),
    Target(
        "admin access log add",
        _admin("assessments/accessevent/add/"),
        lambda w: ("person", "actor", "kind", "detail"),
    ),
    Target(
        "admin result change",
        _admin("assessments/result/{w.pm_result.pk}/change/"),
        lambda w: ("outcome", "payload"),
    ),
]
ADMIN_TARGETS[1:] = [replace(target, roles=ADMIN_ROLES) for target in ADMIN_TARGETS[1:]]

TARGETS = [_row_target(row) for row in post_rows()] + SITE_TARGETS + ADMIN_TARGETS


def client_for(world: SimpleNamespace, role: str) -> Client:
    """A client holding the role's session, made once with the world: signing in for each
    request would cost more than the request."""
    client = Client()
    if role != "anonymous":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=[target.id for target in TARGETS])
def test_a_form_endpoint_never_fails_and_refuses_cleanly(world, target: Target):
    path = target.path(world)
    strategy = bodies(target.known(world), target.base(world))

    @FUZZ
    @given(body=strategy)
    def fuzz(body: Body) -> None:
        for role in target.roles:
            prime = partial(target.prime, world=world) if target.prime else None
            check_post(client_for(world, role), path, body, prime=prime)

    fuzz()


# ---- pages that only show: a post is refused before anything is read --------------------

GET_ONLY = [
    *get_only_rows(),
    Row("healthz", "check", "GET", lambda w: "/healthz", public(200)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", GET_ONLY, ids=[row.id for row in GET_ONLY])
def test_a_page_that_only_shows_answers_a_post_with_405(world, row):
    path = row.path(world)
    needs_sign_in = row.expect["anonymous"] == 302 and row.expect != public(302)

    @settings(FUZZ, max_examples=2)
    @given(body=bodies(()))
    def fuzz(body: Body) -> None:
        for role in ROLES:
            response = check_post(client_for(world, role), path, body)
            expected = 302 if role == "anonymous" and needs_sign_in else 405
            if row.expect == public(404):  # switched off (single sign-on): nothing answers
                expected = 404
            assert response.status_code == expected, f"{role} POST {path}"

    fuzz()


# ---- nothing escapes the fuzzer ------------------------------------------------------------


def test_every_url_of_the_site_is_fuzzed():
    fuzzed = {row.route for row in MATRIX} | {"healthz"}
    fuzzed |= {target.id.split("[")[0] for target in SITE_TARGETS}
    missing = [
        route.name
        for route in all_routes()
        if not route.pattern.startswith("admin/") and route.name not in fuzzed
    ]
    assert not missing, f"URLs no fuzz test posts to: {missing}"


@pytest.mark.django_db
def test_every_model_of_the_project_in_the_admin_has_its_form_fuzzed(world):
    paths = " ".join(target.path(world) for target in ADMIN_TARGETS)
    missing = [
        model._meta.label
        for model in admin.site._registry
        if model._meta.app_label in ("careers", "assessments", "ladders")
        and f"/{model._meta.app_label}/{model._meta.model_name}/" not in paths
    ]
    assert not missing, f"Admin forms no fuzz test posts to: {missing}"


# ---- the check itself can fail ---------------------------------------------------------------


@login_not_required
def _raises(request):
    raise RuntimeError("a bug in a view")


@login_not_required
def _answers_500(request):
    return HttpResponse("oops", status=500)


@login_not_required
def _writes_then_refuses(request):
    User.objects.filter(username="pm").update(first_name="Changed")
    return HttpResponse("refused", status=400)


urlpatterns = [
    url_path("raises/", _raises),
    url_path("answers-500/", _answers_500),
    url_path("writes-then-refuses/", _writes_then_refuses),
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_check_reports_a_crash_a_500_and_a_write_on_a_refusal(world):
    body = Body(pairs=(("text", b"x"),))
    with pytest.raises(RuntimeError, match="a bug in a view"):
        check_post(Client(), "/raises/", body)
    with pytest.raises(AssertionError, match="/answers-500/ → 500"):
        check_post(Client(), "/answers-500/", body)
    with pytest.raises(AssertionError, match=r"→ 400 but changed \['careers.User'\]"):
        check_post(Client(), "/writes-then-refuses/", body)
    # The refused write was rolled back with the example's savepoint.
    assert User.objects.get(username="pm").first_name == world.users["pm"].first_name
