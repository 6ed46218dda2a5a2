import uuid

from django.conf import settings
from django.db import models


class Questionnaire(models.Model):
    class Audience(models.TextChoices):
        SELF = "self", "Self (the person answers about themselves)"
        OBSERVER = "observer", "Observer (a manager describes a report)"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=10, choices=Audience.choices)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    spec = models.JSONField(help_text="The validated questionnaire file (items and scoring).")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number} ({self.get_status_display()})"


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
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    shared_with_manager = models.BooleanField(
        default=False, help_text="The person lets their manager see this result."
    )
    answers_shared_with_manager = models.BooleanField(
        default=False, help_text="The person also lets their manager see the individual answers."
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.version} by {self.respondent} about {self.subject}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=64)
    value = models.JSONField(help_text="A scale point (number) or a forced-choice option key.")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "item_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item_key"], name="one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_key} = {self.value}"


class Result(models.Model):
    """A snapshot: later edits to questionnaires or ladders never change what a person read."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(max_length=16)
    strength = models.CharField(max_length=10, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    payload = models.JSONField(help_text="The scoring output exactly as it was computed.")
    placement = models.JSONField(
        default=dict, blank=True, help_text="Where the person stood on the ladder, as shown."
    )
    scoring_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.outcome} for {self.assessment.subject}"
