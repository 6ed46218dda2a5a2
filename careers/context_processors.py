from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the page chrome offers this person; the reports query runs only if a page asks."""
    context = {"show_demo_hint": settings.DEBUG}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_has_reports"] = lambda: user.reports.filter(is_active=True).exists()
        # Org insight: the permission, or reports who manage people themselves.
        context["nav_sees_insights"] = lambda: (
            user.has_perm("assessments.view_org_insights")
            or (user.reports.filter(is_active=True, reports__is_active=True).exists())
        )
    return context
