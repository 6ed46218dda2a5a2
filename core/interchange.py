"""The interchange files (ladders, questionnaires): their spec models' common base, how a
spec reports problems, and reading and writing the files.

Pure: no Django. Both ladder and questionnaire files go through these helpers so that
they share one parser, one canonical output form and one style of error message: every
problem is raised at the path of the bad value and rendered as ``levels[3].next[0]: ...``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Format = Literal["json", "yaml"]
M = TypeVar("M", bound=BaseModel)
Location = tuple[str | int, ...]
Problem = tuple[Location, str]  # where in the document, and what is wrong there


class StrictSpec(BaseModel):
    """The base of every spec model: unknown fields refused, values frozen, types exact.

    Strict because a file saying ``rank: "3"`` or ``reverse: 1`` is wrong, not something to
    guess at.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def raise_problems(problems: Iterable[Problem], title: str) -> NoReturn:
    """Raise every problem at once, each at its own path, from inside a model validator.

    Pydantic adds the validator's own location in front, so the paths read from the top of
    the document; ``describe_errors`` renders them.
    """
    raise ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(type=PydanticCustomError("spec", message), loc=loc, input=None)
            for loc, message in problems
        ],
    )


def repeated_keys(keys: Sequence[str]) -> dict[int, int]:
    """Where a key is used again: the position of each repeat → the position of its first use.

    In file order, so that a spec reports duplicates in the order a reader meets them.
    """
    first: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for position, key in enumerate(keys):
        if key in first:
            repeats[position] = first[key]
        else:
            first[key] = position
    return repeats


class SpecError(Exception):
    """A file or document that cannot be used; ``messages`` name the path of each problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


def describe_location(loc: tuple[str | int, ...]) -> str:
    """Render a pydantic error location as ``levels[3].next[0]``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per problem, each starting with the path of the bad value."""
    lines = []
    for error in exc.errors(include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        where = describe_location(tuple(error["loc"]))
        lines.append(f"{where}: {message}" if where else message)
    return lines


def parse_document(text: str, source: str = "input") -> dict[str, Any]:
    """Parse JSON or YAML text (JSON is valid YAML) into a mapping, or raise SpecError."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError([f"{source}: not valid YAML or JSON{where}"]) from exc
    if not isinstance(data, dict):
        raise SpecError([f"{source}: expected a mapping at the top level"])
    return data


def read_document(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{path}: cannot be read ({exc})"]) from exc
    return parse_document(text, source=str(path))


def validate_spec(model: type[M], data: dict[str, Any]) -> M:
    """Validate a parsed document against a spec model, raising SpecError with paths."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SpecError(describe_errors(exc)) from exc


def dump_document(spec: BaseModel, fmt: Format = "yaml") -> str:
    """Canonical text for a spec: stable key order, so export → import → export is identical."""
    data = spec.model_dump(mode="json")
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
