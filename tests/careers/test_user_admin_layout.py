"""The user admin: the reporting line and level first on the page, whole names in the list."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reporting_line_and_level_is_the_first_section_of_the_user_page(client, org):
    client.force_login(org["admin"])
    page = client.get(reverse("admin:careers_user_change", args=[org["pm"].pk]))

    first = page.context["adminform"].fieldsets[0]
    assert first == ("Reporting line and level", {"fields": ["manager", "ladder", "level"]})
    html = page.content.decode()
    assert html.index("Reporting line and level") < html.index('name="username"')


def test_the_user_list_shows_whole_level_titles(client, org):
    client.force_login(org["admin"])
    page = client.get(reverse("admin:careers_user_changelist"))

    html = page.content.decode()
    assert "Director of Product" in html and "Senior Product Manager" in html
    # Addresses do not wrap and pushed the level column off screen; they stay searchable.
    assert page.context["cl"].list_display[1:] == [
        "username",
        "full_name",
        "manager",
        "level",
        "report_count",
        "is_staff",
    ]
    found = client.get(reverse("admin:careers_user_changelist"), {"q": "pm2@"})
    assert found.context["cl"].result_count == 1
