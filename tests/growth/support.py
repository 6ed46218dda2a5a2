"""Plans for tests, made through the same code the pages use."""

from datetime import timedelta

from django.db.models import F

from growth import plans
from growth.models import CheckIn, Experiment, Plan


def plan_for(person, *, target: str = "group-pm", experiments: int = 0, checkins: int = 0) -> Plan:
    """``person``'s plan from senior-pm to ``target`` with ``experiments`` running ones, the
    first with ``checkins`` weekly check-ins in the weeks before this one."""
    plan = plans.start_plan(person, "product-management", "senior-pm", target, [])
    today = plans.today()
    made = Experiment.objects.bulk_create(
        Experiment(
            plan=plan,
            title=f"Experiment {n}",
            hypothesis="Leading this will give me energy.",
            signal="I look forward to Mondays.",
            weeks=6,
            status=Experiment.Status.RUNNING,
            started_on=today,
        )
        for n in range(experiments)
    )
    energies = ["energised", "neutral", "drained"]
    if made:
        CheckIn.objects.bulk_create(
            CheckIn(
                experiment=made[0],
                week=plans.rules.week_of(today) - timedelta(weeks=n + 1),
                energy=energies[n % 3],
            )
            for n in range(checkins)
        )
    return plan


def a_week_passes(plan: Plan) -> None:
    """Move every check-in of the plan one week back, as if a week had gone by.

    Oldest first, one row at a time: PostgreSQL checks "one check-in per week" row by row,
    so moving a later week into one not yet vacated would collide."""
    for checkin in CheckIn.objects.filter(experiment__plan=plan).order_by("week"):
        CheckIn.objects.filter(pk=checkin.pk).update(week=F("week") - timedelta(weeks=1))
