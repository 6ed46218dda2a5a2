import pytest

from ladders.drafts import start_draft
from ladders.files import import_ladder
from ladders.specs import DEFAULT_LADDER_FILE, read_ladder


@pytest.fixture
def default_ladder(db):
    """The shipped product-management ladder, imported."""
    return import_ladder(read_ladder(DEFAULT_LADDER_FILE)).ladder


@pytest.fixture
def draft(default_ladder):
    """A draft of the shipped ladder, as "Edit in a draft" starts it."""
    return start_draft(default_ladder)
