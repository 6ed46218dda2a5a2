"""Self against manager: gaps of 15 points or more become conversation topics."""

from assessments.scoring import SnapshotDimension
from careers.comparison import compare
from tests.assessments.factories import score_result

DIMENSIONS = [
    SnapshotDimension(key="craft_mastery", name="Craft mastery", scale="builder"),
    SnapshotDimension(key="developing_people", name="Developing people", scale="people"),
    SnapshotDimension(key="org_building", name="Organisation building", scale="people"),
    SnapshotDimension(key="title_pull", name="Pull of the title", scale="caution"),
]


def scores(**values):
    return score_result(dimensions=values)


def test_rows_follow_the_dimensions_and_gaps_are_manager_minus_self():
    result = compare(
        DIMENSIONS,
        scores(craft_mastery=80, developing_people=40, org_building=50, title_pull=None),
        scores(craft_mastery=70, developing_people=60, org_building=64.9, title_pull=20),
        first_name="Pat",
    )
    assert [row.key for row in result.rows] == [d.key for d in DIMENSIONS]
    assert [row.gap for row in result.rows] == [-10, 20, 15, None]


def test_only_gaps_of_fifteen_or_more_are_topics_largest_first():
    result = compare(
        DIMENSIONS,
        scores(craft_mastery=80, developing_people=40, org_building=50, title_pull=30),
        scores(craft_mastery=55, developing_people=55, org_building=64.4, title_pull=30),
        first_name="Pat",
    )
    assert [topic.row.key for topic in result.topics] == ["craft_mastery", "developing_people"]


def test_a_topic_names_both_numbers_and_who_sees_more():
    result = compare(
        DIMENSIONS,
        scores(craft_mastery=80, developing_people=40),
        scores(craft_mastery=55, developing_people=62),
        first_name="Pat",
    )
    craft, people = result.topics
    assert craft.sentence == "Pat rated craft mastery at 80; you rated it 55, 25 points lower."
    assert "more room" in craft.question
    assert people.sentence == (
        "You rated developing people at 62; Pat rated it 40, 22 points lower."
    )
    assert "without enjoying it" in people.question


def test_exactly_fifteen_points_is_a_topic():
    result = compare(
        DIMENSIONS[:1], scores(craft_mastery=50), scores(craft_mastery=65), first_name="A"
    )
    assert len(result.topics) == 1


def test_the_gap_threshold_is_an_argument():
    result = compare(
        DIMENSIONS[:1],
        scores(craft_mastery=50),
        scores(craft_mastery=60),
        first_name="A",
        gap_at=10,
    )
    assert len(result.topics) == 1


def test_the_gap_is_taken_between_the_numbers_the_page_shows():
    result = compare(
        DIMENSIONS[:1], scores(craft_mastery=50.4), scores(craft_mastery=64.6), first_name="A"
    )
    assert result.rows[0].gap == 15 and len(result.topics) == 1
