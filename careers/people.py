"""Bringing people in from a file and writing them back out: the Django side of the
people file whose rules live in ``careers.roster``.

``plan_import(rows)`` checks the whole file against the database and says, row by row, what
would happen, without writing anything; ``apply_plan`` writes a plan in one transaction.
``import_people`` does both (or only the first, for a dry run). The command and the admin's
import both come through here, so they agree on every count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import QuerySet

from assessments import notifications
from careers.models import User
from careers.roster import COLUMNS, Directory, OnRecord, PersonRow, check_rows
from core.interchange import SpecError
from ladders.models import Ladder

Kind = Literal["new", "update", "skip"]
BATCH = 500  # rows per INSERT, and people per deactivating UPDATE


@dataclass(frozen=True)
class Change:
    """What importing one row does: ``before`` is the person on record (None when new)."""

    row: PersonRow
    kind: Kind
    before: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Summary:
    created: int
    updated: int
    unchanged: int
    deactivated: int

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deactivated} deactivated"
        )


@dataclass
class Plan:
    changes: list[Change]
    deactivate: list[str] = field(default_factory=list)  # usernames
    # What the plan was drawn from, so applying it needs no second look-up.
    ids: dict[str, int] = field(default_factory=dict, repr=False)
    level_ids: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def summary(self) -> Summary:
        kinds = [change.kind for change in self.changes]
        return Summary(
            created=kinds.count("new"),
            updated=kinds.count("update"),
            unchanged=kinds.count("skip"),
            deactivated=len(self.deactivate),
        )


@dataclass(frozen=True)
class _Person:
    pk: int
    values: tuple[str, ...]  # in COLUMNS order, as export_people writes them
    level_id: int | None
    is_active: bool
    is_superuser: bool


def _default_levels() -> dict[str, int]:
    ladder = Ladder.objects.default()
    return dict(ladder.levels.values_list("key", "pk")) if ladder else {}


def _people(level_keys: dict[int, str], people: QuerySet | None = None) -> dict[str, _Person]:
    rows = (User.objects.all() if people is None else people).values_list(
        "pk",
        "username",
        "email",
        "first_name",
        "last_name",
        "manager__username",
        "level_id",
        "is_active",
        "is_superuser",
    )
    return {
        username: _Person(
            pk=pk,
            values=(username, email, first, last, manager or "", level_keys.get(level_id, "")),
            level_id=level_id,
            is_active=is_active,
            is_superuser=is_superuser,
        )
        for pk, username, email, first, last, manager, level_id, is_active, is_superuser in rows
    }


def plan_import(rows: list[PersonRow], *, deactivate_missing: bool = False) -> Plan:
    """What importing these rows would change, row by row; SpecError (``row N: …`` lines)
    when any row cannot be imported. Reads the database, writes nothing.

    A person in the file is made active. With ``deactivate_missing``, active people absent
    from the file are to be deactivated, except superusers, so that a file from HR can never
    lock out the people who run the site.
    """
    level_ids = _default_levels()
    people = _people({pk: key for key, pk in level_ids.items()})
    directory = Directory(
        people={
            name: OnRecord(username=name, email=person.values[1], manager=person.values[4])
            for name, person in people.items()
        },
        level_keys=frozenset(level_ids),
    )
    problems = check_rows(rows, directory)
    if problems:
        raise SpecError(problems)
    changes = []
    for row in rows:
        person = people.get(row.username)
        if person is None:
            changes.append(Change(row, "new"))
            continue
        same = (
            person.is_active
            and person.values == row.values()
            and person.level_id == level_ids.get(row.level)
        )
        changes.append(Change(row, "skip" if same else "update", before=person.values))
    in_file = {row.username for row in rows}
    deactivate = (
        sorted(
            name
            for name, person in people.items()
            if person.is_active and not person.is_superuser and name not in in_file
        )
        if deactivate_missing
        else []
    )
    return Plan(
        changes,
        deactivate,
        ids={name: person.pk for name, person in people.items()},
        level_ids=level_ids,
    )


@transaction.atomic
def apply_plan(plan: Plan) -> None:
    """Write a plan from ``plan_import``: all of it or, on any database error, none of it.

    New people get an unusable password: they set one through an invitation (or sign in
    through the company's identity provider). A person whose manager changes is emailed
    once the transaction commits.
    """
    ids = dict(plan.ids)
    # New people are created managers first, a generation at a time, so that each is
    # inserted with its manager already known: one INSERT per batch and no second pass.
    waiting = [change.row for change in plan.changes if change.kind == "new"]
    while waiting:
        ready = [row for row in waiting if not row.manager or row.manager in ids]
        if not ready:  # only a loop could leave nobody ready, and plan_import refuses loops
            raise ValueError("The plan's reporting lines loop; it was not made by plan_import.")
        created = User.objects.bulk_create(
            [
                User(
                    username=row.username,
                    password=make_password(None),
                    is_active=True,
                    manager_id=ids[row.manager] if row.manager else None,
                    **_fields(row, plan.level_ids),
                )
                for row in ready
            ],
            batch_size=BATCH,
        )
        ids.update((user.username, user.pk) for user in created)
        waiting = [row for row in waiting if row.username not in ids]
    # One UPDATE per changed person: bulk_update's CASE expressions cost more than they save
    # here (10,000 changed people: about 20 s that way, about 3 s this way, on SQLite).
    for change in plan.changes:
        if change.kind == "update":
            manager_id = ids[change.row.manager] if change.row.manager else None
            User.objects.filter(pk=ids[change.row.username]).update(
                manager_id=manager_id, is_active=True, **_fields(change.row, plan.level_ids)
            )
            previous = change.before[COLUMNS.index("manager")] if change.before else ""
            if previous != change.row.manager:
                notifications.announce_new_manager(
                    ids[change.row.username], ids[previous] if previous else None, manager_id
                )
    leaving = [ids[name] for name in plan.deactivate]
    for start in range(0, len(leaving), BATCH):
        User.objects.filter(pk__in=leaving[start : start + BATCH]).update(is_active=False)


def _fields(row: PersonRow, level_ids: dict[str, int]) -> dict[str, object]:
    return {
        "email": row.email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "level_id": level_ids.get(row.level),
    }


def import_people(
    rows: list[PersonRow], *, dry_run: bool = False, deactivate_missing: bool = False
) -> Plan:
    """Check the rows, then (unless ``dry_run``) apply them; the plan says what changed.
    SpecError, and nothing changed, when any row cannot be imported."""
    with transaction.atomic():
        # Planned and applied in one transaction, so nobody's edit can slip in between.
        plan = plan_import(rows, deactivate_missing=deactivate_missing)
        if not dry_run:
            apply_plan(plan)
    return plan


def export_rows(people: QuerySet | None = None) -> list[tuple[str, ...]]:
    """Every active person (of ``people``, by default everyone) as a row of ``COLUMNS``, by
    username: what ``import_people`` reads back unchanged. A level is written only when it
    is on the default ladder (the file speaks of that ladder's levels)."""
    level_keys = {pk: key for key, pk in _default_levels().items()}
    on_record = _people(level_keys, people)
    return [person.values for _, person in sorted(on_record.items()) if person.is_active]


def write_csv(rows: Iterable[tuple[str, ...]]) -> str:
    """CSV text with the header, as ``export_people`` prints it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
