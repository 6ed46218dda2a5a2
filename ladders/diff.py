"""What changed between two versions of a ladder, in words an admin can read.

Pure: compares two ``LadderSpec`` values (no Django). Things are matched by key, the way an
import matches rows, so a renamed level shows as its title changing, and a changed key shows
as one level removed and another added. The history page and the publish page show the
result; ``LadderDiff.lines()`` is the same as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from core.interchange import shorten
from ladders.specs import PROFICIENCY_LABELS, ExpectationSpec, LadderSpec, LevelSpec

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of one thing, before and after, as text."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """One track, level, edge, competency or expectation added, removed or changed."""

    kind: ChangeKind
    subject: str  # e.g. “Staff Product Manager” (staff-pm)
    fields: tuple[FieldChange, ...] = ()  # for "changed"; for "added", what it starts as


@dataclass(frozen=True)
class Section:
    title: str  # "Levels", "Edges", ...
    noun: str  # "level", "edge", ...
    changes: tuple[Change, ...]

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


@dataclass(frozen=True)
class LadderDiff:
    """The sections that changed, in the order of the ladder file; empty when none did."""

    sections: tuple[Section, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.sections)

    def summary(self) -> str:
        """One line, e.g. "1 level added, 2 edges added, 11 expectations added"."""
        parts = []
        for section in self.sections:
            for kind in ("added", "changed", "removed"):
                if n := section.count(kind):
                    noun = section.noun if n == 1 else _plural(section.noun)
                    parts.append(f"{n} {noun} {kind}")
        return ", ".join(parts) or "no change"

    def lines(self) -> list[str]:
        """The whole diff as plain text, one change (and one field) per line."""
        out = []
        for section in self.sections:
            out.append(f"{section.title}:")
            for change in section.changes:
                out.append(f"  {change.kind} {change.subject}")
                for fc in change.fields:
                    if change.kind == "added":
                        out.append(f"    {fc.field}: {shorten(fc.after)}")
                    else:
                        out.append(f"    {fc.field}: {shorten(fc.before)} → {shorten(fc.after)}")
        return out


def diff_ladders(before: LadderSpec | None, after: LadderSpec) -> LadderDiff:
    """What changed from ``before`` to ``after`` (None: the ladder is new)."""
    before = before or LadderSpec(slug=after.slug, name=after.name)
    sections = [
        Section("Ladder", "detail", tuple(_ladder_changes(before, after))),
        Section("Tracks", "track", tuple(_keyed(before.tracks, after.tracks, _track))),
        Section(
            "Levels", "level", tuple(_keyed(before.levels, after.levels, _level(before, after)))
        ),
        Section("Edges", "edge", tuple(_edges(before, after))),
        Section(
            "Competencies",
            "competency",
            tuple(_keyed(before.competencies, after.competencies, _competency)),
        ),
        Section("Expectations", "expectation", tuple(_expectations(before, after))),
    ]
    return LadderDiff(tuple(section for section in sections if section.changes))


def new_gaps(before: LadderSpec | None, after: LadderSpec) -> dict[str, list[str]]:
    """Expectations missing from ``after`` that were not already missing from ``before``, by
    level key: the gaps a change would bring (a new level, a new competency, a deleted
    expectation). Gaps the ladder already had are not the change's doing."""
    old = before.gaps() if before else {}
    found = {
        level: [c for c in missing if c not in old.get(level, [])]
        for level, missing in after.gaps().items()
    }
    return {level: missing for level, missing in found.items() if missing}


@dataclass(frozen=True)
class _Describer:
    subject: Callable[[object], str]
    fields: dict[str, Callable[[object], str]]


# ---- sections --------------------------------------------------------------------------


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _named(name: str, key: str) -> str:
    return f"“{name}” ({key})"


