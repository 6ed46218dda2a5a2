"""A person's own data: the JSON download, deleting one result or all of them, what goes
with an account, and the retention period with ``prune_results``.

Also every new URL of this page for each demo role (anonymous, pm, pm2, pm3, manager, admin).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from assessments.models import AccessEvent, Answer, Assessment, Result
from assessments.services import start_or_resume
from careers.models import ManagerNote, User
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "pm", "pm2", "pm3", "manager", "admin")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.content.decode())).split())


# ---- the download ------------------------------------------------------------------------


def test_the_download_holds_everything_about_me_and_nothing_else(client, org):
    pm = org["pm"]
    shared = take_quiz(pm, "people", share=True, share_answers=True)
    unfinished = take_quiz(pm, "builder", finish=False)
    take_quiz(pm, "builder", respondent=org["manager"])  # the manager's own view: not mine
    take_quiz(org["pm2"], "builder", share=True)  # someone else's
    ManagerNote.objects.create(author=org["manager"], subject=pm, text="Private marker 7731")
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{shared.pk}/")

    client.force_login(pm)
    response = client.get("/me/data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="careerpath-pm-')
    data = json.loads(response.content)
    assert data["profile"]["username"] == "pm"
    assert data["profile"]["manager"] == "manager"
    assert data["profile"]["level"] == "senior-pm"
    by_id = {a["id"]: a for a in data["assessments"]}
    assert set(by_id) == {str(shared.pk), str(unfinished.pk)}
    mine = by_id[str(shared.pk)]
    assert mine["consent"] == {
        "result_shared_with_manager": True,
        "answers_shared_with_manager": True,
    }
    assert mine["answers"] == dict(shared.answers.values_list("item_key", "value"))
    assert mine["result"]["payload"] == Result.objects.get(assessment=shared).payload
    assert by_id[str(unfinished.pk)]["result"] is None
    assert len(by_id[str(unfinished.pk)]["answers"]) == 5
    assert [(e["who"], e["what"], e["result"]) for e in data["access_log"]] == [
        ("Morgan Manager (demo)", "viewed_answers", str(shared.pk))
    ]
    assert "Private marker 7731" not in response.content.decode()


# ---- deleting one result -----------------------------------------------------------------


def test_deleting_a_result_asks_first_and_says_what_will_be_gone(client, org):
    pm = org["pm"]
    kept = take_quiz(pm, "builder")
    doomed = take_quiz(pm, "people", share=True)
    client.force_login(pm)
    page = text_of(client.get(f"/results/{doomed.pk}/delete/"))
    assert "This will be gone for good" in page
    assert "your manager stops seeing it at once" in page
    assert Assessment.objects.filter(pk=doomed.pk).exists()  # the GET changed nothing

    response = client.post(f"/results/{doomed.pk}/delete/", {"confirm": "delete"})

    assert response.status_code == 302 and response["Location"] == "/results/"
    assert not Assessment.objects.filter(pk=doomed.pk).exists()
    assert not Answer.objects.filter(assessment_id=doomed.pk).exists()
    assert Assessment.objects.filter(pk=kept.pk).exists()
    client.force_login(org["manager"])
    assert client.get(f"/team/pm/results/{doomed.pk}/").status_code == 404


def test_a_delete_without_the_confirmation_changes_nothing(client, org):
    doomed = take_quiz(org["pm"], "people")
    client.force_login(org["pm"])
    response = client.post(f"/results/{doomed.pk}/delete/", {"confirm": "yes please"})
    assert response.status_code == 400
    assert "Nothing was deleted" in text_of(response)
    assert Result.objects.filter(assessment=doomed).exists()


def test_the_access_log_keeps_its_lines_when_a_result_is_deleted(client, org):
    doomed = take_quiz(org["pm"], "people", share=True)
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{doomed.pk}/")
    client.force_login(org["pm"])
    client.post(f"/results/{doomed.pk}/delete/", {"confirm": "delete"})
    event = AccessEvent.objects.get(kind="viewed_result")
    assert event.result is None
    assert "deleted" in text_of(client.get("/me/access/"))


# ---- deleting everything -------------------------------------------------------------------


def test_deleting_all_results_and_answers(client, org):
    pm = org["pm"]
    take_quiz(pm, "builder")
    take_quiz(pm, "people", share=True)
    take_quiz(pm, "hybrid", finish=False)
    view = take_quiz(pm, "builder", respondent=org["manager"])  # the manager's, not pm's
    theirs = take_quiz(org["pm2"], "builder")
    client.force_login(pm)
    page = text_of(client.get("/me/delete/"))
    assert "2 results" in page and "1 unfinished questionnaire" in page

    response = client.post("/me/delete/", {"confirm": "delete"})

    assert response.status_code == 302
    assert not Assessment.objects.filter(respondent=pm).exists()
    assert Assessment.objects.filter(pk__in=[view.pk, theirs.pk]).count() == 2
    assert "No results yet" in text_of(client.get("/results/"))
    assert "nothing to delete" in text_of(client.get("/me/delete/"))


def test_managers_notes_and_views_go_with_the_persons_account(org):
    pm = org["pm"]
    ManagerNote.objects.create(author=org["manager"], subject=pm, text="About Pat")
    take_quiz(pm, "builder", respondent=org["manager"])
    take_quiz(pm, "people", share=True)
    AccessEvent.record(AccessEvent.Kind.VIEWED_RESULT, person_id=pm.pk, actor=org["manager"])
    pm.delete()
    assert not ManagerNote.objects.exists()
    assert not Assessment.objects.exists()
    assert not AccessEvent.objects.exists()


def test_a_deleted_viewer_still_reads_by_name_in_the_log(org):
    assessment = take_quiz(org["pm"], "people", share=True)
    viewer = User.objects.create_user("gone", first_name="Gone", last_name="Viewer")
    AccessEvent.record_view(viewer, assessment.result)
    viewer.delete()
    event = AccessEvent.objects.get()
    assert event.actor is None and event.actor_name == "Gone Viewer"


# ---- retention ---------------------------------------------------------------------------


def age(assessment: Assessment, days: int) -> None:
    Result.objects.filter(assessment=assessment).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def prune(*args: str) -> str:
    out = StringIO()
    call_command("prune_results", *args, stdout=out)
    return out.getvalue()


def test_prune_keeps_everything_when_no_retention_is_set(org, settings):
    settings.RESULT_RETENTION_DAYS = None
    age(take_quiz(org["pm"], "builder"), 4000)
    assert "kept forever" in prune()
    assert Result.objects.count() == 1


def test_prune_removes_results_older_than_the_retention_period(org, settings):
    settings.RESULT_RETENTION_DAYS = 365
    old = take_quiz(org["pm"], "builder")
    old_view = take_quiz(org["pm"], "people", respondent=org["manager"])
    recent = take_quiz(org["pm"], "people")
    age(old, 400)
    age(old_view, 366)
    age(recent, 300)
    unfinished = start_or_resume(org["pm2"])

    assert prune("--dry-run") == "Would remove 2 results older than 365 days.\n"
    assert Result.objects.count() == 3
    assert prune() == "Removed 2 results older than 365 days.\n"
    assert list(Assessment.objects.order_by("pk").values_list("pk", flat=True)) == sorted(
        [recent.pk, unfinished.pk]
    )
    assert not Answer.objects.filter(assessment_id__in=[old.pk, old_view.pk]).exists()
    assert prune() == "Removed 0 results older than 365 days.\n"  # safe to run again


def test_prune_days_can_be_given_and_must_be_positive(org):
    age(take_quiz(org["pm"], "builder"), 40)
    assert prune("--days", "30") == "Removed 1 result older than 30 days.\n"
    with pytest.raises(CommandError):
        prune("--days", "0")


# ---- who may open the new URLs ---------------------------------------------------------


def expected(owner_only: int) -> dict[str, int]:
    """pm's own object: pm gets ``owner_only``, every other signed-in role a 404."""
    return {"anonymous": 302, "pm": owner_only, **dict.fromkeys(ROLES[2:], 404)}


