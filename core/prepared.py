"""Queries built once per process: a QuerySet's SQL is compiled the first time it runs, and
every later call only binds its arguments.

Building a query costs Django 0.15 ms for the plainest ``filter(pk=...)`` and up to 0.8 ms with
joins or subqueries, which on SQLite is ten to thirty times the cost of running it
(docs/performance.md). The hottest queries of the site have a fixed shape and differ only
in a few values (whose page, which assessment), so they are written as a ``Prepared``:

    by_id = Prepared(lambda pk: User.objects.with_navigation().filter(pk=pk), int)
    user = by_id.one(42)

``build`` receives a stand-in for each argument (of the type named after it) and returns the
QuerySet; its SQL and the way rows become objects are kept per database, and each call runs
that SQL with the real arguments in the stand-ins' places. The QuerySet is still the one place
where access is decided: a ``Prepared`` is only a faster way to run it, and tests compare its
rows with the QuerySet's own.

What it takes: model rows (with ``select_related`` and annotations), ``values_list`` rows and
flat values. What it refuses when the QuerySet is first compiled, naming the reason: an
argument the SQL doesn't carry as a parameter (for example inside ``__in`` or ``__contains``,
whose SQL depends on the value), ``prefetch_related``, and a QuerySet from a related manager.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

# Argument types a stand-in can be made for: each stand-in is a value no real row holds.
_KINDS = (int, str, uuid.UUID)
_serial = count(1)


def _stand_in(kind: type) -> Any:
    n = next(_serial)
    if kind is int:
        return 7_331_000_000_000 + n
    if kind is str:
        return f"\x00prepared-argument-{n}\x00"
    if kind is uuid.UUID:
        return uuid.UUID(int=(0x7331 << 112) + n)
    raise TypeError(f"Prepared takes arguments of type {', '.join(k.__name__ for k in _KINDS)}")


def _binder(
    stand_ins: Sequence[Any], param: Any
) -> tuple[Callable[[Sequence[Any]], Any], int | None]:
    """How to fill one SQL parameter from the call's arguments, and which argument it takes:
    an argument as the database adapter receives it (a UUID is a hex string on SQLite), or
    a constant of the QuerySet (None)."""
    for index, stand_in in enumerate(stand_ins):
        if type(param) is type(stand_in) and param == stand_in:
            return (lambda args, index=index: args[index]), index
        if isinstance(stand_in, uuid.UUID) and param == stand_in.hex:
            return (lambda args, index=index: args[index].hex), index
        if isinstance(stand_in, uuid.UUID) and param == str(stand_in):
            return (lambda args, index=index: str(args[index])), index
    return (lambda args, param=param: param), None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    binders: tuple[Callable[[Sequence[Any]], Any], ...]
    compiler: SQLCompiler
    shape: type
    converters: dict
    model_rows: tuple | None  # (model, init_list, start, end, related populators, annotations)

    def params(self, args: Sequence[Any]) -> tuple:
        return tuple(bind(args) for bind in self.binders)

    def rows(self, raw_rows: list) -> list:
        compiler = self.compiler
        rows = compiler.apply_converters(raw_rows, self.converters) if self.converters else raw_rows
        if self.shape is FlatValuesListIterable:
            return [row[0] for row in rows]
        if self.shape is ValuesListIterable:
            return [tuple(row) for row in rows]
        model, init_list, start, end, populators, annotations = self.model_rows
        db = compiler.using
        objects = []
        for row in rows:
            obj = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _compile(queryset: QuerySet, stand_ins: Sequence[Any], what: str) -> _Compiled:
    shape = queryset._iterable_class
    if shape not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
        raise TypeError(f"{what}: Prepared runs model rows and values_list(), not {shape.__name__}")
    if queryset._prefetch_related_lookups:
        raise TypeError(f"{what}: Prepared cannot run prefetch_related(); prefetch afterwards")
    if queryset._known_related_objects:
        raise TypeError(f"{what}: build the QuerySet from the model's manager, not a related one")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    binders = [_binder(stand_ins, param) for param in params]
    taken = {index for _, index in binders}
    for index in range(len(stand_ins)):
        if index not in taken:
            raise TypeError(
                f"{what}: argument {index + 1} does not reach the SQL as a parameter of its own "
                "(its SQL would depend on the value), so this QuerySet can't be prepared"
            )
    fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(fields)
    model_rows = None
    if shape is ModelIterable:
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        model_rows = (
            klass_info["model"],
            [selected[0].target.attname for selected in compiler.select[start:end]],
            start,
            end,
            get_related_populators(klass_info, compiler.select, queryset.db),
            tuple((compiler.annotation_col_map or {}).items()),
        )
    return _Compiled(
        sql, tuple(bind for bind, _ in binders), compiler, shape, converters, model_rows
    )


class Prepared:
    """A QuerySet of a fixed shape, compiled once per process and database."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self.name = getattr(build, "__qualname__", repr(build))
        self._compiled: dict[str, _Compiled] = {}  # by database vendor

    def _for_database(self) -> _Compiled:
        vendor = connections[DEFAULT_DB_ALIAS].vendor
        compiled = self._compiled.get(vendor)
        if compiled is None:
            stand_ins = [_stand_in(kind) for kind in self.kinds]
            compiled = self._compiled[vendor] = _compile(
                self.build(*stand_ins), stand_ins, self.name
            )
        return compiled

    def all(self, *args: Any) -> list:
        """Every row, as the QuerySet would give them (objects, tuples or flat values)."""
        if len(args) != len(self.kinds):
            raise TypeError(f"{self.name} takes {len(self.kinds)} arguments, not {len(args)}")
        compiled = self._for_database()
        with connections[compiled.compiler.using].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params(args))
            raw_rows = cursor.fetchall()
        return compiled.rows(raw_rows)

    def one(self, *args: Any) -> Any:
        """The only row, or None when there is none (more than one is a mistake in the
        QuerySet, and raises)."""
        rows = self.all(*args)
        if len(rows) > 1:
            raise LookupError(f"{self.name} returned {len(rows)} rows where one was expected")
        return rows[0] if rows else None

    def clear(self) -> None:
        """Forget the compiled SQL (for tests that change the database's settings)."""
        self._compiled.clear()
