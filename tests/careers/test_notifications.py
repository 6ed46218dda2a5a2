"""Emails CareerPath sends by itself: a shared result to the manager, a new manager to the
person, reminders; the settings page and the one-click unsubscribe link.

Mail goes through Django's file-based backend (what an operator would inspect) or a real
SMTP server (aiosmtpd), and tasks through django-tasks' immediate backend; one test runs the
production path, the database queue and its worker, in separate processes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from assessments import notifications
from assessments.models import (
    Assessment,
    NotificationKind,
    NotificationPreference,
    SentReminder,
)
from assessments.notifications import (
    UNSUBSCRIBE_SALT,
    Reminder,
    email_kinds,
    email_reminder,
    email_result_shared,
    months_before,
    send_reminders,
    unsubscribe_token,
)
from assessments.services import start_or_resume
from careers.models import User
from careers.people import export_rows, import_people, write_csv
from careers.roster import parse_csv, read_table
from tests.careers.team_support import take_quiz
from tests.careers.test_settings import read_settings, run_django
from tests.careers.test_team_admin import change_form_data

pytestmark = pytest.mark.django_db

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in a file-based backend's file


@pytest.fixture
def mail_files(settings, tmp_path) -> Path:
    """Django's file-based email backend, writing into a fresh folder."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def emails_in(folder: Path) -> list[EmailMessage]:
    """Every message the file-based backend wrote, in the order written."""
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(message_from_bytes(chunk, policy=policy.default))
    return messages


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and the HTML part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def share(client, person: User, assessment: Assessment, capture, **choices: str) -> None:
    """``person`` sets the switches of one result through the result page's plain form,
    and the transaction commits (so what waits for the commit runs)."""
    client.force_login(person)
    with capture(execute=True):
        response = client.post(f"/results/{assessment.pk}/sharing/", choices)
    assert response.status_code == 302


# ---- a report shares a result ----------------------------------------------------------


def test_sharing_emails_the_manager_once_and_withdrawing_sends_nothing(
    client, org, mail_files, django_capture_on_commit_callbacks
):
    pm = org["pm"]
    assessment = take_quiz(pm, "people")
    share(client, pm, assessment, django_capture_on_commit_callbacks, share_result="on")

    [mail] = emails_in(mail_files)
    assert mail["To"] == "manager@example.com"
    assert mail["Subject"] == "Pat Product (demo) shared a CareerPath result with you"
    text, html = parts(mail)
    assert "Pat Product (demo) shared a result with you" in text
    assert "http://127.0.0.1:8000/team/pm/" in text
    assert 'href="http://127.0.0.1:8000/team/pm/"' in html
    # Why it was sent, how to stop it, where the settings are.
    assert "because one of your reports shared a result with you" in text
    assert "http://127.0.0.1:8000/me/notifications/" in text
    unsubscribe = re.search(
        r"<(http://127\.0\.0\.1:8000/notifications/unsubscribe/[^>]+)>", mail["List-Unsubscribe"]
    )
    assert unsubscribe and unsubscribe.group(1) in text
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    share(client, pm, assessment, django_capture_on_commit_callbacks)  # withdraws
    share(client, pm, assessment, django_capture_on_commit_callbacks)  # the same choice again
    assert len(emails_in(mail_files)) == 1


def test_sharing_the_answers_later_is_news_too(
    client, org, mail_files, django_capture_on_commit_callbacks
):
    pm = org["pm"]
    assessment = take_quiz(pm, "people", share=True)
    share(
        client,
        pm,
        assessment,
        django_capture_on_commit_callbacks,
        share_result="on",
        share_answers="on",
    )
    [mail] = emails_in(mail_files)
    assert mail["Subject"].endswith("shared a CareerPath result and their answers with you")
    # Taking the answers back again is a withdrawal: no email.
    share(client, pm, assessment, django_capture_on_commit_callbacks, share_result="on")
    assert len(emails_in(mail_files)) == 1


