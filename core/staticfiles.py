"""Static files as the site serves them: whitenoise's compressed, content-hashed files, with
each file's URL worked out once per process.

``{% static %}`` asks the storage for a URL on every use (three in every page's head), and
the manifest storage splits, unquotes, looks up and joins the name each time: about 0.03 ms
a use (docs/performance.md). The manifest is read once when the process starts and never
changes while it runs (``collectstatic`` before a deploy, then a restart), so the answer for
a name never changes either.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
