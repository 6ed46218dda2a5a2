"""The weekly check-in reminder: an email to a person whose experiment is running and has
no check-in this calendar week, at most one a week. ``send_reminders`` sends it (it lives
on the floor below, so ``growth/apps.py`` registers it there)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from assessments.notifications import Reminder, ReminderSource, site_url
from growth import plans, rules
from growth.models import Experiment, ExperimentQuerySet

KIND = "checkin_reminder"


def waiting(experiments: ExperimentQuerySet, day: date) -> ExperimentQuerySet:
    """Running experiments with no check-in in ``day``'s week; one started that very day
    is left alone, as nobody needs a reminder an hour after pressing Start."""
    return experiments.waiting_for_checkin(rules.week_of(day)).filter(started_on__lt=day)


def due_checkins(now: datetime) -> list[Reminder]:
    """One reminder per person with an experiment waiting, for the week of ``now``."""
    day = timezone.localdate(now)
    people = (
        waiting(Experiment.objects.all(), day)
        .filter(plan__person__is_active=True)
        .exclude(plan__person__email="")
        .order_by("plan__person_id")
        .values_list("plan__person_id", flat=True)
        .distinct()
    )
    occasion = f"week of {rules.week_of(day).isoformat()}"
    return [Reminder(person_id, KIND, occasion) for person_id in people]


def checkin_context(person: Any) -> dict[str, Any] | None:
    """The experiments still waiting when the email goes out, each with its check-in link;
    None once every one has its check-in (or has ended) in the meantime."""
    experiments = waiting(Experiment.objects.of(person), plans.today()).order_by("created_at")
    if not experiments:
        return None
    return {
        "experiments": [
            {
                "title": experiment.title,
                "url": site_url()
                + reverse("growth:experiment", kwargs={"pk": experiment.pk})
                + "#checkin",
            }
            for experiment in experiments
        ],
        "plan_url": site_url() + reverse("growth:plan"),
    }


CHECKIN_REMINDER = ReminderSource(
    kind=KIND,
    label="Check-in reminders for my plan",
    reason="an experiment in your plan is running and has no check-in this week",
    templates="growth/email",
    due=due_checkins,
    context=checkin_context,
)
