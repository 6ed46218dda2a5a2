from assessments.files import export_questionnaire, find_version
from assessments.management.commands._base import QuestionnaireCommand
from core.commands import spec_command_error
from core.interchange import SpecError


class Command(QuestionnaireCommand):
    help = (
        "Print a questionnaire version as a questionnaire file (YAML by default): the latest "
        "published version, or the one named with --version (any status)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The questionnaire's slug, e.g. pm-motivators.")
        self.add_version_argument(
            parser, "The version to export (any status); default: the latest published."
        )
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, slug: str, number: int | None, format: str, **options) -> None:
        try:
            version = find_version(slug, number)
            text = export_questionnaire(version, format)
        except SpecError as exc:
            raise spec_command_error(exc, "Nothing to export:") from exc
        self.stdout.write(text, ending="")
