"""LadderSpec: a pydantic snapshot of one career ladder, and the ladder file format.

Pure: no Django. The ORM turns a ladder into a spec in one place (``Ladder.to_spec()``);
files are parsed with ``core.interchange`` and validated here. Every invariant of a
ladder is checked by the spec, and each problem is reported with the path of the bad value,
e.g. ``levels[3].next[0]: unknown level "vp2"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from core.interchange import (
    Problem,
    StrictSpec,
    parse_document,
    raise_problems,
    read_document,
    repeated_keys,
    validate_spec,
)

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
DEFAULT_LADDER_FILE = DEFAULTS_DIR / "product-management.yaml"

TrackKind = Literal["shared", "ic", "people", "hybrid"]

# Field sizes shared with the database columns, so a valid file always fits.
KEY_LENGTH = 50
NAME_LENGTH = 120
AREA_LENGTH = 120
MIN_PROFICIENCY, MAX_PROFICIENCY = 1, 5
NEW_FROM_PROFICIENCY = 3  # a competency counts as new to a level once it is done independently
PROFICIENCY_LABELS = {
    1: "Aware",
    2: "Developing",
    3: "Independent",
    4: "Advanced",
    5: "Sets the standard",
}

MAX_RANK = 1000
# How much one ladder file may hold: far above any real ladder (the shipped one has 4 tracks,
# 9 levels, 11 competencies, 99 expectations and no text over 200 characters), low enough
# that the largest file validates and its pages render quickly. Stated in docs/ladders.md.
MAX_TRACKS = 20
MAX_LEVELS = 200
MAX_NEXT_LEVELS = 20
MAX_COMPETENCIES = 200
MAX_EXPECTATIONS = 5000
DESCRIPTION_LENGTH = 5000  # the ladder's description
TEXT_LENGTH = 2000  # a level's summary and scope, a competency's description, an expectation
KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_KEY_RE = re.compile(KEY_PATTERN)


def _check_key(value: str) -> str:
    if not _KEY_RE.match(value):
        raise ValueError(f'"{value}" is not a key: use lowercase letters, digits and hyphens')
    return value


Key = Annotated[str, Field(min_length=1, max_length=KEY_LENGTH), AfterValidator(_check_key)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]
Text = Annotated[str, Field(max_length=TEXT_LENGTH)]


def rank_rises(source_rank: int, target_rank: int) -> bool:
    """The rule of every next-level edge: the level it leads to ranks higher.

    The ladder file, the level model and the admin's level forms all judge edges by it.
    Rising ranks also rule out cycles.
    """
    return target_rank > source_rank


class TrackSpec(StrictSpec):
    key: Key
    name: Name
    kind: TrackKind


class TimeSplit(StrictSpec):
    """Where the working week goes, in percent: managing people, leading the product, own work."""

    people: int = Field(ge=0, le=100)
    product: int = Field(ge=0, le=100)
    individual: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _adds_up_to_100(self) -> TimeSplit:
        total = self.people + self.product + self.individual
        if total != 100:
            raise ValueError(f"people + product + individual must add up to 100, not {total}")
        return self


class LevelSpec(StrictSpec):
    key: Key
    title: Name
    track: Key
    rank: int = Field(ge=1, le=MAX_RANK)
    summary: Text = ""
    scope: Text = ""
    time_split: TimeSplit
    next: list[Key] = Field(default=[], max_length=MAX_NEXT_LEVELS)


class CompetencySpec(StrictSpec):
    key: Key
    name: Name
    area: Annotated[str, Field(min_length=1, max_length=AREA_LENGTH)]
    description: Text = ""


class ExpectationSpec(StrictSpec):
    level: Key
    competency: Key
    proficiency: int = Field(ge=MIN_PROFICIENCY, le=MAX_PROFICIENCY)
    text: str = Field(min_length=1, max_length=TEXT_LENGTH)

    @property
    def label(self) -> str:
        return PROFICIENCY_LABELS[self.proficiency]


class LadderSpec(StrictSpec):
    slug: Key
    name: Name
    description: str = Field(default="", max_length=DESCRIPTION_LENGTH)
    tracks: list[TrackSpec] = Field(default=[], max_length=MAX_TRACKS)
    levels: list[LevelSpec] = Field(default=[], max_length=MAX_LEVELS)
    competencies: list[CompetencySpec] = Field(default=[], max_length=MAX_COMPETENCIES)
    expectations: list[ExpectationSpec] = Field(default=[], max_length=MAX_EXPECTATIONS)

    @model_validator(mode="after")
    def _check_invariants(self) -> LadderSpec:
        problems = list(self._problems())
        if problems:
            raise_problems(problems, type(self).__name__)
        return self

    def _problems(self) -> Iterator[Problem]:
        yield from _duplicates("tracks", "track", [t.key for t in self.tracks])
        yield from _duplicates("levels", "level", [lv.key for lv in self.levels])
        yield from _duplicates("competencies", "competency", [c.key for c in self.competencies])

        tracks = {t.key for t in self.tracks}
        ranks = {lv.key: lv.rank for lv in self.levels}
        for i, level in enumerate(self.levels):
            if level.track not in tracks:
                yield ("levels", i, "track"), f'unknown track "{level.track}"'
            seen: set[str] = set()
            for j, target in enumerate(level.next):
                where = ("levels", i, "next", j)
                if target in seen:
                    yield where, f'"{target}" is listed twice'
                elif target not in ranks:
                    yield where, f'unknown level "{target}"'
                elif target == level.key:
                    yield where, f'"{target}" cannot lead to itself'
                elif not rank_rises(level.rank, ranks[target]):
                    yield (
                        where,
                        (
                            f'rank must rise along a next edge, but "{target}" has rank '
                            f"{ranks[target]} and this level has rank {level.rank}"
                        ),
                    )
                seen.add(target)
        # Rising ranks already rule out cycles; reporting the cycle itself says why.
        yield from self._cycles()

        competencies = {c.key for c in self.competencies}
        pairs: dict[tuple[str, str], int] = {}
        for i, expectation in enumerate(self.expectations):
            if expectation.level not in ranks:
                yield ("expectations", i, "level"), f'unknown level "{expectation.level}"'
            if expectation.competency not in competencies:
                yield (
                    ("expectations", i, "competency"),
                    f'unknown competency "{expectation.competency}"',
                )
            pair = (expectation.level, expectation.competency)
            if pair in pairs:
                yield (
                    ("expectations", i),
                    (
                        f'a second expectation for level "{pair[0]}" and competency "{pair[1]}" '
                        f"(the first is expectations[{pairs[pair]}])"
                    ),
                )
            else:
                pairs[pair] = i

    def _cycles(self) -> Iterator[Problem]:
        """Report each edge that closes a cycle, naming the whole loop."""
        index = {lv.key: i for i, lv in enumerate(self.levels)}
        state: dict[str, str] = {}  # "open" while on the DFS stack, then "done"
        stack: list[str] = []

        def visit(key: str) -> Iterator[Problem]:
            state[key] = "open"
            stack.append(key)
            level = self.levels[index[key]]
            for j, target in enumerate(level.next):
                if target not in index or target == key:
                    continue  # reported above
                if state.get(target) == "open":
                    loop = stack[stack.index(target) :] + [target]
                    yield ("levels", index[key], "next", j), "cycle: " + " → ".join(loop)
                elif target not in state:
                    yield from visit(target)
            stack.pop()
            state[key] = "done"

        for level in self.levels:
            if level.key not in state:
                yield from visit(level.key)

    # ---- lookups ---------------------------------------------------------------------

    @cached_property
    def _levels_by_key(self) -> dict[str, LevelSpec]:
        return {lv.key: lv for lv in self.levels}

    @cached_property
    def _tracks_by_key(self) -> dict[str, TrackSpec]:
        return {t.key: t for t in self.tracks}

    def level(self, key: str) -> LevelSpec:
        """The level with this key; KeyError if the ladder has none."""
        return self._levels_by_key[key]

    def track(self, key: str) -> TrackSpec:
        return self._tracks_by_key[key]

    def track_of(self, level_key: str) -> TrackSpec:
        return self.track(self.level(level_key).track)

    def next_levels(self, level_key: str) -> list[LevelSpec]:
        """The levels one step up from this one, lowest rank first (file order on ties)."""
        targets = [self.level(key) for key in self.level(level_key).next]
        return sorted(targets, key=lambda lv: lv.rank)

    def levels_of(self, track_key: str) -> list[LevelSpec]:
        """The levels on one track, lowest rank first; KeyError for an unknown track."""
        self.track(track_key)
        return sorted((lv for lv in self.levels if lv.track == track_key), key=lambda lv: lv.rank)

    def fork_points(self) -> list[LevelSpec]:
        """Levels from which the path splits: two or more next levels, lowest rank first."""
        return sorted((lv for lv in self.levels if len(lv.next) > 1), key=lambda lv: lv.rank)

    def gaps(self) -> dict[str, list[str]]:
        """Competency keys with no expectation written, by level key (levels with none left
        out), in ladder order: what the pages mark as "not written yet"."""
        written = {(e.level, e.competency) for e in self.expectations}
        found = {
            level.key: [c.key for c in self.competencies if (level.key, c.key) not in written]
            for level in self.levels
        }
        return {key: missing for key, missing in found.items() if missing}

    def expectations_of(self, level_key: str) -> dict[str, ExpectationSpec]:
        """This level's expectations by competency key."""
        return {e.competency: e for e in self.expectations if e.level == level_key}

    def compare(self, from_key: str, to_key: str) -> LevelComparison:
        """What changes, competency by competency, from one level to another."""
        before, after = self.expectations_of(from_key), self.expectations_of(to_key)
        rows = [
            CompetencyChange(c, before.get(c.key), after.get(c.key))
            for c in self.competencies
            if c.key in before or c.key in after
        ]
        return LevelComparison(self.level(from_key), self.level(to_key), rows)

    def route(self, from_key: str, to_key: str) -> list[LevelSpec] | None:
        """The shortest chain of next levels from one level to another (excluding the first),
        or None when the second cannot be reached from the first."""
        self.level(to_key)
        previous: dict[str, str] = {}
        queue, seen = [from_key], {from_key}
        while queue:
            key = queue.pop(0)
            if key == to_key:
                chain = []
                while key != from_key:
                    chain.append(self.level(key))
                    key = previous[key]
                return chain[::-1]
            for level in self.next_levels(key):
                if level.key not in seen:
                    seen.add(level.key)
                    previous[level.key] = key
                    queue.append(level.key)
        return None

    def path_from(self, level_key: str, kind: TrackKind) -> list[LevelSpec]:
        """The chain of next levels leading from a level toward a track kind.

        Each step takes a next level on that kind if there is one, otherwise the next level
        closest to it. Once the path is on that kind and the kind has no further level, it
        goes on through what follows (lowest rank first): a Group PM path continues into
        Director when the ladder says so. Empty when no level of that kind can be reached.
        """
        path: list[LevelSpec] = []
        current = self.level(level_key)
        reached = False
        while options := self.next_levels(current.key):
            on_kind = [lv for lv in options if self.track(lv.track).kind == kind]
            if on_kind:
                current, reached = on_kind[0], True
            elif reached:
                current = options[0]
            else:
                toward = [lv for lv in options if self._steps_to_kind(lv.key, kind) is not None]
                if not toward:
                    break
                current = min(toward, key=lambda lv: (self._steps_to_kind(lv.key, kind), lv.rank))
            path.append(current)
        return path if reached else []

    def placement(self, level_key: str | None, branch: TrackKind | None) -> Placement:
        """Where a person on ``level_key`` stands (None: level unknown) and the steps ahead.

        With a ``branch`` (the track kind a result points to) the next step and the later
        ones follow ``path_from``; without one, every next level is a possible step.
        """
        placement = Placement(
            ladder=PlacedLadder(slug=self.slug, name=self.name),
            branch=branch,
            branch_name=self._kind_name(branch),
        )
        if level_key is None:
            return placement

        def placed(level: LevelSpec) -> PlacedLevel:
            return PlacedLevel(
                key=level.key,
                title=level.title,
                summary=level.summary,
                track_kind=self.track_of(level.key).kind,
                time_split=level.time_split,
            )

        if branch:
            path = self.path_from(level_key, branch)
            steps = {"next": path[:1], "later": path[1:]}
        else:
            steps = {"next": self.next_levels(level_key), "later": []}
        return placement.model_copy(
            update={
                "current": placed(self.level(level_key)),
                "on_branch": branch is not None and self.track_of(level_key).kind == branch,
                "next": [placed(level) for level in steps["next"]],
                "later": [placed(level) for level in steps["later"]],
            }
        )

    def _kind_name(self, kind: TrackKind | None) -> str:
        """The name of the ladder's first track of this kind, else a generic one."""
        if kind is None:
            return ""
        for track in self.tracks:
            if track.kind == kind:
                return track.name
        return KIND_NAMES[kind]

    def _steps_to_kind(self, level_key: str, kind: TrackKind) -> int | None:
        """How many next edges it takes to reach a level of ``kind`` (0: already there)."""
        level = self.level(level_key)
        if self.track(level.track).kind == kind:
            return 0
        steps = [self._steps_to_kind(key, kind) for key in level.next]
        found = [s for s in steps if s is not None]
        return min(found) + 1 if found else None


