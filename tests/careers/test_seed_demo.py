import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careers.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_development(settings):
    settings.DEBUG = True  # pytest-django turns debug off; seed_demo is for local use


FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_superuser",
    "manager__username",
    "level_id",
    "password",
]


def snapshot():
    return list(User.objects.order_by("username").values_list(*FIELDS))


def test_seed_demo_twice_gives_the_same_people(capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert [row[0] for row in first] == ["admin", "manager", "pm", "pm2", "pm3"]
    out = capsys.readouterr().out
    assert "careerpath-demo" in out


def test_seed_demo_builds_the_reporting_lines():
    call_command("seed_demo")
    manager = User.objects.get(username="manager")
    assert sorted(User.objects.reports_of(manager).values_list("username", flat=True)) == [
        "pm",
        "pm2",
    ]
    assert User.objects.get(username="pm3").manager is None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("careerpath-demo")


def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.count() == 5
