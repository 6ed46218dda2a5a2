"""Geometry for every chart: a person's map, the team map, the bars and the history lines.

Pure: typed results and numbers in, coordinates out; no Django. The templates draw the SVG,
and every chart also gets a text alternative there (an SVG ``<title>``/``<desc>`` and a
data table), built from the same numbers. Labels on all three charts are placed by one
routine, ``place_labels``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from assessments.scoring import (
    Outcome,
    QuestionnaireSnapshot,
    ScoreResult,
    SnapshotDimension,
    Thresholds,
)

# The hybrid band of the default questionnaire (its SE of D at pole_z 1), for a team map
# drawn before any result gives the real one.
DEFAULT_BAND_HALF_WIDTH = 11.4


def _clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Frame:
    """A square or rectangular plot area inside an SVG viewBox, for values 0..100."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def x(self, value: float) -> float:
        return round(self.left + _clamp(value) / 100 * self.width, 2)

    def y(self, value: float) -> float:
        """SVG y grows downward; a higher score sits higher."""
        return round(self.bottom - _clamp(value) / 100 * self.height, 2)


@dataclass(frozen=True)
class Box:
    """The room a label (or a dot) takes, in SVG units."""

    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the two boxes are closer than ``gap`` (or overlap)."""
        return (
            self.left < other.right + gap
            and other.left < self.right + gap
            and self.top < other.bottom + gap
            and other.top < self.bottom + gap
        )


@dataclass(frozen=True)
class LabelSpots:
    """Where one label may go: its candidate boxes, the preferred first."""

    spots: Sequence[Box]
    optional: bool = False  # may be left out when every spot is taken


def place_labels(
    labels: Sequence[LabelSpots], *, obstacles: Sequence[Box] = (), gap: float = 0.0
) -> list[int | None]:
    """The index of the spot each label takes (None: left out), placing them in order.

    A label takes its first spot that comes no closer than ``gap`` to an obstacle (a dot)
    or to a label placed before it. When every spot is taken, an optional label is left
    out, and any other takes the spot whose centre has the most room around it.
    """
    taken = list(obstacles)
    chosen: list[int | None] = []
    for label in labels:
        # The first free spot, looking no further: the team map offers each name a spot on
        # every line down the map, and checking them all made its layout grow with the cube
        # of the team's size.
        index = next(
            (
                i
                for i, spot in enumerate(label.spots)
                if not any(spot.overlaps(t, gap) for t in taken)
            ),
            None,
        )
        if index is None and not label.optional and label.spots:
            index = max(range(len(label.spots)), key=lambda i: _room(label.spots[i], taken))
        if index is not None:
            taken.append(label.spots[index])
        chosen.append(index)
    return chosen


def _room(spot: Box, taken: Sequence[Box]) -> float:
    x, y = spot.centre
    return min(
        ((x - cx) ** 2 + (y - cy) ** 2 for cx, cy in (box.centre for box in taken)), default=0.0
    )


@dataclass(frozen=True)
class Regions:
    """The hybrid band's half-width and the "too early" threshold, in score points."""

    band_half_width: float = DEFAULT_BAND_HALF_WIDTH
    threshold: float = Thresholds().inconclusive_below

    @classmethod
    def of(cls, score: ScoreResult, snapshot: QuestionnaireSnapshot) -> Regions:
        thresholds = snapshot.thresholds
        return cls(score.se_d * thresholds.pole_z, thresholds.inconclusive_below)

    @classmethod
    def first_of(cls, results: Iterable[tuple[ScoreResult, QuestionnaireSnapshot]]) -> Regions:
        """The regions of the first result with a margin of error (all results of one
        questionnaire version agree), else the defaults."""
        for score, snapshot in results:
            if score.se_d:
                return cls.of(score, snapshot)
        return cls()


@dataclass(frozen=True)
class Tick:
    value: int
    x: float  # the vertical gridline, and its label under the x axis at (x, x_label_y)
    y: float  # the horizontal gridline, and its label left of the y axis at (y_label_x, y + 4)
    x_label_y: float
    y_label_x: float

    @property
    def y_label_y(self) -> float:
        return round(self.y + 4, 2)


