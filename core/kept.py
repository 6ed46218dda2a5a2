"""What a process keeps for good: values computed once under a key that can never go stale
(the spec or markup of a published version: a change is a new version, so a new key)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """A dict of such values, emptied when it reaches ``limit`` entries, so a worker that runs
    for months cannot grow without bound however many versions come and go."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept under ``key``, made (and kept) the first time it is asked for."""
        value = self.values.get(key)
        if value is None:
            if len(self.values) >= self.limit:
                self.values.clear()
            value = self.values[key] = make()
        return value

    def clear(self) -> None:
        self.values.clear()

    def __len__(self) -> int:
        return len(self.values)
