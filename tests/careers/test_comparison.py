"""Self against manager: topics at scale level, motivators as detail beyond the noise."""

from assessments.scoring import ScaleScores, SnapshotDimension
from careers.comparison import DETAIL_GAP_AT, SCALE_GAP_AT, compare
from tests.assessments.factories import score_result

DIMENSIONS = [
    SnapshotDimension(key="craft_mastery", name="Craft mastery", scale="builder"),
    SnapshotDimension(key="developing_people", name="Developing people", scale="people"),
    SnapshotDimension(key="org_building", name="Organisation building", scale="people"),
    SnapshotDimension(key="title_pull", name="Pull of the title", scale="caution"),
]


def view(builder=50.0, people=50.0, product=50.0, **dimensions):
    return score_result(
        scales=ScaleScores(builder=builder, people=people, product=product), dimensions=dimensions
    )


def test_the_thresholds_are_the_calibrated_ones():
    assert (SCALE_GAP_AT, DETAIL_GAP_AT) == (23.0, 40.0)


def test_rows_are_the_three_scales_then_the_motivators_gaps_manager_minus_self():
    result = compare(
        DIMENSIONS,
        view(builder=70, people=40, craft_mastery=80, developing_people=40, org_building=50),
        view(builder=60, people=65, craft_mastery=70, developing_people=60, org_building=64.9),
        first_name="Pat",
    )
    assert [row.key for row in result.rows] == [
        "builder", "people", "product", *[d.key for d in DIMENSIONS]
    ]  # fmt: skip
    assert [row.is_scale for row in result.rows] == [True] * 3 + [False] * 4
    assert [row.gap for row in result.rows] == [-10, 25, 0, -10, 20, 15, None]


def test_only_scale_gaps_become_topics_largest_first():
    result = compare(
        DIMENSIONS,
        view(builder=80, people=30, product=50, developing_people=20),
        view(builder=50, people=55, product=60, developing_people=50),
        first_name="Pat",
    )
    # A 30-point motivator gap alone is not a topic: a single motivator is too noisy.
    assert [topic.row.key for topic in result.topics] == ["builder", "people"]


def test_a_topic_names_both_numbers_and_who_sees_more():
    result = compare(
        DIMENSIONS, view(builder=80, people=40), view(builder=55, people=64), first_name="Pat"
    )
    builder, people = result.topics
    assert (
        builder.sentence == "Pat rated building products at 80; you rated it 55, 25 points lower."
    )
    assert "more room" in builder.question
    assert people.sentence == "You rated building people at 64; Pat rated it 40, 24 points lower."
    assert "without enjoying it" in people.question


def test_exactly_the_threshold_is_a_topic_one_point_less_is_not():
    at = compare(DIMENSIONS, view(builder=50), view(builder=73), first_name="A")
    below = compare(DIMENSIONS, view(builder=50), view(builder=72), first_name="A")
    assert len(at.topics) == 1 and below.topics == []


def test_motivators_are_highlighted_only_beyond_the_detail_threshold():
    result = compare(
        DIMENSIONS,
        view(craft_mastery=20, developing_people=50),
        view(craft_mastery=60, developing_people=89),
        first_name="A",
    )
    assert result.topics == []
    assert result.topic_keys == {"craft_mastery"}


def test_the_thresholds_are_arguments():
    result = compare(
        DIMENSIONS,
        view(builder=50, craft_mastery=50),
        view(builder=60, craft_mastery=60),
        first_name="A",
        gap_at=10,
        detail_gap_at=10,
    )
    assert len(result.topics) == 1 and result.topic_keys == {"builder", "craft_mastery"}


def test_the_gap_is_taken_between_the_numbers_the_page_shows():
    result = compare(DIMENSIONS, view(builder=50.4), view(builder=73.6), first_name="A")
    assert result.rows[0].gap == 24 and len(result.topics) == 1


def test_a_withheld_view_has_no_scale_gaps():
    result = compare(DIMENSIONS, score_result(), view(builder=90), first_name="A")
    assert result.rows[0].gap is None and result.topics == []
