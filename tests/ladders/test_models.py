"""What the database and the models' clean() refuse, and Ladder.to_spec()."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from core.interchange import dump_document
from ladders.models import Expectation, Ladder, Level
from ladders.specs import DEFAULT_LADDER_FILE
from tests.ladders.factories import (
    CompetencyFactory,
    ExpectationFactory,
    LadderFactory,
    LevelFactory,
    TrackFactory,
    forked_ladder,
)

pytestmark = pytest.mark.django_db


def refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_a_time_split_that_is_not_100():
    refused(lambda: LevelFactory(people_pct=10, product_pct=10, individual_pct=10))


def test_the_database_refuses_a_rank_below_1():
    refused(lambda: LevelFactory(rank=0))


def test_the_database_refuses_duplicate_keys_within_a_ladder():
    level = LevelFactory(key="pm")
    refused(lambda: LevelFactory(ladder=level.ladder, track=level.track, key="pm"))
    refused(lambda: TrackFactory(ladder=level.ladder, key=level.track.key))
    skill = CompetencyFactory(ladder=level.ladder, key="craft")
    refused(lambda: CompetencyFactory(ladder=level.ladder, key="craft"))
    ExpectationFactory(level=level, competency=skill)
    refused(lambda: ExpectationFactory(level=level, competency=skill))


def test_the_same_key_is_fine_on_another_ladder():
    LevelFactory(key="pm")
    LevelFactory(key="pm")
    assert Level.objects.filter(key="pm").count() == 2


def test_the_database_refuses_a_proficiency_outside_1_to_5():
    refused(lambda: ExpectationFactory(proficiency=6))
    refused(lambda: ExpectationFactory(proficiency=0))


def test_only_one_ladder_can_be_the_default():
    LadderFactory(is_default=True)
    refused(lambda: LadderFactory(is_default=True))
    LadderFactory(is_default=False)


def test_deleting_a_ladder_deletes_its_parts_but_never_a_level_someone_holds(django_user_model):
    ladder = forked_ladder(8)
    holder = django_user_model.objects.create(username="pat", level=ladder.levels.first())
    with pytest.raises(ProtectedError), transaction.atomic():
        ladder.delete()
    with pytest.raises(RestrictedError), transaction.atomic():
        ladder.tracks.first().delete()
    holder.delete()
    ladder.delete()
    assert not Level.objects.exists()
    assert not Expectation.objects.exists()


def test_full_clean_names_the_broken_field():
    other_track = TrackFactory()
    level = LevelFactory.build(
        ladder=LadderFactory(), track=other_track, key="Senior PM", people_pct=50
    )
    with pytest.raises(ValidationError) as caught:
        level.full_clean()
    errors = caught.value.message_dict
    assert errors["track"] == [f"“{other_track}” belongs to another ladder."]
    assert errors["key"] == ["Use lowercase letters, digits and single hyphens, like “senior-pm”."]
    assert errors["__all__"] == [
        "The time split (people + product leadership + individual work) must add up to 100%."
    ]


def test_an_expectation_must_use_a_competency_of_its_own_ladder():
    expectation = ExpectationFactory.build(level=LevelFactory(), competency=CompetencyFactory())
    with pytest.raises(ValidationError) as caught:
        expectation.full_clean()
    assert "belongs to another ladder" in caught.value.message_dict["competency"][0]


def test_edge_errors_explain_each_bad_edge():
    ladder = forked_ladder(8)
    levels = {level.key: level for level in ladder.levels.all()}
    stranger = LevelFactory(rank=9)
    senior = levels["shared-2"]
    errors = senior.edge_errors([levels["shared-1"], stranger, senior], [levels["ic-1"]])
    assert errors == {
        "next_levels": [
            "“Shared 1” has rank 1; it must be above this level's rank 2.",
            f"“{stranger}” is on another ladder.",
            "A level cannot lead to itself.",
        ],
        "previous_levels": ["“Builders 1” has rank 3; it must be below this level's rank 2."],
    }
    assert senior.edge_errors(senior.next_levels.all(), senior.previous_levels.all()) == {}


def test_to_spec_of_an_imported_ladder_gives_back_the_file(default_ladder):
    assert dump_document(default_ladder.to_spec()) == DEFAULT_LADDER_FILE.read_text()


def test_to_spec_runs_a_fixed_number_of_queries(django_assert_num_queries):
    small, large = forked_ladder(8), forked_ladder(40)
    for ladder in (small, large):
        ladder = Ladder.objects.get(pk=ladder.pk)
        with django_assert_num_queries(5):
            spec = ladder.to_spec()
        assert len(spec.fork_points()) == 1


def test_with_counts_counts_each_part(default_ladder, django_user_model):
    django_user_model.objects.create(username="pat", level=default_ladder.levels.get(key="pm"))
    ladder = Ladder.objects.with_counts().get(pk=default_ladder.pk)
    assert (ladder.track_count, ladder.level_count, ladder.competency_count) == (4, 9, 11)
    assert ladder.holder_count == 1


def test_the_default_ladder_is_the_flagged_one_or_else_the_first():
    assert Ladder.objects.default() is None
    first = LadderFactory()
    assert Ladder.objects.default() == first
    flagged = LadderFactory(is_default=True)
    assert Ladder.objects.default() == flagged
