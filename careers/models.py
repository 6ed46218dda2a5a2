from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone


class PersonQuerySet(models.QuerySet):
    def reports_of(self, manager: User) -> PersonQuerySet:
        """Direct reports of ``manager``, the only people a manager may review."""
        return self.filter(manager=manager, is_active=True)

    def with_navigation(self) -> PersonQuerySet:
        """Each person with what the page chrome asks on every page, worked out in the same
        query that loads them: ``nav_has_reports`` (anyone active reports to them) and
        ``nav_leads_managers`` (one of those has active reports too).

        Plain SQL on purpose: this runs on every request, and the ORM takes about 0.8 ms to
        put together the nested ``Exists`` that say the same (docs/performance.md)."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        reports = f"SELECT 1 FROM {table} r WHERE r.manager_id = {table}.id AND r.is_active"
        leads = (
            f"SELECT 1 FROM {table} r INNER JOIN {table} rr ON rr.manager_id = r.id "
            f"AND rr.is_active WHERE r.manager_id = {table}.id AND r.is_active"
        )
        return self.annotate(
            nav_has_reports=RawSQL(f"EXISTS ({reports})", (), output_field=models.BooleanField()),
            nav_leads_managers=RawSQL(f"EXISTS ({leads})", (), output_field=models.BooleanField()),
        )


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


class AccessTokenQuerySet(models.QuerySet):
    def of(self, person: User) -> AccessTokenQuerySet:
        """The tokens ``person`` made: the only ones they list or revoke."""
        return self.filter(person=person)

    def person_for(self, raw: str) -> User | None:
        """The active person a presented token belongs to, or None; marks it as used."""
        token = (
            self.filter(key_hash=AccessToken.hash(raw), person__is_active=True)
            .select_related("person")
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        self.filter(pk=token.pk).update(last_used_at=now)
        return token.person


class AccessToken(models.Model):
    """A personal access token for the read-only API (``Authorization: Bearer …``).

    Only the SHA-256 of the token is stored: the person sees it once, when it is made, and
    a copy of the database cannot be used to call the API. A token reads exactly what its
    person may read, and nothing more.
    """

    MAX_PER_PERSON = 5
    PREFIX = "cpt_"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(
        max_length=80, help_text="What the token is for, in the person's words."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.person})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def issue(cls, person: User, name: str) -> tuple[AccessToken, str]:
        """A new token for ``person``: the row, and the token itself (shown once, never kept).

        TooManyTokens when the person already has ``MAX_PER_PERSON``.
        """
        with transaction.atomic():
            # Lock the person's row so two requests cannot both take the last place.
            User.objects.select_for_update().filter(pk=person.pk).first()
            if cls.objects.of(person).count() >= cls.MAX_PER_PERSON:
                raise TooManyTokens(cls.MAX_PER_PERSON)
            raw = cls.PREFIX + secrets.token_urlsafe(32)
            return cls.objects.create(person=person, name=name, key_hash=cls.hash(raw)), raw


class TooManyTokens(Exception):
    """A person already holds the most tokens allowed."""
