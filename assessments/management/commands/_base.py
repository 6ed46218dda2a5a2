"""What the questionnaire commands share: ``--version N``."""

from django.core.management.base import BaseCommand, CommandParser


class QuestionnaireCommand(BaseCommand):
    """A command whose ``--version N`` names a questionnaire version.

    Django gives every command a ``--version`` that prints Django's version; the contract in
    architecture.md needs the name, so ours replaces it (argparse's "resolve" handler).
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_version_argument(self, parser: CommandParser, help: str) -> None:
        parser.add_argument("--version", type=int, dest="number", metavar="N", help=help)
