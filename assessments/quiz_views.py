"""The quiz: start or resume an assessment, answer it part by part, discard it.

Every view finds its assessment through ``Assessment.objects.given_by`` (or
``answerable_by``), so a stranger gets a 404 and learns nothing. The quiz works as plain
forms; htmx only saves each answer sooner. Which parts a person sees comes from
``quiz_parts.plan_quiz``: the follow-up part appears only when scoring asks for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import quiz_markup, services
from assessments.forms import QuizForm
from assessments.models import Assessment
from assessments.quiz_parts import QuizPlan, plan_quiz
from core.http import HtmxHttpRequest
from core.prepared import Prepared

ACTIONS = {"next", "back", "later", "finish"}


# ---- starting and resuming ------------------------------------------------------------


@require_POST
def start(request: HtmxHttpRequest) -> HttpResponse:
    """Start the self-assessment, or resume the one already open (never a second one)."""
    try:
        assessment = services.start_or_resume(request.user)
    except services.QuestionnaireUnavailable:
        messages.error(
            request,
            "The questionnaire isn't set up yet. Please ask an admin to load the defaults.",
        )
        return redirect("home")
    return redirect("assessments:resume", pk=assessment.pk)


# The assessment of a quiz page or autosave, if ``user`` gives it, with its version.
_given = Prepared(
    lambda pk, user: Assessment.objects.given_by(user).with_version().filter(pk=pk),
    uuid.UUID,
    int,
)


def _assessment_for(request: HtmxHttpRequest, pk: uuid.UUID) -> Assessment:
    assessment = _given.one(pk, request.user.pk)
    if assessment is None:
        raise Http404("No such assessment.")
    assessment.version.use_stored_text(assessment.version_spec_text)
    return assessment


@require_GET
def resume(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Open the first part that still has an unanswered statement (the follow-up part, when
    it is asked and everything before it is answered)."""
    assessment = _assessment_for(request, pk)
    if not assessment.is_open:
        return redirect("assessments:result", pk=assessment.pk)
    answered = services.answers_of(assessment)
    plan = plan_quiz(assessment.version.to_spec(), answered)
    for part in plan.parts:
        if any(key not in answered for key in part.keys):
            return redirect(_section_url(assessment, part.key))
    return redirect(_section_url(assessment, plan.parts[-1].key))


# ---- the quiz -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def section(request: HtmxHttpRequest, pk, section: str) -> HttpResponse:
    """One part of the quiz: the page (GET), one autosaved answer (htmx POST), or the
    whole part's form (plain POST, then on to the next or previous part)."""
    assessment = _assessment_for(request, pk)
    spec = assessment.version.to_spec()
    if not any(candidate.key == section for candidate in spec.sections):
        raise Http404("No such section in this questionnaire.")
    if not assessment.is_open:
        return _closed(request, assessment)
    saved = services.answers_of(assessment)
    plan = plan_quiz(spec, saved)
    index = plan.index(section)
    if request.method == "GET":
        if index is None:  # the follow-up part, not (or no longer) asked of this person
            return redirect("assessments:resume", pk=assessment.pk)
        form = QuizForm(spec, saved=saved, asked=plan.asked)
        return _render_section(request, assessment, form, plan, index)
    form = QuizForm(spec, request.POST, saved=saved, asked=plan.asked)
    if request.htmx:
        return _save_one(request, assessment, form, saved, section)
    return _save_section(request, assessment, form, plan, section)


def _section_url(assessment: Assessment, section_key: str) -> str:
    return _section_path(assessment.pk, section_key)


@lru_cache(maxsize=4096)
def _section_path(pk, section_key: str) -> str:
    """Kept: each quiz page links every part, and the URLconf never changes while we run."""
    return reverse("assessments:section", kwargs={"pk": pk, "section": section_key})