@dataclass(frozen=True)
class MapChart:
    """The builder (x) × people (y) map with the hybrid band and the inconclusive corner."""

    view_width: int
    view_height: int
    frame: Frame
    point_x: float
    point_y: float
    band_points: str  # SVG polygon points of the hybrid band (|P − B| < half width)
    corner: tuple[float, float, float, float]  # x, y, width, height of the corner
    ticks: list[Tick]
    diagonal: tuple[float, float, float, float]
    axis_x: tuple[float, float]  # where the axis titles sit
    axis_y: tuple[float, float]
    you_label: tuple[float, float, str]  # x, y, text-anchor of the "You" label
    threshold: float  # the "too early" corner's edge, in score points
    has_point: bool = True
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)
    halo_radius: float = 17  # the shaded ring round the person's dot

    @property
    def region_names(self) -> dict[str, str]:
        """The outcome each region of the map stands for, by its short label."""
        return {
            "builder": Outcome.BUILDER.short_label,
            "people": Outcome.PEOPLE_LEADER.short_label,
            "hybrid": Outcome.HYBRID.short_label,
            "corner": Outcome.INCONCLUSIVE.short_label,
        }


def band_polygon(half_width: float, threshold: float) -> list[tuple[float, float]]:
    """The hybrid band in score space, without the inconclusive corner.

    The band is every point with |people − builder| < half_width; the corner (both scales
    below ``threshold``) is cut out because low scores there mean "too early to call".
    Listed counter-clockwise from where the lower edge leaves the corner.
    """
    w = _clamp(half_width, 0.0, 100.0)
    t = _clamp(threshold, 0.0, 100.0)
    if w <= 0:
        return []
    if t <= w:
        # The corner is narrower than the band: keep the band's full outline, minus the square.
        return [(t, 0.0), (w, 0.0), (100.0, 100.0 - w), (100.0, 100.0), (100.0 - w, 100.0),
                (0.0, w), (0.0, t), (t, t)]  # fmt: skip
    return [(t, t - w), (100.0, 100.0 - w), (100.0, 100.0), (100.0 - w, 100.0), (t - w, t), (t, t)]


def plot_map(
    builder: float | None,
    people: float | None,
    *,
    band_half_width: float,
    threshold: float,
    size: int = 360,
) -> MapChart:
    """Coordinates for a person's map; ``builder``/``people`` None draws the regions only."""
    chart = _regions_chart(Regions(band_half_width, threshold), size)
    if builder is None or people is None:
        return replace(chart, has_point=False, labels=_region_labels(chart, []))
    frame = chart.frame
    px, py = frame.x(builder), frame.y(people)
    # "You" sits right of the dot, or left of it near the right edge; above it near the bottom.
    you_x, anchor = (px - 14, "end") if px > frame.right - 48 else (px + 14, "start")
    you_y = py - 12 if py > frame.bottom - 16 else py + 5
    return replace(
        chart,
        point_x=px,
        point_y=py,
        you_label=(you_x, you_y, anchor),
        labels=_region_labels(
            chart, [Box.around(px, py, 2 * chart.halo_radius, 2 * chart.halo_radius)]
        ),
    )


def _regions_chart(regions: Regions, size: int) -> MapChart:
    """The map's frame, band, corner, grid and axes, without dots or region labels."""
    # Above and to the right, room for the halo of a dot at 100 (its radius and a little).
    margin_left, margin_bottom, margin = 44, 44, MapChart.halo_radius + 3
    frame = Frame(
        left=margin_left,
        top=margin,
        width=size - margin_left - margin,
        height=size - margin - margin_bottom,
    )
    band = " ".join(
        f"{frame.x(b)},{frame.y(p)}"
        for b, p in band_polygon(regions.band_half_width, regions.threshold)
    )
    t = _clamp(regions.threshold)
    corner = (frame.left, frame.y(t), frame.x(t) - frame.left, frame.bottom - frame.y(t))
    ticks = [
        Tick(v, frame.x(v), frame.y(v), frame.bottom + 16, frame.left - 6)
        for v in (0, 20, 40, 60, 80, 100)
    ]
    return MapChart(
        view_width=size,
        view_height=size,
        frame=frame,
        point_x=frame.x(0),
        point_y=frame.y(0),
        band_points=band,
        corner=corner,
        ticks=ticks,
        diagonal=(frame.x(t), frame.y(t), frame.x(100), frame.y(100)),
        axis_x=(frame.left + frame.width / 2, frame.bottom + 36),
        axis_y=(14, frame.top + frame.height / 2),
        you_label=(frame.x(0), frame.y(0), "start"),
        threshold=t,
    )


