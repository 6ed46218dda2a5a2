"""Factories for ladders. ``forked_ladder(n)`` builds a whole ladder with a fork, any size."""

import factory
from factory.django import DjangoModelFactory

from ladders.models import Competency, Expectation, Ladder, Level, Track


class LadderFactory(DjangoModelFactory):
    class Meta:
        model = Ladder

    slug = factory.Sequence(lambda n: f"ladder-{n}")
    name = factory.Sequence(lambda n: f"Ladder {n}")


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track

    ladder = factory.SubFactory(LadderFactory)
    key = factory.Sequence(lambda n: f"track-{n}")
    name = factory.Sequence(lambda n: f"Track {n}")
    kind = Track.Kind.SHARED


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = Level

    ladder = factory.SubFactory(LadderFactory)
    track = factory.SubFactory(TrackFactory, ladder=factory.SelfAttribute("..ladder"))
    key = factory.Sequence(lambda n: f"level-{n}")
    title = factory.Sequence(lambda n: f"Level {n}")
    rank = 1
    summary = "Does the work of this level."
    scope = "A slice of the product."
    people_pct = 0
    product_pct = 20
    individual_pct = 80


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency

    ladder = factory.SubFactory(LadderFactory)
    key = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    area = "Execution"


class ExpectationFactory(DjangoModelFactory):
    class Meta:
        model = Expectation

    level = factory.SubFactory(LevelFactory)
    competency = factory.SubFactory(
        CompetencyFactory, ladder=factory.SelfAttribute("..level.ladder")
    )
    proficiency = 2
    text = "Does it with some help."


def forked_ladder(levels: int = 8, competencies: int = 4, **ladder_fields) -> Ladder:
    """A ladder of ``levels`` levels: a shared chain, then a fork into an IC branch and a
    people branch, with an expectation for every level and competency."""
    ladder = LadderFactory(**ladder_fields)
    shared = TrackFactory(ladder=ladder, key="shared", name="Shared", kind="shared")
    ic = TrackFactory(ladder=ladder, key="ic", name="Builders", kind="ic")
    people = TrackFactory(ladder=ladder, key="people", name="People leaders", kind="people")
    shared_count = max(2, levels // 4)
    ic_count = (levels - shared_count) // 2
    people_count = levels - shared_count - ic_count

    def chain(track, count, first_rank, prefix):
        made = [
            LevelFactory(
                ladder=ladder, track=track, key=f"{prefix}-{i + 1}", title=f"{track.name} {i + 1}",
                rank=first_rank + i,
            )
            for i in range(count)
        ]  # fmt: skip
        for lower, upper in zip(made, made[1:], strict=False):
            lower.next_levels.add(upper)
        return made

    base = chain(shared, shared_count, 1, "shared")
    builders = chain(ic, ic_count, shared_count + 1, "ic")
    leaders = chain(people, people_count, shared_count + 1, "people")
    base[-1].next_levels.add(builders[0], leaders[0])
    skills = [
        CompetencyFactory(ladder=ladder, key=f"skill-{i}", name=f"Skill {i}", position=i,
                          area="Craft" if i % 2 else "Leadership")
        for i in range(competencies)
    ]  # fmt: skip
    Expectation.objects.bulk_create(
        Expectation(level=level, competency=skill, proficiency=min(5, 1 + level.rank // 2),
                    text=f"{level.title} in {skill.name}.")
        for level in [*base, *builders, *leaders]
        for skill in skills
    )  # fmt: skip
    return ladder
