"""Request typing shared by the views that serve htmx fragments."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """For type checkers only, as in django-htmx's example project."""

    htmx: HtmxDetails
