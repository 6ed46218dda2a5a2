from django.db import OperationalError


def test_healthz_answers_ok_after_a_database_round_trip(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_with_json_when_the_database_is_down(client, db, monkeypatch):
    from django.db import connection

    def refuse():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    # Only the status: no exception class, message or host for a caller to learn from.
    assert response.json() == {"status": "unavailable"}
    assert b"OperationalError" not in response.content
    assert b"refused" not in response.content
