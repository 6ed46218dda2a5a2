import json

from assessments.files import find_version
from assessments.management.commands._base import QuestionnaireCommand
from assessments.scoring import score
from assessments.specs import KEY_LENGTH, Answers, QuestionnaireSpec, validate_answers
from core.commands import spec_command_error
from core.interchange import (
    MAX_ANSWERS_BYTES,
    SpecError,
    parse_json,
    read_text,
    shorten,
    source_name,
)


def read_answers(source: str, spec: QuestionnaireSpec) -> Answers:
    """The answers object of a JSON file or '-' (stdin), checked against ``spec``; SpecError
    naming what is wrong.

    Bounded like every file: at most ``MAX_ANSWERS_BYTES``, shallow nesting, short numbers,
    and keys and option keys no longer than an item key can be.
    """
    name = source_name(source)
    answers = parse_json(
        read_text(source, MAX_ANSWERS_BYTES),
        name,
        MAX_ANSWERS_BYTES,
        repeated=f"answered more than once in {name}",
    )
    if not isinstance(answers, dict):
        raise SpecError([f'{name}: expected a JSON object of answers, like {{"cm1": 4}}'])
    problems = []
    for key, value in answers.items():
        if len(key) > KEY_LENGTH:
            problems.append(
                f"{shorten(key)}: not a question (keys are at most {KEY_LENGTH} characters)"
            )
        elif isinstance(value, str) and len(value) > KEY_LENGTH:
            problems.append(
                f"{key}: not an option (option keys are at most {KEY_LENGTH} characters)"
            )
    if problems:
        raise SpecError(problems)
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
