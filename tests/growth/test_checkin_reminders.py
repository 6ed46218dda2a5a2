"""The weekly check-in reminder by email: sent through a real SMTP server by
``send_reminders``, once a week at most, only while an experiment runs without this week's
check-in, and never to someone who turned it off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments.models import NotificationPreference, SentReminder
from assessments.notifications import email_reminder, send_reminders
from careers.models import User
from growth import plans
from growth.models import CheckIn, Experiment, Plan
from tests.careers.factories import UserFactory
from tests.careers.test_notifications import parts
from tests.growth.support import plan_for

pytestmark = pytest.mark.django_db

SUBJECT = "Time for this week's check-in on your CareerPath plan"


def running(person: User, experiments: int = 1) -> Plan:
    """``person``'s plan with ``experiments`` running since last week, none checked in."""
    plan = plan_for(person, experiments=experiments)
    plan.experiments.update(started_on=plans.today() - timedelta(weeks=1))
    return plan


def remind(capture, **kwargs) -> None:
    """Run ``send_reminders`` as cron does, and let the emails go out."""
    with capture(execute=True):
        call_command("send_reminders", **kwargs)


def test_a_running_experiment_is_reminded_once_a_week_with_a_link_to_check_in(
    org, smtp_inbox, django_capture_on_commit_callbacks, capsys
):
    plan = running(org["pm"], experiments=2)
    remind(django_capture_on_commit_callbacks)
    [mail] = smtp_inbox.messages
    assert mail["To"] == "pm@example.com"
    assert mail["Subject"] == SUBJECT
    assert "Sent 1 reminder: 1 × check-in reminders for my plan." in capsys.readouterr().out
    text, html = parts(mail)
    for experiment in plan.experiments.all():
        link = f"http://127.0.0.1:8000/plan/experiments/{experiment.pk}/#checkin"
        assert f"Check in on “{experiment.title}”: {link}" in text
        assert f'href="{link}"' in html
    assert "because an experiment in your plan is running and has no check-in" in text
    assert "List-Unsubscribe" in mail

    remind(django_capture_on_commit_callbacks)  # the next hour's cron, the same week
    assert len(smtp_inbox.messages) == 1
    assert "No reminders due." in capsys.readouterr().out

    next_week = timezone.now() + timedelta(weeks=1)
    assert send_reminders(next_week) == {"checkin_reminder": 1}


def test_a_checkin_this_week_means_no_reminder_even_one_already_waiting(
    org, smtp_inbox, django_capture_on_commit_callbacks
):
    experiment = running(org["pm"]).experiments.get()
    CheckIn.objects.create(
        experiment=experiment, week=plans.rules.week_of(plans.today()), energy="neutral"
    )
    remind(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == [] and SentReminder.objects.count() == 0
    # Claimed before the check-in, sent after it (a queue worker that was behind): nothing.
    assert email_reminder.call(org["pm"].pk, "checkin_reminder") is False
    assert smtp_inbox.messages == []


@pytest.mark.parametrize("status", ["planned", "done", "dropped"])
def test_only_a_running_experiment_is_reminded(
    org, smtp_inbox, django_capture_on_commit_callbacks, status
):
    plan = running(org["pm"])
    plan.experiments.update(status=status, leaning="people" if status == "done" else "")
    remind(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == []


def test_an_experiment_started_today_waits_until_tomorrow(
    org, smtp_inbox, django_capture_on_commit_callbacks
):
    plan_for(org["pm"], experiments=1)  # started today
    remind(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == []
    assert send_reminders(timezone.now() + timedelta(days=1))["checkin_reminder"] == 1


def test_turned_off_on_the_settings_page_it_is_neither_sent_nor_used_up(
    org, client, smtp_inbox, django_capture_on_commit_callbacks
):
    running(org["pm"])
    client.force_login(org["pm"])
    page = client.get("/me/notifications/").content.decode()
    assert "Check-in reminders for my plan" in page
    assert re.search(r'<input type="checkbox" name="checkin_reminder"[^>]* checked', page)
    assert client.post("/me/notifications/", {}).status_code == 302  # everything unticked
    remind(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == [] and SentReminder.objects.count() == 0

    client.post("/me/notifications/", {"checkin_reminder": "on"})
    remind(django_capture_on_commit_callbacks)
    assert [mail["Subject"] for mail in smtp_inbox.messages] == [SUBJECT]


def test_the_emails_unsubscribe_link_turns_off_check_in_reminders_only(
    org, smtp_inbox, django_capture_on_commit_callbacks
):
    running(org["pm"])
    remind(django_capture_on_commit_callbacks)
    [mail] = smtp_inbox.messages
    path = re.search(r"http://127\.0\.0\.1:8000(/notifications/unsubscribe/\S+/)", parts(mail)[0])
    signed_out = Client(enforce_csrf_checks=True)
    assert "Check-in reminders for my plan" in signed_out.get(path.group(1)).content.decode()
    assert signed_out.post(path.group(1)).status_code == 200
    assert NotificationPreference.objects.turned_off(org["pm"]) == {"checkin_reminder"}

    SentReminder.objects.all().delete()  # even were it due again
    remind(django_capture_on_commit_callbacks)
    assert len(smtp_inbox.messages) == 1


def test_people_who_cannot_be_written_to_are_not_reminded(
    org, smtp_inbox, django_capture_on_commit_callbacks
):
    running(org["pm"])
    running(org["pm2"])
    User.objects.filter(username="pm").update(is_active=False)
    User.objects.filter(username="pm2").update(email="")
    remind(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == [] and SentReminder.objects.count() == 0


def test_send_reminders_runs_the_same_queries_for_1_or_20_people_due(
    org, django_assert_max_num_queries
):
    counts = []
    for people in (1, 20):
        Plan.objects.all().delete()
        SentReminder.objects.all().delete()
        for person in UserFactory.create_batch(people):
            running(person, experiments=2)
        with django_assert_max_num_queries(20) as captured:
            assert send_reminders() == {"checkin_reminder": people}
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{counts[0]} queries for 1 person, {counts[1]} for 20"
    assert Experiment.objects.running().count() == 40
