"""Who manages whom decides who reads shared results, so changing it is a right of its own
(``careers.change_reporting_line``), and the rights-granting fields are for superusers."""

from __future__ import annotations

import pytest

from assessments.models import AccessEvent
from careers.models import User
from tests.careers.team_support import take_quiz
from tests.careers.test_team_admin import change_form_data, staff_with

pytestmark = pytest.mark.django_db


def change_url(person: User) -> str:
    return f"/admin/careers/user/{person.pk}/change/"


def test_staff_who_may_only_change_users_cannot_become_a_pms_manager(client, org):
    pm = org["pm"]
    take_quiz(pm, "people", share=True, share_answers=True)
    staff = staff_with("change_user", "view_user")
    client.force_login(staff)

    response = client.post(
        change_url(pm),
        change_form_data(
            pm, manager=staff.pk, is_superuser="on", user_permissions=["1", "2"], groups=["1"]
        ),
    )

    assert response.status_code == 302  # the rest of the form saves; the crafted fields do not
    pm.refresh_from_db()
    assert pm.manager == org["manager"]
    assert not pm.is_superuser and not pm.user_permissions.exists()
    assert client.get("/team/pm/").status_code == 404  # still cannot read the shared result
    assert not AccessEvent.objects.filter(kind="manager_changed").exists()


def test_staff_cannot_grant_themselves_rights(client, org):
    staff = staff_with("change_user", "view_user")
    client.force_login(staff)
    data = change_form_data(staff, is_superuser="on", user_permissions=["1"], is_staff="on")
    assert client.post(change_url(staff), data).status_code == 302
    staff = User.objects.get(pk=staff.pk)
    assert not staff.is_superuser
    assert set(staff.user_permissions.values_list("codename", flat=True)) == {
        "change_user",
        "view_user",
    }


def test_the_form_shows_staff_no_rights_fields_and_a_read_only_manager(client, org):
    client.force_login(staff_with("change_user", "view_user"))
    html = client.get(change_url(org["pm"])).content.decode()
    for field in ("is_superuser", "user_permissions", "groups", "manager"):
        assert f'name="{field}"' not in html, field
    assert "Morgan Manager (demo)" in html  # the manager is shown, read-only


def test_superusers_see_every_field(client, org):
    client.force_login(org["admin"])
    html = client.get(change_url(org["pm"])).content.decode()
    for field in ("is_superuser", "user_permissions", "groups", "manager"):
        assert f'name="{field}"' in html, field


def test_staff_cannot_edit_a_superuser_or_their_password(client, org):
    client.force_login(staff_with("change_user", "view_user"))
    admin = org["admin"]
    assert 'name="_save"' not in client.get(change_url(admin)).content.decode()
    response = client.post(
        f"/admin/careers/user/{admin.pk}/password/",
        {"password1": "a-new-Secret-93", "password2": "a-new-Secret-93"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=admin.pk).check_password("careerpath-demo")


def test_the_reporting_line_permission_lets_staff_change_managers_and_is_logged(client, org):
    pm, new = org["pm"], org["pm3"]
    staff = staff_with("change_user", "view_user", "change_reporting_line")
    client.force_login(staff)
    assert 'name="manager"' in client.get(change_url(pm)).content.decode()
    response = client.post(change_url(pm), change_form_data(pm, manager=new.pk))
    assert response.status_code == 302
    assert User.objects.get(pk=pm.pk).manager == new
    event = AccessEvent.objects.get(person=pm, kind="manager_changed")
    assert event.actor == staff
    assert event.detail == "Morgan Manager (demo) → Robin Roamer (demo)"


def test_saving_a_person_without_changing_the_manager_logs_nothing(client, org):
    pm = org["pm"]
    client.force_login(org["admin"])
    response = client.post(change_url(pm), change_form_data(pm, first_name="Patricia"))
    assert response.status_code == 302
    assert not AccessEvent.objects.exists()
