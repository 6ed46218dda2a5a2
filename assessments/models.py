"""Questionnaires, their versions, and the answers people give.

A questionnaire version moves draft → published → retired. A draft is edited freely (in
the admin, as YAML); publishing freezes it, because answers and results point at it and a
result must always be explainable by the exact items the person saw. Changing a published
questionnaire therefore means a new draft with the next number (``make_draft()``).
``QuestionnaireVersion.to_spec()`` is the one place a stored version becomes a
``QuestionnaireSpec``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from assessments.scoring import Outcome, QuestionnaireSnapshot, ScoreResult
from assessments.specs import QuestionnaireSpec
from core.interchange import SpecError, validate_spec
from core.kept import Kept
from ladders.specs import Placement


class ImmutableVersionError(ValidationError):
    """Raised when code tries to change a published or retired version."""


class QuestionnaireQuerySet(models.QuerySet):
    def with_counts(self) -> QuestionnaireQuerySet:
        """Annotate version_count, latest_number (latest published) and submitted_count."""
        published = QuestionnaireVersion.objects.filter(
            questionnaire=OuterRef("pk"), status=QuestionnaireVersion.Status.PUBLISHED
        ).order_by("-number")
        return self.annotate(
            version_count=Count("versions", distinct=True),
            latest_number=Subquery(published.values("number")[:1]),
            submitted_count=Count(
                "versions__assessments",
                filter=Q(versions__assessments__status="submitted"),
                distinct=True,
            ),
        )


class Questionnaire(models.Model):
    class Audience(models.TextChoices):
        SELF = "self", "Self (the person answers about themselves)"
        OBSERVER = "observer", "Observer (a manager describes a report)"

    slug = models.SlugField(unique=True)
    title = models.CharField(
        max_length=200, help_text="Follows the title of the latest published version."
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def latest_published(self) -> QuestionnaireVersion | None:
        """The version new assessments should use: the highest published number."""
        return self.versions.latest_published()

    def next_version_number(self) -> int:
        return (self.versions.aggregate(top=Max("number"))["top"] or 0) + 1


class QuestionnaireVersionQuerySet(models.QuerySet):
    def published(self) -> QuestionnaireVersionQuerySet:
        return self.filter(status=QuestionnaireVersion.Status.PUBLISHED)

    def latest_published(self) -> QuestionnaireVersion | None:
        """The highest-numbered published version in this queryset, or None."""
        return self.published().select_related("questionnaire").order_by("-number").first()

    def with_counts(self) -> QuestionnaireVersionQuerySet:
        """Annotate submitted_count and in_progress_count (assessments on each version), and
        offered_number: the number of its questionnaire's latest published version."""
        offered = (
            QuestionnaireVersion.objects.published()
            .filter(questionnaire=OuterRef("questionnaire"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.annotate(
            submitted_count=Count("assessments", filter=Q(assessments__status="submitted")),
            in_progress_count=Count("assessments", filter=Q(assessments__status="in_progress")),
            offered_number=Subquery(offered),
        )


# Validated specs of published and retired versions, per process (QuestionnaireVersion.to_spec).
_frozen_specs: Kept[QuestionnaireSpec] = Kept(limit=100)
# The spec of a version read without it (deferred): nothing was assigned, so it is the stored one.
_UNREAD = object()


class QuestionnaireVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    # The status changes allowed once a row exists; anything else is refused by save().
    # Retiring can be undone (a retired version is frozen just like a published one).
    TRANSITIONS = {
        (Status.DRAFT, Status.DRAFT),
        (Status.DRAFT, Status.PUBLISHED),
        (Status.PUBLISHED, Status.PUBLISHED),
        (Status.PUBLISHED, Status.RETIRED),
        (Status.RETIRED, Status.RETIRED),
        (Status.RETIRED, Status.PUBLISHED),
    }
    FROZEN_FIELDS = ("questionnaire_id", "number", "spec", "published_at")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    spec = models.JSONField(help_text="The validated questionnaire file (items and scoring).")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionnaireVersionQuerySet.as_manager()
    _stored_spec: Any = None
    _spec_text: str | None = None

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"],
                name="questionnaire_version_number_unique",
                violation_error_message=(
                    "This questionnaire already has a version with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="questionnaire_version_published_has_date",
                violation_error_message=(
                    "A published or retired version needs its publication date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number} ({self.status_label})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not a workflow step: it changes nothing, it only refuses to overwrite a
        # frozen version, whichever code path (admin, shell, import) tries to. A bulk
        # QuerySet.update() bypasses it; nothing in the app updates versions that way.
        if self.pk is not None and (problem := self._mutation_problem()):
            raise ImmutableVersionError(problem)
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_superseded(self) -> bool:
        """Published, but a later published version is the one new assessments get.

        It stays published on purpose: assessments started on it are finished on it, and
        retiring the later version offers it again. It is shown as "Superseded", so a
        questionnaire never shows two "Published" versions.
        """
        if self.status != self.Status.PUBLISHED:
            return False
        offered = getattr(self, "offered_number", None)  # annotated by with_counts()
        if offered is None:
            latest = self.questionnaire.latest_published()
            offered = latest.number if latest else self.number
        return offered > self.number

    @property
    def status_label(self) -> str:
        """Draft, Published (the one offered), Superseded (an earlier published) or Retired."""
        return "Superseded" if self.is_superseded else self.get_status_display()

    @classmethod
    def from_db(cls, db, field_names, values) -> QuestionnaireVersion:
        version = super().from_db(db, field_names, values)
        # Remember which spec came from the database, so to_spec() can tell it from one
        # assigned since (a form being edited), which must be validated afresh. A query that
        # defers the spec (the quiz's) leaves it unread, and so still the stored one.
        version._stored_spec = version.__dict__.get("spec", _UNREAD)
        return version

    def use_stored_text(self, text: str) -> None:
        """For a row read with ``spec`` deferred and its JSON text selected instead
        (``AssessmentQuerySet.with_version``): the spec is decoded from ``text`` if it is ever
        read, which for a published version is once per process (``to_spec``)."""
        self._spec_text = text

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        if fields == ["spec"] and self._spec_text is not None:
            # The deferred spec, read for the first time: its text came with the row.
            self.spec = json.loads(self._spec_text)
        else:
            super().refresh_from_db(using, fields, from_queryset)
        # Whatever spec is here now is the stored one.
        self._stored_spec = self.__dict__.get("spec", _UNREAD)

    def to_spec(self) -> QuestionnaireSpec:
        """The stored spec, validated; cached on this instance until ``spec`` is reassigned,
        and for a published or retired version read from the database, in process memory
        (so a query may defer ``spec``: it is read only the first time a process needs it).

        Raises SpecError if the stored JSON is not a valid questionnaire (only possible for
        rows written around ``clean()``, e.g. by hand in a shell).
        """
        cached = self.__dict__.get("_spec_cache")
        if cached is None or cached[0] is not self.__dict__.get("spec", _UNREAD):
            spec = self._frozen_spec() or validate_spec(QuestionnaireSpec, self.spec)
            cached = self._spec_cache = (self.__dict__.get("spec", _UNREAD), spec)
        return cached[1]

    @property
    def frozen_key(self) -> tuple | None:
        """A key that names this version's spec for good, for what is computed from it once
        per process: the row and when it was published. None while the spec may still change
        (a draft) or differs from the stored one (assigned since it was read)."""
        spec_as_stored = self.__dict__.get("spec", _UNREAD) is self._stored_spec
        if self.is_draft or self.published_at is None or not spec_as_stored:
            return None
        return (self.pk, self.created_at, self.published_at)

    def _frozen_spec(self) -> QuestionnaireSpec | None:
        """The validated spec of a version that can no longer change, once per process.

        Every quiz page and autosave validated the same 50-item spec again (about 0.2 ms).
        A published or retired version never changes (``save()`` refuses; a new draft is a new
        row), so its key — the row and when it was published — can never name another spec,
        and no entry ever needs invalidating. Drafts, and a spec assigned rather than read
        from the database, are not kept.
        """
        key = self.frozen_key
        if key is None:
            return None
        return _frozen_specs.get(key, lambda: validate_spec(QuestionnaireSpec, self.spec))

    def spec_problems(self) -> list[str]:
        """Why the stored spec cannot be this version's, one message per problem (by path)."""
        if not isinstance(self.spec, dict):
            return ["expected a mapping at the top level"]
        try:
            spec = self.to_spec()
        except SpecError as exc:
            return exc.messages
        problems = []
        if self.questionnaire_id is not None:
            questionnaire = self.questionnaire
            if spec.slug != questionnaire.slug:
                problems.append(f'slug: must be "{questionnaire.slug}", the questionnaire\'s slug')
            if spec.audience != questionnaire.audience:
                problems.append(
                    f'audience: must be "{questionnaire.audience}", the questionnaire\'s audience'
                )
        if self.number is not None and spec.version != self.number:
            problems.append(f"version: must be {self.number}, the number of this version")
        return problems

    def clean(self) -> None:
        if self.pk is not None and (problem := self._mutation_problem()):
            raise ValidationError(problem)
        if problems := self.spec_problems():
            raise ValidationError({"spec": problems})

    def _mutation_problem(self) -> str | None:
        """Why saving this instance over the stored row is not allowed, or None."""
        stored = type(self).objects.filter(pk=self.pk).values("status", *self.FROZEN_FIELDS).first()
        if stored is None:
            return None
        before = stored["status"]
        if (before, self.status) not in self.TRANSITIONS:
            return f"A {before} version cannot become {self.status}."
        if before == self.Status.DRAFT:
            return None
        changed = [name for name in self.FROZEN_FIELDS if getattr(self, name) != stored[name]]
        if changed:
            return (
                f"Version {self.number} is {before} and cannot be changed "
                f"({', '.join(changed)}); make a new draft from it instead."
            )
        return None

    @transaction.atomic
    def publish(self) -> None:
        """Freeze this draft and offer it to new respondents (it becomes the latest published).

        Older published versions stay published, shown as superseded (``is_superseded``):
        assessments started on them can still be finished, their results stay explainable,
        and retiring this version offers the previous one again. ValidationError if this is
        not a valid draft.
        """
        if not self.is_draft:
            raise ValidationError(f"Version {self.number} is {self.status}, not a draft.")
        if problems := self.spec_problems():
            raise ValidationError({"spec": problems})
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at"])
        questionnaire = self.questionnaire
        if questionnaire.latest_published() == self:
            questionnaire.title = self.to_spec().title
            questionnaire.save(update_fields=["title"])

    def retire(self) -> None:
        """Stop offering this version; its answers and results stay as they are."""
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(f"Version {self.number} is {self.status}, not published.")
        self.status = self.Status.RETIRED
        self.save(update_fields=["status"])

    @transaction.atomic
    def make_draft(self, scoring: dict[str, Any] | None = None) -> QuestionnaireVersion:
        """A new draft with this version's spec and the questionnaire's next number;
        ``scoring`` entries, when given, replace those of the spec's scoring section."""
        # Lock the questionnaire so two admins cannot take the same number.
        questionnaire = Questionnaire.objects.select_for_update().get(pk=self.questionnaire_id)
        number = questionnaire.next_version_number()
        spec = {**self.spec, "version": number}
        if scoring:
            spec["scoring"] = {**spec.get("scoring", {}), **scoring}
        return QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=number, spec=spec
        )


class AssessmentQuerySet(models.QuerySet):
    """Who may touch an assessment is decided here, so no view can forget it."""

    def given_by(self, user: Any) -> AssessmentQuerySet:
        """Assessments ``user`` answers, any status: about themselves, or an observer view of
        someone who reports to them right now (a change of manager applies at once)."""
        return self.filter(
            Q(subject=user) | Q(subject__manager=user, subject__is_active=True), respondent=user
        )

    def with_version(self) -> AssessmentQuerySet:
        """With each one's version, whose spec comes as JSON text for
        ``QuestionnaireVersion.use_stored_text`` (``version_spec_text``): decoding a 50-item
        spec on every quiz request cost 0.2 ms, and a published version's is kept per process."""
        return (
            self.select_related("version")
            .defer("version__spec")
            .annotate(version_spec_text=Cast("version__spec", models.TextField()))
        )

    def answerable_by(self, user: Any) -> AssessmentQuerySet:
        """The assessments ``user`` may still add answers to."""
        return self.given_by(user).open()

    def open(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.IN_PROGRESS)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)

    def self_views(self) -> AssessmentQuerySet:
        """Assessments a person gave about themselves (not a manager's view of them)."""
        return self.filter(respondent=models.F("subject"))

    def with_answer_count(self) -> AssessmentQuerySet:
        return self.annotate(answer_count=Count("answers"))


class Assessment(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments_given"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments_about"
    )
    # Always version.questionnaire; stored too so that the database itself can promise one
    # open assessment per person and questionnaire (a constraint cannot follow a join).
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments", editable=False
    )
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    shared_with_manager = models.BooleanField(
        default=False, help_text="The person lets their manager see this result."
    )
    answers_shared_with_manager = models.BooleanField(
        default=False, help_text="The person also lets their manager see the individual answers."
    )
    shared_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the result was last switched from private to shared (the manager's "
        '"new since your last visit").',
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "subject", "questionnaire"],
                condition=Q(status="in_progress"),
                name="one_open_assessment_per_questionnaire",
                violation_error_message=(
                    "This person already has an unfinished assessment on this questionnaire."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} by {self.respondent} about {self.subject}"

    def clean(self) -> None:
        if self.version_id and self.questionnaire_id != self.version.questionnaire_id:
            raise ValidationError({"version": "The version belongs to another questionnaire."})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_self_view(self) -> bool:
        return self.respondent_id == self.subject_id

    @transaction.atomic
    def set_sharing(
        self, *, result: bool, answers: bool, by: Any = None, notify: bool = True
    ) -> None:
        """Record the person's consent; answers are shared only together with the result.

        A change is written to the access log as done by the person (``by``: the person's
        loaded user, to spare a query); saving the same choice again writes nothing there.
        Sharing (not withdrawing) emails the manager once the transaction commits, unless
        ``notify`` is off (demo data, which is nobody's news).
        """
        before = (self.shared_with_manager, self.answers_shared_with_manager)
        if result and not self.shared_with_manager:
            self.shared_at = timezone.now()
        self.shared_with_manager = result
        self.answers_shared_with_manager = result and answers
        after = (self.shared_with_manager, self.answers_shared_with_manager)
        Assessment.objects.filter(pk=self.pk).update(
            shared_with_manager=self.shared_with_manager,
            answers_shared_with_manager=self.answers_shared_with_manager,
            shared_at=self.shared_at,
        )
        if kind := _consent_change(before, after):
            AccessEvent.record(
                kind, person_id=self.subject_id, actor=by or self.subject, result=self.result
            )
        # Only news of sharing reaches the manager: an email about a withdrawal would make
        # taking consent back cost the person something.
        if notify and kind in (AccessEvent.Kind.SHARED, AccessEvent.Kind.SHARED_ANSWERS):
            notifications.announce_sharing(self, (by or self.subject).manager_id)


def _consent_change(before: tuple[bool, bool], after: tuple[bool, bool]) -> str | None:
    """The access-log kind for a change of (result shared, answers shared), or None."""
    if before == after:
        return None
    if not after[0]:
        return AccessEvent.Kind.WITHDREW
    if after[1]:
        return AccessEvent.Kind.SHARED_ANSWERS
    return AccessEvent.Kind.WITHDREW_ANSWERS if before[0] else AccessEvent.Kind.SHARED


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=64)
    value = models.JSONField(help_text="A scale point (number) or a forced-choice option key.")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "item_key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_key"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_key} = {self.value}"


class ResultQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ResultQuerySet:
        """The results ``user`` may read on the result pages: their own answers about
        themselves. Every result view filters through it, so strangers get a 404 and learn
        nothing; a manager reads what a report shared through ``shared_with``.
        """
        return self.filter(assessment__respondent=user, assessment__subject=user)

    def shared_with(self, manager: Any) -> ResultQuerySet:
        """Self-assessment results that a person who reports to ``manager`` right now chose
        to share. The reporting line is read on every call, so a change of manager
        applies on the next request; withdrawing consent hides the result at once.

        Only the result: whether the answers behind it may be shown is a second choice,
        ``assessment.answers_shared_with_manager``, checked where answers are read.
        """
        return self.self_views().filter(
            assessment__shared_with_manager=True,
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__subject__manager=manager,
            assessment__subject__is_active=True,
        )

    def shared(self) -> ResultQuerySet:
        """Self-assessment results their person chose to share with a manager, whoever the
        manager is: the only results org insight counts (and only in groups of five or more,
        careers/insights.py)."""
        return self.self_views().filter(
            assessment__shared_with_manager=True,
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__subject__is_active=True,
        )

    def about(self, person: Any) -> ResultQuerySet:
        return self.filter(assessment__subject=person)

    def self_views(self) -> ResultQuerySet:
        return self.filter(assessment__respondent=models.F("assessment__subject"))

    def latest_first(self) -> ResultQuerySet:
        return self.order_by("-created_at", "-pk")

    def with_sharing_state(self) -> ResultQuerySet:
        """Each result with its assessment, its person's manager as of now and whether the
        person keeps that manager up to date: what the consent panel reads, in the same
        query, so it is current on every request."""
        return self.select_related("assessment__subject__manager").annotate(
            keeps_manager_updated=models.Exists(
                SharingPreference.objects.filter(
                    person=OuterRef("assessment__subject"), keep_manager_updated=True
                )
            )
        )


