import json
import sys
from pathlib import Path
from typing import Any

from assessments.files import find_version
from assessments.management.commands._base import QuestionnaireCommand
from assessments.scoring import score
from assessments.specs import Answers, QuestionnaireSpec, validate_answers
from core.commands import spec_command_error
from core.interchange import SpecError


def read_answers(source: str, spec: QuestionnaireSpec) -> Answers:
    """The answers object of a JSON file or '-' (stdin), checked against ``spec``; SpecError
    naming what is wrong."""
    name = "<stdin>" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{name}: cannot be read ({exc})"]) from exc

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # json.loads would silently keep the last of two answers to one item.
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise SpecError([f"{key}: answered more than once in {name}"])
            seen[key] = value
        return seen

    try:
        answers = json.loads(text, object_pairs_hook=no_repeats)
    except json.JSONDecodeError as exc:
        raise SpecError(
            [f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"]
        ) from exc
    if not isinstance(answers, dict):
        raise SpecError([f'{name}: expected a JSON object of answers, like {{"cm1": 4}}'])
    return validate_answers(spec, answers)


class Command(QuestionnaireCommand):
    help = (
        "Score a set of answers (a JSON object keyed by item key; '-' reads standard input) "
        "against the latest published version of a questionnaire, or the one named with "
        "--version (any status, so drafts can be tried), and print the result as JSON."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The questionnaire's slug, e.g. pm-motivators.")
        parser.add_argument("answers", help='A JSON file such as {"cm1": 4, "fc1": "b"}, or -.')
        self.add_version_argument(
            parser,
            "The version to score against (any status, so a draft can be tried); "
            "default: the latest published.",
        )

    def handle(self, *args, slug: str, answers: str, number: int | None, **options) -> None:
        try:
            spec = find_version(slug, number).to_spec()
            result = score(spec, read_answers(answers, spec))
        except SpecError as exc:
            raise spec_command_error(exc, "Could not score these answers:") from exc
        self.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2))
