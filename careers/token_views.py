"""Personal access tokens for the API: a person makes, lists and revokes their own.

Everything goes through ``AccessToken.objects.of(request.user)``, so nobody reaches someone
else's token (a 404, as for one that does not exist).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from careers.forms import TokenForm
from careers.models import AccessToken, TooManyTokens


def _page(request: HttpRequest, form: TokenForm, *, new_token: str = "", status: int = 200):
    tokens = list(AccessToken.objects.of(request.user))
    context = {
        "tokens": tokens,
        "form": form,
        "new_token": new_token,
        "limit": AccessToken.MAX_PER_PERSON,
        "at_limit": len(tokens) >= AccessToken.MAX_PER_PERSON,
    }
    return render(request, "careers/tokens.html", context, status=status)


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The list, and a form that makes a token and shows it this once."""
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _, raw = AccessToken.issue(request.user, form.cleaned_data["name"])
    except TooManyTokens:
        form.add_error(
            None,
            f"You already have {AccessToken.MAX_PER_PERSON} tokens. Revoke one you no longer "
            "use, then make the new one.",
        )
        return _page(request, form, status=400)
    return _page(request, TokenForm(), new_token=raw)


@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(AccessToken.objects.of(request.user), pk=pk)
    token.delete()
    messages.success(request, f"“{token.name}” is revoked: it no longer opens the API.")
    return redirect("tokens")