class Result(models.Model):
    """A snapshot: later edits to questionnaires or ladders never change what a person read.

    The result page renders from these three JSON fields alone, never by scoring again:
    ``payload`` is the scoring output as computed, ``placement`` the ladder position shown,
    and ``questionnaire_snapshot`` the names and thresholds needed to draw the charts. Read
    them typed, through ``score``, ``ladder_placement`` and ``snapshot``.
    """

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(
        max_length=16, choices=[(outcome.value, outcome.label) for outcome in Outcome]
    )
    strength = models.CharField(max_length=10, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    payload = models.JSONField(help_text="The scoring output exactly as it was computed.")
    placement = models.JSONField(
        default=dict, blank=True, help_text="Where the person stood on the ladder, as shown."
    )
    questionnaire_snapshot = models.JSONField(
        default=dict,
        blank=True,
        help_text="Questionnaire title, dimension names and thresholds at scoring time.",
    )
    scoring_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # Org insight counts shared results in groups of five or more; who may read it across
        # the whole organisation is a right of its own (docs/privacy.md).
        permissions = [
            ("view_org_insights", "Can view org insight (shared results, in groups of 5+)"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.assessment.subject}"

    @property
    def score(self) -> ScoreResult:
        """The stored scoring output, validated (ValidationError if it is not one)."""
        return ScoreResult.model_validate(self.payload)

    @property
    def ladder_placement(self) -> Placement:
        return Placement.model_validate(self.placement or {})

    @property
    def snapshot(self) -> QuestionnaireSnapshot:
        return QuestionnaireSnapshot.model_validate(self.questionnaire_snapshot or {})

    def fill_in_placement(self, placement: Placement) -> None:
        """Complete a placement that was shown without the person's level.

        One that already had a level stays exactly as it was shown.
        """
        if self.ladder_placement.current is not None:
            return
        self.placement = placement.model_dump(mode="json")
        self.save(update_fields=["placement"])


class AccessEventQuerySet(models.QuerySet):
    def about(self, person: Any) -> AccessEventQuerySet:
        """Events about ``person``: the only ones they may read ("Who has seen my results")."""
        return self.filter(person=person)

    def newest_first(self) -> AccessEventQuerySet:
        return self.order_by("-at", "-pk")

    def unseen_manager_changes(self, person: Any) -> AccessEventQuerySet:
        """Changes of ``person``'s manager they have not yet acknowledged."""
        return self.about(person).filter(
            kind=AccessEvent.Kind.MANAGER_CHANGED, seen_at__isnull=True
        )


class AccessEvent(models.Model):
    """One line of the access log: who read a person's result or answers, and every change
    of consent or reporting line. The person it is about reads it on "Who has seen my
    results"; admins read it in the admin, where nobody can add, edit or delete a line.

    Written by the code path that does the thing (a view, ``Assessment.set_sharing``, the
    user admin), never by a signal, so a reader of that code sees it is logged.
    """

    class Kind(models.TextChoices):
        VIEWED_RESULT = "viewed_result", "Viewed a result"
        VIEWED_ANSWERS = "viewed_answers", "Viewed a result and its answers"
        SHARED = "shared", "Shared a result"
        SHARED_ANSWERS = "shared_answers", "Shared a result and its answers"
        WITHDREW_ANSWERS = "withdrew_answers", "Stopped sharing the answers"
        WITHDREW = "withdrew", "Stopped sharing a result"
        MANAGER_CHANGED = "manager_changed", "Changed the manager"
        # The growth plan (the growth app) is logged here too, so one page lists it all.
        VIEWED_PLAN = "viewed_plan", "Viewed the growth plan"
        SHARED_PLAN = "shared_plan", "Shared the growth plan"
        SHARED_REFLECTIONS = "shared_reflections", "Shared the growth plan and its reflections"
        WITHDREW_PLAN = "withdrew_plan", "Stopped sharing the growth plan"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_events",
        help_text="The person whose data this is about.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who did it: the viewer, the person themselves, or the admin.",
    )
    # The actor's name as it was, so the line still reads when their account is gone.
    actor_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    result = models.ForeignKey(
        Result,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a change of manager, or once the result was deleted.",
    )
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person acknowledged a change of manager."
    )

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "-at"], name="access_event_person_at")]

    def __str__(self) -> str:
        return f"{self.actor_name or 'Someone'}: {self.get_kind_display()} ({self.person})"

    @classmethod
    def record(
        cls,
        kind: AccessEvent.Kind,
        *,
        person_id: int,
        actor: Any,
        result: Result | None = None,
        detail: str = "",
    ) -> AccessEvent:
        """Write one line (one INSERT)."""
        return cls.objects.create(
            kind=kind,
            person_id=person_id,
            actor=actor,
            actor_name=str(actor)[:300] if actor is not None else "",
            result=result,
            detail=detail[:300],
        )

    @classmethod
    def record_view(
        cls, viewer: Any, result: Result, *, answers: bool = False, detail: str = ""
    ) -> None:
        """Log that ``viewer`` read ``result`` (and its answers); a person reading their own
        result is not logged."""
        person_id = result.assessment.subject_id
        if viewer.pk == person_id:
            return
        kind = cls.Kind.VIEWED_ANSWERS if answers else cls.Kind.VIEWED_RESULT
        cls.record(kind, person_id=person_id, actor=viewer, result=result, detail=detail)

    @classmethod
    def record_views(cls, viewer: Any, results: list[Result], *, detail: str = "") -> None:
        """Log that ``viewer`` read each of ``results`` (an export, an API list): one INSERT
        for all of them; the viewer's own results are not logged."""
        cls.objects.bulk_create(
            cls(
                kind=cls.Kind.VIEWED_RESULT,
                person_id=result.assessment.subject_id,
                actor=viewer,
                actor_name=str(viewer)[:300],
                result=result,
                detail=detail[:300],
            )
            for result in results
            if result.assessment.subject_id != viewer.pk
        )

    @property
    def by_the_person(self) -> bool:
        return self.actor_id is not None and self.actor_id == self.person_id


