"""The load benchmark's takers mode (tools/loadtest.py), run small against the live server so
the tool keeps working as the quiz changes: a few people take the whole quiz at once, and the
database then holds every answer the server acknowledged and one result per person."""

import socket

import pytest

from assessments.models import Answer, Result
from tools.loadtest import Taker, check_database, database_url, make_takers, run_takers


@pytest.mark.django_db(transaction=True)
def test_concurrent_takers_all_finish_and_every_acknowledged_answer_is_stored(live_server, org):
    takers = run_takers(live_server.url, make_takers(3))

    assert [taker.errors for taker in takers] == [[], [], []]
    assert all(taker.result for taker in takers)
    check = check_database(takers)
    assert check.lost == [] and check.results_wrong == []
    # Every statement of the quiz was answered, each one acknowledged by the server.
    theirs = {"assessment__respondent__username__startswith": "loadtest-taker-"}
    assert check.acknowledged == check.stored == Answer.objects.filter(**theirs).count()
    assert check.acknowledged >= 3 * 40
    assert Result.objects.filter(**theirs).count() == 3


def test_a_lost_answer_or_a_missing_result_is_reported(db, org):
    """The check is not a rubber stamp: an acknowledged answer the database lacks, and a
    taker without a result, both show up."""
    ghost = Taker("pm", assessment="", acknowledged={"cm1": "4"})
    check = check_database([ghost])
    assert check.lost == ["pm cm1"]
    assert check.results_wrong == ["pm: 0 results"]


def test_a_database_it_cannot_reach_is_named_in_one_sentence(tmp_path, monkeypatch):
    """No traceback when DATABASE_URL names a PostgreSQL it can't use: a sentence saying
    which database and what to give instead."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgres://nobody@127.0.0.1:{port}/careerpath")
    with pytest.raises(SystemExit) as stopped:
        database_url(tmp_path)
    message = str(stopped.value)
    assert "'careerpath_loadtest'" in message and "Connection refused" in message
    assert "'postgres' will do" in message
