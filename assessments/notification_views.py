"""Which emails a person gets: their settings page, and the unsubscribe link in each email.

The unsubscribe link works signed out: its signed token names one person and one kind, and
that is all it can change. Opening it only shows a button (mail scanners open links, and
must not unsubscribe anyone); the button, or the mail client's own one-click unsubscribe
(RFC 8058, a POST without a cookie), turns that one kind off.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from assessments.models import NotificationPreference
from assessments.notifications import email_kinds, read_unsubscribe_token
from core.http import HtmxHttpRequest


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind of email, named by the kind."""

    def __init__(self, *args, turned_off: set[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in email_kinds().items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kind not in turned_off
            )


@require_http_methods(["GET", "POST"])
def notification_settings(request: HtmxHttpRequest) -> HttpResponse:
    """The person turns each kind of email on or off."""
    turned_off = NotificationPreference.objects.turned_off(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, turned_off=turned_off)
        form.is_valid()  # checkboxes only: always valid
        for kind in email_kinds():
            wanted = form.cleaned_data[kind]
            if wanted == (kind in turned_off):  # saves only what changed
                NotificationPreference.choose(request.user.pk, kind, wanted)
        messages.success(request, "Saved. You will get only the emails that are ticked.")
        return redirect("assessments:notification_settings")
    form = NotificationSettingsForm(turned_off=turned_off)
    return render(request, "assessments/notification_settings.html", {"form": form})


@login_not_required
@csrf_exempt  # the token is the credential; mail clients post it without a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Show (GET) or do (POST) the unsubscribe a token stands for; 400 for a token that was
    not made here or was changed, 404 when its person no longer exists."""
    try:
        person_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "assessments/unsubscribe_invalid.html", status=400)
    person = get_object_or_404(get_user_model(), pk=person_id)
    done = request.method == "POST"
    if done:
        NotificationPreference.choose(person.pk, kind, False)
    context = {
        "kind_label": email_kinds()[kind],
        "done": done,
        "action": reverse("assessments:unsubscribe", kwargs={"token": token}),
        "for_someone_else": request.user.is_authenticated and request.user.pk != person.pk,
    }
    return render(request, "assessments/unsubscribe.html", context)