class SharingPreferenceQuerySet(models.QuerySet):
    def keeps_manager_updated(self, person_id: int) -> bool:
        return self.filter(person_id=person_id, keep_manager_updated=True).exists()


class SharingPreference(models.Model):
    """A person's standing choice about sharing: "keep my manager up to date" shares each
    new result as soon as it is scored (the answers stay a choice per result). Without a
    row the choice is off, so nothing is shared unless the person says so."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharing_preference"
    )
    keep_manager_updated = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SharingPreferenceQuerySet.as_manager()

    def __str__(self) -> str:
        state = "on" if self.keep_manager_updated else "off"
        return f"{self.person}: keep manager up to date {state}"

    @classmethod
    def choose(cls, person_id: int, keep_manager_updated: bool) -> None:
        cls.objects.update_or_create(
            person_id=person_id, defaults={"keep_manager_updated": keep_manager_updated}
        )


# ---- notifications: what a person wants by email, and which reminders went out ----------


class NotificationKind(models.TextChoices):
    """The emails CareerPath sends by itself; each can be turned off on its own."""

    RESULT_SHARED = "result_shared", "A report shares a result with me"
    MANAGER_CHANGED = "manager_changed", "My manager changes"
    START_REMINDER = "start_reminder", "A reminder to start, a week after my invitation"
    FINISH_REMINDER = "finish_reminder", "A reminder to finish a questionnaire I left open"
    RETAKE_REMINDER = "retake_reminder", "A reminder to take the questionnaire again"


class NotificationPreferenceQuerySet(models.QuerySet):
    def turned_off(self, person: Any) -> set[str]:
        """The kinds ``person`` does not want; every other kind is on."""
        return set(self.filter(person=person, enabled=False).values_list("kind", flat=True))


class NotificationPreference(models.Model):
    """A person's choice for one kind of email. Without a row the kind is on."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_choice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {'on' if self.enabled else 'off'}"

    @classmethod
    def wants(cls, person_id: int, kind: str) -> bool:
        return not cls.objects.filter(person_id=person_id, kind=kind, enabled=False).exists()

    @classmethod
    def choose(cls, person_id: int, kind: str, enabled: bool) -> None:
        cls.objects.update_or_create(person_id=person_id, kind=kind, defaults={"enabled": enabled})


class SentReminder(models.Model):
    """A reminder claimed for one occasion (an invitation, an open questionnaire, a result
    to retake). The constraint is what makes ``send_reminders`` safe to run again."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    occasion = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "occasion"], name="one_reminder_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.person} ({self.occasion})"


# Last: the notifications module reads the models above, and set_sharing hands it the news.
from assessments import notifications  # noqa: E402
