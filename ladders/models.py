"""A career ladder as data: tracks, levels joined by next-level edges (the forks), competencies
and what each level expects of each competency.

Invariants live in ``Meta.constraints`` where the database can hold them, and in ``clean()``
where they span rows (same ladder, rank rising along edges), so the admin enforces them too.
``Ladder.to_spec()`` is the one place the ORM becomes a ``LadderSpec``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from core.interchange import validate_spec
from core.kept import Kept
from ladders.specs import (
    DESCRIPTION_LENGTH,
    KEY_LENGTH,
    KEY_PATTERN,
    MAX_PROFICIENCY,
    MAX_RANK,
    MIN_PROFICIENCY,
    TEXT_LENGTH,
    LadderSpec,
    rank_rises,
)

# Published ladder specs, per process, by ``Ladder.published_key()`` (never stale: a change
# is a new key).
_published_specs: Kept[LadderSpec] = Kept(limit=100)

validate_key = RegexValidator(
    KEY_PATTERN, "Use lowercase letters, digits and single hyphens, like “senior-pm”."
)
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def count_of(model: type[models.Model], field: str) -> Coalesce:
    """A correlated COUNT(*) subquery: annotating several counts this way avoids the row
    explosion of joining several reverse relations at once."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class LadderQuerySet(models.QuerySet):
    def published(self) -> LadderQuerySet:
        """Ladders people see and hold levels on: every ladder but the admins' drafts."""
        return self.filter(draft_of__isnull=True)

    def drafts(self) -> LadderQuerySet:
        return self.filter(draft_of__isnull=False)

    def with_published_version(self) -> LadderQuerySet:
        """Each ladder with its latest recorded version's id and time, in the same query, for
        ``published_key`` (the ladder and plan pages ask on every request). Plain SQL, as the
        navigation's facts are: the ORM takes longer to put a subquery together than the
        database takes to answer it (docs/performance.md)."""
        quote = connection.ops.quote_name
        versions, ladders = quote(LadderVersion._meta.db_table), quote(self.model._meta.db_table)

        def latest(column: str, field: models.Field) -> RawSQL:
            return RawSQL(
                f"SELECT v.{column} FROM {versions} v WHERE v.ladder_id = {ladders}.id "
                "ORDER BY v.number DESC LIMIT 1",
                (),
                output_field=field,
            )

        return self.annotate(
            latest_version_pk=latest("id", models.BigIntegerField()),
            latest_version_at=latest("published_at", models.DateTimeField()),
        )

    def with_counts(self) -> LadderQuerySet:
        return self.annotate(
            track_count=count_of(Track, "ladder"),
            level_count=count_of(Level, "ladder"),
            competency_count=count_of(Competency, "ladder"),
            holder_count=count_of(get_user_model(), "level__ladder"),
        )

    def default(self) -> Ladder | None:
        """The ladder people are on unless they are given another one."""
        published = self.published()
        return published.filter(is_default=True).first() or published.order_by("pk").first()