# Average width and height of a region label's character in SVG units, at the phone size.
REGION_CHAR_WIDTH, REGION_LINE = 8.0, 14.0


def _region_labels(chart: MapChart, dots: list[Box]) -> dict[str, tuple[float, float]]:
    """Where each region's name goes, clear of the dots: of its candidate spots (score x,
    score y, pixel nudge down), the first that covers no dot."""
    frame, t = chart.frame, chart.threshold
    candidates = {
        "builder": [(97, t / 2, 4), (97, 4, 0), (97, t + 4, 0)],
        "people": [(3, 97, 10), (3, t + 8, 4), (3, 70, 0)],
        "hybrid": [(t + (100 - t) * f, t + (100 - t) * f, -4) for f in (0.5, 0.77, 0.27)],
        "corner": [(t / 2, t * 0.62, 0), (t / 2, t * 0.2, 0)],
    }
    names = chart.region_names

    def box(name: str, x: float, y: float) -> Box:
        width = len(names[name]) * REGION_CHAR_WIDTH
        if name == "builder":  # anchored at its end
            return Box(x - width, y - REGION_LINE * 0.8, x, y + REGION_LINE * 0.2)
        if name == "people":  # anchored at its start
            return Box(x, y - REGION_LINE * 0.8, x + width, y + REGION_LINE * 0.2)
        if name == "hybrid":  # centred, turned along the diagonal
            side = width * 0.71 + REGION_LINE
            return Box.around(x, y, side, side)
        return Box.around(x, y, width, REGION_LINE)

    spots = {
        name: [(frame.x(x), frame.y(y) + nudge) for x, y, nudge in options]
        for name, options in candidates.items()
    }
    order = list(spots)
    chosen = place_labels(
        [LabelSpots([box(name, x, y) for x, y in spots[name]]) for name in order],
        obstacles=dots,
    )
    return {name: spots[name][index or 0] for name, index in zip(order, chosen, strict=True)}


@dataclass(frozen=True)
class Bar:
    key: str
    name: str
    description: str
    scale: str
    value: float | None

    @property
    def width(self) -> float:
        """Percent of the track the bar fills (a sliver for 0, so it is still visible)."""
        if self.value is None:
            return 0.0
        return round(max(_clamp(self.value), 1.0), 2)

    @property
    def rounded(self) -> int | None:
        return None if self.value is None else round(self.value)


@dataclass(frozen=True)
class BarGroup:
    scale: str
    title: str
    note: str
    bars: list[Bar]


SCALE_TITLES = {
    "builder": ("Building products", "Energy from the craft and the product problem itself."),
    "people": ("Building people", "Energy from growing others and leading through a team."),
    "product": ("Product leadership", "Shaping direction. Both paths need it."),
    "caution": ("Worth a second look", "Never counted toward either path."),
}


def bar_groups(
    dimensions: Sequence[SnapshotDimension], scores: dict[str, float | None]
) -> list[BarGroup]:
    """Dimension bars grouped by scale, in the order builder, people, product, caution."""
    groups = []
    for scale, (title, note) in SCALE_TITLES.items():
        bars = [
            Bar(
                key=d.key,
                name=d.name,
                description=d.description,
                scale=scale,
                value=scores.get(d.key),
            )
            for d in dimensions
            if d.scale == scale
        ]
        if bars:
            groups.append(BarGroup(scale=scale, title=title, note=note, bars=bars))
    return groups


