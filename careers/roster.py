"""The people file: its columns, its limits, and every rule a row must keep.

Pure: no database. ``read_table`` turns a table (a header and rows of text, from a CSV file
or a spreadsheet) into ``PersonRow``s; ``check_rows`` weighs them against what is already
known (``Directory``: the people on record and the level keys of the default ladder) and
returns every problem at once, each as ``row N: …`` where row 1 is the header, as a
spreadsheet numbers it. ``reporting_loops`` is the one rule against reporting lines that
loop; the admin's user form uses it too.

Username and email are checked with Django's own validators (plain functions of a string),
so a file is held to exactly the rules of the admin's user form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.interchange import SpecError, describe_size, shorten

COLUMNS = ("username", "email", "first_name", "last_name", "manager", "level")

# A company of tens of thousands fits; a file beyond this is a mistake, refused before any work.
MAX_ROWS = 50_000
MAX_FILE_BYTES = 16 * 1024 * 1024  # 50,000 rows of long names and addresses fit easily
# The columns of the User model (and of the ladder's level key) they land in.
MAX_LENGTHS = {
    "username": 150,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "manager": 150,
    "level": 50,
}
MAX_PROBLEMS = 200  # problems listed before "and N more"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PersonRow:
    """One person as the file states them; empty text means "none" for manager and level."""

    number: int  # the row in the file, the header being row 1
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    manager: str = ""
    level: str = ""

    def values(self) -> tuple[str, ...]:
        """The row's cells in ``COLUMNS`` order."""
        return tuple(getattr(self, column) for column in COLUMNS)


@dataclass(frozen=True)
class OnRecord:
    """What the check needs to know about a person already in the database."""

    username: str
    email: str
    manager: str  # a username, or "" for none


@dataclass(frozen=True)
class Directory:
    """Everything outside the file that the rows are checked against."""

    people: Mapping[str, OnRecord]
    level_keys: frozenset[str]


def parse_csv(text: str, source: str = "file") -> list[list[str]]:
    """The cells of CSV text, header included; a leading byte-order mark is ignored."""
    if len(text) > MAX_FILE_BYTES:
        raise SpecError([f"{source}: larger than the limit of {describe_size(MAX_FILE_BYTES)}"])
    try:
        return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as exc:
        raise SpecError([f"{source}: not a readable CSV file ({shorten(exc, 200)})"]) from exc


def read_table(table: Sequence[Sequence[object]]) -> list[PersonRow]:
    """Rows of people from a table whose first row is the header; SpecError listing every
    problem of shape (header, number of cells, length of a value, too many rows).

    The header must name exactly the ``COLUMNS``, in any order. Cells are trimmed; a blank
    cell or an empty spreadsheet cell (None) is empty text; blank rows are skipped.
    """
    if not table:
        raise SpecError([f"row 1: the header is missing; expected {','.join(COLUMNS)}"])
    header = [_text(cell) for cell in table[0]]
    missing = [column for column in COLUMNS if column not in header]
    extra = [shorten(name) for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if missing or extra or repeated:
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unknown {', '.join(extra)}"] if extra else []
        parts += [f"repeated {', '.join(repeated)}"] if repeated else []
        raise SpecError([f"row 1: the header must be {','.join(COLUMNS)} ({'; '.join(parts)})"])
    if len(table) - 1 > MAX_ROWS:
        raise SpecError([f"the file has {len(table) - 1:,} rows; the limit is {MAX_ROWS:,}"])
    position = {column: header.index(column) for column in COLUMNS}
    rows: list[PersonRow] = []
    problems: list[str] = []
    for number, cells in enumerate(table[1:], start=2):
        texts = [_text(cell) for cell in cells]
        if not any(texts):
            continue
        if len(texts) != len(header):
            problems.append(f"row {number}: expected {len(header)} values, found {len(texts)}")
            continue
        values = {column: texts[index] for column, index in position.items()}
        too_long = [
            f"row {number}: {column} is {len(value):,} characters; at most {MAX_LENGTHS[column]}"
            for column, value in values.items()
            if len(value) > MAX_LENGTHS[column]
        ]
        if too_long:
            problems.extend(too_long)
            continue
        rows.append(PersonRow(number=number, **values))
    if problems:
        raise SpecError(_capped(problems))
    return rows


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a spreadsheet stores a username such as 1042 as 1042.0
    return str(cell).strip()


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS:,} more problems"]


