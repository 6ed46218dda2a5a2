"""The growth tests share the careers tests' real SMTP server (the check-in reminder)."""

import pytest

from growth import markup
from tests.careers.conftest import smtp_inbox  # noqa: F401


@pytest.fixture(autouse=True)
def forget_kept_markup():
    """Each test starts with no plan markup kept from another (the root conftest does the same
    for what the other apps keep per published version)."""
    markup._kept.clear()
