"""Every URL the site answers, found by walking the resolver, with a sample path for each.

Access tests iterate over this list, so a new URL cannot escape them unnoticed.
"""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_VALUES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "sample/path",
    "uuid": str(uuid.UUID(int=1)),
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern itself when unnamed
    pattern: str  # the joined route, e.g. "ladders/<slug:slug>/"
    sample: str  # a concrete path to request


def _sample_group(match: re.Match) -> str:
    """A regex group such as ``(?P<app_label>careers|ladders)`` gets its first choice."""
    first = match.group(1).split("|")[0]
    return first if re.fullmatch(r"[\w-]+", first) else "sample"


def _sample_path(pattern: str) -> str:
    def fill(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return SAMPLE_VALUES.get(converter, "sample")

    path = re.sub(r"<(?:(\w+):)?\w+>", fill, pattern)
    # Regex routes (the admin's): replace groups with a sample, drop anchors.
    path = re.sub(r"\(\?P<\w+>([^)]*)\)", _sample_group, path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from walk(entry, pattern, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else pattern
            yield Route(name=name, pattern=pattern, sample=_sample_path(pattern))


def all_routes() -> list[Route]:
    return list(walk())
