"""The person's own plan pages: the plan, one experiment, the personal board, the plateau
pulse, and the plan's sharing switch.

Every view starts from the signed-in person's own rows (``Plan.objects.of``,
``Experiment.objects.of``, ``BoardMember.objects.filter(person=...)``), so another person's
experiment or board member is a 404. Plain forms that redirect after a successful post; a
refused post re-renders the page with the errors and status 400, having changed nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.scoring import Outcome
from core.http import HtmxHttpRequest
from core.prepared import Prepared
from growth import forms, markup, plans, rules
from growth.models import BoardMember, CheckIn, CompetencyRating, Experiment, Plan, Pulse

_board_of = Prepared(lambda person: BoardMember.objects.filter(person=person), int)


def _own_plan(request: HtmxHttpRequest) -> Plan:
    """The person's plan, with everything its page reads (``plans.own_plan``), or a 404."""
    found = plans.own_plan(request.user.pk)
    if found is None:
        raise Http404("You have no plan yet.")
    return found


def _render_plan(request: HtmxHttpRequest, plan: Plan, status: int = 200, **forms_: Any):
    reading = plans.latest_reading(request.user, brief=True)
    view = plans.read_plan(plan, reading)
    target_form = forms_.get("target_form") or forms.TargetForm(
        initial={"target": plan.target_key},
        levels=plans.reachable_levels(view.spec, plan.current_key) if view.current else [],
    )
    experiment_form = forms_.get("experiment_form") or forms.ExperimentForm(
        plan=plan, count=len(view.experiments)
    )
    context = {
        "view": view,
        "reading": reading,
        "readout_headline": _headline(reading),
        "pulse": plans.read_pulses(request.user, limit=2),
        "overdue": [
            member
            for member in _board_of.all(request.user.pk)
            if rules.is_overdue(member.last_touch, member.every_weeks, plans.today())
        ],
        "own_plan": True,
        "where": (
            markup.levels_table(view, rating=True, form=forms_.get("ratings_form"))
            if view.current
            else ""
        ),
        "cards": markup.experiment_cards(view.experiments, link=True, show_reflection=True),
        "target_field": markup.form_fields(target_form),
        "experiment_form": experiment_form,
        "experiment_fields": markup.form_fields(experiment_form),
        "sharing_form": forms.PlanSharingForm(
            initial={
                "share_plan": plan.shared_with_manager,
                "share_reflections": plan.reflections_shared,
            }
        ),
        "manager": plan.person.manager,  # loaded with the plan, as None when there is none
        "limits": {"experiments": rules.MAX_EXPERIMENTS},
    }
    return render(request, "growth/plan.html", context, status=status)


def _headline(result) -> str:
    if result is None:
        return ""
    from_reading = plans.READING_LEANING.get(Outcome(result.outcome))
    if from_reading is None:
        return "Your reading was too close to call, or unclear."
    return f"Your reading points toward {plans.LEANING_WORDS[from_reading]}."


@require_GET
def plan(request: HtmxHttpRequest) -> HttpResponse:
    """My plan; without one, the page to start it."""
    found = plans.own_plan(request.user.pk)
    if found is None:
        return redirect("growth:start")
    return _render_plan(request, found)


@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest) -> HttpResponse:
    """Start (or re-aim) the plan: where I am, where I'm heading, the first experiments."""
    ladder = plans.ladder_for(request.user)
    spec = plans.ladder_spec(ladder.slug) if ladder else None
    reading = plans.latest_reading(request.user)
    suggestions = plans.suggestions_for(reading)
    existing = Plan.objects.of(request.user).first()
    context: dict[str, Any] = {"spec": spec, "reading": reading, "existing": existing}
    if spec is None:
        return render(request, "growth/start.html", context)
    current, target = plans.starting_levels(request.user, spec, reading)
    if existing is not None and existing.ladder_slug == spec.slug:
        current, target = existing.current_key, existing.target_key
    form = forms.StartPlanForm(
        request.POST if request.method == "POST" else None,
        initial={"current": current, "target": target},
        spec=spec,
        suggestions=suggestions,
    )
    if request.method == "POST" and form.is_valid():
        chosen = [suggestions[i] for i in form.cleaned_data["suggestions"]]
        plans.start_plan(
            request.user,
            spec.slug,
            form.cleaned_data["current"],
            form.cleaned_data["target"],
            chosen,
        )
        messages.success(request, "Your plan is ready. Only you can see it.")
        return redirect("growth:plan")
    context["form"] = form
    return render(request, "growth/start.html", context, status=400 if form.is_bound else 200)


