"""The access log: who read a person's result or answers, consent changes and changes of
manager, shown to the person on "Who has seen my results" and to admins read-only.

Also every new URL of the log for each demo role (anonymous, pm, pm2, pm3, manager, admin).
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AccessEvent
from careers.models import User
from tests.careers.team_support import take_quiz
from tests.careers.test_team_admin import change_form_data, staff_with

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "pm", "pm2", "pm3", "manager", "admin")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.content.decode())).split())


def signed_in(client, org, role: str):
    if role != "anonymous":
        client.force_login(org[role])
    return client


def kinds(person: User) -> list[str]:
    events = AccessEvent.objects.about(person).order_by("at", "pk")
    return list(events.values_list("kind", flat=True))


def inserts_into_the_log(captured) -> int:
    insert = f'INSERT INTO "{AccessEvent._meta.db_table}"'
    return sum(1 for query in captured.captured_queries if query["sql"].startswith(insert))


# ---- what is logged ------------------------------------------------------------------


def test_the_manager_reading_a_shared_result_is_logged_with_one_insert(client, org):
    pm, manager = org["pm"], org["manager"]
    assessment = take_quiz(pm, "people", share=True, share_answers=True)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/team/pm/results/{assessment.pk}/")
    assert response.status_code == 200
    assert inserts_into_the_log(captured) == 1
    event = AccessEvent.objects.get(person=pm)
    assert (event.actor, event.kind, event.result) == (
        manager,
        "viewed_answers",
        assessment.result,
    )


def test_the_report_page_logs_the_latest_shared_result_it_shows(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "builder", share=True)
    client.force_login(org["manager"])
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/team/pm/").status_code == 200
    assert inserts_into_the_log(captured) == 1
    event = AccessEvent.objects.get(person=pm)
    assert (event.kind, event.result_id) == ("viewed_result", assessment.result.pk)


def test_pages_that_show_no_result_log_nothing(client, org):
    take_quiz(org["pm"], "builder")  # private
    client.force_login(org["manager"])
    assert client.get("/team/pm/").status_code == 200
    assert client.get("/team/").status_code == 200
    client.force_login(org["pm"])  # a person reading their own result
    result_page = client.get(f"/results/{org['pm'].assessments_about.get().pk}/")
    assert result_page.status_code == 200
    assert not AccessEvent.objects.exists()


def test_an_admin_reading_a_result_in_the_admin_is_logged(client, org):
    url = f"/admin/assessments/result/{take_quiz(org['pm'], 'people').result.pk}/change/"
    client.force_login(org["admin"])
    assert client.get(url).status_code == 200
    event = AccessEvent.objects.get(person=org["pm"])
    assert (event.actor, event.kind) == (org["admin"], "viewed_answers")
    assert event.detail == "in the admin"
    client.force_login(staff_with())  # refused: nothing read, nothing logged
    assert client.get(url).status_code == 403
    assert AccessEvent.objects.count() == 1


def test_consent_changes_are_logged_as_done_by_the_person(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people")
    client.force_login(pm)
    url = f"/results/{assessment.pk}/sharing/"
    client.post(url, {"share_result": "on"})
    client.post(url, {"share_result": "on"})  # the same choice again: no new line
    client.post(url, {"share_result": "on", "share_answers": "on"})
    client.post(url, {"share_result": "on"})
    client.post(url, {})
    assert kinds(pm) == ["shared", "shared_answers", "withdrew_answers", "withdrew"]
    assert all(e.actor == pm for e in AccessEvent.objects.about(pm))


def test_recording_consent_costs_one_insert_and_no_extra_reads(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people")
    client.force_login(pm)
    url = f"/results/{assessment.pk}/sharing/"
    with CaptureQueriesContext(connection) as unchanged:
        client.post(url, {}, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as changed:
        client.post(url, {"share_result": "on"}, headers={"HX-Request": "true"})
    assert inserts_into_the_log(changed) == 1
    # exactly the log's INSERT more: the result and the person are already loaded
    assert len(changed) == len(unchanged) + 1


# ---- what the person sees ------------------------------------------------------------


def test_pm_sees_who_viewed_the_shared_result_with_the_time(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people", share=True)
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{assessment.pk}/")
    event = AccessEvent.objects.get(person=pm)

    client.force_login(pm)
    page = text_of(client.get("/me/access/"))
    assert "Who has seen my results" in page
    assert "Morgan Manager (demo) Viewed a result" in page
    assert f"{event.at:%-d %b %Y, %H:%M}" in page
    assert f'datetime="{event.at.isoformat()}"' in client.get("/me/access/").content.decode()


def test_the_log_is_newest_first_and_only_about_the_reader(client, org):
    pm, pm2 = org["pm"], org["pm2"]
    first = take_quiz(pm, "people", share=True)
    other = take_quiz(pm2, "builder", share=True)
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{first.pk}/")
    client.get(f"/team/pm2/results/{other.pk}/")
    client.force_login(pm)
    client.post(f"/results/{first.pk}/sharing/", {})
    page = text_of(client.get("/me/access/"))
    assert page.index("Stopped sharing a result") < page.index("Viewed a result")
    assert page.count("Viewed a result") == 1  # pm2's line is not here


def test_an_empty_log_says_nobody_has_seen_anything(client, org):
    client.force_login(org["pm3"])
    assert "Nobody has seen your results yet" in text_of(client.get("/me/access/"))


def test_the_log_is_linked_from_the_history_and_the_result_page(client, org):
    assessment = take_quiz(org["pm"], "builder")
    client.force_login(org["pm"])
    for path in ("/results/", f"/results/{assessment.pk}/"):
        assert 'href="/me/access/"' in client.get(path).content.decode(), path


def test_admins_read_the_log_but_nobody_edits_it(client, org):
    assessment = take_quiz(org["pm"], "people", share=True)
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{assessment.pk}/")
    event = AccessEvent.objects.get()
    client.force_login(org["admin"])
    listing = client.get("/admin/assessments/accessevent/")
    assert listing.status_code == 200 and "Morgan Manager (demo)" in listing.content.decode()
    detail = client.get(f"/admin/assessments/accessevent/{event.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/assessments/accessevent/add/").status_code == 403
    assert client.post(f"/admin/assessments/accessevent/{event.pk}/delete/").status_code == 403
    client.force_login(staff_with())
    assert client.get("/admin/assessments/accessevent/").status_code == 403


# ---- a change of manager ---------------------------------------------------------------


def change_manager(client, org, person: User, new: User | None) -> None:
    admin_client = type(client)()
    admin_client.force_login(org["admin"])
    data = change_form_data(person, manager=new.pk if new else "")
    assert admin_client.post(f"/admin/careers/user/{person.pk}/change/", data).status_code == 302


def test_the_pm_is_told_once_who_their_new_manager_is_and_what_they_see(client, org):
    pm = org["pm"]
    shared = take_quiz(pm, "people", share=True, share_answers=True)
    take_quiz(pm, "builder")  # private: not listed
    change_manager(client, org, pm, org["pm3"])
    event = AccessEvent.objects.get(person=pm, kind="manager_changed")
    assert event.actor == org["admin"]

    client.force_login(pm)
    for path in ("/", "/results/"):
        page = text_of(client.get(path))
        assert "Your manager is now Robin Roamer (demo)" in page, path
        assert f"Your result of {shared.result.created_at:%-d %B %Y} , with its answers" in page
        assert page.count("Your result of") == 1

    response = client.post("/me/access/seen/", {"next": "/results/"})
    assert response.status_code == 302 and response["Location"] == "/results/"
    assert "Your manager is now" not in text_of(client.get("/"))
    assert "Changed the manager" in text_of(client.get("/me/access/"))


def test_a_pm_left_without_a_manager_is_told_nobody_sees_their_results(client, org):
    pm = org["pm"]
    take_quiz(pm, "people", share=True)
    change_manager(client, org, pm, None)
    client.force_login(pm)
    page = text_of(client.get("/"))
    assert "You no longer have a manager on CareerPath" in page


def test_the_notice_only_goes_back_within_the_site(client, org):
    change_manager(client, org, org["pm"], org["pm3"])
    client.force_login(org["pm"])
    response = client.post("/me/access/seen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", ["100000000000000000000", "home", "results/", ""])
def test_the_notice_goes_home_when_next_is_not_a_path(client, org, next_url):
    """A bare word once reached redirect() as a view's name and answered 500."""
    client.force_login(org["pm"])
    response = client.post("/me/access/seen/", {"next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_home_page_costs_one_query_more_for_the_notice(client, org, django_assert_num_queries):
    client.force_login(org["pm3"])
    # user (with the nav's "My team"), open assessment, latest result, published version, the
    # plan's experiments waiting for this week's check-in, the unseen change of manager (the
    # one query this feature adds), and whether anyone reports to them (the manager's home);
    # the session comes from the cache
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


# ---- who may open the log's URLs -------------------------------------------------------

EXPECTED = {
    # name: (method, path, {role: status})
    "assessments:access_log": (
        "GET",
        "/me/access/",
        {"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)},
    ),
    "assessments:dismiss_manager_notice": (
        "POST",
        "/me/access/seen/",
        {"anonymous": 302, **dict.fromkeys(ROLES[1:], 302)},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_who_may_open_the_log(client, org, name, role):
    method, path, statuses = EXPECTED[name]
    take_quiz(org["pm"], "people", share=True)
    signed_in(client, org, role)
    response = client.get(path) if method == "GET" else client.post(path)
    assert response.status_code == statuses[role]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_the_dismiss_url_refuses_a_get(client, org):
    client.force_login(org["pm"])
    assert client.get("/me/access/seen/").status_code == 405


def test_nobody_reads_another_persons_log(client, org):
    pm = org["pm"]
    assessment = take_quiz(pm, "people", share=True)
    client.force_login(org["manager"])
    client.get(f"/team/pm/results/{assessment.pk}/")
    for role in ("pm2", "pm3", "manager", "admin"):
        client.force_login(org[role])
        page = text_of(client.get("/me/access/"))
        assert "Viewed a result" not in page, role