class Ladder(models.Model):
    """A ladder people see, or an admin's draft of the next version of one (``draft_of``).

    A draft is a full copy in the same tables, so the admin's forms and every invariant work
    on it unchanged; publishing applies it to the published ladder in place, by key
    (``ladders.drafts.publish_draft``), so people keep the level rows they hold. A draft's
    own slug is a placeholder (``~draft-<pk>``, never a valid key, so it can never clash with
    a real ladder); its spec carries the published ladder's slug.
    """

    slug = models.CharField(max_length=KEY_LENGTH, unique=True, validators=[validate_key])
    name = models.CharField(max_length=120)
    # Text limits of the ladder file, so that the admin cannot save what to_spec() refuses.
    description = models.TextField(blank=True, max_length=DESCRIPTION_LENGTH)
    is_default = models.BooleanField(
        default=False, help_text="The ladder for people who have not been given another one."
    )
    draft_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="draft",
        help_text="The published ladder this draft would replace.",
    )

    objects = LadderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_ladder",
                violation_error_message="Another ladder is already the default.",
            ),
            models.CheckConstraint(
                condition=Q(draft_of__isnull=True) | Q(is_default=False),
                name="a_draft_is_never_the_default",
                violation_error_message="A draft cannot be the default ladder.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (draft)" if self.is_draft else self.name

    def get_absolute_url(self) -> str:
        url = reverse("ladders:ladder", args=[self.public_slug])
        return f"{url}?draft=1" if self.is_draft else url

    @property
    def is_draft(self) -> bool:
        return self.draft_of_id is not None

    @property
    def public_slug(self) -> str:
        """The slug people know the ladder by (a draft: its published ladder's)."""
        return self.draft_of.slug if self.is_draft else self.slug

    def draft_or_none(self) -> Ladder | None:
        """This published ladder's draft, if an admin has started one."""
        return Ladder.objects.filter(draft_of=self).first()

    def record_version(
        self,
        spec: LadderSpec,
        *,
        before: LadderSpec | None,
        note: str,
        author=None,
    ) -> LadderVersion | None:
        """Record ``spec`` as the ladder's next version, unless it is the latest one already.

        ``before`` is the published ladder as it was before this change (None: it is new). A
        ladder that changes for the first time since versions have been kept gets its previous
        state recorded first (``BASELINE_NOTE``), so its first diff has something to compare to.
        """
        data = spec.model_dump(mode="json")
        latest = self.versions.order_by("-number").first()
        if latest is None and before is not None:
            if before == spec:
                return None
            latest = LadderVersion.objects.create(
                ladder=self, number=1, spec=before.model_dump(mode="json"), note=BASELINE_NOTE
            )
        if latest is not None and latest.spec == data:
            return None
        return LadderVersion.objects.create(
            ladder=self,
            number=latest.number + 1 if latest else 1,
            spec=data,
            note=note,
            author=author,
        )

    def published_spec(self) -> LadderSpec:
        """``to_spec()``, kept in the cache for each published version, in one query.

        The key names the latest recorded version, and a published ladder changes only when a
        new one is recorded (``record_version``: publishing a draft, importing a file), so a
        change gets a new key and nothing is ever invalidated by hand. A ladder with no
        recorded version yet, or a draft, is read afresh.
        """
        return self.spec_as_published(self.published_key())

    def spec_as_published(self, key: str | None) -> LadderSpec:
        """The spec of the version ``published_key()`` names; read afresh for None."""
        if key is None:
            return self.to_spec()
        # Also kept in this process: reading it back from the shared cache cost a file read
        # and the unpickling of every level and expectation on each ladder page.
        return _published_specs.get(key, lambda: cache.get_or_set(key, self.to_spec, timeout=None))

    def published_key(self) -> str | None:
        """A name for the ladder as published now, in one query, for what is computed once
        per published version (``published_spec``, the ladder page); None for a draft or a
        ladder with no recorded version, which are read afresh."""
        if hasattr(self, "latest_version_pk"):  # loaded by with_published_version()
            version = None
            if self.latest_version_pk is not None:
                version = (self.latest_version_pk, self.latest_version_at)
        else:
            version = self.versions.order_by("-number").values_list("pk", "published_at").first()
        if version is None or self.is_draft:
            return None
        pk, published_at = version
        return f"ladders:spec:{self.pk}:{pk}:{published_at.timestamp()}"

    def to_spec(self) -> LadderSpec:
        """This ladder as a validated LadderSpec, in canonical order, in five queries (six for
        a draft, whose spec carries its published ladder's slug).

        Raises SpecError if the stored ladder breaks an invariant (only possible by going
        around the admin and the importer)."""
        levels = list(
            self.levels.select_related("track").prefetch_related(
                models.Prefetch("next_levels", queryset=Level.objects.order_by(*LEVEL_ORDER))
            )
        )
        # Expectations follow level order, then competency order, like the shipped file.
        expectations = (
            Expectation.objects.filter(level__ladder=self)
            .select_related("level", "competency")
            .order_by(*(f"level__{f}" for f in LEVEL_ORDER), "competency__position", "competency")
        )
        return validate_spec(
            LadderSpec,
            {
                "slug": self.public_slug,
                "name": self.name,
                "description": self.description,
                "tracks": [
                    {"key": t.key, "name": t.name, "kind": t.kind} for t in self.tracks.all()
                ],
                "levels": [level.as_spec_data() for level in levels],
                "competencies": [
                    {"key": c.key, "name": c.name, "area": c.area, "description": c.description}
                    for c in self.competencies.all()
                ],
                "expectations": [
                    {
                        "level": e.level.key,
                        "competency": e.competency.key,
                        "proficiency": e.proficiency,
                        "text": e.text,
                    }
                    for e in expectations
                ],
            },
        )


class Track(models.Model):
    class Kind(models.TextChoices):
        SHARED = "shared", "Shared"
        IC = "ic", "Individual contributor"
        PEOPLE = "people", "People leadership"
        HYBRID = "hybrid", "Hybrid"

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="tracks")
    key = models.CharField(max_length=KEY_LENGTH, validators=[validate_key])
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Lower numbers come first."
    )

    class Meta:
        ordering = ["ladder", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "key"],
                name="track_key_unique_in_ladder",
                violation_error_message="This ladder already has a track with this key.",
            )
        ]

    def __str__(self) -> str:
        return self.name


