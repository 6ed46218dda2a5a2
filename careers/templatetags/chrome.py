"""``{% site_nav %}``: the signed-in header's navigation, from ``careers.chrome``."""

from django import template
from django.utils.safestring import SafeString

from careers import chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def site_nav(context) -> SafeString:
    """Nothing for a visitor who isn't signed in (nor for a page rendered without a request)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return SafeString("")
    return chrome.site_nav(
        request,
        context["chrome_urls"],
        str(context["csrf_token"]),
        nav_current=context.get("nav_current") or "",
        has_reports=context["nav_has_reports"](),
        sees_insights=context["nav_sees_insights"](),
    )