@require_POST
def set_target(request: HtmxHttpRequest) -> HttpResponse:
    found = _own_plan(request)
    spec = plans.ladder_spec(found.ladder_slug)
    levels = plans.reachable_levels(spec, found.current_key) if spec else []
    form = forms.TargetForm(request.POST, levels=levels)
    if not form.is_valid():
        return _render_plan(request, found, status=400, target_form=form)
    found.target_key = form.cleaned_data["target"]
    found.save(update_fields=["target_key", "updated_at"])
    messages.success(request, "Your target level is saved.")
    return redirect(reverse("growth:plan") + "#where")


@require_POST
def save_ratings(request: HtmxHttpRequest) -> HttpResponse:
    found = _own_plan(request)
    view = plans.read_plan(found, None, comments=False)
    form = forms.RatingsForm(request.POST, rows=view.rows)
    if not form.is_valid():
        return _render_plan(request, found, status=400, ratings_form=form)
    with transaction.atomic():
        CompetencyRating.objects.filter(plan=found).delete()
        CompetencyRating.objects.bulk_create(
            CompetencyRating(plan=found, competency_key=key, rating=value)
            for key, value in form.ratings.items()
            if value is not None
        )
    messages.success(request, "Your ratings are saved; the gaps below follow from them.")
    return redirect(reverse("growth:plan") + "#gaps")


@require_POST
def add_experiment(request: HtmxHttpRequest) -> HttpResponse:
    found = _own_plan(request)
    form = forms.ExperimentForm(request.POST, plan=found, count=found.experiments.count())
    if not form.is_valid():
        return _render_plan(request, found, status=400, experiment_form=form)
    experiment = form.save(commit=False)
    experiment.plan = found
    experiment.save()
    messages.success(request, f"“{experiment.title}” is in your plan.")
    return redirect(reverse("growth:plan") + "#experiments")


# ---- one experiment ---------------------------------------------------------------------


def _own_experiment(request: HtmxHttpRequest, pk: int) -> Experiment:
    return get_object_or_404(
        Experiment.objects.of(request.user).prefetch_related("checkins"), pk=pk
    )


def _render_experiment(
    request: HtmxHttpRequest, experiment: Experiment, status: int = 200, **forms_: Any
) -> HttpResponse:
    week = rules.week_of(plans.today())
    context = {
        "view": plans.view_experiment(experiment),
        "experiment": experiment,
        "checked_in": any(checkin.week == week for checkin in experiment.checkins.all()),
        "checkin_form": forms_.get("checkin_form") or forms.CheckInForm(),
        "end_form": forms_.get("end_form") or forms.EndForm(),
        "problem": forms_.get("problem", ""),
    }
    return render(request, "growth/experiment.html", context, status=status)


@require_GET
def experiment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_experiment(request, _own_experiment(request, pk))


@require_POST
def experiment_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Start a planned experiment, or drop an open one."""
    found = _own_experiment(request, pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid() or not found.is_open:
        problem = "Only a planned or running experiment can be started or dropped."
        return _render_experiment(request, found, status=400, problem=problem)
    if form.cleaned_data["action"] == "start":
        if found.status != Experiment.Status.PLANNED:
            return _render_experiment(
                request, found, status=400, problem="This experiment is already running."
            )
        found.status, found.started_on = Experiment.Status.RUNNING, plans.today()
        message = f"“{found.title}” is running. Check in once a week."
    else:
        found.status, found.ended_on = Experiment.Status.DROPPED, plans.today()
        message = f"“{found.title}” is dropped. Its check-ins stay in your plan."
    found.save(update_fields=["status", "started_on", "ended_on", "updated_at"])
    messages.success(request, message)
    return redirect("growth:experiment", pk=found.pk)


@require_POST
def check_in(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One energy check-in for this week; a second in the same week is refused."""
    found = _own_experiment(request, pk)
    form = forms.CheckInForm(request.POST)
    if found.status != Experiment.Status.RUNNING:
        problem = "Check-ins are for a running experiment. Start it first."
        return _render_experiment(request, found, status=400, problem=problem)
    if not form.is_valid():
        return _render_experiment(request, found, status=400, checkin_form=form)
    week = rules.week_of(plans.today())
    try:
        with transaction.atomic():
            CheckIn.objects.create(experiment=found, week=week, **form.cleaned_data)
    except IntegrityError:
        problem = (
            "You've already checked in on this experiment this week. Come back next week; "
            "one check-in a week keeps the trend honest."
        )
        return _render_experiment(request, found, status=400, checkin_form=form, problem=problem)
    messages.success(request, "Checked in. Thanks: see you next week.")
    return redirect("growth:experiment", pk=found.pk)