LEVEL_ORDER = ("rank", "position", "pk")


class Level(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="levels")
    # RESTRICT, not PROTECT: a track with levels cannot be deleted on its own, but deleting
    # the whole ladder (which cascades to both) still works.
    track = models.ForeignKey(Track, on_delete=models.RESTRICT, related_name="levels")
    key = models.CharField(max_length=KEY_LENGTH, validators=[validate_key])
    title = models.CharField(max_length=120)
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RANK)],
        help_text="Seniority: every next level must have a higher rank.",
    )
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Orders levels of equal rank; lower comes first."
    )
    summary = models.TextField(
        blank=True,
        max_length=TEXT_LENGTH,
        help_text="The focus of the level, in a sentence or two.",
    )
    scope = models.TextField(
        blank=True, max_length=TEXT_LENGTH, help_text="What the level is responsible for."
    )
    people_pct = models.PositiveSmallIntegerField(
        "people leadership %", default=0, validators=PERCENT
    )
    product_pct = models.PositiveSmallIntegerField(
        "product leadership %", default=0, validators=PERCENT
    )
    individual_pct = models.PositiveSmallIntegerField(
        "individual work %", default=100, validators=PERCENT
    )
    next_levels = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="previous_levels",
        help_text="The levels one step up. Two or more make a fork.",
    )

    class Meta:
        ordering = ["ladder", *LEVEL_ORDER]
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "key"],
                name="level_key_unique_in_ladder",
                violation_error_message="This ladder already has a level with this key.",
            ),
            models.CheckConstraint(
                condition=Exact(F("people_pct") + F("product_pct") + F("individual_pct"), 100),
                name="level_time_split_is_100",
                violation_error_message=(
                    "The time split (people + product leadership + individual work) must add "
                    "up to 100%%."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_RANK),
                name="level_rank_in_range",
                violation_error_message=f"Rank must be between 1 and {MAX_RANK}.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ladders:level", args=[self.ladder.slug, self.key])

    def clean(self) -> None:
        # Edges are checked where they are edited, with the ranks about to be saved: the
        # level form (LevelAdminForm), the ladder's level inline (LevelInlineFormSet) and the
        # ladder file (LadderSpec). Stored edges would be the wrong thing to check here.
        if self.track_id and self.ladder_id and self.track.ladder_id != self.ladder_id:
            raise ValidationError({"track": f"“{self.track}” belongs to another ladder."})

    def edge_errors(
        self, next_levels: Iterable[Level], previous_levels: Iterable[Level]
    ) -> dict[str, list[str]]:
        """What is wrong with these edges from and to this level, by form field.

        Ranks rise along every edge (``rank_rises``); edges stay in one ladder.
        """
        errors: dict[str, list[str]] = {}
        for field, levels, rises in (
            ("next_levels", next_levels, lambda other: rank_rises(self.rank, other.rank)),
            ("previous_levels", previous_levels, lambda other: rank_rises(other.rank, self.rank)),
        ):
            for other in levels:
                if other.ladder_id != self.ladder_id:
                    problem = f"“{other}” is on another ladder."
                elif other.pk is not None and other.pk == self.pk:
                    problem = "A level cannot lead to itself."
                elif not rises(other):
                    relation = "above" if field == "next_levels" else "below"
                    problem = (
                        f"“{other}” has rank {other.rank}; it must be {relation} this level's "
                        f"rank {self.rank}."
                    )
                else:
                    continue
                errors.setdefault(field, []).append(problem)
        return errors

    @property
    def time_split(self) -> dict[str, int]:
        return {
            "people": self.people_pct,
            "product": self.product_pct,
            "individual": self.individual_pct,
        }

    def as_spec_data(self) -> dict:
        """Plain data for LadderSpec; expects ``track`` and ``next_levels`` to be prefetched."""
        return {
            "key": self.key,
            "title": self.title,
            "track": self.track.key,
            "rank": self.rank,
            "summary": self.summary,
            "scope": self.scope,
            "time_split": self.time_split,
            "next": [other.key for other in self.next_levels.all()],
        }


