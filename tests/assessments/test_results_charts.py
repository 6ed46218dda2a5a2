"""Chart geometry (pure): the map's regions, the bars and the history lines."""

import pytest

from assessments import charts
from assessments.scoring import Outcome, SnapshotDimension
from tests.assessments.factories import score_result


def test_scores_map_onto_the_frame_with_people_growing_upward():
    chart = charts.plot_map(0, 0, band_half_width=11.4, threshold=40)
    frame = chart.frame
    assert (chart.point_x, chart.point_y) == (frame.left, frame.bottom)
    top_right = charts.plot_map(100, 100, band_half_width=11.4, threshold=40)
    assert (top_right.point_x, top_right.point_y) == (frame.right, frame.top)
    # Out-of-range numbers are kept on the chart rather than drawn off it.
    clamped = charts.plot_map(130, -5, band_half_width=11.4, threshold=40)
    assert (clamped.point_x, clamped.point_y) == (frame.right, frame.bottom)


def test_the_hybrid_band_hugs_the_diagonal_and_leaves_out_the_corner():
    band = charts.band_polygon(10, 40)
    assert band == [(40, 30), (100, 90), (100, 100), (90, 100), (30, 40), (40, 40)]
    for builder, people in band:
        assert abs(people - builder) <= 10
        assert max(builder, people) >= 40


def test_a_band_wider_than_the_corner_keeps_its_full_outline():
    band = charts.band_polygon(50, 20)
    assert (50, 0) in band and (0, 50) in band and (20, 20) in band


def test_no_band_without_a_margin_of_error():
    assert charts.band_polygon(0, 40) == []


def test_region_labels_move_away_from_the_dot():
    near_corner_label = charts.plot_map(20, 25, band_half_width=11.4, threshold=40)
    far = charts.plot_map(90, 10, band_half_width=11.4, threshold=40)
    assert near_corner_label.labels["corner"] != far.labels["corner"]
    on_band = charts.plot_map(85, 85, band_half_width=11.4, threshold=40)
    x, y = on_band.labels["hybrid"]
    assert abs(x - on_band.point_x) > 40


def test_bars_are_grouped_by_scale_and_keep_missing_scores_visible_as_gaps():
    dimensions = [
        SnapshotDimension(key="a", name="A", scale="builder"),
        SnapshotDimension(key="b", name="B", scale="people"),
        SnapshotDimension(key="c", name="C", scale="caution"),
    ]
    groups = charts.bar_groups(dimensions, {"a": 72.4, "b": 0.0, "c": None})
    assert [g.scale for g in groups] == ["builder", "people", "caution"]
    a, b, c = (group.bars[0] for group in groups)
    assert (a.width, a.rounded) == (72.4, 72)
    assert b.width == 1.0  # a sliver, so a zero still shows as a bar
    assert (c.width, c.rounded) == (0.0, None)


@pytest.mark.parametrize("count", [2, 3, 6])
def test_history_spreads_results_across_the_width_oldest_first(count):
    entries = [(f"r{i}", 10.0 * i, 90 - 10.0 * i) for i in range(count)]
    chart = charts.plot_history(entries)
    xs = [point.x for point in chart.points]
    assert xs == sorted(xs) and xs[0] == chart.frame.left and xs[-1] == chart.frame.right
    assert chart.builder_line.startswith("M") and chart.builder_line.count("L") == count - 1


def test_a_withheld_result_breaks_the_lines_instead_of_joining_across_it():
    chart = charts.plot_history([("a", 50, 50), ("b", None, None), ("c", 60, 40)])
    assert chart.builder_line.count("M") == 2 and "L" not in chart.builder_line


def test_history_leaves_out_labels_that_would_overlap_but_keeps_both_ends():
    entries = [(f"{day} Mar 10:0{day % 10}", 50, 50) for day in range(1, 13)]
    chart = charts.plot_history(entries, char_width=9.5)
    shown = [point for point in chart.points if point.show_label]
    assert chart.points[0].show_label and chart.points[-1].show_label
    assert 2 <= len(shown) < len(entries)
    spans = []
    for point in shown:
        size = len(point.label) * 9.5
        start = {"start": point.x, "end": point.x - size, "middle": point.x - size / 2}
        spans.append((start[point.anchor], start[point.anchor] + size))
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_a_few_results_get_every_label():
    chart = charts.plot_history([("1 Mar", 40, 60), ("9 Jun", 50, 55), ("2 Dec", 70, 30)])
    assert all(point.show_label for point in chart.points)


def test_labels_take_their_first_free_spot_in_order():
    left, right = charts.Box(0, 0, 10, 10), charts.Box(20, 0, 30, 10)
    chosen = charts.place_labels(
        [charts.LabelSpots([left, right]), charts.LabelSpots([left, right])]
    )
    assert chosen == [0, 1]


def test_a_label_with_no_free_spot_is_left_out_or_takes_the_roomiest():
    dot = charts.Box(0, 0, 10, 10)
    near, far = charts.Box(5, 5, 15, 15), charts.Box(8, 8, 40, 40)
    assert charts.place_labels([charts.LabelSpots([near], optional=True)], obstacles=[dot]) == [
        None
    ]
    assert charts.place_labels([charts.LabelSpots([near, far])], obstacles=[dot]) == [1]


def test_close_names_on_the_team_map_stack_instead_of_overlapping():
    points = [
        charts.MapPoint(
            label=name, builder=30, people=70, outcome=Outcome.HYBRID, strength="", href=""
        )
        for name in ("Ana", "Bo", "Cy")
    ]
    laid_out = charts.team_map(points, charts.Regions()).points
    assert sorted(round(point.label_y - point.y) for point in laid_out) == [4, 19, 34]


def test_a_withheld_result_has_no_place_on_the_map():
    assert charts.MapPoint.from_result(score_result(outcome="withheld"), label="Pat") is None
    point = charts.MapPoint.from_result(
        score_result(
            outcome="builder",
            strength="clear",
            scales={"builder": 80.0, "people": 20.0, "product": 50.0},
        ),
        label="Pat",
    )
    assert (point.builder, point.people, point.reading) == (80.0, 20.0, "Building products · clear")


@pytest.mark.parametrize(("builder", "people"), [(100, 100), (0, 0), (100, 0), (0, 100)])
def test_the_halo_round_the_dot_stays_inside_the_map_at_the_edges(builder, people):
    chart = charts.plot_map(builder, people, band_half_width=11.4, threshold=40)
    r = chart.halo_radius
    assert chart.point_x - r >= 0 and chart.point_x + r <= chart.view_width
    assert chart.point_y - r >= 0 and chart.point_y + r <= chart.view_height
