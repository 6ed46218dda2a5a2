"""The growth tests share the careers tests' real SMTP server (the check-in reminder)."""

from tests.careers.conftest import smtp_inbox  # noqa: F401
