"""A result as a PDF, drawn by WeasyPrint from its own print template.

WeasyPrint fetches what a page links to (stylesheets, images). Here it may read our own
static files and nothing else: ``StaticFilesOnly`` answers the site's static URLs from the
files on disk and refuses every other address, so rendering a PDF never reaches the network
(nor a file outside the static folders).

WeasyPrint draws an inline ``<svg>`` on its own: the page's stylesheets and CSS variables do
not reach inside it, so every shape would be filled black. ``with_chart_styles`` copies the
charts' rules (``.map…`` in ``assessments.css``, variables resolved from ``app.css``) into
each ``<svg>`` as a ``<style>`` element. This happens only here, for the PDF; pages served to
browsers keep their strict CSP without inline styles.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
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


CHART_RULE = re.compile(r"^\.map[^{]*\{[^}]*\}", re.MULTILINE)
VARIABLE = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
USE = re.compile(r"var\((--[\w-]+)\)")
SVG_OPENING = re.compile(r"<svg\b[^>]*>")


def chart_rules(app_css: str, charts_css: str) -> str:
    """The top-level ``.map…`` rules of ``charts_css`` with every ``var(--x)`` replaced by
    its value in ``app_css`` (pure)."""
    values = dict(VARIABLE.findall(app_css))
    rules = "\n".join(CHART_RULE.findall(charts_css))
    return USE.sub(lambda use: values.get(use.group(1), "currentColor").strip(), rules)


@cache
def _chart_css() -> str:
    read = lambda name: Path(finders.find(name)).read_text(encoding="utf-8")  # noqa: E731
    # WeasyPrint has no paint-order, so the white halo of "You" would be drawn over its letters.
    halo_off = "\n.map__you { stroke: none; }"
    return chart_rules(read("css/app.css"), read("css/assessments.css")) + halo_off


def with_chart_styles(html: str, css: str) -> str:
    """``html`` with ``css`` as the first child of every ``<svg>`` (pure)."""
    return SVG_OPENING.sub(lambda tag: f"{tag.group(0)}<style>{css}</style>", html)


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a page of this site, linking only static files)."""
    html = with_chart_styles(html, _chart_css())
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()
