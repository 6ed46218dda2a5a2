"""People for tests: ``UserFactory`` for one person, ``demo_org()`` for the whole demo
organisation on the shipped ladder and questionnaires (what the root ``org`` fixture holds)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory, Password

from assessments.files import load_default_questionnaires
from careers.demo import DEMO_PASSWORD, seed_demo
from careers.models import User
from ladders.files import load_default_ladders
from tests.ladders.factories import LevelFactory


class UserFactory(DjangoModelFactory):
    """A person with no manager and no level; ``managed=True`` gives them a new manager,
    ``placed=True`` a level on a new ladder. Signs in with the demo password."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    class Params:
        managed = factory.Trait(manager=factory.SubFactory("tests.careers.factories.UserFactory"))
        placed = factory.Trait(level=factory.SubFactory(LevelFactory))

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Example"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = Password(DEMO_PASSWORD)
    manager = None
    level = None


def demo_org() -> dict[str, User]:
    """The shipped ladder and questionnaires, then the demo people by username: admin
    (superuser), manager (Director), pm (Senior PM) and pm2 (PM) reporting to manager, and pm3
    with no manager and no level — exactly what ``make run`` sets up."""
    load_default_ladders()
    load_default_questionnaires()
    return {user.username: user for user in seed_demo()}
