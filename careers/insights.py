"""Org insight: how shared results spread across levels, branches, teams and quarters.

Pure: plain rows in (``Person``, ``SharedResult``), tables out; no Django. The view reads the
rows (careers/insight_views.py) and draws the tables. Every table obeys one rule, applied by
``suppress``: no group and no cell under ``MIN_GROUP`` people is ever shown. Small groups are
merged into "Other …", small cells into "Other readings", and when that merge is itself
under the limit, the smallest shown group (or cell) joins it too, so a hidden number can
never be worked out by subtracting the shown ones from a total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from assessments.scoring import Outcome

MIN_GROUP = 5

# The order outcomes are listed in, left to right.
OUTCOMES = (
    Outcome.BUILDER,
    Outcome.HYBRID,
    Outcome.PEOPLE_LEADER,
    Outcome.INCONCLUSIVE,
    Outcome.WITHHELD,
)
OTHER_READINGS = "other"
BRANCH_NAMES = {
    "shared": "Before the fork",
    "ic": "Individual contributor path",
    "hybrid": "Hybrid roles",
    "people": "People leadership path",
    "": "No level on record",
}
# Levels where the work is building (the shared early levels and the IC path), and roles
# where the work is leading people; the pipeline looks for pulls the other way.
BUILDING_BRANCHES = frozenset({"shared", "ic"})
LEADING_BRANCHES = frozenset({"people", "hybrid"})


@dataclass(frozen=True)
class Person:
    id: int
    manager_id: int | None
    name: str
    level: str  # the level's title, "" when none is on record
    branch: str  # the level's track kind, "" when none is on record


@dataclass(frozen=True)
class SharedResult:
    person_id: int
    outcome: Outcome
    created: date


def subtree(people: Iterable[Person], root_id: int) -> set[int]:
    """Everyone below ``root_id`` in the reporting lines, at any depth (not the root)."""
    reports: dict[int, list[int]] = defaultdict(list)
    for person in people:
        if person.manager_id is not None:
            reports[person.manager_id].append(person.id)
    found: set[int] = set()
    waiting = list(reports[root_id])
    while waiting:
        person_id = waiting.pop()
        if person_id in found or person_id == root_id:  # a loop in the data ends here
            continue
        found.add(person_id)
        waiting.extend(reports[person_id])
    return found


def manages_managers(people: Iterable[Person], root_id: int) -> bool:
    """Whether someone who reports to ``root_id`` has reports of their own."""
    people = list(people)
    direct = {person.id for person in people if person.manager_id == root_id}
    return any(person.manager_id in direct for person in people)


def latest_per_person(results: Iterable[SharedResult]) -> dict[int, SharedResult]:
    """Each person's latest shared result (the one that counts for them)."""
    latest: dict[int, SharedResult] = {}
    for result in results:
        kept = latest.get(result.person_id)
        if kept is None or result.created >= kept.created:
            latest[result.person_id] = result
    return latest


def suppress(counts: Mapping[str, int], minimum: int = MIN_GROUP) -> tuple[dict[str, int], int]:
    """Split ``counts`` into those that may be shown and one merged remainder.

    Every shown count is at least ``minimum``; the remainder is 0 or at least ``minimum``
    (the smallest shown counts join it until it is), so no hidden count can be derived from
    a total. Zero counts are never shown.
    """
    shown = {key: count for key, count in counts.items() if count >= minimum}
    rest = sum(counts.values()) - sum(shown.values())
    while 0 < rest < minimum and shown:
        smallest = min(shown, key=lambda key: (shown[key], key))
        rest += shown.pop(smallest)
    return shown, rest


@dataclass(frozen=True)
class Cell:
    key: str  # an outcome value, or OTHER_READINGS
    label: str
    count: int


@dataclass(frozen=True)
class MixRow:
    """One group's outcome mix: its size and the cells that may be shown."""

    label: str
    total: int
    cells: tuple[Cell, ...]
    is_other: bool = False

    def count(self, key: str) -> int | None:
        """The shown count for ``key``, or None when it is merged or not shown."""
        return next((cell.count for cell in self.cells if cell.key == key), None)

    @property
    def cells_by_outcome(self) -> list[int | None]:
        """The shown counts in table order (OUTCOMES, then other readings); None: hidden."""
        return [self.count(outcome.value) for outcome in OUTCOMES] + [self.count(OTHER_READINGS)]


@dataclass(frozen=True)
class MixTable:
    rows: tuple[MixRow, ...]
    hidden_groups: int  # groups under the limit merged into the "Other" row or left out
    people: int  # people counted in the rows shown


def mix_row(label: str, outcomes: list[Outcome], *, is_other: bool = False) -> MixRow:
    """The outcome mix of one group of at least MIN_GROUP people."""
    counts = {outcome.value: 0 for outcome in OUTCOMES}
    for outcome in outcomes:
        counts[outcome.value] += 1
    shown, rest = suppress(counts)
    cells = [
        Cell(outcome.value, outcome.label, shown[outcome.value])
        for outcome in OUTCOMES
        if outcome.value in shown
    ]
    if rest:
        cells.append(Cell(OTHER_READINGS, "Other readings", rest))
    return MixRow(label, len(outcomes), tuple(cells), is_other)


