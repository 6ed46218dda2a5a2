"""The API's interactive docs (django-ninja's Swagger UI, served from our static files) work
under the site's Content-Security-Policy: the page draws every endpoint and no violation is
reported (the suite-wide guard in conftest.py fails the test on any)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_list_every_endpoint_under_the_policy(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_load_state("networkidle")
    page.get_by_text("CareerPath API").first.wait_for()
    for path in ("/api/me/results", "/api/team/results", "/api/insights"):
        assert page.locator(".opblock-summary-path", has_text=path).first.is_visible()
    # Everything came from this site: no CDN.
    assert requests and all(url.startswith(live_server.url) for url in requests)
