"""Emails CareerPath sends by itself: news of sharing, a new manager, and reminders.

Every email goes out through a task (django-tasks): with the immediate backend, the
default, it runs in the request that asked for it; with the database backend a worker
(``manage.py db_worker``) sends it, so a slow mail server never holds a web page. News is
queued only once the transaction that made it commits (``transaction.on_commit``), so a
rolled-back change never sends mail. Each task reads the database again when it runs and
sends nothing if the news no longer holds (the result was withdrawn in the meantime, the
manager changed again) or the person turned that kind of email off.

Every email has a text and an HTML part, says why it was sent, and carries a one-click
unsubscribe link for exactly one person and one kind (a signed token, ``List-Unsubscribe``
and ``List-Unsubscribe-Post`` headers) and a link to the notification settings.

Reminders are claimed before they are queued: a ``SentReminder`` row per person, kind and
occasion, under a unique constraint, so ``send_reminders`` may run as often as cron likes.
An app on a floor above adds its own kind of reminder with ``register_reminder``.
"""

from __future__ import annotations

import calendar
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from assessments.models import (
    Assessment,
    NotificationKind,
    NotificationPreference,
    Result,
    SentReminder,
)

logger = logging.getLogger(__name__)

LOCAL_SITE_URL = "http://127.0.0.1:8000"  # what `make run` serves
UNSUBSCRIBE_SALT = "careerpath.notifications.unsubscribe"

# Why each email was sent, in the words of its footer.
REASONS = {
    NotificationKind.RESULT_SHARED: "one of your reports shared a result with you",
    NotificationKind.MANAGER_CHANGED: "your reporting line changed on CareerPath",
    NotificationKind.START_REMINDER: "you were invited to CareerPath and have not started yet",
    NotificationKind.FINISH_REMINDER: "you started a questionnaire and have not finished it",
    NotificationKind.RETAKE_REMINDER: "your latest result is some months old",
}


def email_kinds() -> dict[str, str]:
    """Every kind of email a person may turn off, with its label: this app's kinds, then
    the reminders registered from the floors above."""
    return {kind.value: kind.label for kind in NotificationKind} | {
        source.kind: source.label for source in _registered.values()
    }


def site_url() -> str:
    """The site's address for links in emails, which are sent without a request: the first
    trusted origin (``DJANGO_CSRF_TRUSTED_ORIGINS``, which production sets), else the local
    one. The same rule as the invitations."""
    origins = settings.CSRF_TRUSTED_ORIGINS
    return origins[0].rstrip("/") if origins else LOCAL_SITE_URL


# ---- the unsubscribe token -----------------------------------------------------------


