"""Ladder files: import a LadderSpec into the database, export a ladder, load the shipped ones.

Importing a slug that already exists updates that ladder in place, matching tracks, levels
and competencies by key, so people keep the level they hold. Levels missing from the file are
deleted, unless somebody holds one: then the import is refused and nothing changes. An import
never leaves anybody pointing at a level that is gone.

An import publishes: it records the ladder's new version with a change note (nothing is
recorded when nothing changed). With ``draft=True`` it fills the ladder's draft instead, the
same way, and publishes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from core.interchange import Format, SpecError, dump_document, validate_spec
from ladders.models import Competency, Expectation, Ladder, LadderVersion, Level, Track
from ladders.specs import DEFAULTS_DIR, KEY_LENGTH, LadderSpec, read_ladder

DEFAULT_LADDER_SLUG = "product-management"
IMPORT_NOTE = "Imported from a ladder file."


@dataclass
class LadderImport:
    """What ``import_ladder`` did: the ladder (or draft) it wrote, whether it is new, the level
    keys it added and removed, and the version it recorded (None: a draft, or no change)."""

    ladder: Ladder
    created: bool
    added: list[str] = field(default_factory=list)  # level keys
    removed: list[str] = field(default_factory=list)
    version: LadderVersion | None = None

    def describe(self) -> str:
        spec_counts = (
            f"{self.ladder.levels.count()} levels, {self.ladder.tracks.count()} tracks, "
            f"{self.ladder.competencies.count()} competencies"
        )
        slug = self.ladder.public_slug
        if self.ladder.is_draft:
            what = "Started a draft" if self.created else "Updated the draft"
            return f"{what} of ladder {slug} ({self._summary()}): {spec_counts}."
        if self.created:
            return f"Created ladder {slug}: {spec_counts}."
        return f"Updated ladder {slug} in place ({self._summary()}): {spec_counts}."

    def describe_version(self) -> str:
        """What was published: the version recorded, or why none was."""
        if self.ladder.is_draft:
            return (
                f"Nothing is published yet: preview the draft at "
                f"/ladders/{self.ladder.public_slug}/?draft=1 and publish it in the admin."
            )
        if self.version is None:
            return "Nothing changed, so no new version was recorded."
        return f"Published as version {self.version.number}: {self.version.note}"

    def _summary(self) -> str:
        changes = []
        if self.added:
            changes.append("added " + ", ".join(self.added))
        if self.removed:
            changes.append("removed " + ", ".join(self.removed))
        return "; ".join(changes) or "no level added or removed"


def export_ladder(ladder: Ladder, fmt: Format = "yaml") -> str:
    return dump_document(ladder.to_spec(), fmt)


def duplicate_ladder(ladder: Ladder) -> Ladder:
    """A deep copy under a free slug: ``<slug>-copy``, then ``<slug>-copy-2`` and so on."""
    base = f"{ladder.slug[: KEY_LENGTH - len('-copy-99')]}-copy"
    taken = set(Ladder.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug = next(s for s in [base, *(f"{base}-{n}" for n in range(2, 100))] if s not in taken)
    data = {**ladder.to_spec().model_dump(), "slug": slug, "name": f"{ladder.name[:113]} (copy)"}
    spec = validate_spec(LadderSpec, data)
    return import_ladder(spec, note=f"Copied from {ladder.public_slug}.").ladder


def held_levels(ladder: Ladder, keys: set[str]) -> list[tuple[str, int]]:
    """(level key, number of people) for the levels among ``keys`` that somebody holds."""
    rows = (
        ladder.levels.filter(key__in=keys)
        .annotate(holders_count=Count("holders"))
        .filter(holders_count__gt=0)
        .order_by("rank", "key")
        .values_list("key", "holders_count")
    )
    return list(rows)


@transaction.atomic
def import_ladder(
    spec: LadderSpec, *, note: str = IMPORT_NOTE, author=None, draft: bool = False
) -> LadderImport:
    """Create the ladder, or bring the ladder with this slug in line with the spec, and record
    it as the ladder's new version with ``note`` (by ``author``, None for a command) unless
    nothing changed.

    With ``draft``, bring the ladder's draft in line instead (starting one if needed) and
    record nothing; the ladder must exist. Raises SpecError, with nothing changed, if the spec
    would delete a level someone holds or drafts a change to a ladder that does not exist.
    """
    if draft:
        live = Ladder.objects.published().filter(slug=spec.slug).first()
        if live is None:
            raise SpecError(
                [
                    f'slug: there is no ladder "{spec.slug}" to draft a change to; import the '
                    f"file without --draft to create it."
                ]
            )
        ladder, created = Ladder.objects.select_for_update().get_or_create(
            draft_of=live,
            defaults={
                "slug": f"~draft-{live.pk}",
                "name": spec.name,
                "description": spec.description,
            },
        )
        return _apply(ladder, created, spec)
    ladder, created = (
        Ladder.objects.published()
        .select_for_update()
        .get_or_create(
            slug=spec.slug, defaults={"name": spec.name, "description": spec.description}
        )
    )
    before = None if created else _spec_or_none(ladder)
    result = _apply(ladder, created, spec)
    result.version = ladder.record_version(
        ladder.to_spec(), before=before, note=note, author=author
    )
    return result


def _spec_or_none(ladder: Ladder) -> LadderSpec | None:
    """The ladder as a spec, or None if it was broken by hand in the database."""
    try:
        return ladder.to_spec()
    except SpecError:
        return None


def _apply(ladder: Ladder, created: bool, spec: LadderSpec) -> LadderImport:
    """Bring the rows of ``ladder`` in line with ``spec``, matching by key."""
    existing_levels = {level.key: level for level in ladder.levels.all()}
    removed = set(existing_levels) - {level.key for level in spec.levels}
    if held := held_levels(ladder, removed):
        people = sum(count for _, count in held)
        names = ", ".join(f'"{key}" ({count})' for key, count in held)
        raise SpecError(
            [
                f"levels: the file leaves out {len(held)} level(s) that {people} "
                f"{'person holds' if people == 1 else 'people hold'}: {names}. Nothing was "
                f"changed. Keep these levels in the file, or move those people to other "
                f"levels first."
            ]
        )
    ladder.name, ladder.description = spec.name, spec.description
    ladder.save(update_fields=["name", "description"])

    tracks = _sync(
        ladder.tracks.all(),
        [
            Track(ladder=ladder, key=t.key, name=t.name, kind=t.kind, position=i)
            for i, t in enumerate(spec.tracks)
        ],
        ["name", "kind", "position"],
    )
    levels = _sync(
        ladder.levels.all(),
        [
            Level(
                ladder=ladder,
                track=tracks[lv.track],
                key=lv.key,
                title=lv.title,
                rank=lv.rank,
                position=i,
                summary=lv.summary,
                scope=lv.scope,
                people_pct=lv.time_split.people,
                product_pct=lv.time_split.product,
                individual_pct=lv.time_split.individual,
            )
            for i, lv in enumerate(spec.levels)
        ],
        ["track", "title", "rank", "position", "summary", "scope"]
        + ["people_pct", "product_pct", "individual_pct"],
    )
    # Tracks go last: a level may have just moved off a track that the file drops.
    ladder.tracks.exclude(key__in=tracks).delete()

    Edge = Level.next_levels.through
    Edge.objects.filter(from_level__ladder=ladder).delete()
    Edge.objects.bulk_create(
        Edge(from_level=levels[lv.key], to_level=levels[target])
        for lv in spec.levels
        for target in lv.next
    )

    competencies = _sync(
        ladder.competencies.all(),
        [
            Competency(
                ladder=ladder,
                key=c.key,
                name=c.name,
                area=c.area,
                description=c.description,
                position=i,
            )
            for i, c in enumerate(spec.competencies)
        ],  # fmt: skip
        ["name", "area", "description", "position"],
    )
    _sync_expectations(ladder, spec, levels, competencies)
    return LadderImport(
        ladder=ladder,
        created=created,
        added=[] if created else [lv.key for lv in spec.levels if lv.key not in existing_levels],
        removed=sorted(removed),
    )


def _sync(current, wanted: list, fields: list[str]) -> dict:
    """Make ``current`` (rows with a ``key``) match ``wanted``: update rows whose key is kept,
    create the new ones, delete the rest (except tracks, deleted by the caller). Returns the
    saved rows by key."""
    by_key = {row.key: row for row in current}
    to_update, to_create = [], []
    for row in wanted:
        if row.key in by_key:
            row.pk = by_key[row.key].pk
            to_update.append(row)
        else:
            to_create.append(row)
    model = type(wanted[0]) if wanted else current.model
    if to_update:
        model.objects.bulk_update(to_update, fields)
    created = model.objects.bulk_create(to_create)
    kept = {row.key for row in wanted}
    if model is not Track:
        current.exclude(key__in=kept).delete()
    # SQLite and PostgreSQL both return the new ids from bulk_create.
    return {row.key: row for row in [*to_update, *created]}


def _sync_expectations(ladder: Ladder, spec: LadderSpec, levels: dict, competencies: dict):
    existing = {
        (e.level_id, e.competency_id): e for e in Expectation.objects.filter(level__ladder=ladder)
    }
    to_update, to_create, kept = [], [], set()
    for e in spec.expectations:
        pair = (levels[e.level].pk, competencies[e.competency].pk)
        kept.add(pair)
        row = existing.get(pair)
        if row is None:
            to_create.append(
                Expectation(level_id=pair[0], competency_id=pair[1],
                            proficiency=e.proficiency, text=e.text)
            )  # fmt: skip
        elif (row.proficiency, row.text) != (e.proficiency, e.text):
            row.proficiency, row.text = e.proficiency, e.text
            to_update.append(row)
    Expectation.objects.bulk_update(to_update, ["proficiency", "text"])
    Expectation.objects.bulk_create(to_create)
    stale = [row.pk for pair, row in existing.items() if pair not in kept]
    Expectation.objects.filter(pk__in=stale).delete()


def load_default_ladders() -> list[str]:
    """Load the ladders shipped in ``ladders/defaults/``; safe to run again.

    A shipped ladder is created when its slug is missing. One that exists is never
    overwritten, because admins edit ladders in the admin and ``make run`` calls this on every
    start; the message says how to reset it on purpose.
    """
    lines = []
    for path in sorted(DEFAULTS_DIR.glob("*.yaml")):
        spec = read_ladder(path)
        ladder = Ladder.objects.published().filter(slug=spec.slug).first()
        if ladder is None:
            note = f"Loaded the shipped ladder ({path.name})."
            lines.append(import_ladder(spec, note=note).describe())
        elif ladder.to_spec() == spec:
            lines.append(f"Ladder {spec.slug} is up to date.")
        else:
            lines.append(
                f"Ladder {spec.slug} differs from the shipped file (edited in the admin?) and "
                f"was left as it is. To reset it: python manage.py import_ladder {path}"
            )
    if not Ladder.objects.filter(is_default=True).exists():
        Ladder.objects.published().filter(slug=DEFAULT_LADDER_SLUG).update(is_default=True)
    return lines
