"""What the questionnaire commands share: ``--version N``."""

import argparse
import re

from django.core.management.base import BaseCommand, CommandParser

from assessments.specs import MAX_VERSION
from core.interchange import shorten


def version_number(text: str) -> int:
    """The N of ``--version N``: a whole number from 1 to ``MAX_VERSION``, checked before it is
    converted (a number thousands of digits long must not reach ``int`` or the database)."""
    if re.fullmatch(r"[0-9]+", text) and len(text) <= len(str(MAX_VERSION)):
        number = int(text)
        if 1 <= number <= MAX_VERSION:
            return number
    raise argparse.ArgumentTypeError(
        f'"{shorten(text)}" is not a version number (a whole number from 1 to {MAX_VERSION:,})'
    )


class QuestionnaireCommand(BaseCommand):
    """A command whose ``--version N`` names a questionnaire version.

    Django gives every command a ``--version`` that prints Django's version; the contract in
    architecture.md needs the name, so ours replaces it (argparse's "resolve" handler).
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_version_argument(self, parser: CommandParser, help: str) -> None:
        parser.add_argument("--version", type=version_number, dest="number", metavar="N", help=help)
