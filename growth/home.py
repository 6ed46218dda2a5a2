"""What the home page says about the plan: a check-in prompt while an experiment runs and
this week has no check-in yet. One query, compiled once per process (core.prepared)."""

from __future__ import annotations

from typing import Any

from django.db.models import DateField, Value
from django.db.models.functions import Cast

from core.prepared import Prepared
from growth import plans, rules
from growth.models import Experiment

# The week is passed as its ISO text and made a date in SQL, so it stays a parameter of the
# compiled query (a date given to the ORM is turned into SQL text before it is bound).
_waiting = Prepared(
    lambda person, week: (
        Experiment.objects.of(person)
        .waiting_for_checkin(Cast(Value(week), DateField()))
        .order_by("created_at")[:3]
    ),
    int,
    str,
)


def home_prompt(user: Any) -> dict[str, Any]:
    """``checkin_due``: the running experiments still waiting for this week's check-in."""
    week = rules.week_of(plans.today())
    return {"checkin_due": _waiting.all(user.pk, week.isoformat())}