class Competency(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="competencies")
    key = models.CharField(max_length=KEY_LENGTH, validators=[validate_key])
    name = models.CharField(max_length=120)
    area = models.CharField(max_length=120, help_text="Competencies are grouped by area.")
    description = models.TextField(blank=True, max_length=TEXT_LENGTH)
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Lower numbers come first."
    )

    class Meta:
        ordering = ["ladder", "position", "pk"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "key"],
                name="competency_key_unique_in_ladder",
                violation_error_message="This ladder already has a competency with this key.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Expectation(models.Model):
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="expectations")
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="expectations"
    )
    proficiency = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_PROFICIENCY), MaxValueValidator(MAX_PROFICIENCY)],
        help_text=f"From {MIN_PROFICIENCY} (aware) to {MAX_PROFICIENCY} (sets the standard).",
    )
    text = models.TextField(
        max_length=TEXT_LENGTH,
        help_text="What the level does in this competency, in a sentence or two.",
    )

    class Meta:
        ordering = ["level", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "competency"],
                name="one_expectation_per_level_competency",
                violation_error_message=(
                    "This level already has an expectation for this competency."
                ),
            ),
            models.CheckConstraint(
                condition=Q(proficiency__gte=MIN_PROFICIENCY, proficiency__lte=MAX_PROFICIENCY),
                name="expectation_proficiency_in_range",
                violation_error_message=(
                    f"Proficiency must be between {MIN_PROFICIENCY} and {MAX_PROFICIENCY}."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.competency}"

    def clean(self) -> None:
        if (
            self.level_id
            and self.competency_id
            and self.level.ladder_id != self.competency.ladder_id
        ):
            raise ValidationError({"competency": f"“{self.competency}” belongs to another ladder."})


BASELINE_NOTE = "The ladder as it was before its changes were recorded."


class LadderVersion(models.Model):
    """One published version of a ladder: the whole spec, who published it, when and why.

    Written by ``ladders.files.import_ladder`` (files, the shipped ladders, published drafts)
    and only when the ladder changed; the history page diffs each one with the one before.
    """

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    spec = models.JSONField(help_text="The ladder file of this version.")
    note = models.TextField(max_length=TEXT_LENGTH, help_text="What changed and why.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who published it; empty for a command or the shipped ladder.",
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ladder", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "number"], name="ladder_version_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="ladder_version_has_a_note",
                violation_error_message="Every version needs a change note.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ladder} v{self.number}"

    def to_spec(self) -> LadderSpec:
        return validate_spec(LadderSpec, self.spec)
