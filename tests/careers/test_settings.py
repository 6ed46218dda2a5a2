"""Start-up refuses unsafe or unreadable configuration, and says which variable is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-that-is-only-for-this-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "careers.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://careers.example.com",
}


def run_django(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_stops_and_names_the_variable():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = run_django("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_stops_and_names_the_variable():
    env = {**PRODUCTION}
    del env["DJANGO_ALLOWED_HOSTS"]
    result = run_django("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "url", ["not a url", "mysqlx://weird", "postgres://user:pw@host:notaport/db"]
)
def test_an_unreadable_database_url_stops_with_a_clear_message(url):
    result = run_django("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL could not be understood" in result.stderr


def test_deploy_checks_pass_with_production_values():
    result = run_django("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_deploy_checks_pass_behind_a_tls_terminating_proxy():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_BEHIND_TLS_PROXY="true",
    )
    assert result.returncode == 0, result.stderr


def test_development_needs_no_variables():
    result = run_django("check")
    assert result.returncode == 0, result.stderr


def test_sqlite_file_database_uses_wal_immediate_and_a_busy_timeout(tmp_path):
    """Read the pragmas back from a real file database opened through the site's settings."""
    probe = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for pragma in ('journal_mode', 'synchronous', 'busy_timeout'):\n"
        "        print(c.execute(f'PRAGMA {pragma}').fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "careers.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'pragmas.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # WAL journal, synchronous NORMAL (1), a 20 s busy timeout, IMMEDIATE transactions.
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE"]


def run_probe(probe: str, **env: str) -> list[str]:
    """The lines a Python snippet prints with the site's settings computed from ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "careers.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def read_settings(*names: str, **env: str) -> list[str]:
    """The named settings as the site computes them from ``env`` (in a fresh process)."""
    probe = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        f"for name in {names!r}: print(getattr(settings, name))\n"
    )
    return run_probe(probe, **env)


def test_a_web_worker_keeps_its_database_connection_from_request_to_request(tmp_path):
    """Opening a connection (and, for SQLite, setting its pragmas) happens once per worker,
    not once per page: three requests in a row use the same connection."""
    probe = (
        "import django; django.setup()\n"
        "from django.core.signals import request_finished, request_started\n"
        "from django.db import connection\n"
        "from django.db.backends.signals import connection_created\n"
        "opened = []\n"
        "connection_created.connect(lambda **kwargs: opened.append(1), weak=False)\n"
        "for _ in range(3):\n"
        "    request_started.send(None)\n"
        "    connection.ensure_connection()\n"
        "    request_finished.send(None)\n"
        "print(len(opened))\n"
    )
    assert run_probe(probe, DATABASE_URL=f"sqlite:///{tmp_path / 'kept.sqlite3'}") == ["1"]


def test_both_databases_keep_connections_with_a_health_check_and_it_can_be_turned_off():
    probe = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "db = settings.DATABASES['default']\n"
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])\n"
    )
    postgres = "postgres://app:app@127.0.0.1:5432/app"
    assert run_probe(probe) == ["600 True"]
    assert run_probe(probe, DATABASE_URL=postgres) == ["600 True"]
    assert run_probe(probe, DJANGO_CONN_MAX_AGE="0") == ["0 True"]


def test_email_goes_to_the_console_unless_an_smtp_host_is_set():
    assert read_settings("EMAIL_BACKEND") == ["django.core.mail.backends.console.EmailBackend"]


def test_smtp_comes_entirely_from_the_environment():
    values = read_settings(
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="CareerPath <careers@example.com>",
    )
    assert values == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        "2525",
        "mailer",
        "s3cret",
        "False",
        "CareerPath <careers@example.com>",
    ]


def test_sign_in_and_session_limits_come_from_the_environment():
    defaults = read_settings(
        "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "SESSION_IDLE_TIMEOUT", "SESSION_COOKIE_AGE"
    )
    assert defaults == ["5", "0:30:00", "0:30:00", str(12 * 3600)]
    chosen = read_settings(
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "SESSION_IDLE_TIMEOUT",
        "SESSION_COOKIE_AGE",
        DJANGO_LOGIN_FAILURE_LIMIT="8",
        DJANGO_LOGIN_COOLOFF_MINUTES="15",
        DJANGO_SESSION_IDLE_MINUTES="10",
        DJANGO_SESSION_MAX_HOURS="2",
    )
    assert chosen == ["8", "0:15:00", "0:10:00", str(2 * 3600)]


@pytest.mark.parametrize("value", ["ten", "0", "-5", "1e9"])
def test_a_bad_session_limit_stops_start_up_and_names_the_variable(value):
    result = run_django("check", DJANGO_SESSION_IDLE_MINUTES=value)
    assert result.returncode != 0
    assert "DJANGO_SESSION_IDLE_MINUTES must be a whole number" in result.stderr
