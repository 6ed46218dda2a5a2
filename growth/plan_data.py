"""The plan in the person's own data: "download my data" and "delete all" (registered with
``assessments.personal_data`` in ``GrowthConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from growth.models import BoardMember, Plan, Pulse


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def export_plan(person: Any) -> dict[str, Any]:
    """The plan, its experiments and check-ins, the manager's comments, the board and the
    pulses, as JSON-ready data (empty parts when the person keeps none)."""
    plan = Plan.objects.of(person).with_experiments().prefetch_related("competency_ratings").first()
    comments = list(plan.comments.all()) if plan else []
    return {
        "plan": None
        if plan is None
        else {
            "ladder": plan.ladder_slug,
            "current_level": plan.current_key,
            "target_level": plan.target_key,
            "shared_with_manager": plan.shared_with_manager,
            "reflections_shared": plan.reflections_shared,
            "self_ratings": plan.ratings,
            "experiments": [
                {
                    "title": experiment.title,
                    "hypothesis": experiment.hypothesis,
                    "signal": experiment.signal,
                    "weeks": experiment.weeks,
                    "status": experiment.status,
                    "started_on": _when(experiment.started_on),
                    "ended_on": _when(experiment.ended_on),
                    "reflection": experiment.reflection,
                    "points_to": experiment.leaning,
                    "checkins": [
                        {"week": _when(c.week), "energy": c.energy, "note": c.note}
                        for c in experiment.checkins.all()
                    ],
                }
                for experiment in plan.experiments.all()
            ],
            "manager_comments": [
                {"by": c.author_name, "at": _when(c.created_at), "text": c.text} for c in comments
            ],
        },
        "board": [
            {
                "name": member.name,
                "role": member.role,
                "helps_with": member.helps_with,
                "touch_base_every_weeks": member.every_weeks,
                "last_touch": _when(member.last_touch),
            }
            for member in BoardMember.objects.filter(person=person)
        ],
        "pulses": [
            {
                "taken_on": _when(pulse.taken_on),
                "learning": pulse.learning,
                "challenged": pulse.challenged,
                "energy": pulse.energy,
            }
            for pulse in Pulse.objects.filter(person=person)
        ],
    }


@transaction.atomic
def delete_plan(person: Any) -> int:
    """Delete the plan (with experiments, check-ins, ratings and comments), the board and the
    pulses; returns how many top-level rows went."""
    count = 0
    for queryset in (
        Plan.objects.of(person),
        BoardMember.objects.filter(person=person),
        Pulse.objects.filter(person=person),
    ):
        count += queryset.count()
        queryset.delete()
    return count
