import logging
from datetime import datetime, timedelta

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from assessments.home import home_context
from careers.models import User
from careers.reports import team_summary
from careers.team_card import team_lists
from growth.home import home_prompt

logger = logging.getLogger(__name__)


TEAM_SINCE_KEY = "team_since"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start the questionnaire, continue the open one, or read the latest result; a person
    with reports also sees their team at a glance, and what is new since their last visit."""
    user = request.user
    context = {**home_context(user), **home_prompt(user)}
    # A visit is a session: "new" means shared after the previous session's first look, so
    # reloading the page does not make the news disappear.
    if TEAM_SINCE_KEY in request.session:
        stamp = request.session[TEAM_SINCE_KEY]
        since = datetime.fromisoformat(stamp) if stamp else None
    else:
        since = user.team_seen_at
    context["team"] = team_summary(user, since=since)
    if context["team"] is not None:
        context["team_lists"] = team_lists(context["team"])
    if context["team"] is not None and TEAM_SINCE_KEY not in request.session:
        request.session[TEAM_SINCE_KEY] = since.isoformat() if since else ""
        User.objects.filter(pk=user.pk).update(team_seen_at=timezone.now())
    return render(request, "careers/home.html", context)


@require_GET
@never_cache
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 only when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Nothing about the failure for the caller: the details go to the server's log.
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE) for the site's and the admin's
    sign-in: 429 with the time to try again. It never names the username, so a locked
    unknown name and a locked real account get the same page."""
    cool_off = get_cool_off(request)
    # Rounded up to the minute: the page shows hours and minutes, and must not say too early.
    retry_at = (timezone.now() + cool_off + timedelta(minutes=1)).replace(second=0, microsecond=0)
    context = {
        "retry_at": retry_at,
        "cool_off_minutes": round(cool_off.total_seconds() / 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


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
