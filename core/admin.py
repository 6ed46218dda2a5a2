"""Admin plumbing shared by the apps' model admins."""

from __future__ import annotations

from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class CheckedSelectionMixin:
    """A changelist action runs only on ids that could name a row.

    Django's admin hands the posted ``_selected_action`` values straight to the database,
    so a crafted "abc" or a 25-digit id answers 500; here it answers 400 and nothing runs.
    """

    def response_action(self, request: HttpRequest, queryset) -> HttpResponse | None:
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.run_validators(pk.to_python(value))  # the id's type and range
        except ValidationError:
            return HttpResponseBadRequest(
                "The selection names no rows that could exist.", content_type="text/plain"
            )
        return super().response_action(request, queryset)
