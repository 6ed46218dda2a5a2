"""Fixtures for the assessments tests."""

import pytest


@pytest.fixture
def fast_passwords(settings):
    """The demo people are made with real password hashing, about half a second a person;
    tests that ask for it hash with MD5 instead."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db, fast_passwords):
    """The shipped ladder and questionnaires, then the demo people (so pm has a level)."""
    from careers.demo import seed_demo
    from tests.assessments.quiz_support import load_defaults

    load_defaults()
    return {user.username: user for user in seed_demo()}