def everyone(status: int) -> dict[str, int]:
    return {"anonymous": 302, **dict.fromkeys(ROLES[1:], status)}


ROWS = {
    "assessments:my_data [GET]": ("GET", lambda r: "/me/data.json", {}, everyone(200)),
    "assessments:delete_all [GET]": ("GET", lambda r: "/me/delete/", {}, everyone(200)),
    "assessments:delete_all [POST]": (
        "POST",
        lambda r: "/me/delete/",
        {"confirm": "delete"},
        everyone(302),
    ),
    "assessments:delete_result [GET]": (
        "GET",
        lambda r: f"/results/{r.assessment_id}/delete/",
        {},
        expected(200),
    ),
    "assessments:delete_result [POST]": (
        "POST",
        lambda r: f"/results/{r.assessment_id}/delete/",
        {"confirm": "delete"},
        expected(302),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", sorted(ROWS))
def test_who_may_open_the_data_pages(client, org, row, role):
    method, path, data, statuses = ROWS[row]
    result = take_quiz(org["pm"], "people", share=True, share_answers=True).result
    if role != "anonymous":
        client.force_login(org[role])
    response = client.get(path(result)) if method == "GET" else client.post(path(result), data)
    assert response.status_code == statuses[role]
    pm_kept = Result.objects.filter(pk=result.pk).exists()
    assert pm_kept == (role != "pm" or method == "GET")  # only pm deletes pm's data
    if response.status_code == 200 and method == "GET" and role != "pm":
        assert str(result.assessment_id) not in response.content.decode()


def test_a_strangers_404_on_a_result_matches_a_missing_one(client, org):
    result = take_quiz(org["pm"], "people", share=True).result
    client.force_login(org["manager"])
    theirs = client.get(f"/results/{result.assessment_id}/delete/")
    missing = client.get("/results/00000000-0000-0000-0000-000000000001/delete/")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
