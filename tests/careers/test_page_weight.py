"""Pages are light to send: compressed, and carrying htmx only where they use it."""

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HTMX = "django_htmx/htmx"


@pytest.fixture
def pm_client(client, org):
    client.force_login(org["pm"])
    return client


def test_pages_that_use_no_htmx_do_not_load_it(pm_client):
    sign_in = Client().get("/accounts/login/")
    assert sign_in.status_code == 200
    assert HTMX not in sign_in.content.decode()
    for path in ("/", "/ladders/", "/ladders/product-management/"):
        response = pm_client.get(path)
        assert response.status_code == 200, path
        assert HTMX not in response.content.decode(), path


def test_the_quiz_and_a_level_page_load_htmx(pm_client):
    quiz = pm_client.post("/quiz/start/", follow=True)
    assert HTMX in quiz.content.decode()
    assert quiz.redirect_chain[-1][0].startswith("/quiz/")
    level = pm_client.get("/ladders/product-management/senior-pm/")
    assert HTMX in level.content.decode()


def test_pages_are_sent_compressed_to_browsers_that_accept_it(pm_client):
    plain = pm_client.get("/ladders/product-management/")
    packed = pm_client.get("/ladders/product-management/", headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content)
    assert page.startswith(b"<!doctype html>")
    assert len(packed.content) < len(plain.content) / 3