def _render_section(
    request, assessment: Assessment, form: QuizForm, plan: QuizPlan, index: int, *, status=200
) -> HttpResponse:
    part = plan.parts[index]
    main_count = len(plan.main_parts)
    section_url = _section_url(assessment, part.key)
    context = {
        "assessment": assessment,
        "section": part.section,
        "is_follow_up": part.is_follow_up,
        "section_number": index + 1,
        "section_count": main_count,
        "is_first": index == 0,
        "is_last": index == len(plan.parts) - 1,
        "statements": quiz_markup.statements(
            form, part.keys, section_url, assessment.version.frozen_key
        ),
        **_progress_context(assessment, plan, form.saved, part.key),
        "missing_summary": form.missing_statements(part.key),
        "problems": form.problems() if form.is_bound else [],
        "section_url": section_url,
        "is_observer": not assessment.is_self_view,
        "nav_current": _nav_item(assessment),
    }
    return render(request, "assessments/quiz_section.html", context, status=status)


def _progress_context(
    assessment: Assessment, plan: QuizPlan, answered: Mapping[str, object], current: str
) -> dict[str, Any]:
    """The progress bar (main statements only, so its total never grows) with the follow-up
    part's own count once it is asked, and the overview of the parts shown."""
    return {
        "progress_bar": quiz_markup.progress_bar(
            plan.progress(answered), plan.follow_up_progress(answered)
        ),
        "parts_overview": quiz_markup.parts_overview(
            plan, answered, current, lambda key: _section_url(assessment, key)
        ),
    }


def _nav_item(assessment: Assessment) -> str:
    """The header's navigation item a quiz page belongs to: a manager's view of a report is
    team work; everything else is the person's own assessment."""
    return "assessment" if assessment.is_self_view else "team"


def _closed(request: HtmxHttpRequest, assessment: Assessment) -> HttpResponse:
    """A submitted assessment: pages lead to the result; a second "finish" does too
    (a double click must not fail); any attempt to change an answer is refused."""
    result_url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    if request.method == "GET" or (not request.htmx and request.POST.get("action") == "finish"):
        return redirect(result_url)
    message = "This questionnaire has already been submitted, so its answers can't change."
    if request.htmx:
        return _plain(message, 409)
    return render(
        request,
        "assessments/quiz_closed.html",
        {"message": message, "result_url": result_url, "nav_current": _nav_item(assessment)},
        status=409,
    )


def _save_one(
    request: HtmxHttpRequest,
    assessment: Assessment,
    form: QuizForm,
    saved: Mapping[str, object],
    current: str,
) -> HttpResponse:
    """An answer saved the moment it is given; returns the item's "Saved" mark and, out of
    band, the refreshed progress bar and part overview (``current`` is the open part; the
    last main answer can bring in the follow-up part). Errors are short plain text for the
    retry line."""
    if not form.is_valid():
        return _plain("; ".join(form.problems()), 400)
    if not form.answers:
        return _plain("Nothing to save: choose an answer first.", 400)
    try:
        services.save_answers(assessment, form.answers)
    except services.AssessmentClosed:
        return _closed(request, assessment)
    answered = {**saved, **form.answers}
    plan = plan_quiz(form.spec, answered)
    return HttpResponse(
        quiz_markup.SAVED_MARK
        + quiz_markup.progress_bar(
            plan.progress(answered), plan.follow_up_progress(answered), oob=True
        )
        + quiz_markup.parts_overview(
            plan, answered, current, lambda key: _section_url(assessment, key), oob=True
        )
    )


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _save_section(
    request, assessment: Assessment, form: QuizForm, plan: QuizPlan, current: str
) -> HttpResponse:
    """A whole part posted without JavaScript, then ``action``: next, back, later, finish.

    A part asks for every one of its statements before Next; Finish asks for every main
    statement, then for the follow-up part when scoring lists it, and only then stores the
    result. A follow-up part that is not (or no longer) asked leads back to resume.
    """
    action = request.POST.get("action", "next")
    if action not in ACTIONS:
        action = "next"
    index = plan.index(current)
    if not form.is_valid():
        # Nothing was stored: the whole part is saved or none of it is.
        if index is None:
            return _plain("; ".join(form.problems()), 400)
        return _render_section(request, assessment, form, plan, index, status=400)
    try:
        services.save_answers(assessment, form.answers)
    except services.AssessmentClosed:
        return _closed(request, assessment)

    spec = form.spec
    answers = {**form.saved, **form.answers}
    # The last main answers can bring in the follow-up part: plan again.
    plan = plan_quiz(spec, answers)
    index = plan.index(current)
    if action == "later":
        progress = plan.progress(answers)
        messages.success(
            request,
            f"Your answers are saved ({progress.answered} of {progress.total}). Pick up where "
            "you left off any time, on any device.",
        )
        if not assessment.is_self_view:  # a manager's view of a report: back to their page
            return redirect("team_member", username=assessment.subject.username)
        return redirect("home")
    if index is None:
        # The follow-up part is no longer asked (a second tab changed an earlier answer):
        # Finish still finishes; anything else goes where the person left off.
        if action == "finish" and not plan.unanswered(answers, follow_up=False):
            return _submit(request, assessment)
        return redirect("assessments:resume", pk=assessment.pk)
    if action == "back":
        return redirect(_section_url(assessment, plan.parts[max(index - 1, 0)].key))

    part = plan.parts[index]
    is_last = index == len(plan.parts) - 1
    if action == "next":
        missing = [key for key in part.keys if key not in answers]
        if missing:
            return _show_missing(request, assessment, plan, answers, missing, index)
        if not is_last:
            return redirect(_section_url(assessment, plan.parts[index + 1].key))
    # Finish (or Next on the last part): every main statement first, then the follow-up
    # part, which asks for all of its own before a result.
    missing = plan.unanswered(answers, follow_up=False)
    if not missing and part.is_follow_up:
        missing = plan.unanswered(answers, follow_up=True)
    if missing:
        return _show_missing(request, assessment, plan, answers, missing, index)
    return _submit(request, assessment)


