from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from assessments.home import home_context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start the questionnaire, continue the open one, or read the latest result."""
    return render(request, "careers/home.html", home_context(request.user))


@require_GET
@never_cache
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 only when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "error": f"database unavailable: {exc.__class__.__name__}"},
            status=503,
        )
    return JsonResponse({"status": "ok"})


@require_GET
@login_not_required
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out unless the deploy says otherwise (``DJANGO_ROBOTS_ALLOW``): the
    site is an internal tool, and its sign-in page is all a crawler could reach."""
    rule = "Allow: /" if settings.ROBOTS_ALLOW else "Disallow: /"
    return HttpResponse(f"User-agent: *\n{rule}\n", content_type="text/plain; charset=utf-8")


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on every page that names no icon (the admin's error
    pages, files opened directly); send them to the SVG the pages link to."""
    return HttpResponseRedirect(static("img/favicon.svg"))
