from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class PersonQuerySet(models.QuerySet):
    def reports_of(self, manager: User) -> PersonQuerySet:
        """Direct reports of ``manager``, the only people a manager may review."""
        return self.filter(manager=manager, is_active=True)


class PersonManager(UserManager.from_queryset(PersonQuerySet)):
    pass


class User(AbstractUser):
    """A person using CareerPath: a PM, a manager of PMs, or an admin (often several)."""

    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text="The person this user reports to. Managers see results their reports share.",
    )
    ladder = models.ForeignKey(
        "ladders.Ladder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # A draft is an admin's work in progress, never anyone's ladder.
        limit_choices_to={"draft_of__isnull": True},
        help_text="The career ladder this person is on; empty means the default ladder.",
    )
    level = models.ForeignKey(
        "ladders.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
        limit_choices_to={"ladder__draft_of__isnull": True},
        help_text="The person's current level on their ladder, if known.",
    )
    invited_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the last invitation to CareerPath was emailed to this person.",
    )

    team_seen_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When this person last opened their home as a manager: what their reports "
        "shared after it is new to them.",
    )

    objects = PersonManager()

    class Meta:
        ordering = ["username"]
        # Who manages whom decides who reads a person's shared results, so it is a right of
        # its own, not part of Django's "change user" (see docs/privacy.md).
        permissions = [
            ("change_reporting_line", "Can change reporting lines (who manages whom)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")),
                name="user_is_not_own_manager",
                violation_error_message="A person cannot be their own manager.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ManagerNoteQuerySet(models.QuerySet):
    def written_by(self, author: User) -> ManagerNoteQuerySet:
        """Notes ``author`` wrote about people who report to them today.

        A note stays with its author; when the reporting line changes, the former manager
        stops seeing it (and sees it again only if the person reports to them once more).
        """
        return self.filter(author=author, subject__manager=author, subject__is_active=True)


class ManagerNote(models.Model):
    """A manager's private note about one direct report. The report never sees it."""

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notes_written")
    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ManagerNoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "subject"], name="one_note_per_manager"),
            models.CheckConstraint(
                condition=~models.Q(author=models.F("subject")),
                name="note_is_about_someone_else",
                violation_error_message="A manager's note is about someone else.",
            ),
        ]

    def __str__(self) -> str:
        return f"Note by {self.author} about {self.subject}"
