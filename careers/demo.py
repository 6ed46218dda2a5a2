"""The demo organisation: invented people for trying CareerPath locally."""

from dataclasses import dataclass

from django.db import transaction

from careers.models import User
from ladders.models import Ladder

DEMO_PASSWORD = "careerpath-demo"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    manager: str | None = None
    level: str | None = None
    is_superuser: bool = False


# Plainly invented names; "(demo)" keeps them from being mistaken for real people.
DEMO_PEOPLE = [
    DemoPerson("admin", "Ada", "Admin (demo)", is_superuser=True),
    DemoPerson("manager", "Morgan", "Manager (demo)", level="director"),
    DemoPerson("pm", "Pat", "Product (demo)", manager="manager", level="senior-pm"),
    DemoPerson("pm2", "Sam", "Sample (demo)", manager="manager", level="pm"),
    DemoPerson("pm3", "Robin", "Roamer (demo)"),
]


@transaction.atomic
def seed_demo() -> list[User]:
    """Create or reset the demo people; running it twice leaves the same data."""
    ladder = Ladder.objects.filter(is_default=True).first()
    levels = {level.key: level for level in ladder.levels.all()} if ladder else {}
    people: dict[str, User] = {}
    for person in DEMO_PEOPLE:
        user, _ = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@example.com",
                "is_active": True,
                "is_staff": person.is_superuser,
                "is_superuser": person.is_superuser,
                "manager": people.get(person.manager) if person.manager else None,
                "level": levels.get(person.level) if person.level else None,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        people[person.username] = user
    return list(people.values())