_USERNAME = UnicodeUsernameValidator()


def _value_problems(row: PersonRow, level_keys: frozenset[str]) -> list[str]:
    problems = []
    if not row.username:
        problems.append("username is empty")
    else:
        try:
            _USERNAME(row.username)
        except ValidationError:
            problems.append(
                f'username "{shorten(row.username)}" may hold only letters, digits and @.+-_'
            )
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(f'email "{shorten(row.email)}" is not an email address')
    if row.level and row.level not in level_keys:
        problems.append(f'level "{shorten(row.level)}" is not a level of the default ladder')
    if row.manager == row.username and row.username:
        problems.append("a person cannot be their own manager")
    return problems


def check_rows(rows: Sequence[PersonRow], directory: Directory) -> list[str]:
    """Every problem of the rows against each other and the directory, in row order;
    ``[]`` when the whole file can be imported.

    A manager must be in the file or already on record; usernames and emails (ignoring
    case) must be unique across the file and the people on record it leaves as they are;
    no reporting line may loop once the file is applied.
    """
    found: dict[int, list[str]] = {}

    def add(number: int, message: str) -> None:
        found.setdefault(number, []).append(message)

    in_file: dict[str, PersonRow] = {}
    for row in rows:
        for message in _value_problems(row, directory.level_keys):
            add(row.number, message)
        if row.username in in_file:
            add(
                row.number,
                f'username "{shorten(row.username)}" is also on row {in_file[row.username].number}',
            )
        else:
            in_file[row.username] = row

    owner_of_email: dict[str, str] = {
        person.email.casefold(): person.username
        for person in directory.people.values()
        if person.email and person.username not in in_file
    }
    email_rows: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        email = row.email.casefold()
        if email in email_rows:
            add(row.number, f'email "{shorten(row.email)}" is also on row {email_rows[email]}')
        elif email in owner_of_email:
            add(
                row.number,
                f'email "{shorten(row.email)}" belongs to {shorten(owner_of_email[email])}, '
                "who is not in the file",
            )
        email_rows.setdefault(email, row.number)

    for row in rows:
        if row.manager and row.manager not in in_file and row.manager not in directory.people:
            add(
                row.number, f'manager "{shorten(row.manager)}" is neither in the file nor on record'
            )

    def manager_of(username: str) -> str | None:
        row = in_file.get(username)
        if row is not None:
            return row.manager or None
        person = directory.people.get(username)
        return person.manager or None if person else None

    for loop in reporting_loops((row.username for row in rows), manager_of):
        if len(loop) == 1:
            continue  # one's own manager: said above
        in_loop = [in_file[name] for name in loop if name in in_file]
        if not in_loop:
            continue  # a loop already on record, not of this file's making
        closing = max(in_loop, key=_number)
        start = loop.index(closing.username)
        chain = [*loop[start:], *loop[:start], closing.username]
        add(
            closing.number,
            f"the reporting line would loop ({' → '.join(shorten(name) for name in chain)})",
        )

    return _capped(
        [f"row {number}: {message}" for number in sorted(found) for message in found[number]]
    )


def _number(row: PersonRow) -> int:
    return row.number


def reporting_loops(starts: Iterable[K], manager_of: Callable[[K], K | None]) -> list[list[K]]:
    """The reporting loops met by following each start's line of managers upward, each
    loop once, as its people in order (each one's manager is the next, the last's the first).

    The one rule of reporting lines: a line must end with someone who has no manager. Each
    person is walked at most once, so a whole file is checked in time linear in its size.
    """
    walked: set[K] = set()
    loops: list[list[K]] = []
    for start in starts:
        path: list[K] = []
        place: dict[K, int] = {}
        step: K | None = start
        while step is not None and step not in walked and step not in place:
            place[step] = len(path)
            path.append(step)
            step = manager_of(step)
        if step is not None and step in place:
            loops.append(path[place[step] :])
        walked.update(path)
    return loops


def closes_loop(person: K, manager: K, manager_of: Callable[[K], K | None]) -> bool:
    """Whether making ``manager`` the manager of ``person`` would make a reporting line loop;
    ``manager_of`` answers for everyone else as things stand."""

    def proposed(someone: K) -> K | None:
        return manager if someone == person else manager_of(someone)

    return any(person in loop for loop in reporting_loops([person], proposed))
