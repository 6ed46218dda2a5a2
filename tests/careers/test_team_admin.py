"""The admin side of reporting lines and results."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from careers.models import User
from tests.careers.team_support import take_quiz

pytestmark = pytest.mark.django_db


def staff_with(*codenames: str) -> User:
    user = User.objects.create_user(f"staff-{'-'.join(codenames) or 'none'}", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh instance: no cached permissions


def change_form_data(person: User, **changes) -> dict:
    """What the admin's change form posts for ``person``, with ``changes`` applied."""
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        "manager": person.manager_id or "",
        "ladder": person.ladder_id or "",
        "level": person.level_id or "",
        # the direct-reports inline
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "0",
    }
    reports = list(person.reports.all())
    data["reports-TOTAL_FORMS"] = data["reports-INITIAL_FORMS"] = str(len(reports))
    for index, report in enumerate(reports):
        data[f"reports-{index}-id"] = report.pk
        data[f"reports-{index}-manager"] = person.pk
    data.update(changes)
    return data


def test_a_change_of_manager_in_the_admin_applies_on_the_next_request(client, org):
    pm, old = org["pm"], org["manager"]
    new = User.objects.create_user("newboss", first_name="New", last_name="Boss")
    take_quiz(pm, "people", share=True)
    client.force_login(old)
    assert client.get("/team/pm/").status_code == 200

    admin_client = type(client)()
    admin_client.force_login(org["admin"])
    response = admin_client.post(
        f"/admin/careers/user/{pm.pk}/change/", change_form_data(pm, manager=new.pk)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=pm.pk).manager == new

    assert client.get("/team/pm/").status_code == 404  # same session, very next request
    assert "Pat Product" not in client.get("/team/").content.decode()
    client.force_login(new)
    assert client.get("/team/pm/").status_code == 200


def test_the_manager_field_uses_autocomplete(client, org):
    client.force_login(org["admin"])
    html = client.get(f"/admin/careers/user/{org['pm'].pk}/change/").content.decode()
    assert 'name="manager"' in html and "admin-autocomplete" in html
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Morgan", "app_label": "careers", "model_name": "user", "field_name": "manager"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["Morgan Manager (demo)"]


def test_a_managers_page_lists_their_direct_reports(client, org):
    client.force_login(org["admin"])
    html = client.get(f"/admin/careers/user/{org['manager'].pk}/change/").content.decode()
    assert "Direct reports" in html
    assert "pm2" in html and "Senior Product Manager" in html


def test_a_reporting_line_cannot_loop(client, org):
    client.force_login(org["admin"])
    manager, pm = org["manager"], org["pm"]
    response = client.post(
        f"/admin/careers/user/{manager.pk}/change/", change_form_data(manager, manager=pm.pk)
    )
    assert response.status_code == 200
    assert "a reporting line cannot loop" in response.content.decode()
    assert User.objects.get(pk=manager.pk).manager is None


@pytest.mark.parametrize(
    ("codenames", "status"),
    [((), 403), (("change_result",), 403), (("view_result",), 200)],
    ids=["no permission", "change only", "view_result"],
)
def test_admins_read_results_only_with_view_result(client, org, codenames, status):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(staff_with(*codenames))
    assert client.get("/admin/assessments/result/").status_code == status
    detail = client.get(f"/admin/assessments/result/{assessment.result.pk}/change/")
    assert detail.status_code == status


def test_superusers_read_results_but_nobody_edits_them(client, org):
    assessment = take_quiz(org["pm"], "people")
    client.force_login(org["admin"])
    listing = client.get("/admin/assessments/result/")
    assert listing.status_code == 200 and "Pat Product (demo)" in listing.content.decode()
    detail = client.get(f"/admin/assessments/result/{assessment.result.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # a read-only view page
    assert client.get("/admin/assessments/result/add/").status_code == 403
    assert (
        client.post(f"/admin/assessments/result/{assessment.result.pk}/delete/").status_code == 403
    )


def test_manager_notes_are_not_in_the_admin(client, org):
    client.force_login(org["admin"])
    assert client.get("/admin/careers/managernote/").status_code == 404
