"""Fixtures for the careers tests: the demo organisation with the shipped ladder and
questionnaires. Quiz helpers live in team_support.py (plain functions)."""

from __future__ import annotations

import pytest


@pytest.fixture
def org(db):
    """Defaults loaded, then the demo people (with levels): admin, manager, pm, pm2, pm3."""
    from assessments.files import load_default_questionnaires
    from careers.demo import seed_demo
    from ladders.files import load_default_ladders

    load_default_ladders()
    load_default_questionnaires()
    return {user.username: user for user in seed_demo()}
