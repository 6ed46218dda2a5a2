from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
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