def _duplicates(section: str, noun: str, keys: list[str]) -> Iterator[Problem]:
    for i, first in repeated_keys(keys).items():
        yield (
            (section, i, "key"),
            f'duplicate {noun} key "{keys[i]}" (first used at {section}[{first}])',
        )


@dataclass(frozen=True)
class CompetencyChange:
    competency: CompetencySpec
    before: ExpectationSpec | None
    after: ExpectationSpec | None

    @property
    def change(self) -> Literal["new", "grows", "same", "less"]:
        """New: barely expected before (proficiency 1 or none) and done independently now (3+).
        A step from 1 to 2 only grows: a little hiring help does not make a builder a manager."""
        was = self.before.proficiency if self.before else 0
        now = self.after.proficiency if self.after else 0
        if was <= MIN_PROFICIENCY and now >= NEW_FROM_PROFICIENCY:
            return "new"
        if now > was:
            return "grows"
        return "same" if now == was else "less"


@dataclass(frozen=True)
class LevelComparison:
    source: LevelSpec
    target: LevelSpec
    rows: list[CompetencyChange]

    def changes(self, change: str) -> list[CompetencyChange]:
        return [row for row in self.rows if row.change == change]

    def change_for(self, competency_key: str) -> CompetencyChange | None:
        return next((row for row in self.rows if row.competency.key == competency_key), None)

    @property
    def new(self) -> list[CompetencyChange]:
        return self.changes("new")

    @property
    def grows(self) -> list[CompetencyChange]:
        return self.changes("grows")

    @property
    def unchanged(self) -> list[CompetencyChange]:
        return self.changes("same")

    @property
    def less(self) -> list[CompetencyChange]:
        return self.changes("less")