@dataclass(frozen=True)
class HistoryPoint:
    label: str
    x: float
    show_label: bool  # False where the label would overlap a neighbour's
    anchor: str  # text-anchor of the label: the ends hug the frame
    builder_y: float | None
    people_y: float | None
    builder: float | None
    people: float | None


def _visible_labels(
    labels: list[str], xs: list[float], anchors: list[str], char_width: float
) -> set[int]:
    """Indexes of the date labels to draw: the first and the last always, the others only
    where they keep a gap of 8 from every label already drawn."""
    if not labels:
        return set()

    def box(i: int) -> Box:
        size = len(labels[i]) * char_width
        start = {"start": xs[i], "end": xs[i] - size, "middle": xs[i] - size / 2}[anchors[i]]
        return Box(start, 0, start + size, 1)

    last = len(labels) - 1
    order = [0, *([last] if last else []), *range(1, last)]
    spots = [LabelSpots([box(i)], optional=0 < i < last) for i in order]
    chosen = place_labels(spots, gap=8)
    return {i for i, index in zip(order, chosen, strict=True) if index is not None}


@dataclass(frozen=True)
class HistoryChart:
    view_width: int
    view_height: int
    frame: Frame
    points: list[HistoryPoint]
    builder_line: str
    people_line: str
    gridlines: list[tuple[int, float]]


def plot_history(
    entries: Sequence[tuple[str, float | None, float | None]],
    *,
    width: int = 560,
    height: int = 240,
    char_width: float = 7.2,
) -> HistoryChart:
    """Builder and people scales over time: ``entries`` are (label, builder, people), oldest
    first. Results without scales (withheld) leave a gap in both lines. ``char_width`` is the
    average width of a label character, used to leave out labels that would overlap."""
    # Room on the left for "100" at the phone font size, below for the date labels.
    frame = Frame(left=52, top=14, width=width - 52 - 12, height=height - 14 - 38)
    count = len(entries)
    xs = [
        frame.left + (frame.width * index / (count - 1) if count > 1 else frame.width / 2)
        for index in range(count)
    ]
    anchors = [
        "start" if i == 0 and count > 1 else "end" if i == count - 1 and count > 1 else "middle"
        for i in range(count)
    ]
    shown = _visible_labels([label for label, _, _ in entries], xs, anchors, char_width)
    points = []
    for index, (label, builder, people) in enumerate(entries):
        points.append(
            HistoryPoint(
                label=label,
                x=round(xs[index], 2),
                show_label=index in shown,
                anchor=anchors[index],
                builder_y=None if builder is None else frame.y(builder),
                people_y=None if people is None else frame.y(people),
                builder=builder,
                people=people,
            )
        )

    def line(attr: str) -> str:
        # "M" starts a new segment after a gap, so a withheld result never joins two dots.
        parts, pen_down = [], False
        for point in points:
            y = getattr(point, attr)
            if y is None:
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{point.x},{y}")
            pen_down = True
        return " ".join(parts)

    return HistoryChart(
        view_width=width,
        view_height=height,
        frame=frame,
        points=points,
        builder_line=line("builder_y"),
        people_line=line("people_y"),
        gridlines=[(v, frame.y(v)) for v in (0, 25, 50, 75, 100)],
    )


# ---- the team map ---------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    """One shared result on the team map; x, y and the label position are filled by layout."""

    label: str
    builder: float
    people: float
    outcome: Outcome
    strength: str
    href: str
    x: float = 0
    y: float = 0
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"

    @classmethod
    def from_result(cls, score: ScoreResult, *, label: str, href: str = "") -> MapPoint | None:
        """The point of a scored result, or None when it has no scales (withheld)."""
        if score.scales is None:
            return None
        return cls(
            label=label,
            builder=score.scales.builder,
            people=score.scales.people,
            outcome=score.outcome,
            strength=score.strength or "",
            href=href,
        )

    @property
    def reading(self) -> str:
        return self.outcome.reading(self.strength or None)

    @property
    def tone(self) -> str:
        return self.outcome.tone


@dataclass(frozen=True)
class TeamMap:
    chart: MapChart  # the regions, axes and ticks, drawn as on a person's own result
    points: list[MapPoint]


