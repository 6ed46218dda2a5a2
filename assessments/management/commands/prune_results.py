from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.personal_data import prune_results


class Command(BaseCommand):
    help = (
        "Delete results (with their questionnaires and answers) older than the retention "
        "period, DJANGO_RESULT_RETENTION_DAYS. Keeps everything when it is empty. Safe to run "
        "daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; remove nothing."
        )
        parser.add_argument(
            "--days",
            type=int,
            metavar="N",
            help="Use this retention period instead of the setting.",
        )

    def handle(self, *args, dry_run: bool = False, days: int | None = None, **options) -> None:
        days = days if days is not None else settings.RESULT_RETENTION_DAYS
        if days is None:
            self.stdout.write(
                "Results are kept forever (DJANGO_RESULT_RETENTION_DAYS is empty); nothing removed."
            )
            return
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = prune_results(days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        plural = "" if count == 1 else "s"
        self.stdout.write(f"{verb} {count} result{plural} older than {days} days.")
