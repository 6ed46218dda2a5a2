from functools import cache

from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the page chrome offers this person; each question runs only if a page asks, and
    at most once per request."""
    context = {"show_demo_hint": settings.DEBUG}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        has_reports = cache(lambda: user.reports.filter(is_active=True).exists())

        def sees_insights() -> bool:
            # Org insight: managers of managers, and (among staff, to spare everyone else the
            # permission queries on every page) holders of the insight permission.
            if user.is_staff and user.has_perm("assessments.view_org_insights"):
                return True
            return has_reports() and user.reports.filter(reports__is_active=True).exists()

        context["nav_has_reports"] = has_reports
        context["nav_sees_insights"] = sees_insights
    return context
