"""The team card's lists on a manager's home, written in Python: what a name holds is shown
as text, never as markup, and each person's badge says what the manager may know."""

import pytest

from careers.models import User
from ladders.models import Level
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db


def test_names_in_the_team_card_are_text_and_each_badge_fits_the_person(client, org):
    boss = User.objects.create_user("boss", first_name="Bea")
    senior = Level.objects.get(key="senior-pm")
    ann = User.objects.create_user("ann", first_name="<b>Ann</b>", manager=boss, level=senior)
    User.objects.create_user("cy", first_name="Cy & Co", manager=boss)
    take_quiz(ann, "people", share=True)
    client.force_login(boss)
    page = client.get("/").content.decode()
    assert "<b>Ann</b>" not in page
    named = '<a href="/team/ann/">&lt;b&gt;Ann&lt;/b&gt;</a>'
    # New since the last visit, with her reading; worth a conversation, with the alert.
    assert f'{named} <span class="badge badge--people">' in page
    assert f"{named}: A strong pull toward leading people" in page
    cy = '<span class="home-team__name">Cy &amp; Co</span>'
    assert f'{cy} <span class="badge badge--muted">Not started</span>' in page
