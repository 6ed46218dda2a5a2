"""The interchange files (ladders, questionnaires): their spec models' common base, how a
spec reports problems, and reading and writing the files.

Pure: no Django. Both ladder and questionnaire files go through these helpers so that
they share one parser, one canonical output form and one style of error message: every
problem is raised at the path of the bad value and rendered as ``levels[3].next[0]: ...``.

Files come from people, so the parser bounds what it accepts before doing any work: the size
of the text (``MAX_DOCUMENT_BYTES``), how deeply it nests (``MAX_DEPTH``), how long a number
may be written (``MAX_NUMBER_LENGTH``), no repeated keys and no YAML aliases. Whatever a
message quotes from the input is cut to a short prefix by ``shorten``. Every problem is a
``SpecError``; nothing a file holds can make the parser raise anything else.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Format = Literal["json", "yaml"]
M = TypeVar("M", bound=BaseModel)
Location = tuple[str | int, ...]
Problem = tuple[Location, str]  # where in the document, and what is wrong there

# Generous for real files (the shipped ladder is 30 KB and nests 4 deep) and small enough that
# parsing and validating the largest accepted file takes well under a second.
MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_ANSWERS_BYTES = 64 * 1024  # a set of answers, for the score command: a few KB in practice
MAX_DEPTH = 20  # nested mappings and lists
# A number written with more characters than this is refused before it is converted: Python
# refuses to convert integers of more than 4,300 digits, and no field needs more than a few.
MAX_NUMBER_LENGTH = 30
ECHO_LENGTH = 40  # characters of the input quoted back in a message
MAX_MESSAGE_LENGTH = 500  # a last guard on any one line of a message


def shorten(value: object, limit: int = ECHO_LENGTH) -> str:
    """The text of ``value`` as a message may quote it: cut to ``limit`` characters, saying
    how long it was, so that a huge key or value is never echoed back in full."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


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
    """A file or document that cannot be used; ``messages`` name the path of each problem.

    Each message is kept to ``MAX_MESSAGE_LENGTH`` characters, in case a message somewhere
    quotes input without ``shorten``.
    """

    def __init__(self, messages: list[str]):
        self.messages = [shorten(message, MAX_MESSAGE_LENGTH) for message in messages]
        super().__init__("\n".join(messages))


