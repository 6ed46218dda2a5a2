from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from careers.middleware import stamp_sign_in


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "People and reporting lines"

    def ready(self) -> None:
        # Signing in is the auth framework's own event; no other hook covers the site's
        # sign-in, the admin's and the test client's alike.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="careers.stamp_sign_in")
