from django.core.management.base import BaseCommand

from core.commands import spec_command_error
from core.interchange import SpecError
from ladders.files import import_ladder
from ladders.specs import TEXT_LENGTH, read_ladder


class Command(BaseCommand):
    help = (
        "Create or update a ladder from a YAML or JSON ladder file ('-' reads standard input) "
        "and publish it as the ladder's new version, with a change note. An existing slug is "
        "updated in place, matching levels by key so people keep their level; a file that "
        "leaves out a level somebody holds is refused. Nothing changes unless the whole file "
        "is valid. With --draft, the file becomes the ladder's draft instead, to preview and "
        "publish in the admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path to a .yaml or .json ladder file, or '-'.")
        parser.add_argument(
            "--note",
            help='The change note kept in the ladder\'s history (default: "Imported from FILE.").',
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Replace the ladder's draft (starting one) instead of publishing.",
        )

    def handle(self, *args, file: str, note: str | None, draft: bool, **options) -> None:
        note = (note or "").strip()[:TEXT_LENGTH] or f"Imported from {file}."
        try:
            spec = read_ladder(file)
            result = import_ladder(spec, note=note, draft=draft)
        except SpecError as exc:
            raise spec_command_error(exc, f"{file} was not imported; nothing was changed:") from exc
        self.stdout.write(result.describe())
        self.stdout.write(result.describe_version())
