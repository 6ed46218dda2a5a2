"""A result as a PDF, drawn by WeasyPrint from its own print template.

WeasyPrint fetches what a page links to (stylesheets, images). Here it may read our own
static files and nothing else: ``StaticFilesOnly`` answers the site's static URLs from the
files on disk and refuses every other address, so rendering a PDF never reaches the network
(nor a file outside the static folders).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The address the print template is rendered at: not a real host, so nothing can resolve it.
BASE_URL = "https://careerpath.invalid/"
STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")
CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedURL(ValueError):
    """A resource the PDF may not fetch."""


class StaticFilesOnly(URLFetcher):
    """Serves ``BASE_URL`` + the static URL from the static files; refuses the rest."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
            STATIC_PREFIX
        ):
            raise RefusedURL(f"Not one of our static files: {url}")
        relative = parts.path.removeprefix(STATIC_PREFIX)
        found = finders.find(relative) if ".." not in relative.split("/") else None
        if not found:
            raise RefusedURL(f"No such static file: {relative}")
        suffix = relative[relative.rfind(".") :]
        with open(found, "rb") as file:
            body = file.read()
        headers = {"Content-Type": CONTENT_TYPES.get(suffix, "application/octet-stream")}
        return URLFetcherResponse(url, body, headers)


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a page of this site, linking only static files)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()
