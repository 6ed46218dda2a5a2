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
