"""How every file command (ladders, questionnaires, scoring) reports a bad file or answer."""

from django.core.management.base import CommandError

from core.interchange import SpecError


def spec_command_error(exc: SpecError, lead: str) -> CommandError:
    """A CommandError (exit 2, printed on stderr) listing each problem under a one-line lead."""
    problems = "\n".join(f"  {message}" for message in exc.messages)
    return CommandError(f"{lead}\n{problems}", returncode=2)
