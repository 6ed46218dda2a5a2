from django.core.management.base import BaseCommand

from assessments.files import import_questionnaire
from assessments.specs import read_questionnaire
from core.commands import spec_command_error
from core.interchange import SpecError


class Command(BaseCommand):
    help = (
        "Import a questionnaire file (YAML or JSON; '-' reads standard input) as the version "
        "its 'version' field names, creating the questionnaire if needed. A new version is a "
        "draft unless --publish. Re-importing identical content changes nothing; different "
        "content replaces a draft but is refused for a published or retired version. Nothing "
        "changes unless the whole file is accepted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path to a .yaml or .json questionnaire file, or '-'.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the version once it is imported."
        )

    def handle(self, *args, file: str, publish: bool, **options) -> None:
        try:
            spec = read_questionnaire(file)
            result = import_questionnaire(spec, publish=publish)
        except SpecError as exc:
            raise spec_command_error(exc, f"{file} was not imported; nothing was changed:") from exc
        self.stdout.write(result.describe())