def unsubscribe_token(person_id: int, kind: str) -> str:
    """A token that turns off ``kind`` for ``person_id`` and nothing else. It does not
    expire: an old email's link must still work."""
    return signing.dumps([person_id, kind], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The person and kind a token was made for; ``signing.BadSignature`` when it was not
    made here or was changed (a different person or kind breaks the signature)."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    try:
        person_id, kind = value
        person_id = int(person_id)
    except (TypeError, ValueError) as exc:
        raise signing.BadSignature("Not an unsubscribe token.") from exc
    if kind not in email_kinds():
        raise signing.BadSignature("Not a kind of email CareerPath sends.")
    return person_id, kind


def unsubscribe_url(person_id: int, kind: str) -> str:
    token = unsubscribe_token(person_id, kind)
    return site_url() + reverse("assessments:unsubscribe", kwargs={"token": token})


# ---- one email -----------------------------------------------------------------------


def send_email(
    person: Any, kind: str, context: dict[str, Any], templates: str = "assessments/email"
) -> bool:
    """Email ``person`` the ``kind`` message (templates ``<templates>/<kind>.*``); False,
    and nothing sent, when they are inactive, have no address or turned it off."""
    if not person.is_active or not person.email:
        return False
    if not NotificationPreference.wants(person.pk, kind):
        return False
    unsubscribe = unsubscribe_url(person.pk, kind)
    context = {
        **context,
        "person": person,
        "site_url": site_url(),
        "reason": REASONS[kind] if kind in REASONS else _registered[kind].reason,
        "kind_label": email_kinds()[kind],
        "unsubscribe_url": unsubscribe,
        "settings_url": site_url() + reverse("assessments:notification_settings"),
    }
    subject = render_to_string(f"{templates}/{kind}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{templates}/{kind}.txt", context),
        to=[person.email],
        # One-click unsubscribe in the mail client itself (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{templates}/{kind}.html", context), "text/html")
    message.send()
    return True


# ---- a report shared a result -----------------------------------------------------------


def announce_sharing(assessment: Assessment, manager_id: int | None) -> None:
    """Tell the person's manager, once the transaction commits, that a result was shared."""
    if manager_id is None:
        return
    assessment_id = str(assessment.pk)
    transaction.on_commit(lambda: email_result_shared.enqueue(assessment_id, manager_id))


@task()
def email_result_shared(assessment_id: str, manager_id: int) -> bool:
    """The manager's email about one shared result; nothing if it is no longer shared with
    them (withdrawn, or the person now reports to someone else) by the time it runs."""
    assessment = (
        Assessment.objects.self_views()
        .filter(
            pk=assessment_id,
            shared_with_manager=True,
            subject__manager_id=manager_id,
            subject__is_active=True,
        )
        .select_related("subject__manager")
        .first()
    )
    if assessment is None:
        return False
    report = assessment.subject
    link = site_url() + reverse("team_member", kwargs={"username": report.username})
    return send_email(
        report.manager,
        NotificationKind.RESULT_SHARED,
        {
            "report": report,
            "with_answers": assessment.answers_shared_with_manager,
            "report_url": link,
        },
    )


# ---- the reporting line changed -----------------------------------------------------------


def announce_new_manager(person_id: int, previous_id: int | None, new_id: int | None) -> None:
    """Tell a person, once the transaction commits, who manages them now and what that
    manager can see."""
    transaction.on_commit(lambda: email_manager_changed.enqueue(person_id, previous_id, new_id))


@task()
def email_manager_changed(person_id: int, previous_id: int | None, new_id: int | None) -> bool:
    """The person's email about a change of manager. Only people who have signed in get it
    (someone not yet invited learns their manager from the invitation), and nothing goes
    out when the line changed again before it ran: that change sends its own."""
    people = get_user_model().objects
    person = people.filter(pk=person_id, last_login__isnull=False).first()
    if person is None or person.manager_id != new_id:
        return False
    shared = (
        Result.objects.visible_to(person)
        .filter(assessment__shared_with_manager=True)
        .select_related("assessment")
        .order_by("-created_at")
    )
    return send_email(
        person,
        NotificationKind.MANAGER_CHANGED,
        {
            "previous": people.filter(pk=previous_id).first() if previous_id else None,
            "new": person.manager,
            "shared": [
                {
                    "date": result.created_at,
                    "with_answers": result.assessment.answers_shared_with_manager,
                    "url": site_url()
                    + reverse("assessments:result", kwargs={"pk": result.assessment_id}),
                }
                for result in shared
            ],
            "results_url": site_url() + reverse("assessments:results"),
        },
    )


# ---- reminders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    person_id: int
    kind: str
    occasion: str  # what the reminder is about; one reminder per person, kind and occasion
    assessment_id: str = ""


@dataclass(frozen=True)
class ReminderSource:
    """A kind of reminder that an app on a floor above sends through ``send_reminders``
    (this app cannot import it, so it registers itself when it loads)."""

    kind: str  # stored with preferences and sent reminders: at most 20 characters
    label: str  # its checkbox on the settings page, and its name on the unsubscribe page
    reason: str  # the footer's "You received this email because …"
    templates: str  # the folder of <kind>.txt, <kind>.html and <kind>_subject.txt
    # Every reminder due at a moment, sent before or not, in a fixed number of queries.
    due: Callable[[datetime], Iterable[Reminder]]
    # The email's context when it goes out; None when it is no longer due by then.
    context: Callable[[Any], dict[str, Any] | None]


_registered: dict[str, ReminderSource] = {}


def register_reminder(source: ReminderSource) -> None:
    """Let ``send_reminders`` send ``source``'s reminders, each kind a choice on the settings
    page with its own unsubscribe link."""
    _registered[source.kind] = source


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def due_reminders(now: datetime) -> list[Reminder]:
    """Every reminder due at ``now``, whether or not it was already sent:

    - to start: invited at least ``REMINDER_START_AFTER_DAYS`` ago, no questionnaire begun
      (occasion: that invitation, so a new invitation may be followed by a new reminder);
    - to finish: a questionnaire about oneself open for ``REMINDER_FINISH_AFTER_DAYS``
      (occasion: that questionnaire);
    - to retake: the latest result older than ``REMINDER_RETAKE_AFTER_MONTHS`` and nothing
      open (occasion: that result).
    """
    people = get_user_model().objects.filter(is_active=True).exclude(email="")
    own = Assessment.objects.self_views().filter(subject=OuterRef("pk"))
    reminders = [
        Reminder(pk, NotificationKind.START_REMINDER, f"invited {invited_at.isoformat()}")
        for pk, invited_at in people.filter(
            invited_at__lte=now - timedelta(days=settings.REMINDER_START_AFTER_DAYS)
        )
        .exclude(Exists(own))
        .values_list("pk", "invited_at")
    ]
    reminders += [
        Reminder(person_id, NotificationKind.FINISH_REMINDER, f"open {pk}", str(pk))
        for pk, person_id in Assessment.objects.self_views()
        .open()
        .filter(
            started_at__lte=now - timedelta(days=settings.REMINDER_FINISH_AFTER_DAYS),
            subject__in=people,
        )
        .values_list("pk", "subject_id")
    ]
    latest = own.submitted().order_by("-submitted_at")
    reminders += [
        Reminder(pk, NotificationKind.RETAKE_REMINDER, f"result {latest_id}", str(latest_id))
        for pk, latest_id in people.annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_at=Subquery(latest.values("submitted_at")[:1]),
        )
        .filter(latest_at__lte=months_before(now, settings.REMINDER_RETAKE_AFTER_MONTHS))
        .exclude(Exists(own.open()))
        .values_list("pk", "latest_id")
    ]
    return reminders