def test_nothing_is_sent_when_the_sharing_is_rolled_back(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = take_quiz(org["pm"], "people")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assessment.set_sharing(result=True, answers=False, by=org["pm"])
        raise RuntimeError("the request failed after the switch was saved")
    assert callbacks == [] and mailoutbox == []


def test_a_result_withdrawn_before_the_email_goes_is_not_announced(org, mailoutbox):
    assessment = take_quiz(org["pm"], "people")  # not shared
    assert email_result_shared.call(str(assessment.pk), org["manager"].pk) is False
    assessment = take_quiz(org["pm2"], "builder", share=True)
    # Shared, but pm2 now reports to someone else: the former manager hears nothing.
    User.objects.filter(pk=org["pm2"].pk).update(manager=org["pm3"])
    assert email_result_shared.call(str(assessment.pk), org["manager"].pk) is False
    assert mailoutbox == []


def test_a_person_without_a_manager_emails_nobody(
    client, org, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = take_quiz(org["pm3"], "builder")
    share(client, org["pm3"], assessment, django_capture_on_commit_callbacks, share_result="on")
    assert mailoutbox == []


def test_delivery_through_a_real_smtp_server(
    client, org, smtp_inbox, django_capture_on_commit_callbacks
):
    assessment = take_quiz(org["pm"], "people")
    share(client, org["pm"], assessment, django_capture_on_commit_callbacks, share_result="on")
    [mail] = smtp_inbox.messages
    assert mail["To"] == "manager@example.com"
    text, html = parts(mail)
    assert "/team/pm/" in text and "/team/pm/" in html
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# ---- the settings page and the unsubscribe link ------------------------------------------


def test_the_settings_page_turns_each_kind_on_or_off(client, org):
    client.force_login(org["manager"])
    page = client.get("/me/notifications/").content.decode()
    # This app's kinds and the reminders registered from above (the plan's check-ins).
    kinds = email_kinds()
    assert len(kinds) == len(NotificationKind) + 1
    assert page.count('type="checkbox"') == len(kinds)
    assert page.count("checked") == len(kinds)  # every kind is on to begin with
    wanted = {kind: "on" for kind in kinds}
    del wanted[NotificationKind.RETAKE_REMINDER]
    response = client.post("/me/notifications/", wanted)
    assert response.status_code == 302
    assert NotificationPreference.objects.turned_off(org["manager"]) == {"retake_reminder"}
    assert NotificationPreference.objects.turned_off(org["pm"]) == set()
    page = client.get("/me/notifications/").content.decode()
    assert page.count("checked") == len(kinds) - 1
    assert "Saved." in page


def test_a_kind_turned_off_is_not_sent(client, org, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.choose(org["manager"].pk, NotificationKind.RESULT_SHARED, False)
    assessment = take_quiz(org["pm"], "people")
    share(client, org["pm"], assessment, django_capture_on_commit_callbacks, share_result="on")
    assert mailoutbox == []


def test_the_unsubscribe_link_works_signed_out_for_its_own_person_and_kind_only(
    client, org, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = take_quiz(org["pm"], "people")
    share(client, org["pm"], assessment, django_capture_on_commit_callbacks, share_result="on")
    [mail] = mailoutbox
    link = re.search(r"http://127\.0\.0\.1:8000(/notifications/unsubscribe/\S+/)", mail.body)
    path = link.group(1)

    # A mail scanner opening the link changes nothing; the page offers one button.
    signed_out = Client(enforce_csrf_checks=True)
    page = signed_out.get(path)
    assert page.status_code == 200
    assert "A report shares a result with me" in page.content.decode()
    assert NotificationPreference.objects.count() == 0

    # The button, or the mail client's one-click POST: no cookie, no CSRF token.
    done = signed_out.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will get no more of these emails" in done.content.decode()
    assert NotificationPreference.objects.turned_off(org["manager"]) == {"result_shared"}
    assert NotificationPreference.objects.turned_off(org["pm"]) == set()


def test_a_changed_or_foreign_token_is_refused_and_changes_nothing(client, org):
    pm, manager = org["pm"], org["manager"]
    token = unsubscribe_token(pm.pk, NotificationKind.START_REMINDER)
    # Someone edits the person or the kind inside a real token: the signature breaks.
    value, signature = token.rsplit(":", 1)
    forged = [
        signing.dumps([manager.pk, "start_reminder"], salt="another.salt"),
        f"{value}x:{signature}",
        token.replace(signature, signature[::-1]),
        signing.dumps([manager.pk, "not-a-kind"], salt=UNSUBSCRIBE_SALT),
        signing.dumps("hello", salt=UNSUBSCRIBE_SALT),
    ]
    for bad in forged:
        for method in (client.get, client.post):
            response = method(f"/notifications/unsubscribe/{bad}/")
            assert response.status_code == 400, bad
            assert "This unsubscribe link does not work" in response.content.decode()
    # A token for someone who no longer exists.
    gone = unsubscribe_token(999_999, NotificationKind.START_REMINDER)
    assert client.post(f"/notifications/unsubscribe/{gone}/").status_code == 404
    assert NotificationPreference.objects.count() == 0


# ---- the reporting line changes --------------------------------------------------------


def test_a_new_manager_in_the_admin_emails_the_person_who_now_sees_what(
    client, org, mailoutbox, django_capture_on_commit_callbacks
):
    pm = org["pm"]
    signed_in_once = timezone.now()
    take_quiz(pm, "people", share=True, share_answers=True)
    take_quiz(pm, "builder")  # private: not mentioned
    client.force_login(org["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/careers/user/{pm.pk}/change/",
            change_form_data(
                pm,
                manager=org["pm3"].pk,
                last_login_0=signed_in_once.strftime("%Y-%m-%d"),
                last_login_1=signed_in_once.strftime("%H:%M:%S"),
            ),
        )
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["pm@example.com"]
    assert mail.subject == f"{org['pm3']} is now your manager on CareerPath"
    assert f"instead of {org['manager']}" in mail.body
    assert mail.body.count("your result of") == 1
    assert "with your answers" in mail.body
    assert "because your reporting line changed" in mail.body


def test_an_import_that_moves_someone_emails_them(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(username__in=["pm", "pm2"]).update(last_login=timezone.now())
    text = write_csv(export_rows()).replace(
        "pm@example.com,Pat,Product (demo),manager,", "pm@example.com,Pat,Product (demo),,"
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_people(read_table(parse_csv(text)))
    [mail] = mailoutbox  # pm moved; nobody else did
    assert mail.to == ["pm@example.com"]
    assert mail.subject == "You no longer have a manager on CareerPath"
    with django_capture_on_commit_callbacks(execute=True):
        import_people(read_table(parse_csv(text)), dry_run=True)
        import_people(read_table(parse_csv(text)))  # unchanged the second time
    assert len(mailoutbox) == 1


# ---- reminders ---------------------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_months_last():
    moment = timezone.now().replace(year=2026, month=8, day=31)
    assert months_before(moment, 6).date().isoformat() == "2026-02-28"
    assert months_before(moment, 12).date().isoformat() == "2025-08-31"


def test_send_reminders_twice_sends_each_due_reminder_once(
    org, mail_files, django_capture_on_commit_callbacks, capsys
):
    now = timezone.now()
    invited = User.objects.create(
        username="newbie", email="newbie@example.com", invited_at=now - timedelta(days=8)
    )
    User.objects.create(  # invited too recently
        username="fresh", email="fresh@example.com", invited_at=now - timedelta(days=6)
    )
    opened = start_or_resume(org["pm"])
    Assessment.objects.filter(pk=opened.pk).update(started_at=now - timedelta(days=4))
    old = take_quiz(org["pm2"], "builder")
    Assessment.objects.filter(pk=old.pk).update(submitted_at=now - timedelta(days=200))
    take_quiz(org["manager"], "people")  # recent: no retake yet
    take_quiz(org["pm3"], "builder", respondent=org["manager"])  # a manager's view: never

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    first = emails_in(mail_files)
    assert sorted((mail["To"], mail["Subject"]) for mail in first) == [
        ("newbie@example.com", "Your CareerPath questionnaire is waiting for you"),
        ("pm2@example.com", "Has anything changed? Take the CareerPath questionnaire again"),
        ("pm@example.com", "Finish your CareerPath questionnaire"),
    ]
    assert "Sent 3 reminders" in capsys.readouterr().out
    finish = next(mail for mail in first if mail["To"] == "pm@example.com")
    assert f"/quiz/{opened.pk}/" in parts(finish)[0]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert len(emails_in(mail_files)) == 3
    assert "No reminders due." in capsys.readouterr().out
    assert SentReminder.objects.count() == 3

    # A new invitation is a new occasion.
    User.objects.filter(pk=invited.pk).update(invited_at=now - timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert len(emails_in(mail_files)) == 4


def test_a_questionnaire_finished_while_its_reminder_waited_is_not_reminded(org, mailoutbox):
    finished = take_quiz(org["pm"], "people")
    assert email_reminder.call(org["pm"].pk, "finish_reminder", str(finished.pk)) is False
    opened = start_or_resume(org["pm"])
    assert email_reminder.call(org["pm"].pk, "finish_reminder", str(opened.pk)) is True
    assert [mail.subject for mail in mailoutbox] == ["Finish your CareerPath questionnaire"]


def test_a_reminder_turned_off_is_neither_sent_nor_used_up(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    opened = start_or_resume(org["pm"])
    Assessment.objects.filter(pk=opened.pk).update(started_at=timezone.now() - timedelta(days=4))
    NotificationPreference.choose(org["pm"].pk, NotificationKind.FINISH_REMINDER, False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert mailoutbox == [] and SentReminder.objects.count() == 0


# ---- the production path: the database queue and its worker --------------------------------


def manage(*args: str, env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


SHARE_PMS_RESULT = """
from careers.models import User
from tests.careers.team_support import take_quiz
from tests.careers.test_settings import read_settings, run_django
pm = User.objects.create(username="pm", first_name="Pat", email="pm@example.com",
    manager=User.objects.create(username="boss", email="boss@example.com"))
take_quiz(pm, "people").set_sharing(result=True, answers=False, by=pm)
"""


def test_the_database_queue_holds_the_email_until_the_worker_sends_it(tmp_path, smtp_inbox):
    pytest.importorskip("django_tasks_db")
    env = {
        **os.environ,
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(django_settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
    }
    manage("migrate", "--noinput", env=env)
    manage("load_defaults", env=env)
    manage("shell", env=env, stdin=SHARE_PMS_RESULT)
    assert smtp_inbox.messages == []  # queued, not sent
    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
    [mail] = smtp_inbox.messages
    assert mail["To"] == "boss@example.com"
    assert "/team/pm/" in parts(mail)[0]
    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
    assert len(smtp_inbox.messages) == 1  # the worker took it off the queue


# ---- settings ------------------------------------------------------------------------------


def test_tasks_run_at_once_by_default_and_reminder_delays_come_from_the_environment():
    assert read_settings(
        "TASKS",
        "REMINDER_START_AFTER_DAYS",
        "REMINDER_FINISH_AFTER_DAYS",
        "REMINDER_RETAKE_AFTER_MONTHS",
    ) == [
        "{'default': {'BACKEND': 'django_tasks.backends.immediate.ImmediateBackend'}}",
        "7",
        "3",
        "6",
    ]
    assert read_settings(
        "REMINDER_START_AFTER_DAYS",
        "REMINDER_FINISH_AFTER_DAYS",
        "REMINDER_RETAKE_AFTER_MONTHS",
        DJANGO_REMINDER_START_DAYS="14",
        DJANGO_REMINDER_FINISH_DAYS="2",
        DJANGO_REMINDER_RETAKE_MONTHS="12",
    ) == ["14", "2", "12"]


def test_an_unknown_task_backend_stops_start_up_and_names_the_variable():
    result = run_django("check", DJANGO_TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "DJANGO_TASKS_BACKEND must be immediate or database" in result.stderr


def test_a_reminder_claimed_twice_in_one_run_goes_out_once(
    org, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """Two claims of one occasion in a single batch (as when a run beside this one claims
    it first) break the batch; the reminders are then claimed one by one, each once."""
    opened = start_or_resume(org["pm"])
    twice = Reminder(org["pm"].pk, "finish_reminder", f"open {opened.pk}", str(opened.pk))
    monkeypatch.setattr(notifications, "due_reminders", lambda now: [twice, twice])
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == {"finish_reminder": 1}
    assert [mail.subject for mail in mailoutbox] == ["Finish your CareerPath questionnaire"]
    assert SentReminder.objects.count() == 1