# What a branch is called on a ladder that has no track of that kind.
KIND_NAMES = {
    "shared": "Shared",
    "ic": "Individual contributor",
    "people": "People leadership",
    "hybrid": "Hybrid",
}


class _Placed(BaseModel):
    # Stored with each result and read back for as long as it is kept: lenient on purpose
    # (rows written before a field existed, or with one since dropped, still read).
    model_config = ConfigDict(extra="ignore", frozen=True)


class PlacedLadder(_Placed):
    slug: str
    name: str = ""


class PlacedLevel(_Placed):
    key: str
    title: str = ""
    summary: str = ""
    track_kind: str = ""
    time_split: TimeSplit | None = None


class Placement(_Placed):
    """A person's place on their ladder as a result showed it: keys and words, no URLs.

    ``ladder`` is None when there was no ladder at all; ``current`` is None while the
    person's level is unknown; ``branch`` is the track kind the result points to, if any.
    """

    ladder: PlacedLadder | None = None
    branch: TrackKind | None = None
    branch_name: str = ""
    current: PlacedLevel | None = None
    on_branch: bool = False
    next: list[PlacedLevel] = []
    later: list[PlacedLevel] = []


def parse_ladder(text: str, source: str = "input") -> LadderSpec:
    """A LadderSpec from YAML or JSON text; SpecError names every problem."""
    return validate_spec(LadderSpec, parse_document(text, source))


def read_ladder(path: str | Path) -> LadderSpec:
    """A LadderSpec from a file, or standard input for ``-``; SpecError names every problem."""
    return validate_spec(LadderSpec, read_document(path))