# The room a name takes beside its dot on the team map, in SVG units.
NAME_WIDTH, NAME_LINE = 110.0, 15.0


def team_map(points: list[MapPoint], regions: Regions, *, size: int = 420) -> TeamMap:
    """Lay out shared results on the builder (x) × people (y) map of the result page.

    Names sit beside their dot, on the left near the right edge; a name that would overlap
    one already placed moves down a line, so close results stay readable.
    """
    chart = _regions_chart(regions, size)
    frame = chart.frame
    ordered = sorted(points, key=lambda p: (-p.people, p.builder, p.label))
    laid_out = []
    for point in ordered:
        x, y = frame.x(point.builder), frame.y(point.people)
        anchor = "end" if point.builder > 65 else "start"
        laid_out.append(
            replace(point, x=x, y=y, label_x=x - 11 if anchor == "end" else x + 11, anchor=anchor)
        )
    # Enough lines down for every name to find one: each earlier name blocks at most two.
    spots = [
        LabelSpots(
            [
                Box.around(point.label_x, point.y + 4 + NAME_LINE * step, NAME_WIDTH, NAME_LINE)
                for step in range(2 * len(laid_out) + 1)
            ]
        )
        for point in laid_out
    ]
    chosen = place_labels(spots)
    placed = [
        replace(point, label_y=round(point.y + 4 + NAME_LINE * (index or 0), 2))
        for point, index in zip(laid_out, chosen, strict=True)
    ]
    dots = [Box.around(point.x, point.y, 18, 18) for point in placed]
    chart = replace(chart, has_point=False, labels=_region_labels(chart, dots))
    return TeamMap(chart=chart, points=placed)


# ---- outcome mix (org insight) --------------------------------------------------------


# Room on each side of the bars, so the segments' white outline stays inside the drawing.
MIX_INSET = 2
# The width of a character of a bar's label (14 px), to shorten labels that would not fit.
MIX_LABEL_CHAR = 7.8


@dataclass(frozen=True)
class MixSegment:
    key: str  # an outcome value, or "other"
    label: str
    count: int
    tone: str
    x: float
    width: float
    text_x: float
    show_count: bool  # False where the number would not fit inside its segment


@dataclass(frozen=True)
class MixBar:
    label: str
    total: int
    label_y: float
    bar_y: float
    segments: list[MixSegment]


@dataclass(frozen=True)
class MixChart:
    view_width: int
    view_height: int
    bar_height: int
    bars: list[MixBar]
    inset: int = MIX_INSET


def mix_bars(
    groups: Sequence[tuple[str, int, Sequence[tuple[str, str, int]]]],
    *,
    width: int = 400,
    bar_height: int = 22,
    char_width: float = 7.5,
) -> MixChart:
    """Stacked bars, one per group, each as wide as the chart (shares of the group).

    ``groups`` are (label, total, cells) with cells (key, label, count); a key that is not an
    outcome (the merged "other") is drawn muted. The label ("<group> · <n> people", shortened
    with "…" when it would not fit) sits above its bar; a count is written inside its segment
    only where it fits.
    """
    tones = {outcome.value: outcome.tone for outcome in Outcome}
    row = bar_height + 30
    inner = width - 2 * MIX_INSET
    room = int(inner / MIX_LABEL_CHAR)
    bars = []
    for index, (label, total, cells) in enumerate(groups):
        top = index * row
        x, segments = float(MIX_INSET), []
        for key, cell_label, count in cells:
            share = inner * count / total if total else 0
            text = str(count)
            segments.append(
                MixSegment(
                    key=key,
                    label=cell_label,
                    count=count,
                    tone=tones.get(key, "muted"),
                    x=round(x, 2),
                    width=round(share, 2),
                    text_x=round(x + share / 2, 2),
                    show_count=share >= len(text) * char_width + 8,
                )
            )
            x += share
        text = f"{label} · {total} people"
        if len(text) > room:
            text = text[: room - 1].rstrip() + "…"
        bars.append(MixBar(text, total, top + 16, top + 24, segments))
    return MixChart(width, max(len(groups) * row, row), bar_height, bars)
