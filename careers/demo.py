"""The demo organisation: invented people for trying CareerPath locally.

``seed_demo()`` makes the five accounts the PM story starts from (``admin``, ``manager``,
``pm``, ``pm2``, ``pm3``), none with a result. ``seed_demo(team=True)``, which the command
and ``make run`` use, also gives ``manager`` an invented team with finished results, most of
them shared, so the team pages are alive at first sign-in. The results are made the way a
person makes them (start, save validated answers, submit), so they are real snapshots.
The tests keep the small world by default: the team's results take a moment to score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from assessments import services
from assessments.models import Assessment
from assessments.specs import (
    Answers,
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    validate_answers,
)
from careers.models import User
from ladders.models import Ladder

DEMO_PASSWORD = "careerpath-demo"


@dataclass(frozen=True)
class Leaning:
    """How a demo person answers: the keyed value given on each scale's statements."""

    builder: int
    people: int
    product: int = 4
    caution: int = 2
    attentive: bool = True  # False fails the attention check, so the reading is withheld


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    manager: str | None = None
    level: str | None = None
    is_superuser: bool = False
    answers: Leaning | None = None  # a finished result, answered this way
    shares: bool = True  # whether that result is shared with the manager


# Plainly invented names; "(demo)" keeps them from being mistaken for real people.
DEMO_PEOPLE = [
    DemoPerson("admin", "Ada", "Admin (demo)", is_superuser=True),
    DemoPerson("manager", "Morgan", "Manager (demo)", level="director"),
    DemoPerson("pm", "Pat", "Product (demo)", manager="manager", level="senior-pm"),
    DemoPerson("pm2", "Sam", "Sample (demo)", manager="manager", level="pm"),
    DemoPerson("pm3", "Robin", "Roamer (demo)"),
]


def _report(username: str, last_name: str, level: str, answers: Leaning, shares: bool = True):
    """One of manager's invented team, with a finished result answered as ``answers``."""
    first_name = username.title()
    return DemoPerson(username, first_name, last_name, "manager", level, False, answers, shares)


# The outcomes side by side, and each of the three alerts at least once.
DEMO_TEAM = [
    _report("dana", "Delivery (demo)", "principal-pm", Leaning(5, 2)),
    # a people leader on a level before the fork: "a strong pull toward leading people"
    _report("eli", "Empath (demo)", "senior-pm", Leaning(2, 5)),
    _report("fran", "Fork (demo)", "group-pm", Leaning(4, 4)),
    # a builder managing people: "may be happier on the IC route"
    _report("gus", "Gadget (demo)", "group-pm", Leaning(5, 2)),
    _report("hana", "Hesitant (demo)", "pm", Leaning(2, 2, 2)),
    # a result kept private: the manager sees only "Not shared"
    _report("ivo", "Incognito (demo)", "senior-pm", Leaning(2, 5), shares=False),
    # the attention check failed, so the reading is withheld
    _report("jo", "Juggler (demo)", "associate-pm", Leaning(4, 2, 3, attentive=False)),
    # drawn by the title as much as the work: the title-pull caution
    _report("kim", "Keen (demo)", "pm", Leaning(2, 5, caution=5)),
]


@transaction.atomic
def seed_demo(*, team: bool = False) -> list[User]:
    """Create or reset the demo people (with ``team``, also manager's team and its results);
    running it twice leaves the same data. The team needs the default questionnaire
    (``load_defaults``); without it, ``QuestionnaireUnavailable`` is raised."""
    ladder = Ladder.objects.filter(is_default=True).first()
    levels = {level.key: level for level in ladder.levels.all()} if ladder else {}
    everyone = DEMO_PEOPLE + (DEMO_TEAM if team else [])
    people: dict[str, User] = {}
    demo_hash = _PasswordHash()
    for person in everyone:
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
        demo_hash.give(user)
        people[person.username] = user
    for person in everyone:
        if person.answers is not None:
            _finish_once(people[person.username], person.answers, person.shares)
    return list(people.values())


class _PasswordHash:
    """Gives everyone the demo password, hashing and checking it once per run rather than
    once per person: a real password hash costs a noticeable fraction of a second."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.fresh = ""

    def give(self, user: User) -> None:
        if user.password in self.known:
            return
        if user.check_password(DEMO_PASSWORD):
            self.known.add(user.password)
            return
        self.fresh = self.fresh or make_password(DEMO_PASSWORD)
        user.password = self.fresh
        user.save(update_fields=["password"])
        self.known.add(self.fresh)


def _finish_once(person: User, leaning: Leaning, shares: bool) -> None:
    """Give ``person`` one finished self-assessment answered this way, unless they have one."""
    finished = Assessment.objects.submitted().filter(respondent=person, subject=person)
    if finished.exists():
        return
    assessment = services.start_or_resume(person)
    spec = assessment.version.to_spec()
    services.save_answers(assessment, answers_leaning(spec, leaning))
    services.submit_assessment(assessment)
    assessment.set_sharing(result=shares, answers=False, notify=False)


def answers_leaning(spec: QuestionnaireSpec, leaning: Leaning) -> Answers:
    """A full set of valid answers whose keyed value on each scale is as ``leaning`` says
    (reverse statements flipped back), forced choices on the stronger side, and the
    attention check passed unless the leaning is not attentive."""
    targets = {
        "builder": leaning.builder,
        "people": leaning.people,
        "product": leaning.product,
        "caution": leaning.caution,
    }
    top = spec.scale.min + spec.scale.max
    answers: dict[str, int | str] = {}
    for item in spec.items:
        if isinstance(item, LikertItem):
            keyed = targets[spec.dimension(item.dimension).scale]
            answers[item.key] = top - keyed if item.reverse else keyed
        elif isinstance(item, ForcedChoiceItem):
            pole = "people" if leaning.people > leaning.builder else "builder"
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
        elif isinstance(item, InstructedItem):
            wrong = spec.scale.min if item.expected != spec.scale.min else spec.scale.max
            answers[item.key] = item.expected if leaning.attentive else wrong
    return validate_answers(spec, answers)
