"""Where each level sits in the ladder diagram, and the curves between them. Pure: no Django.

The diagram is a CSS grid: one row per rank (lowest rank on top, the way people start), one
column per branch track, and levels of a shared track spanning every column. Edges are drawn
by an SVG laid over the grid in percent units, which stays right at any width because every
row has the same height and each column has a fixed share of the width: one share, or more
for a track with several levels of one rank side by side, so that their titles still fit on
a phone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ladders.specs import LadderSpec, LevelSpec, TrackSpec

ROW_UNITS = 10  # height of one row in SVG units; the width is always 100
KIND_ORDER = {"ic": 0, "hybrid": 1, "people": 2}  # builders left, people right


@dataclass(frozen=True)
class Node:
    level: LevelSpec
    track: TrackSpec
    x: float  # centre, in percent of the diagram's width
    y: float  # centre, in row units
    next_levels: list[LevelSpec]
    missing: int = 0  # expectations not written yet

    @property
    def is_fork(self) -> bool:
        return len(self.next_levels) > 1


@dataclass(frozen=True)
class Cell:
    """One grid area (a rank on a track, or a shared rank across the whole width)."""

    row: int  # 1-based, for grid-row
    column: int  # 1-based, for grid-column
    span: int
    nodes: list[Node]


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    path: str  # SVG path data


@dataclass(frozen=True)
class Diagram:
    columns: list[TrackSpec]
    cells: list[Cell]
    edges: list[Edge]
    rows: int
    weights: list[int]  # each column's share of the width

    @property
    def column_sizes(self) -> str:
        """The grid's columns, in the shares the SVG's percentages assume."""
        return " ".join(f"minmax(0, {weight}fr)" for weight in self.weights) or "minmax(0, 1fr)"

    @property
    def height(self) -> int:
        return self.rows * ROW_UNITS

    @property
    def nodes(self) -> list[Node]:
        return [node for cell in self.cells for node in cell.nodes]


def layout(spec: LadderSpec) -> Diagram:
    """Place every level of a valid ladder; cells come in reading order (row, then column)."""
    kinds = {t.key: t.kind for t in spec.tracks}
    gaps = spec.gaps()
    branch_order = sorted(
        (t for t in spec.tracks if t.kind != "shared" and spec.levels_of(t.key)),
        key=lambda t: KIND_ORDER.get(t.kind, len(KIND_ORDER)),
    )
    columns = {t.key: i + 1 for i, t in enumerate(branch_order)}

    # A shared level gets a row of its own, above any branch level of the same rank.
    groups: dict[tuple[int, int], dict[str, list[LevelSpec]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for level in spec.levels:
        shared = kinds[level.track] == "shared"
        groups[(level.rank, 0 if shared else 1)]["" if shared else level.track].append(level)
    # A column is as wide as the most levels it holds side by side in one row.
    weights = [
        max([1, *(len(by_track.get(t.key, [])) for by_track in groups.values())])
        for t in branch_order
    ]
    total = sum(weights) or 1
    starts = [sum(weights[:i]) for i in range(len(weights))]

    cells: list[Cell] = []
    nodes: dict[str, Node] = {}
    for row, (_, by_track) in enumerate(sorted(groups.items()), start=1):
        for track_key, levels in sorted(by_track.items(), key=lambda item: columns.get(item[0], 0)):
            if track_key == "":
                column, span, left, cell_width = 1, max(len(columns), 1), 0.0, 100.0
            else:
                column, span = columns[track_key], 1
                left = starts[column - 1] * 100 / total
                cell_width = weights[column - 1] * 100 / total
            placed = []
            for i, level in enumerate(levels):
                node = Node(
                    level=level,
                    track=spec.track(level.track),
                    x=round(left + cell_width * (i + 0.5) / len(levels), 3),
                    y=(row - 0.5) * ROW_UNITS,
                    next_levels=spec.next_levels(level.key),
                    missing=len(gaps.get(level.key, [])),
                )
                nodes[level.key] = node
                placed.append(node)
            cells.append(Cell(row=row, column=column, span=span, nodes=placed))

    edges = [
        Edge(nodes[level.key], nodes[target], _curve(nodes[level.key], nodes[target]))
        for level in spec.levels
        for target in level.next
    ]
    return Diagram(
        columns=branch_order, cells=cells, edges=edges, rows=len(groups), weights=weights
    )


def _curve(source: Node, target: Node) -> str:
    """Leave the source downward and turn toward the target's column within the first row, then
    run straight down that column: a long edge crosses empty cells of the column it reaches,
    not the cards of the columns in between."""
    turn_end = min(source.y + ROW_UNITS, target.y)
    middle = (source.y + turn_end) / 2
    path = (
        f"M{source.x:g} {source.y:g} C{source.x:g} {middle:g} "
        f"{target.x:g} {middle:g} {target.x:g} {turn_end:g}"
    )
    return path if turn_end == target.y else f"{path} L{target.x:g} {target.y:g}"