def mix_table(groups: Mapping[str, list[Outcome]], other_label: str) -> MixTable:
    """One row per group of at least MIN_GROUP people, largest first; the smaller groups
    together as ``other_label`` when they make MIN_GROUP between them (see ``suppress``)."""
    sizes = {label: len(outcomes) for label, outcomes in groups.items() if outcomes}
    shown, rest = suppress(sizes)
    rows = [
        mix_row(label, groups[label])
        for label in sorted(shown, key=lambda label: (-shown[label], label))
    ]
    merged = [label for label in sizes if label not in shown]
    if rest >= MIN_GROUP:  # under it only when nothing is shown: then nothing is
        outcomes = [outcome for label in merged for outcome in groups[label]]
        rows.append(mix_row(other_label, outcomes, is_other=True))
    return MixTable(tuple(rows), len(merged), sum(row.total for row in rows))


def _grouped(
    people: Mapping[int, Person],
    latest: Mapping[int, SharedResult],
    key: Callable[[Person], str | None],
) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for person_id, result in latest.items():
        label = key(people[person_id])
        if label is not None:
            groups[label].append(result.outcome)
    return groups


def by_level(people: Mapping[int, Person], latest: Mapping[int, SharedResult]) -> MixTable:
    groups = _grouped(people, latest, lambda person: person.level or "No level on record")
    return mix_table(groups, "Other levels")


def by_branch(people: Mapping[int, Person], latest: Mapping[int, SharedResult]) -> MixTable:
    groups = _grouped(people, latest, lambda person: BRANCH_NAMES.get(person.branch, "Other"))
    return mix_table(groups, "Other branches")


def by_team(people: Mapping[int, Person], latest: Mapping[int, SharedResult]) -> MixTable:
    """A team is a manager's direct reports; people without a manager are in no team."""

    def team(person: Person) -> str | None:
        manager = people.get(person.manager_id) if person.manager_id else None
        return f"{manager.name}'s team" if manager else None

    return mix_table(_grouped(people, latest, team), "Other teams")


@dataclass(frozen=True)
class Pipeline:
    """Where the next moves may come from: people building today who lean toward leading
    people, and people leading today who lean toward building. Counts by level, suppressed."""

    future_leaders: MixTable
    builders_leading: MixTable


def _pipeline_table(
    people: Mapping[int, Person],
    latest: Mapping[int, SharedResult],
    branches: frozenset[str],
    outcome: Outcome,
) -> MixTable:
    groups = _grouped(
        people,
        {pid: r for pid, r in latest.items() if r.outcome == outcome},
        lambda person: person.level if person.branch in branches else None,
    )
    return mix_table(groups, "Other levels")


def pipeline(people: Mapping[int, Person], latest: Mapping[int, SharedResult]) -> Pipeline:
    return Pipeline(
        future_leaders=_pipeline_table(people, latest, BUILDING_BRANCHES, Outcome.PEOPLE_LEADER),
        builders_leading=_pipeline_table(people, latest, LEADING_BRANCHES, Outcome.BUILDER),
    )


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def trend(results: Iterable[SharedResult]) -> MixTable:
    """The outcome mix per quarter: each person's latest shared result of that quarter.
    Quarters under MIN_GROUP people are left out (merging quarters would blur the line)."""
    per_quarter: dict[str, list[SharedResult]] = defaultdict(list)
    for result in results:
        per_quarter[quarter_of(result.created)].append(result)
    rows, hidden = [], 0
    for quarter in sorted(per_quarter):
        outcomes = [r.outcome for r in latest_per_person(per_quarter[quarter]).values()]
        if len(outcomes) < MIN_GROUP:
            hidden += 1
            continue
        rows.append(mix_row(quarter, outcomes))
    return MixTable(tuple(rows), hidden, 0)


@dataclass(frozen=True)
class Insight:
    people_in_scope: int
    counted: int  # people whose latest shared result is counted
    levels: MixTable
    branches: MixTable
    teams: MixTable
    pipeline: Pipeline
    trend: MixTable

    @property
    def enough(self) -> bool:
        return self.counted >= MIN_GROUP


def gather(
    people: Iterable[Person], results: Iterable[SharedResult], scope: set[int] | None = None
) -> Insight:
    """Everything the insight page shows, for ``scope`` (person ids; None: everyone)."""
    everyone = {person.id: person for person in people}
    in_scope = set(everyone) if scope is None else scope & set(everyone)
    results = [r for r in results if r.person_id in in_scope]
    latest = latest_per_person(results)
    if len(latest) < MIN_GROUP:
        # Too few to say anything: not even the tables' "other" rows.
        latest, results = {}, []
    return Insight(
        people_in_scope=len(in_scope),
        counted=len(latest),
        levels=by_level(everyone, latest),
        branches=by_branch(everyone, latest),
        teams=by_team(everyone, latest),
        pipeline=pipeline(everyone, latest),
        trend=trend(results),
    )
