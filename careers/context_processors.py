from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse


@cache
def _chrome_urls() -> dict[str, str]:
    """The links of the page chrome, reversed once: the URLconf (and the script prefix of a
    deployment) never changes while the process runs, and every page shows them."""
    return {
        "home": reverse("home"),
        "insights": reverse("insights"),
        "admin": reverse("admin:index"),
        "emails": reverse("assessments:notification_settings"),
        "password_change": reverse("password_change"),
        "logout": reverse("logout"),
    }


def navigation(request: HttpRequest) -> dict:
    """What the page chrome offers this person: whether they have reports, and whether any
    of those do. The session's person comes with both (``careers.backends``); a person
    loaded another way gets them in one query, run only if a page asks."""
    context = {"show_demo_hint": settings.DEBUG, "chrome_urls": _chrome_urls()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:

        @cache
        def reporting() -> tuple[bool, bool]:
            if hasattr(user, "nav_has_reports"):
                return user.nav_has_reports, user.nav_leads_managers
            return (
                get_user_model()
                ._default_manager.with_navigation()
                .values_list("nav_has_reports", "nav_leads_managers")
                .get(pk=user.pk)
            )

        def sees_insights() -> bool:
            # Org insight: managers of managers, and (among staff, to spare everyone else the
            # permission queries on every page) holders of the insight permission.
            if user.is_staff and user.has_perm("assessments.view_org_insights"):
                return True
            return reporting()[1]

        context["nav_has_reports"] = lambda: reporting()[0]
        context["nav_sees_insights"] = sees_insights
    return context
