"""What the home page says about the plan: a check-in prompt while an experiment runs and
this week has no check-in yet. One query (two with a prompt to show)."""

from __future__ import annotations

from typing import Any

from growth import plans, rules
from growth.models import Experiment


def home_prompt(user: Any) -> dict[str, Any]:
    """``checkin_due``: the running experiments still waiting for this week's check-in."""
    week = rules.week_of(plans.today())
    waiting = list(Experiment.objects.of(user).waiting_for_checkin(week).order_by("created_at")[:3])
    return {"checkin_due": waiting}
