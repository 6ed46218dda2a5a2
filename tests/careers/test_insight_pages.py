"""/insights/: who may open it, what it leaves out, and how many queries it costs."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from careers.models import User
from ladders.models import Level
from tests.careers.factories import UserFactory
from tests.careers.insight_support import add_team, template_result

RULE = "Groups under 5 people are not shown, so no one can be singled out."


def hr(username: str = "hr") -> User:
    person = UserFactory(username=username)
    person.user_permissions.add(Permission.objects.get(codename="view_org_insights"))
    return User.objects.get(pk=person.pk)  # fresh: permissions are cached per instance


@pytest.fixture
def tree(org):
    """vp → (lead_a → 12 reports, lead_b → 4 reports); elsewhere: boss2 → lead_c → 12."""
    template = template_result(org["pm3"])
    vp = UserFactory(username="vp", first_name="Vera", last_name="VP")
    lead_a = UserFactory(username="lead_a", first_name="Alex", last_name="Lead", manager=vp)
    lead_b = UserFactory(username="lead_b", first_name="Billie", last_name="Lead", manager=vp)
    boss2 = UserFactory(username="boss2", first_name="Other", last_name="Boss")
    lead_c = UserFactory(username="lead_c", first_name="Casey", last_name="Lead", manager=boss2)
    senior = Level.objects.get(key="senior-pm")
    add_team(lead_a, 12, prefix="alpha", template=template, level=senior)
    add_team(lead_b, 4, prefix="beta", template=template, outcome="people_leader")
    add_team(lead_c, 12, prefix="gamma", template=template, outcome="hybrid")
    return {"vp": vp, "lead_a": lead_a, "lead_b": lead_b, "boss2": boss2, "lead_c": lead_c}


def test_strangers_and_plain_managers_get_404(client, org, tree):
    for username in ("pm", "manager", "lead_a"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/insights/").status_code == 404
        assert client.get("/insights/export.csv").status_code == 404


def test_a_team_of_four_shows_no_breakdown_and_a_team_of_twelve_does(client, tree):
    client.force_login(hr())
    body = client.get("/insights/").content.decode()
    assert RULE in body
    assert "Casey Lead&#x27;s team" in body
    assert "Billie Lead" not in body  # four shared results: no row of their own
    # Nor Alex's twelve: with the total shown, they would give the four away by subtraction.
    assert "Alex Lead" not in body and "Other teams · 16 people" in body


def test_with_twelve_the_team_shows(client, tree, org):
    add_team(tree["lead_b"], 8, prefix="delta", template=template_result(org["pm2"]))
    client.force_login(hr())
    body = client.get("/insights/").content.decode()
    assert "Billie Lead&#x27;s team · 12 people" in body
    assert "Alex Lead&#x27;s team · 12 people" in body


def test_a_manager_of_managers_sees_their_own_subtree_only(client, tree):
    client.force_login(tree["vp"])
    response = client.get("/insights/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Across the teams you lead" in body
    assert "Casey Lead" not in body and "Other Boss" not in body
    assert "Counted: <strong>16</strong>" in body


def test_unshared_results_are_never_counted(client, org):
    template = template_result(org["pm3"])
    boss = UserFactory(username="boss")
    lead = UserFactory(username="lead", manager=boss)
    add_team(lead, 20, prefix="quiet", template=template, shared=False)
    client.force_login(boss)
    body = client.get("/insights/").content.decode()
    assert "Not enough shared results yet" in body


def test_the_org_export_has_aggregated_rows_only(client, tree):
    client.force_login(hr())
    response = client.get("/insights/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="careerpath-insight-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["table", "group", "people"]
    teams = {row[1]: row for row in rows if row[0] == "team"}
    assert set(teams) == {"Casey Lead's team", "Other teams"}
    assert all(int(row[2]) >= 5 for row in rows[1:])
    counts = [cell for row in rows[1:] for cell in row[3:] if cell]
    assert counts and all(int(cell) >= 5 for cell in counts)
    assert not any("alpha" in cell for row in rows for cell in row)


@pytest.mark.parametrize("size", [10, 1000])
def test_the_page_costs_the_same_queries_at_10_and_1000_people(
    client, org, django_assert_num_queries, size
):
    template = template_result(org["pm3"])
    boss = UserFactory(username="boss")
    leads = [UserFactory(username=f"lead{i}", manager=boss) for i in range(2)]
    for i, lead in enumerate(leads):
        add_team(lead, size // 2, prefix=f"t{i}x", template=template)
    client.force_login(boss)
    # user (with the navigation), permissions (2), the people, their shared results (the
    # session comes from the cache)
    with django_assert_num_queries(QUERIES):
        response = client.get("/insights/")
    assert response.status_code == 200
    assert f"Counted: <strong>{size}</strong>" in response.content.decode()


QUERIES = 5
