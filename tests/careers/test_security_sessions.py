"""Sessions end after inactivity and after a fixed lifetime, without a write per request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careers.middleware import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

MINUTE = 60


def shift_stamps(client, **seconds_ago: int) -> None:
    """Move the session's stamps into the past, as if time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = session[key] - ago
    session.save()


def stored_session(client) -> tuple:
    row = Session.objects.get(session_key=client.session.session_key)
    return row.session_data, row.expire_date


@pytest.fixture
def pm_client(client, org):
    client.force_login(org["pm"])
    assert client.session[SIGNED_IN_AT] == client.session[LAST_SEEN_AT]  # stamped at sign-in
    return client


def test_thirty_minutes_without_activity_signs_a_person_out(pm_client):
    shift_stamps(pm_client, **{LAST_SEEN_AT: 31 * MINUTE, SIGNED_IN_AT: 31 * MINUTE})
    response = pm_client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in pm_client.session


def test_activity_within_the_idle_time_keeps_the_session(pm_client):
    shift_stamps(pm_client, **{LAST_SEEN_AT: 29 * MINUTE, SIGNED_IN_AT: 29 * MINUTE})
    assert pm_client.get("/").status_code == 200
    # That request counted as activity: another 29 minutes later, still signed in.
    shift_stamps(pm_client, **{LAST_SEEN_AT: 29 * MINUTE})
    assert pm_client.get("/").status_code == 200


def test_a_session_ends_after_its_absolute_lifetime_even_when_busy(pm_client):
    shift_stamps(pm_client, **{SIGNED_IN_AT: 12 * 60 * MINUTE + 1})
    response = pm_client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "Your sign-in has expired" in response.content.decode()


def test_the_idle_time_comes_from_settings(pm_client, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    shift_stamps(pm_client, **{LAST_SEEN_AT: 6 * MINUTE})
    response = pm_client.get("/", follow=True)
    assert "signed out after 5 minutes without activity" in response.content.decode()


def test_requests_within_a_minute_do_not_write_the_session(pm_client):
    before = stored_session(pm_client)
    for _ in range(3):
        assert pm_client.get("/").status_code == 200
    assert stored_session(pm_client) == before


def test_the_activity_stamp_is_refreshed_after_a_minute(pm_client):
    shift_stamps(pm_client, **{LAST_SEEN_AT: 61})
    stamp = pm_client.session[LAST_SEEN_AT]
    assert pm_client.get("/").status_code == 200
    assert pm_client.session[LAST_SEEN_AT] >= stamp + 61


def test_the_session_cookie_lasts_no_longer_than_the_lifetime(client, org):
    response = client.post("/accounts/login/", {"username": "pm", "password": "careerpath-demo"})
    assert response.cookies["sessionid"]["max-age"] == 12 * 60 * 60


def test_a_session_from_before_the_guard_gets_its_clocks_on_the_next_request(pm_client):
    session = pm_client.session
    del session[SIGNED_IN_AT], session[LAST_SEEN_AT]
    session.save()
    assert pm_client.get("/").status_code == 200
    assert SIGNED_IN_AT in pm_client.session and LAST_SEEN_AT in pm_client.session


def test_a_page_reads_no_session_row_from_the_database(pm_client):
    pm_client.get("/")  # the first request after sign-in may fill the cache
    with CaptureQueriesContext(connection) as queries:
        assert pm_client.get("/").status_code == 200
    assert not [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_signing_out_ends_the_session_for_a_copy_of_its_cookie_too(pm_client):
    """The session lives on the server: a cookie copied before signing out (another tab,
    another worker's cache) is worthless afterwards."""
    name = settings.SESSION_COOKIE_NAME
    copy = Client()
    copy.cookies[name] = pm_client.cookies[name].value
    assert copy.get("/").status_code == 200
    pm_client.post("/accounts/logout/")
    assert copy.get("/").url.startswith("/accounts/login/")
