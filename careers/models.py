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
        help_text="The career ladder this person is on; empty means the default ladder.",
    )
    level = models.ForeignKey(
        "ladders.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
        help_text="The person's current level on their ladder, if known.",
    )

    objects = PersonManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")),
                name="user_is_not_own_manager",
                violation_error_message="A person cannot be their own manager.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
