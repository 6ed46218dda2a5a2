"""Geometry for the result charts, drawn as inline SVG by the templates.

Pure: numbers in, coordinates out; no Django. Every chart also gets a text alternative in
its template (an SVG ``<title>``/``<desc>`` and a data table), built from the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


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
    has_point: bool = True
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)


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
    """Coordinates for the map; ``builder``/``people`` None draws the regions only."""
    margin_left, margin_bottom, margin = 44, 44, 12
    frame = Frame(
        left=margin_left,
        top=margin,
        width=size - margin_left - margin,
        height=size - margin - margin_bottom,
    )
    band = " ".join(
        f"{frame.x(b)},{frame.y(p)}" for b, p in band_polygon(band_half_width, threshold)
    )
    t = _clamp(threshold)
    corner = (frame.left, frame.y(t), frame.x(t) - frame.left, frame.bottom - frame.y(t))
    ticks = [
        Tick(v, frame.x(v), frame.y(v), frame.bottom + 16, frame.left - 6)
        for v in (0, 20, 40, 60, 80, 100)
    ]
    has_point = builder is not None and people is not None
    px, py = frame.x(builder or 0), frame.y(people or 0)
    # "You" sits right of the dot, or left of it near the right edge; above it near the bottom.
    you_x, anchor = (px - 14, "end") if px > frame.right - 48 else (px + 14, "start")
    you_y = py - 12 if py > frame.bottom - 16 else py + 5
    return MapChart(
        view_width=size,
        view_height=size,
        frame=frame,
        point_x=px,
        point_y=py,
        band_points=band,
        corner=corner,
        ticks=ticks,
        diagonal=(frame.x(t), frame.y(t), frame.x(100), frame.y(100)),
        axis_x=(frame.left + frame.width / 2, frame.bottom + 36),
        axis_y=(14, frame.top + frame.height / 2),
        you_label=(you_x, you_y, anchor),
        has_point=has_point,
        labels={
            name: (frame.x(x), frame.y(y) + dy)
            for name, (x, y, dy) in _label_spots(builder, people, t).items()
        },
    )


def _label_spots(
    builder: float | None, people: float | None, t: float
) -> dict[str, tuple[float, float, float]]:
    """Where each region's name goes, as (score x, score y, pixel nudge down).

    Each region has two candidate spots; the one whose text is centred farther from the
    person's dot wins, so a label never hides the dot. The first is used when there is no dot.
    """
    band_a, band_b = t + (100 - t) * 0.27, t + (100 - t) * 0.77
    # name: [(x, y, nudge, how far the centre of the text is from x), ...]
    candidates = {
        "builder": [(97, t / 2, 4, -9), (97, 4, 0, -9)],
        "people": [(3, 97, 10, 11), (3, t + 8, 4, 11)],
        "hybrid": [(band_b, band_b, -4, 0), (band_a, band_a, -4, 0)],
        "corner": [(t / 2, t * 0.62, 0, 0), (t / 2, t * 0.2, 0, 0)],
    }
    if builder is None or people is None:
        return {name: spots[0][:3] for name, spots in candidates.items()}

    def distance(spot: tuple[float, float, float, float]) -> float:
        x, y, _, offset = spot
        return (x + offset - builder) ** 2 + (y - people) ** 2

    return {name: max(spots, key=distance)[:3] for name, spots in candidates.items()}


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


def bar_groups(dimensions: Sequence[dict], scores: dict[str, float | None]) -> list[BarGroup]:
    """Dimension bars grouped by scale, in the order builder, people, product, caution."""
    groups = []
    for scale, (title, note) in SCALE_TITLES.items():
        bars = [
            Bar(
                key=d["key"],
                name=d["name"],
                description=d.get("description", ""),
                scale=scale,
                value=scores.get(d["key"]),
            )
            for d in dimensions
            if d.get("scale") == scale
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
    """Indexes of the labels to draw: the first and the last always, the others only where
    they keep a gap from both neighbours already drawn."""

    def extent(i: int) -> tuple[float, float]:
        size = len(labels[i]) * char_width
        start = {"start": xs[i], "end": xs[i] - size, "middle": xs[i] - size / 2}[anchors[i]]
        return start, start + size

    if not labels:
        return set()
    last = len(labels) - 1
    shown = [0]
    for i in range(1, last):
        if extent(i)[0] > extent(shown[-1])[1] + 8 and extent(i)[1] + 8 < extent(last)[0]:
            shown.append(i)
    if last and extent(last)[0] <= extent(shown[-1])[1] + 8 and shown[-1] != 0:
        shown.pop()
    return {*shown, last}


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
