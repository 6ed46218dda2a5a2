"""The manager's home: their team at a glance beside their own questionnaire — who has shared,
what is new since their last visit, the alerts — at a constant cost in queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from careers.models import User
from ladders.models import Level
from tests.careers.team_support import take_quiz
from tests.careers.test_team import text_of

pytestmark = pytest.mark.django_db


def team_card(page: str) -> str:
    return page[page.index("Your team ·") : page.index("See the team page")]


def test_a_manager_lands_on_their_team_beside_their_own_questionnaire(client, org):
    boss = User.objects.create_user("boss", first_name="Bea", last_name="Boss")
    senior = Level.objects.get(key="senior-pm")
    ann = User.objects.create_user("ann", first_name="Ann", manager=boss, level=senior)
    ben = User.objects.create_user("ben", first_name="Ben", manager=boss, level=senior)
    User.objects.create_user("cy", first_name="Cy", manager=boss)
    take_quiz(ann, "people", share=True)
    take_quiz(ben, "builder")
    client.force_login(boss)
    page = text_of(client.get("/"))
    card = team_card(page)
    assert "3 direct reports" in card
    assert "1 of 3 have shared a result with you" in card
    assert "Ann People leadership · clear" in card
    # Ann is a people leader on a level before the fork: the alert names her.
    assert re.search(r"Ann ?: A strong pull toward leading people", card)
    assert "Ben Not shared" in card and "Cy Not started" in card
    # Their own questionnaire is still there, beside the team.
    assert "What drives you as a product manager?" in page


def new_part(client) -> str:
    card = team_card(text_of(client.get("/")))
    return card[card.index("New since") : card.index("Worth a conversation")]


def next_visit(client, person) -> None:
    """The manager comes back another day: a new session."""
    client.logout()
    client.force_login(person)


def test_new_since_the_last_visit_lasts_the_visit_and_then_only_later_shares_are_new(client, org):
    take_quiz(org["pm"], "people", share=True)
    client.force_login(org["manager"])
    assert "New since you last looked Pat Product (demo)" in new_part(client)
    # Reloading during the same visit keeps the news.
    assert "Pat Product (demo)" in new_part(client)
    next_visit(client, org["manager"])
    assert "Nothing new has been shared with you since then" in new_part(client)
    # Sam shares a result: it is new on the next visit, and only it.
    take_quiz(org["pm2"], "builder").set_sharing(result=True, answers=False, notify=False)
    next_visit(client, org["manager"])
    news = new_part(client)
    assert "Sam Sample (demo)" in news and "Pat Product (demo)" not in news


def test_a_result_shared_before_the_last_visit_is_not_new(client, org):
    assessment = take_quiz(org["pm"], "people", share=True)
    client.force_login(org["manager"])
    client.get("/")
    seen = User.objects.get(pk=org["manager"].pk).team_seen_at
    assessment.shared_at = seen - timedelta(days=3)
    assessment.save(update_fields=["shared_at"])
    next_visit(client, org["manager"])
    assert "Nothing new has been shared with you since then" in new_part(client)


def test_a_person_without_reports_sees_no_team_and_keeps_no_visit_stamp(client, org):
    client.force_login(org["pm"])
    page = text_of(client.get("/"))
    assert "Your team ·" not in page
    assert User.objects.get(pk=org["pm"].pk).team_seen_at is None


@pytest.mark.parametrize("team_size", [1, 25])
def test_the_manager_home_runs_a_constant_number_of_queries(
    client, org, team_size, django_assert_num_queries
):
    boss = User.objects.create_user("boss", first_name="Boss")
    level = Level.objects.get(key="senior-pm")
    for n in range(team_size):
        person = User.objects.create_user(f"r{n}", first_name=f"R{n}", manager=boss, level=level)
        take_quiz(person, ("people", "builder", "hybrid")[n % 3], share=n % 2 == 0)
    client.force_login(boss)
    # user (with the nav's "My team"), open assessment, latest result, published version,
    # manager notice, the reports with their statuses, their shared results, the plan's
    # experiments waiting for a check-in (the session comes from the cache); on the first look
    # of a visit also the visit stamp and saving the session (three, with its savepoint)
    with django_assert_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    assert f"{team_size} direct report" in text_of(response)
    with django_assert_num_queries(8):
        assert client.get("/").status_code == 200
