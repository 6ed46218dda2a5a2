from django.core.management.base import BaseCommand

from core.commands import spec_command_error
from core.interchange import SpecError
from ladders.files import import_ladder
from ladders.specs import read_ladder


class Command(BaseCommand):
    help = (
        "Create or update a ladder from a YAML or JSON ladder file ('-' reads standard input). "
        "An existing slug is updated in place, matching levels by key so people keep their "
        "level; a file that leaves out a level somebody holds is refused. Nothing changes "
        "unless the whole file is valid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path to a .yaml or .json ladder file, or '-'.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            spec = read_ladder(file)
            result = import_ladder(spec)
        except SpecError as exc:
            raise spec_command_error(exc, f"{file} was not imported; nothing was changed:") from exc
        self.stdout.write(result.describe())
