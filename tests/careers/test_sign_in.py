import pytest

from careers.context_processors import navigation
from careers.models import User
from tests.careers.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pm_signs_in_and_lands_on_home(client, org):
    response = client.post(
        "/accounts/login/", {"username": "pm", "password": "careerpath-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Sign out" in response.content.decode()
    assert response.context["user"].username == "pm"


def test_wrong_password_shows_an_error_and_keeps_the_username(client, org):
    response = client.post("/accounts/login/", {"username": "pm", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a correct username and password" in html
    assert 'value="pm"' in html


def test_sign_out_is_a_post_and_ends_the_session(client, org):
    client.force_login(org["pm"])
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_navigation_fits_the_person(client, org):
    client.force_login(org["manager"])
    html = client.get("/").content.decode()
    assert "My team" in html and ">Admin<" not in html
    client.force_login(org["pm"])
    html = client.get("/").content.decode()
    assert "My assessment" in html and "My team" not in html
    client.force_login(org["admin"])
    assert ">Admin<" in client.get("/").content.decode()


def test_the_navigation_follows_the_reporting_lines_at_once(client):
    boss = UserFactory(username="nav-boss")
    lead = UserFactory(username="nav-lead", manager=boss)
    client.force_login(boss)

    def links() -> tuple[bool, bool]:
        html = client.get("/").content.decode()
        return ">My team<" in html, ">Insights<" in html

    assert links() == (True, False)  # one report, who leads nobody
    member = UserFactory(username="nav-member", manager=lead)
    assert links() == (True, True)  # now a manager of a manager
    member.is_active = False
    member.save()
    assert links() == (True, False)  # a switched-off person counts for nothing
    lead.manager = None
    lead.save()
    assert links() == (False, False)


def test_a_person_loaded_without_the_navigation_gets_it_in_one_query(rf, django_assert_num_queries):
    boss = UserFactory(username="plain-boss")
    lead = UserFactory(username="plain-lead", manager=boss)
    UserFactory(username="plain-member", manager=lead)
    request = rf.get("/")
    request.user = User.objects.get(pk=boss.pk)  # not through the session's backend
    context = navigation(request)
    with django_assert_num_queries(1):
        assert context["nav_has_reports"]() and context["nav_sees_insights"]()
