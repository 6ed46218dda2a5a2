"""A manager's view of a report's shared plan, their comment, and the one-to-one agenda.

Access is decided by ``Plan.objects.shared_with(manager)``: the plan's owner reports to the
manager right now and switched plan sharing on. Anyone else, and the manager while sharing
is off, gets the same 404. Every view of a plan is written to the owner's access log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assessments.models import AccessEvent, Result
from assessments.readouts import read_result
from core.http import HtmxHttpRequest
from growth import agenda, forms, markup, plans, rules
from growth.models import Plan, PlanComment


def _shared_plan(request: HtmxHttpRequest, username: str) -> Plan:
    return get_object_or_404(
        Plan.objects.shared_with(request.user)
        .select_related("person")
        .with_experiments()
        .prefetch_related("competency_ratings", "comments"),
        person__username=username,
    )


def _context(request: HtmxHttpRequest, plan: Plan) -> dict[str, Any]:
    view = plans.read_plan(plan, None)
    return {
        "view": view,
        "person": plan.person,
        "plan": plan,
        "where": markup.levels_table(view, rating=False) if view.current else "",
        "cards": markup.experiment_cards(
            view.experiments, link=False, show_reflection=plan.reflections_shared
        ),
    }


@require_GET
def team_plan(request: HtmxHttpRequest, username: str) -> HttpResponse:
    """The report's shared plan: target, gaps, experiments with status and energy trend;
    reflections only when they chose to share those too."""
    plan = _shared_plan(request, username)
    AccessEvent.record(AccessEvent.Kind.VIEWED_PLAN, person_id=plan.person_id, actor=request.user)
    context = {**_context(request, plan), "comment_form": forms.CommentForm()}
    return render(request, "growth/team_plan.html", context)


@require_POST
def comment(request: HtmxHttpRequest, username: str) -> HttpResponse:
    plan = _shared_plan(request, username)
    form = forms.CommentForm(request.POST)
    too_many = plan.comments.count() >= rules.MAX_COMMENTS
    if too_many:
        form.add_error(None, "This plan has as many comments as it can hold.")
    if too_many or not form.is_valid():
        context = {**_context(request, plan), "comment_form": form}
        return render(request, "growth/team_plan.html", context, status=400)
    PlanComment.objects.create(
        plan=plan,
        author=request.user,
        author_name=str(request.user),
        text=form.cleaned_data["text"],
    )
    messages.success(request, f"{plan.person} will see your comment on their plan.")
    return redirect(reverse("growth:team_plan", args=[username]) + "#comments")


AGENDA = "agenda"


def _last_seen(manager: Any, person_id: int) -> datetime | None:
    """When the manager last opened this person's agenda: "since last time"."""
    return (
        AccessEvent.objects.about(person_id)
        .filter(actor=manager, kind=AccessEvent.Kind.VIEWED_PLAN, detail=AGENDA)
        .aggregate(last=Max("at"))["last"]
    )


@require_GET
def team_agenda(request: HtmxHttpRequest, username: str) -> HttpResponse:
    """A printable one-pager for the next one-to-one, from the shared plan and result."""
    plan = _shared_plan(request, username)
    person = plan.person
    last_seen = _last_seen(request.user, person.pk)
    result = (
        Result.objects.shared_with(request.user)
        .about(person)
        .select_related("assessment")
        .latest_first()
        .first()
    )
    view = plans.read_plan(plan, result)
    facts = [
        agenda.ExperimentFacts(
            title=item.experiment.title,
            status=item.experiment.status,
            trend=item.trend,
            checkins_since=sum(
                1
                for checkin in item.experiment.checkins.all()
                if last_seen is not None and checkin.created_at > last_seen
            ),
            changed_since=last_seen is not None and item.experiment.updated_at > last_seen,
        )
        for item in view.experiments
    ]
    page = agenda.build_agenda(
        person.first_name or person.username,
        last_seen,
        facts,
        [row.competency.name for row in view.gaps],
        view.target.title if view.target else "the next level",
        new_result_since=result is not None
        and (last_seen is None or result.created_at > last_seen),
    )
    AccessEvent.record(
        AccessEvent.Kind.VIEWED_PLAN, person_id=person.pk, actor=request.user, detail=AGENDA
    )
    if result is not None:
        AccessEvent.record_view(request.user, result, detail="in the one-to-one agenda")
    context = {
        "view": view,
        "rated": [(row, None) for row in view.rows],
        "person": person,
        "plan": plan,
        "agenda": page,
        "last_seen": last_seen,
        "result": result,
        "readout": read_result(result) if result else None,
    }
    return render(request, "growth/agenda.html", context)
