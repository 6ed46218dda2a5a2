"""Fixtures for the assessments tests."""

import pytest


@pytest.fixture
def people(db):
    """The shipped ladder and questionnaires, then the demo people (so pm has a level)."""
    from careers.demo import seed_demo
    from tests.assessments.quiz_support import load_defaults

    load_defaults()
    return {user.username: user for user in seed_demo()}
