"""The password backend: Django's own, loading the signed-in person the way every page
needs them.

Each request of a session loads its person once (``get_user``); these load them with the
facts the page chrome shows (``PersonQuerySet.with_navigation``) in that same query, so no
page spends a query of its own on the navigation. Otherwise it is Django's ``ModelBackend``
(django-axes' backend, before it in the settings, only refuses locked-out sign-ins and loads
nobody). The single sign-on backend (``careers.sso``) loads people the same way.
"""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model


class LoadsNavigation:
    """A backend's ``get_user`` that loads the person with ``with_navigation``."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.with_navigation().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PasswordBackend(LoadsNavigation, backends.ModelBackend):
    """Username and password (Django's ``ModelBackend``)."""
