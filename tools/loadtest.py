"""The load benchmark: ``make loadtest`` and ``make loadtest-takers`` (docs/performance.md).

``python -m tools.loadtest pages`` serves the site as in production (gunicorn, 2 workers,
debug off) on a fresh database with the demo data, signs people in, and measures each page of
``PAGES`` with wrk (10 connections), each against the sign-in page of an anonymous visitor in
the same run. ``python -m tools.loadtest takers --takers 50`` sends that many people through
the whole quiz at once over real HTTP, then checks in the database that every answer the
server acknowledged is stored and that each taker has exactly one result.

The database is SQLite in a temporary folder, or, when ``DATABASE_URL`` names PostgreSQL, a
fresh database next to it (``<name>_loadtest``, made anew each run; the role needs CREATEDB).
The takers are plain threads with ``http.client``: each waits on the server almost all the
time, and the report says how much CPU the client used, so it can be seen not to be the limit.
Nothing in the apps imports this module.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import django
import psycopg
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client as DjangoClient

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).with_name("loadtest.lua")
WORKERS = 2
CONNECTIONS = 10


@dataclass(frozen=True)
class Page:
    """A page to measure: its path (``{name}`` filled in from the demo world, see
    ``prepare_world``), who asks for it (None: an anonymous visitor), and the target ratio of
    its requests per second to the sign-in page's. ``post`` makes it an htmx autosave.
    ``path`` and ``user`` may name values of the demo world (see ``prepare_world``)."""

    name: str
    path: str
    user: str | None
    target: float | None
    post: bool = False


SIGN_IN = Page("sign-in page (anonymous)", "/accounts/login/", None, None)
# The pages of the benchmark; a new page is one more line here.
PAGES = [
    Page("quiz section", "/quiz/{assessment}/{section}/", "pm", 0.5),
    Page("answer autosave (htmx POST)", "/quiz/{assessment}/{section}/", "pm", 0.5, post=True),
    Page("result page", "/results/{result}/", "{report}", 0.4),
    Page("/team/", "/team/", "manager", 0.3),
    Page("/team/<username>/", "/team/{report}/", "manager", 0.3),
    Page("ladder page", "/ladders/{ladder}/", "pm", 0.5),
    Page("growth plan", "/plan/", "{report}", 0.3),
    Page("manager's home", "/", "manager", 0.3),
]


# ---- a small HTTP client that keeps cookies ---------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: str


class Client:
    """One person's browser, reduced to what the quiz needs: cookies (sent whatever their
    Secure flag, since the benchmark speaks plain HTTP to a production-style server), the
    CSRF header on every POST, and no automatic redirects."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.cookies = dict(cookies or {})
        self.latencies: list[tuple[str, float]] = []

    def request(self, method: str, path: str, data: dict | None = None, htmx: bool = False):
        headers = {"Cookie": self.cookie_header()}
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        raw = self.connection.getresponse()
        text = raw.read().decode()
        kind = "autosave" if htmx else method
        self.latencies.append((kind, time.perf_counter() - started))
        for cookie in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = urlsplit(raw.headers.get("Location", "")).path
        return Response(raw.status, location, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None, htmx: bool = False) -> Response:
        return self.request("POST", path, data, htmx)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def session_cookies(usernames: list[str]) -> dict[str, dict[str, str]]:
    """Signs each person in through Django's own session machinery (the test client's
    ``force_login``), so no password is hashed: their cookies, by username."""
    people = get_user_model().objects.in_bulk(usernames, field_name="username")
    cookies = {}
    for username in usernames:
        browser = DjangoClient()
        browser.force_login(people[username])
        name = settings.SESSION_COOKIE_NAME
        cookies[username] = {name: browser.cookies[name].value}
    return cookies


def signed_in_client(base_url: str, cookies: dict[str, str]) -> Client:
    """A client with the session, and the CSRF cookie the first page hands out."""
    client = Client(base_url, cookies)
    client.get("/")
    return client


# ---- one taker: through the whole quiz, following what the server says is next --------