@require_POST
def end_experiment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """End an experiment with a reflection and what it says about the two paths."""
    found = _own_experiment(request, pk)
    form = forms.EndForm(request.POST)
    if not found.is_open:
        problem = "This experiment has already ended."
        return _render_experiment(request, found, status=400, end_form=form, problem=problem)
    if not form.is_valid():
        return _render_experiment(request, found, status=400, end_form=form)
    found.status, found.ended_on = Experiment.Status.DONE, plans.today()
    found.reflection, found.leaning = form.cleaned_data["reflection"], form.cleaned_data["leaning"]
    found.save(update_fields=["status", "ended_on", "reflection", "leaning", "updated_at"])
    messages.success(request, "Ended, with your reflection. See it beside your reading below.")
    return redirect(reverse("growth:plan") + "#evidence")


# ---- the personal board -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def board(request: HtmxHttpRequest) -> HttpResponse:
    members = _board_of.all(request.user.pk)
    today = plans.today()
    form = forms.BoardMemberForm(
        request.POST if request.method == "POST" else None, count=len(members), today=today
    )
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        member.person = request.user
        member.save()
        messages.success(request, f"{member.name} is on your board.")
        return redirect("growth:board")
    rows = [
        {
            "member": member,
            "due": rules.touch_base_due(member.last_touch, member.every_weeks),
            "overdue": rules.is_overdue(member.last_touch, member.every_weeks, today),
        }
        for member in members
    ]
    context = {"rows": rows, "form": form, "limit": rules.MAX_BOARD_MEMBERS}
    return render(request, "growth/board.html", context, status=400 if form.is_bound else 200)


def _own_member(request: HtmxHttpRequest, pk: int) -> BoardMember:
    return get_object_or_404(BoardMember.objects.filter(person=request.user), pk=pk)


@require_POST
def touched_base(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    member = _own_member(request, pk)
    member.last_touch = plans.today()
    member.save(update_fields=["last_touch"])
    messages.success(request, f"Noted: you talked with {member.name} today.")
    return redirect("growth:board")


@require_POST
def remove_member(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    member = _own_member(request, pk)
    member.delete()
    messages.success(request, f"{member.name} is off your board.")
    return redirect("growth:board")


# ---- the plateau pulse ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pulse(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.PulseForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                Pulse.objects.create(
                    person=request.user, taken_on=plans.today(), **form.cleaned_data
                )
        except IntegrityError:
            problem = "You've already taken a pulse today. Your answers from earlier stand."
        else:
            messages.success(request, "Pulse saved.")
            return redirect("growth:pulse")
    history = plans.read_pulses(request.user)
    reading = plans.latest_reading(request.user)
    context = {"form": form, "history": history, "problem": problem, "reading": reading}
    status = 400 if form.is_bound else 200
    return render(request, "growth/pulse.html", context, status=status)


# ---- sharing --------------------------------------------------------------------------------


@require_POST
def update_sharing(request: HtmxHttpRequest) -> HttpResponse:
    """The plan's own consent, separate from any result's."""
    found = get_object_or_404(Plan.objects.of(request.user))
    form = forms.PlanSharingForm(request.POST)
    form.is_valid()  # two optional checkboxes: always valid
    shared, reflections = form.cleaned_data["share_plan"], form.cleaned_data["share_reflections"]
    plans.set_plan_sharing(found, shared=shared, reflections=reflections, by=request.user)
    manager = request.user.manager if request.user.manager_id else None
    if not shared:
        message = "Your plan is private. Only you can see it."
        if reflections:
            message = "Reflections can only be shared together with the plan. Nothing is shared."
    elif manager is None:
        message = "Saved. You have no manager on CareerPath yet, so no one else can see it."
    elif found.reflections_shared:
        message = f"{manager} can now see your plan, including your reflections."
    else:
        message = f"{manager} can now see your plan, but not your reflections."
    messages.success(request, message)
    return redirect(reverse("growth:plan") + "#sharing")
