"""Sharing that stays current: "keep my manager up to date" shares each new result when it is
scored; without it, the newest result says the manager reads an older one and offers to share
it; and the manager never learns that an unshared newer result exists."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from assessments.models import AccessEvent, SharingPreference
from careers.models import User
from tests.careers.team_support import take_quiz
from tests.careers.test_team import text_of

pytestmark = pytest.mark.django_db


def keep_updated(client, on: bool, next_url: str = "/results/"):
    data = {"next": next_url, **({"keep_manager_updated": "on"} if on else {})}
    return client.post("/me/sharing/", data)


def test_with_keep_up_to_date_on_a_new_result_is_shared_when_scored_and_the_manager_is_told(
    client, org, django_capture_on_commit_callbacks
):
    client.force_login(org["pm"])
    response = keep_updated(client, True)
    assert response.status_code == 302
    assert SharingPreference.objects.keeps_manager_updated(org["pm"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = take_quiz(org["pm"], "hybrid", share=None)
    assessment.refresh_from_db()
    assert assessment.shared_with_manager and not assessment.answers_shared_with_manager
    assert assessment.shared_at is not None
    # Logged and announced exactly as if Pat had switched it on.
    event = AccessEvent.objects.about(org["pm"]).get(kind=AccessEvent.Kind.SHARED)
    assert event.actor == org["pm"] and event.result == assessment.result
    assert [message.to for message in mail.outbox] == [[org["manager"].email]]
    client.force_login(org["manager"])
    assert "Both paths" in text_of(client.get("/team/pm/"))


def test_without_it_a_new_result_stays_private(client, org):
    assessment = take_quiz(org["pm"], "hybrid", share=None)
    assert not assessment.shared_with_manager
    assert not AccessEvent.objects.about(org["pm"]).exists()


def test_a_person_without_a_manager_cannot_turn_it_on_and_nothing_is_shared(client, org):
    client.force_login(org["pm3"])
    response = client.post(
        "/me/sharing/", {"keep_manager_updated": "on", "next": "/results/"}, follow=True
    )
    assert "there is no one to share with" in text_of(response)
    assert not SharingPreference.objects.keeps_manager_updated(org["pm3"].pk)


def test_a_manager_removed_after_turning_it_on_gets_nothing(client, org):
    SharingPreference.choose(org["pm"].pk, True)
    User.objects.filter(pk=org["pm"].pk).update(manager=None)
    org["pm"].refresh_from_db()
    assessment = take_quiz(org["pm"], "builder", share=None)
    assert not assessment.shared_with_manager


def test_turning_it_on_shares_nothing_already_scored_and_off_keeps_what_is_shared(client, org):
    older = take_quiz(org["pm"], "builder", share=True)
    newer = take_quiz(org["pm"], "people")
    client.force_login(org["pm"])
    keep_updated(client, True)
    newer.refresh_from_db()
    assert not newer.shared_with_manager
    keep_updated(client, False)
    older.refresh_from_db()
    assert older.shared_with_manager
    assert not SharingPreference.objects.keeps_manager_updated(org["pm"].pk)


def test_the_choice_is_offered_on_the_result_and_the_history_and_goes_back_there(client, org):
    assessment = take_quiz(org["pm"], "builder")
    client.force_login(org["pm"])
    page = text_of(client.get(f"/results/{assessment.pk}/"))
    assert "Keep my manager up to date" in page
    response = keep_updated(client, True, f"/results/{assessment.pk}/#sharing")
    assert response["Location"] == f"/results/{assessment.pk}/#sharing"
    assert "Stop sharing new results automatically" in text_of(client.get("/results/"))
    # A next that leaves the site is ignored.
    assert keep_updated(client, False, "https://evil.example/")["Location"] == "/results/"


def test_the_newest_private_result_says_the_manager_reads_the_older_and_shares_in_one_click(
    client, org
):
    older = take_quiz(org["pm"], "builder", share=True)
    newer = take_quiz(org["pm"], "hybrid")
    client.force_login(org["pm"])
    page = text_of(client.get(f"/results/{newer.pk}/"))
    assert "Morgan Manager (demo) still sees your older result" in page
    assert "Building products" in page
    # The older result's own page has nothing to offer: it is the one being read.
    assert "still sees your older result" not in text_of(client.get(f"/results/{older.pk}/"))
    # One plain form post, with the CSRF token, shares the newer one.
    html = client.get(f"/results/{newer.pk}/").content.decode()
    form = re.search(r'<form[^>]*action="/results/[^"]+/sharing/"[^>]*class="actions"', html)
    assert form is not None and "csrfmiddlewaretoken" in html[form.end() : form.end() + 400]
    response = client.post(f"/results/{newer.pk}/sharing/", {"share_result": "on"})
    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.shared_with_manager and not newer.answers_shared_with_manager
    assert "still sees your older result" not in text_of(client.get(f"/results/{newer.pk}/"))


def test_the_history_marks_which_results_are_shared(client, org):
    take_quiz(org["pm"], "builder", share=True, share_answers=True)
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm"], "hybrid")
    client.force_login(org["pm"])
    page = text_of(client.get("/results/"))
    table = page[page.index("Result Building products Building people") :]
    assert table.count("Shared with answers") == 1
    assert table.count("Private") == 1
    assert re.search(r"Shared (?!with answers)", table.replace("Shared with answers", ""))


def _manager_pages(client) -> dict[str, str]:
    """What the manager's team pages say, without the per-request tokens."""
    pages = {}
    for path in ("/team/", "/team/pm/"):
        html = client.get(path).content.decode()
        pages[path] = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)
    return pages


def test_the_manager_learns_nothing_of_an_unshared_newer_result(client, org):
    shared = take_quiz(org["pm"], "builder", share=True)
    client.force_login(org["manager"])
    before = _manager_pages(client)
    newer = take_quiz(org["pm"], "people")
    after = _manager_pages(client)
    assert after == before
    assert all(str(newer.pk) not in page for page in after.values())
    assert str(shared.pk) in after["/team/pm/"]
    home = client.get("/").content.decode()
    assert str(newer.pk) not in home and "People leadership" not in home


def test_without_a_manager_the_result_suggests_a_personal_board_not_a_manager(client, org):
    assessment = take_quiz(org["pm3"], "people")
    client.force_login(org["pm3"])
    page = text_of(client.get(f"/results/{assessment.pk}/"))
    assert "Talk it through with your personal board" in page
    for who in ("A mentor", "A peer who made the move", "A people leader you trust"):
        assert who in page
    assert "Start the conversation with your manager" not in page
    assert "Let my manager see this result" not in page


def test_the_choice_is_in_the_person_s_own_data(client, org):
    client.force_login(org["pm"])
    assert client.get("/me/data.json").json()["keep_manager_updated"] is False
    keep_updated(client, True)
    assert client.get("/me/data.json").json()["keep_manager_updated"] is True