class QuizPage(HTMLParser):
    """The quiz form of a page: its action, the choices of each statement (radio groups)
    with any already checked, and the default submit action (the form's first button)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.action = ""
        self.choices: dict[str, list[str]] = {}
        self.checked: set[str] = set()
        self.default_action = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        action = attr.get("action", "")
        if tag == "form" and not self.action and action.startswith("/quiz/"):
            if not action.endswith("/discard/"):  # never the form that throws answers away
                self.action = action
        elif tag == "input" and attr.get("type") == "radio":
            self.choices.setdefault(attr["name"], []).append(attr["value"])
            if "checked" in attr:
                self.checked.add(attr["name"])
        elif tag == "button" and attr.get("name") == "action" and not self.default_action:
            self.default_action = attr.get("value", "")


RESULT_PATH = re.compile(r"^/results/(?P<pk>[0-9a-f-]{36})/$")
QUIZ_PATH = re.compile(r"^/quiz/(?P<pk>[0-9a-f-]{36})/")
QUIZ_SECTION_PATH = re.compile(r"^/quiz/(?P<assessment>[0-9a-f-]{36})/(?P<section>[^/]+)/$")
MAX_STEPS = 100  # pages and posts of one quiz; far more than any questionnaire needs


@dataclass
class Taker:
    """What one taker did: the answers the server acknowledged, and what went wrong."""

    username: str
    assessment: str = ""
    result: str = ""
    acknowledged: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    latencies: list[tuple[str, float]] = field(default_factory=list)


def take_quiz(client: Client, username: str, seed: int = 0) -> Taker:
    """Start the quiz and keep going wherever the server leads (sections, a follow-up part,
    statements it says are still open) until it shows a result: every unanswered statement
    is autosaved one by one as htmx does, then the form is sent with its default button."""
    rng = random.Random(seed)
    taker = Taker(username)
    response = client.post("/quiz/start/")
    for _ in range(MAX_STEPS):
        if response.status in (301, 302, 303):
            if match := RESULT_PATH.match(response.location):
                taker.result = match["pk"]
                break
            if match := QUIZ_PATH.match(response.location):
                taker.assessment = match["pk"]
            response = client.get(response.location)
            continue
        page = QuizPage(response.body) if response.status == 200 else None
        if not page or not page.action:
            taker.errors.append(f"{response.status} where a quiz page was expected")
            break
        answers = {
            name: rng.choice(values)
            for name, values in page.choices.items()
            if name not in page.checked
        }
        for name, value in answers.items():
            saved = client.post(page.action, {name: value}, htmx=True)
            if saved.status == 200:
                taker.acknowledged[name] = value
            else:
                taker.errors.append(f"autosave of {name}: {saved.status}")
        response = client.post(page.action, {**answers, "action": page.default_action})
    else:
        taker.errors.append(f"no result after {MAX_STEPS} steps")
    taker.latencies = client.latencies
    return taker


def make_takers(count: int) -> list[str]:
    """``count`` people with no password (they are signed in through sessions)."""
    User = get_user_model()
    usernames = [f"loadtest-taker-{number:03d}" for number in range(1, count + 1)]
    User.objects.bulk_create(
        [User(username=name, password="!") for name in usernames], ignore_conflicts=True
    )
    return usernames


def run_takers(base_url: str, usernames: list[str]) -> list[Taker]:
    """Every taker through the quiz at the same moment, one thread each."""
    cookies = session_cookies(usernames)
    clients = [signed_in_client(base_url, cookies[name]) for name in usernames]
    gate = threading.Barrier(len(usernames))

    def run(index: int) -> Taker:
        gate.wait()
        return take_quiz(clients[index], usernames[index], seed=index)

    with ThreadPoolExecutor(max_workers=len(usernames)) as pool:
        return list(pool.map(run, range(len(usernames))))


@dataclass
class Check:
    acknowledged: int
    stored: int
    lost: list[str]
    results_wrong: list[str]


def check_database(takers: list[Taker]) -> Check:
    """Compares what the server acknowledged with what the database holds: each answer
    stored with the value given, and exactly one result per taker."""
    Answer = apps.get_model("assessments", "Answer")
    Result = apps.get_model("assessments", "Result")
    lost, results_wrong, stored = [], [], 0
    for taker in takers:
        rows = Answer.objects.filter(assessment_id=taker.assessment or None)
        saved = {row.item_key: str(row.value) for row in rows}
        stored += len(saved)
        lost += [
            f"{taker.username} {key}"
            for key, value in taker.acknowledged.items()
            if saved.get(key) != value
        ]
        results = Result.objects.filter(assessment__respondent__username=taker.username)
        if results.count() != 1:
            results_wrong.append(f"{taker.username}: {results.count()} results")
    acknowledged = sum(len(taker.acknowledged) for taker in takers)
    return Check(acknowledged, stored, lost, results_wrong)


# ---- the server and its database ---------------------------------------------------------


def database_url(workdir: Path) -> str:
    """A fresh database: SQLite in ``workdir``, or ``<name>_loadtest`` beside the PostgreSQL
    database of ``DATABASE_URL``, dropped and made anew."""
    given = os.environ.get("DATABASE_URL", "").strip()
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'loadtest.sqlite3'}"
    parts = urlsplit(given)
    name = parts.path.lstrip("/") + "_loadtest"
    try:
        with psycopg.connect(given, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SystemExit(
            f"Could not make the benchmark's database {name!r} beside {parts.path.lstrip('/')!r} "
            f"({reason}). DATABASE_URL must name a PostgreSQL database that exists (its "
            "server's own 'postgres' will do) and a user who may create databases."
        ) from None
    return urlunsplit(parts._replace(path=f"/{name}"))


def configure(workdir: Path) -> dict[str, str]:
    """The production-style environment (debug off) for this process and the server, then
    Django set up on the fresh database with the shipped defaults and the demo org."""
    env = {
        "DJANGO_SETTINGS_MODULE": "careers.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback, no TLS proxy
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url(workdir),
        "DJANGO_CACHE_DIR": str(workdir / "cache"),
    }
    os.environ.update(env)
    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", **quiet)
    call_command("collectstatic", interactive=False, **quiet)
    call_command("load_defaults", **quiet)
    call_command("seed_demo", force=True, **quiet)
    return {**os.environ, **env}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers_cpu_seconds(server_pid: int) -> float:
    """CPU time used so far by the server's workers (Linux; 0 where /proc is missing).
    Per request, it hardly depends on what else the machine is doing, unlike requests per
    second, so it shows what a change saved even on a busy machine."""
    try:
        children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
        stats = [
            Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() for pid in children
        ]
    except OSError:
        return 0.0
    return sum(int(stat[11]) + int(stat[12]) for stat in stats) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def server(env: dict[str, str], workdir: Path) -> Iterator[Server]:
    """gunicorn as ``make serve`` runs it, with 2 workers, once it answers."""
    port = free_port()
    log = (workdir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "careers.wsgi", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if Client(base_url).get("/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"The server did not start; see {workdir / 'gunicorn.log'}")
        yield Server(base_url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


# ---- the pages mode ----------------------------------------------------------------------


def prepare_world(base_url: str) -> tuple[dict[str, str], dict[str, Client]]:
    """The values the page paths and users need, and a signed-in client per person: pm with
    a quiz open on its first section; ``report``, one of manager's demo team, with the
    result they shared (given the way a person answers, unlike the benchmark's takers)."""
    manager = get_user_model().objects.get(username="manager")
    shared = apps.get_model("assessments", "Result").objects.shared_with(manager).first()
    world = {
        "result": str(shared.assessment_id),
        "report": shared.assessment.subject.username,
        "ladder": apps.get_model("ladders", "Ladder").objects.get(is_default=True).slug,
    }
    seed_plan(shared.assessment.subject)
    users = sorted({page.user.format(**world) for page in PAGES if page.user} | {"pm"})
    cookies = session_cookies(users)
    clients = {name: signed_in_client(base_url, cookies[name]) for name in users}
    opened = clients["pm"].post("/quiz/start/")
    first_section = clients["pm"].get(opened.location).location
    world.update(re.match(QUIZ_SECTION_PATH, first_section).groupdict())
    item, values = next(iter(QuizPage(clients["pm"].get(first_section).body).choices.items()))
    world["answer"] = urlencode({item: values[-1]})
    return world, clients


def seed_plan(person) -> None:
    """A growth plan as ``person`` would start it from their result (the demo data has none):
    the suggested levels and experiments, the first experiment running for a few weeks with a
    weekly check-in each."""
    # Imported here: the app's modules load models, which needs Django set up (configure()).
    from growth import plans
    from growth.models import CheckIn, Experiment

    reading = plans.latest_reading(person)
    spec = plans.ladder_spec(plans.ladder_for(person).slug)
    current, target = plans.starting_levels(person, spec, reading)
    plan = plans.start_plan(person, spec.slug, current, target, plans.suggestions_for(reading))
    first = plan.experiments.order_by("pk").first()
    this_week = plans.rules.week_of(plans.today())
    first.status, first.started_on = Experiment.Status.RUNNING, this_week - timedelta(weeks=4)
    first.save()
    CheckIn.objects.bulk_create(
        CheckIn(experiment=first, week=this_week - timedelta(weeks=n), energy=energy)
        for n, energy in enumerate(["energised", "neutral", "energised", "drained"], start=1)
    )


@dataclass
class Measurement:
    page: Page
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    kb_per_response: float
    cpu_ms: float  # the workers' CPU time per request


def measure(server: Server, page: Page, world: dict, clients: dict, seconds: int) -> Measurement:
    """wrk with 10 connections against one page; refuses to measure a page that does not
    answer 200 (a redirect to the sign-in page would look fast)."""
    path = page.path.format(**world)
    client = clients[page.user.format(**world)] if page.user else Client(server.url)
    answer = dict(parse_qsl(world["answer"])) if page.post else None
    check = client.post(path, answer, htmx=True) if page.post else client.get(path)
    if check.status != 200:
        raise SystemExit(f"{page.name}: {path} answered {check.status}, not 200")
    env = {
        **os.environ,
        "LOADTEST_COOKIE": client.cookie_header() if page.user else "",
        "LOADTEST_CSRF": client.cookies.get("csrftoken", ""),
        "LOADTEST_BODY": world["answer"] if page.post else "",
    }
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "-s", str(LUA_SCRIPT), server.url + path]  # fmt: skip
    cpu = workers_cpu_seconds(server.pid)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    cpu = workers_cpu_seconds(server.pid) - cpu
    summary = json.loads(output.strip().splitlines()[-1])
    requests = summary["requests"] or 1
    return Measurement(
        page,
        summary["requests"] / (summary["duration_us"] / 1e6),
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
        summary["errors"],
        summary["bytes"] / requests / 1024,
        cpu / requests * 1000,
    )