def _show_missing(
    request, assessment: Assessment, plan: QuizPlan, answers, missing: list[str], index: int
) -> HttpResponse:
    """Not an error: what was answered is saved, and the page says what is still open."""
    form = QuizForm(plan.spec, saved=answers, missing=missing, asked=plan.asked)
    return _render_section(request, assessment, form, plan, index)


def _submit(request, assessment: Assessment) -> HttpResponse:
    """Store the result, unless scoring still asks for follow-up statements: then the
    person is taken to them (the first time, or when a second tab changed the answers)."""
    try:
        services.submit_assessment(assessment)
    except services.FollowUpPending:
        return redirect("assessments:resume", pk=assessment.pk)
    if assessment.shared_with_manager:
        messages.info(
            request,
            f"{request.user.manager} can see this result, because you chose to keep them "
            "up to date. Your answers stay private.",
        )
    return redirect("assessments:result", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
def discard(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Throw away an unfinished assessment and its answers: a confirmation page (GET), then
    the deletion (POST). Only its respondent may, and never once it is submitted."""
    assessment = get_object_or_404(
        Assessment.objects.answerable_by(request.user).select_related("version", "subject"),
        pk=pk,
    )
    if request.method == "GET":
        answered = services.answers_of(assessment)
        plan = plan_quiz(assessment.version.to_spec(), answered)
        return render(
            request,
            "assessments/quiz_discard.html",
            {
                "assessment": assessment,
                "progress": plan.progress(answered),
                "is_observer": not assessment.is_self_view,
                "nav_current": _nav_item(assessment),
            },
        )
    # The status is part of the DELETE itself: a submission that wins the race keeps its
    # answers and result, and this request gets the same 404 as any stranger.
    deleted, _ = Assessment.objects.answerable_by(request.user).filter(pk=assessment.pk).delete()
    if not deleted:
        raise Http404("No unfinished assessment to discard.")
    if not assessment.is_self_view:
        subject = assessment.subject
        messages.success(request, f"Your unfinished view of {subject} is discarded.")
        return redirect("team_member", username=subject.username)
    messages.success(
        request,
        "Your unfinished questionnaire and its answers are discarded. "
        "Earlier results are kept; start again whenever you like.",
    )
    return redirect("home")
