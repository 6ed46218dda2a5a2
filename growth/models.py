"""A person's growth plan: where they are heading on the ladder, the experiments that test
their reading, weekly energy check-ins, their personal board, and plateau pulses.

Everything here is the person's own and private. The one way out is ``Plan.shared_with``:
a manager reads a plan only while its owner reports to them and has switched plan sharing
on (a consent separate from sharing a result); reflections need a second switch.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from growth.rules import MAX_WEEKS, MIN_WEEKS, Energy, Leaning

TITLE_LENGTH = 120
LINE_LENGTH = 300
TEXT_LENGTH = 2000
NOTE_LENGTH = 200
ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class PlanQuerySet(models.QuerySet):
    def of(self, person: Any) -> PlanQuerySet:
        """The person's own plan: the only one they read and change."""
        return self.filter(person=person)

    def shared_with(self, manager: Any) -> PlanQuerySet:
        """Plans whose owner reports to ``manager`` right now and chose to share the plan.
        The reporting line is read on every call, so a change of manager applies at once."""
        return self.filter(
            shared_with_manager=True, person__manager=manager, person__is_active=True
        )

    def with_experiments(self) -> PlanQuerySet:
        """Experiments (newest first) with their check-ins (oldest first): two queries."""
        return self.prefetch_related(
            Prefetch(
                "experiments",
                queryset=Experiment.objects.order_by("-created_at", "-pk").prefetch_related(
                    Prefetch("checkins", queryset=CheckIn.objects.order_by("week"))
                ),
            )
        )


class Plan(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_plan"
    )
    # Keys on the person's ladder, like a result's placement: a ladder republished from a
    # file keeps its keys, while its rows may be replaced.
    ladder_slug = models.CharField(max_length=50)
    current_key = models.CharField(max_length=50)
    target_key = models.CharField(max_length=50)
    shared_with_manager = models.BooleanField(
        default=False, help_text="The person lets their manager see this plan."
    )
    reflections_shared = models.BooleanField(
        default=False, help_text="The person also lets their manager read their reflections."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reflections_shared=False) | Q(shared_with_manager=True),
                name="reflections_shared_only_with_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Plan of {self.person}"

    @property
    def ratings(self) -> dict[str, int]:
        return {rating.competency_key: rating.rating for rating in self.competency_ratings.all()}


class CompetencyRating(models.Model):
    """The person's own quick rating (1–5, the ladder's proficiency scale) of a competency."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="competency_ratings")
    competency_key = models.CharField(max_length=50)
    rating = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "competency_key"], name="one_rating_per_competency"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="rating_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_key}: {self.rating}"


class ExperimentQuerySet(models.QuerySet):
    def of(self, person: Any) -> ExperimentQuerySet:
        return self.filter(plan__person=person)

    def running(self) -> ExperimentQuerySet:
        return self.filter(status=Experiment.Status.RUNNING)

    def waiting_for_checkin(self, week) -> ExperimentQuerySet:
        """Running experiments with no check-in in ``week`` (a Monday)."""
        logged = CheckIn.objects.filter(experiment=OuterRef("pk"), week=week)
        return self.running().exclude(Exists(logged))


class Experiment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="experiments")
    title = models.CharField(max_length=TITLE_LENGTH)
    hypothesis = models.CharField(max_length=LINE_LENGTH)
    signal = models.CharField(
        max_length=LINE_LENGTH, help_text="What would count as a sign either way."
    )
    weeks = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_WEEKS), MaxValueValidator(MAX_WEEKS)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    reflection = models.TextField(max_length=TEXT_LENGTH, blank=True)
    leaning = models.CharField(
        max_length=10, blank=True, choices=[(lean.value, lean.value) for lean in Leaning]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=MIN_WEEKS, weeks__lte=MAX_WEEKS), name="timebox_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(leaning=""), name="done_has_a_leaning"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.RUNNING)


class CheckIn(models.Model):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="checkins")
    week = models.DateField(help_text="The Monday of the week this check-in is for.")
    energy = models.CharField(max_length=10, choices=[(e.value, e.value) for e in Energy])
    note = models.CharField(max_length=NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "week"], name="one_checkin_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.experiment}: {self.energy} ({self.week})"


class PlanComment(models.Model):
    """A manager's comment on a shared plan; the plan's owner reads it on their plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=300)
    text = models.TextField(max_length=TEXT_LENGTH // 2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.plan}"


class BoardMember(models.Model):
    """Someone on the person's personal board. A name as the person writes it, nothing more:
    board members are not accounts and nobody else sees the board."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        PEER = "peer", "A peer who made the move"
        PEOPLE_LEADER = "people_leader", "A people leader"
        OUTSIDE = "outside", "Someone outside the company"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_members"
    )
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    helps_with = models.CharField(max_length=NOTE_LENGTH)
    every_weeks = models.PositiveSmallIntegerField(
        "touch base every (weeks)", validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    last_touch = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=52), name="cadence_in_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Pulse(models.Model):
    """Three quick answers (1–5): am I still learning, am I challenged, does the work give me
    energy. One a day at most."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulses"
    )
    taken_on = models.DateField()
    learning = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    challenged = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    energy = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "taken_on"], name="one_pulse_a_day"),
            models.CheckConstraint(
                condition=Q(learning__gte=1, learning__lte=5)
                & Q(challenged__gte=1, challenged__lte=5)
                & Q(energy__gte=1, energy__lte=5),
                name="pulse_answers_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse of {self.person} on {self.taken_on}"

    @property
    def answers(self) -> tuple[int, int, int]:
        return (self.learning, self.challenged, self.energy)