def run_pages(server: Server, seconds: int) -> list[Measurement]:
    """The sign-in page first and last (their mean is the yardstick; the two apart show how
    much the machine's load drifted), every page of ``PAGES`` in between."""
    world, clients = prepare_world(server.url)
    before = measure(server, SIGN_IN, world, clients, seconds)
    pages = [measure(server, page, world, clients, seconds) for page in PAGES]
    after = measure(server, SIGN_IN, world, clients, seconds)
    return [before, *pages, after]


def print_pages(measurements: list[Measurement]) -> bool:
    before, *pages, after = measurements
    yardstick = (before.requests_per_second + after.requests_per_second) / 2
    cpu_yardstick = (before.cpu_ms + after.cpu_ms) / 2
    print("| page | req/s | ratio | target | met | p50 ms | p99 ms | errors | KB/resp "
          "| CPU ms/req | CPU ratio |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    all_met = True
    for m in measurements:
        ratio = m.requests_per_second / yardstick
        cpu_ratio = cpu_yardstick / m.cpu_ms if m.cpu_ms else 0
        met = "" if m.page.target is None else ("yes" if ratio >= m.page.target else "no")
        all_met &= met != "no" and m.errors == 0
        target = "" if m.page.target is None else f"≥ {m.page.target}"
        print(
            f"| {m.page.name} | {m.requests_per_second:.1f} | {ratio:.2f} | {target} | {met} "
            f"| {m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.errors} | {m.kb_per_response:.1f} "
            f"| {m.cpu_ms:.2f} | {cpu_ratio:.2f} |"
        )
    return all_met


def print_takers(takers: list[Taker], check: Check, seconds: float, cpu: float) -> bool:
    autosaves = sorted(t for taker in takers for kind, t in taker.latencies if kind == "autosave")
    others = sorted(t for taker in takers for kind, t in taker.latencies if kind != "autosave")
    errors = [error for taker in takers for error in taker.errors]
    print(f"takers: {len(takers)}, finished with a result: {sum(bool(t.result) for t in takers)}")
    print(f"answers acknowledged: {check.acknowledged}, stored: {check.stored}, "
          f"lost: {len(check.lost)}")  # fmt: skip
    print(f"takers without exactly one result: {len(check.results_wrong)}; errors: {len(errors)}")
    for problem in (check.lost + check.results_wrong + errors)[:10]:
        print(f"  {problem}")
    for label, times in (("autosave", autosaves), ("pages and form posts", others)):
        if times:
            cuts = statistics.quantiles(times, n=100)
            print(f"{label}: {len(times)} requests, p50 {cuts[49] * 1000:.0f} ms, "
                  f"p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms")  # fmt: skip
    print(f"wall time {seconds:.1f} s; the client used {cpu:.1f} s of CPU "
          f"({100 * cpu / seconds:.0f}% of one core)")  # fmt: skip
    return not (check.lost or check.results_wrong or errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["pages", "takers"], nargs="?", default="pages")
    parser.add_argument("--takers", type=int, default=50)
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS") or 20)
    )
    args = parser.parse_args()
    if args.mode == "pages" and not shutil.which("wrk"):
        raise SystemExit("The pages mode needs wrk (apt-get install wrk).")
    workdir = Path(tempfile.mkdtemp(prefix="careerpath-loadtest-"))
    try:
        env = configure(workdir)
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"{database}, gunicorn with {WORKERS} workers, nproc {os.cpu_count()}, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
        with server(env, workdir) as site:
            if args.mode == "pages":
                print(f"wrk, {CONNECTIONS} connections, {args.seconds} s per page\n")
                ok = print_pages(run_pages(site, args.seconds))
            else:
                usernames = make_takers(args.takers)
                started, cpu = time.perf_counter(), time.process_time()
                takers = run_takers(site.url, usernames)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                ok = print_takers(takers, check_database(takers), elapsed, cpu)
        print(f"load average afterwards {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