def describe_location(loc: tuple[str | int, ...]) -> str:
    """Render a pydantic error location as ``levels[3].next[0]``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # A path part can be a key taken from the file, as long as the file.
            name = shorten(part)
            path += f".{name}" if path else name
    return path


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per problem, each starting with the path of the bad value."""
    lines = []
    for error in exc.errors(include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        where = describe_location(tuple(error["loc"]))
        lines.append(f"{where}: {message}" if where else message)
    return lines


class _OversizedNumber:
    """A number written too long to convert; reported with its path once the document is read."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:  # a path part when the number is a key; shortened there
        return self.text


def _number_scalar(convert):
    """Wrap a YAML number constructor so that a number too long to convert safely is not."""

    def construct(loader: _DocumentLoader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_LENGTH:
            return _OversizedNumber(node.value)
        return convert(loader, node)

    return construct


class _DocumentLoader(yaml.SafeLoader):
    """YAML's safe loader, bounded: depth, aliases and repeated keys are refused here.

    ``yaml.safe_load`` composes nested collections recursively, so a deep enough document
    exhausts Python's stack; counting depth as nodes are composed stops it at ``MAX_DEPTH``
    long before. Aliases are refused because a few lines of them expand into exponentially
    many values once validated.
    """

    def __init__(self, text: str, source: str):
        super().__init__(text)
        self.source = source
        self.depth = 0

    def refuse(self, mark: yaml.Mark | None, problem: str) -> NoReturn:
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError([f"{self.source}{where}: {problem}"])

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.refuse(event.start_mark, "aliases (*name) are not supported; write the value out")
        nests = isinstance(event, yaml.CollectionStartEvent)
        if nests:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.refuse(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            if nests:
                self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # yaml keeps the last of two equal keys without a word; a file with a second
        # ``slug:`` would silently become another ladder.
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue  # complex keys are refused by the base class; merges by design
            key = self.construct_object(key_node)  # a scalar: always hashable
            if key in first_line:
                self.refuse(
                    key_node.start_mark,
                    f'the key "{shorten(key)}" appears twice (first at line {first_line[key]})',
                )
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_DocumentLoader.add_constructor(
    "tag:yaml.org,2002:int", _number_scalar(yaml.SafeLoader.construct_yaml_int)
)
_DocumentLoader.add_constructor(
    "tag:yaml.org,2002:float", _number_scalar(yaml.SafeLoader.construct_yaml_float)
)


def _check_size(text: str, source: str, max_bytes: int) -> None:
    # At most 4 bytes a character: most texts are judged without encoding them.
    if len(text) > max_bytes or (
        len(text) * 4 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise SpecError([f"{source}: larger than the limit of {describe_size(max_bytes)}"])


def describe_size(size: int) -> str:
    """``1 MiB``, ``64 KiB``: a byte count as the limits are stated."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def _oversized_numbers(data: Any) -> Iterator[Problem]:
    """Where the document holds a number written too long to convert (keys included), in
    document order. A loop rather than recursion, like everything that walks input."""
    stack: list[tuple[Location, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, _OversizedNumber):
            yield (
                loc,
                (
                    f"a number written with {len(value.text):,} characters; "
                    f"numbers are at most {MAX_NUMBER_LENGTH}"
                ),
            )
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                stack.append(((*loc, str(key)), item))
                if isinstance(key, _OversizedNumber):
                    stack.append((loc, key))
        elif isinstance(value, list):
            stack.extend(((*loc, i), item) for i, item in reversed(list(enumerate(value))))


def _refuse_oversized_numbers(data: Any, source: str) -> None:
    problems = list(_oversized_numbers(data))
    if problems:
        raise SpecError(
            [f"{describe_location(loc) or source}: {message}" for loc, message in problems]
        )


def parse_document(
    text: str, source: str = "input", max_bytes: int = MAX_DOCUMENT_BYTES
) -> dict[str, Any]:
    """Parse JSON or YAML text (JSON is valid YAML) into a mapping, or raise SpecError.

    Refused, each with a one-line message: text over ``max_bytes``, nesting deeper than
    ``MAX_DEPTH``, a key repeated in one mapping, aliases, and numbers written with more
    than ``MAX_NUMBER_LENGTH`` characters.
    """
    _check_size(text, source, max_bytes)
    loader = _DocumentLoader(text, source)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError([f"{source}: not valid YAML or JSON{where}"]) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError([f"{source}: expected a mapping at the top level"])
    _refuse_oversized_numbers(data, source)
    return data


_JSON_TOKEN = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def _json_depth(text: str) -> int:
    """How deeply JSON text nests, counted without parsing it (``json.loads`` recurses)."""
    depth = deepest = 0
    in_string = False
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == "\\":
            continue  # an escaped character inside a string, such as \"
        if token == '"':
            in_string = not in_string
        elif not in_string:
            depth += 1 if token in "[{" else -1
            deepest = max(deepest, depth)
    return deepest


def parse_json(
    text: str,
    source: str = "input",
    max_bytes: int = MAX_DOCUMENT_BYTES,
    repeated: str | None = None,
) -> Any:
    """Parse strict JSON with the same bounds as ``parse_document``, or raise SpecError.

    A key given twice in one object is refused as ``{key}: {repeated}`` (by default "given
    twice in {source}"); ``NaN`` and ``Infinity``, which are not JSON, are refused too.
    """
    _check_size(text, source, max_bytes)
    if _json_depth(text) > MAX_DEPTH:
        raise SpecError([f"{source}: nested more than {MAX_DEPTH} levels deep"])

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # json.loads would silently keep the last of two values for one key.
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise SpecError([f"{shorten(key)}: {repeated or f'given twice in {source}'}"])
            seen[key] = value
        return seen

    def number(written: str) -> Any:
        if len(written) > MAX_NUMBER_LENGTH:
            return _OversizedNumber(written)
        return float(written) if any(c in written for c in ".eE") else int(written)

    def not_json(name: str) -> NoReturn:
        raise SpecError([f"{source}: not valid JSON ({name} is not a JSON number)"])

    try:
        data = json.loads(
            text,
            object_pairs_hook=no_repeats,
            parse_int=number,
            parse_float=number,
            parse_constant=not_json,
        )
    except json.JSONDecodeError as exc:
        raise SpecError(
            [f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"]
        ) from exc
    except RecursionError as exc:  # not expected after the depth check; never a traceback
        raise SpecError([f"{source}: nested too deeply"]) from exc
    _refuse_oversized_numbers(data, source)
    return data


def read_text(source: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The UTF-8 text of a file, or of standard input when ``source`` is ``-``.

    Reads no more than ``max_bytes`` (and one byte to tell), so a huge file is refused
    without being loaded; SpecError when it is too large or cannot be read.
    """
    name = source_name(source)
    try:
        if str(source) == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream standing in for stdin, as in tests
                text = sys.stdin.read(max_bytes + 1)
                _check_size(text, name, max_bytes)
                return text
            data = stream.read(max_bytes + 1)
        else:
            with Path(source).open("rb") as file:
                data = file.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise SpecError([f"{name}: larger than the limit of {describe_size(max_bytes)}"])
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{name}: cannot be read ({shorten(exc, 200)})"]) from exc


def source_name(source: str | Path) -> str:
    """How messages name a file: its path, or ``<stdin>`` for ``-``."""
    return "<stdin>" if str(source) == "-" else str(source)


def read_document(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> dict[str, Any]:
    """Read and parse a file (or standard input for ``-``) with ``parse_document``."""
    return parse_document(read_text(path, max_bytes), source_name(path), max_bytes)


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
