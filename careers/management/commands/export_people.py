from django.core.management.base import BaseCommand

from careers.people import export_rows, write_csv
from careers.roster import COLUMNS


class Command(BaseCommand):
    help = (
        f"Print every active person as CSV with the header {','.join(COLUMNS)}, by username: "
        "the file import_people reads back unchanged."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(write_csv(export_rows()), ending="")