def _fields(
    before: object | None, after: object, readers: dict[str, Callable[[object], str]]
) -> tuple[FieldChange, ...]:
    """The fields that differ (all of them, as they start, when ``before`` is None)."""
    changes = []
    for label, read in readers.items():
        now = read(after)
        was = read(before) if before is not None else ""
        if before is None and now == "":
            continue
        if before is None or was != now:
            changes.append(FieldChange(label, was, now))
    return tuple(changes)


def _ladder_changes(before: LadderSpec, after: LadderSpec) -> Iterator[Change]:
    readers = {"name": lambda s: s.name, "description": lambda s: s.description}
    if fields := _fields(before, after, readers):
        yield Change("changed", _named(after.name, after.slug), fields)


def _keyed(before: list, after: list, describe: Callable) -> Iterator[Change]:
    """Changes between two lists of things with a ``key``: added and changed in the new
    order, then removed in the old one."""
    old = {item.key: item for item in before}
    new = {item.key for item in after}
    for item in after:
        if item.key not in old:
            yield Change("added", describe.subject(item), _fields(None, item, describe.fields))
        elif fields := _fields(old[item.key], item, describe.fields):
            yield Change("changed", describe.subject(item), fields)
    for item in before:
        if item.key not in new:
            yield Change("removed", describe.subject(item))


_track = _Describer(
    lambda t: _named(t.name, t.key), {"name": lambda t: t.name, "kind": lambda t: t.kind}
)

_competency = _Describer(
    lambda c: _named(c.name, c.key),
    {
        "name": lambda c: c.name,
        "area": lambda c: c.area,
        "description": lambda c: c.description,
    },
)


def _split(level: LevelSpec) -> str:
    s = level.time_split
    return f"{s.people}% people, {s.product}% product, {s.individual}% own work"


def _level(before: LadderSpec, after: LadderSpec) -> _Describer:
    # Tracks by name (a track renamed in the same change reads with its new name).
    tracks = {t.key: t.name for t in [*before.tracks, *after.tracks]}
    return _Describer(
        lambda lv: _named(lv.title, lv.key),
        {
            "title": lambda lv: lv.title,
            "track": lambda lv: tracks.get(lv.track, lv.track),
            "rank": lambda lv: str(lv.rank),
            "focus": lambda lv: lv.summary,
            "scope": lambda lv: lv.scope,
            "time split": _split,
        },
    )


def _title(spec: LadderSpec, key: str) -> str:
    try:
        return spec.level(key).title
    except KeyError:
        return key


def _edges(before: LadderSpec, after: LadderSpec) -> Iterator[Change]:
    """Next-level edges added, then removed, named "From → To"."""
    old = {(lv.key, target) for lv in before.levels for target in lv.next}
    new = [(lv.key, target) for lv in after.levels for target in lv.next]
    for source, target in new:
        if (source, target) not in old:
            yield Change("added", f"{_title(after, source)} → {_title(after, target)}")
    kept = set(new)
    for lv in before.levels:
        for target in lv.next:
            if (lv.key, target) not in kept:
                yield Change("removed", f"{_title(before, lv.key)} → {_title(before, target)}")


def _proficiency(e: ExpectationSpec) -> str:
    return f"{e.proficiency} ({PROFICIENCY_LABELS[e.proficiency]})"


def _expectations(before: LadderSpec, after: LadderSpec) -> Iterator[Change]:
    old = {(e.level, e.competency): e for e in before.expectations}
    new = {(e.level, e.competency) for e in after.expectations}
    names = {c.key: c.name for c in [*before.competencies, *after.competencies]}
    readers = {"proficiency": _proficiency, "text": lambda e: e.text}

    def subject(spec: LadderSpec, e: ExpectationSpec) -> str:
        return f"{_title(spec, e.level)} · {names.get(e.competency, e.competency)}"

    for e in after.expectations:
        was = old.get((e.level, e.competency))
        if was is None:
            yield Change("added", subject(after, e), _fields(None, e, readers))
        elif fields := _fields(was, e, readers):
            yield Change("changed", subject(after, e), fields)
    for e in before.expectations:
        if (e.level, e.competency) not in new:
            yield Change("removed", subject(before, e))
