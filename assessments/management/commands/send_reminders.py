from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.notifications import email_kinds, send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (to start after an invitation, to finish an open "
        "questionnaire, to retake after some months, to check in on a running experiment), "
        "each at most once per occasion. Safe to run hourly from cron."
    )

    def handle(self, *args, **options) -> None:
        queued = send_reminders()
        total = sum(queued.values())
        if not total:
            self.stdout.write("No reminders due.")
            return
        kinds = "; ".join(
            f"{queued[kind]} × {label.lower()}"
            for kind, label in email_kinds().items()
            if queued[kind]
        )
        # With the database backend the worker sends them, so "queued" is all we know.
        verb = "Sent" if settings.TASKS_BACKEND == "immediate" else "Queued"
        plural = "" if total == 1 else "s"
        self.stdout.write(f"{verb} {total} reminder{plural}: {kinds}.")