def send_reminders(now: datetime | None = None) -> Counter[str]:
    """Claim and queue every due reminder not sent before; how many of each kind. A fixed
    number of queries however many are due (each email is a task of its own).

    A reminder the person turned off is not claimed, so turning it on again later lets a
    still-current occasion through once.
    """
    now = now or timezone.now()
    due = due_reminders(now)
    for source in _registered.values():
        due += source.due(now)
    people = {reminder.person_id for reminder in due}
    turned_off = set(
        NotificationPreference.objects.filter(person_id__in=people, enabled=False).values_list(
            "person_id", "kind"
        )
    )
    sent = set(
        SentReminder.objects.filter(person_id__in=people).values_list(
            "person_id", "kind", "occasion"
        )
    )
    new = [
        reminder
        for reminder in due
        if (reminder.person_id, reminder.kind) not in turned_off
        and (reminder.person_id, reminder.kind, reminder.occasion) not in sent
    ]
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(_claim(reminder, now) for reminder in new)
            for reminder in new:
                _queue(reminder)
    except IntegrityError:  # a run beside this one claimed some first: go one by one
        new = [reminder for reminder in new if _claim_alone(reminder, now)]
    return Counter(reminder.kind for reminder in new)


def _claim(reminder: Reminder, now: datetime) -> SentReminder:
    return SentReminder(
        person_id=reminder.person_id, kind=reminder.kind, occasion=reminder.occasion, sent_at=now
    )


def _queue(reminder: Reminder) -> None:
    transaction.on_commit(
        lambda: email_reminder.enqueue(reminder.person_id, reminder.kind, reminder.assessment_id)
    )


def _claim_alone(reminder: Reminder, now: datetime) -> bool:
    try:
        with transaction.atomic():
            _claim(reminder, now).save()
            _queue(reminder)
    except IntegrityError:  # sent before, by this command or one running beside it
        return False
    return True


@task()
def email_reminder(person_id: int, kind: str, assessment_id: str = "") -> bool:
    """One reminder email; the link leads to the open questionnaire or the home page (a
    registered kind makes its own). Nothing is sent for a questionnaire finished or
    discarded while the email waited, nor for a registered reminder no longer due."""
    person = get_user_model().objects.filter(pk=person_id).first()
    if person is None:
        return False
    if kind in _registered:
        source = _registered[kind]
        context = source.context(person)
        return context is not None and send_email(person, kind, context, source.templates)
    if kind == NotificationKind.FINISH_REMINDER:
        if not Assessment.objects.open().filter(pk=assessment_id, subject=person).exists():
            return False
        path = reverse("assessments:resume", kwargs={"pk": assessment_id})
    else:
        path = reverse("home")
    context = {"link": site_url() + path, "months": settings.REMINDER_RETAKE_AFTER_MONTHS}
    return send_email(person, kind, context)
