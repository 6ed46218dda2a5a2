"""The OpenID Connect provider's side of the SSO tests: the site's URLs plus
django-oauth-toolkit's provider under ``/o/``, with a sign-in page of its own.

Used as ROOT_URLCONF only while ``tests.oidc_provider.run_provider`` has installed
``oauth2_provider``; importing it earlier fails, as its models need the app installed.
"""

from csp.decorators import csp_exempt
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_protect
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView

from careers.urls import urlpatterns as site_urlpatterns
from tests.oidc_provider import DIRECTORY

PROVIDER_LOGIN_PAGE = engines["django"].from_string(
    """<!doctype html><html lang="en"><head><title>Acme ID</title></head><body>
<h1>Acme ID</h1>
<form method="post">{% csrf_token %}
{% for error in form.non_field_errors %}<p role="alert">{{ error }}</p>{% endfor %}
<p><label for="u">Acme username</label> <input id="u" name="username"></p>
<p><label for="p">Acme password</label> <input id="p" name="password" type="password"></p>
<p><button>Continue</button></p>
</form></body></html>"""
)


class DirectoryValidator(OAuth2Validator):
    """Claims come from the provider's own directory, not from the site's user table."""

    def get_additional_claims(self, request):
        return DIRECTORY[request.user.username]


@login_not_required
@csp_exempt()
@csrf_protect
def provider_login(request: HttpRequest) -> HttpResponse:
    """The provider's sign-in page. It answers without the site's Content-Security-Policy,
    as a real provider on its own host would: the site's ``form-action 'self'`` is not the
    provider's concern, and it would stop this form's redirect back to the site."""
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        next_url = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = "/"
        return HttpResponseRedirect(next_url)
    return HttpResponse(PROVIDER_LOGIN_PAGE.render({"form": form}, request))


urlpatterns = [
    path("o/login/", provider_login),
    path("o/authorize/", AuthorizationView.as_view(login_url="/o/login/")),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    *site_urlpatterns,
]
