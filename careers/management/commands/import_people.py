from django.core.management.base import BaseCommand

from careers.people import import_people
from careers.roster import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, parse_csv, read_table
from core.commands import spec_command_error
from core.interchange import SpecError, read_text, source_name


class Command(BaseCommand):
    help = (
        f"Create or update people from a CSV file with the header {','.join(COLUMNS)} ('-' "
        "reads standard input). manager is a username (in the file or already on record), "
        "level a level key of the default ladder; either may be empty. People are matched by "
        "username and updated in place; new people get no usable password. The whole file is "
        f"checked first (at most {MAX_ROWS:,} rows): on any bad row nothing changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path to a CSV file (UTF-8), or '-'.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate active people absent from the file (never deletes anyone; "
            "superusers are never deactivated).",
        )

    def handle(self, *args, file: str, dry_run: bool, deactivate_missing: bool, **options) -> None:
        try:
            table = parse_csv(read_text(file, MAX_FILE_BYTES), source_name(file))
            plan = import_people(
                read_table(table), dry_run=dry_run, deactivate_missing=deactivate_missing
            )
        except SpecError as exc:
            raise spec_command_error(exc, f"{file} was not imported; nothing was changed:") from exc
        if dry_run:
            self.stdout.write(f"Dry run, nothing was changed. The file would give: {plan.summary}.")
        else:
            self.stdout.write(f"People imported: {plan.summary}.")
