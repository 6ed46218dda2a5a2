"""The quiz: start or resume an assessment, answer it part by part, discard it.

Every view finds its assessment through ``Assessment.objects.given_by`` (or
``answerable_by``), so a stranger gets a 404 and learns nothing. The quiz works as plain
forms; htmx only saves each answer sooner.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import services
from assessments.forms import QuizForm
from assessments.models import Assessment
from assessments.specs import QuestionnaireSpec
from core.http import HtmxHttpRequest

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


def _assessment_for(request: HtmxHttpRequest, pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.given_by(request.user).select_related("version"), pk=pk
    )


@require_GET
def resume(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Open the first section that still has an unanswered statement."""
    assessment = _assessment_for(request, pk)
    if not assessment.is_open:
        return redirect("assessments:result", pk=assessment.pk)
    spec = assessment.version.to_spec()
    answered = set(services.answers_of(assessment))
    for section in spec.sections:
        if any(item.key not in answered for item in spec.items_in_section(section.key)):
            return redirect("assessments:section", pk=assessment.pk, section=section.key)
    return redirect("assessments:section", pk=assessment.pk, section=spec.sections[-1].key)


# ---- the quiz -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def section(request: HtmxHttpRequest, pk, section: str) -> HttpResponse:
    """One section of the quiz: the page (GET), one autosaved answer (htmx POST), or the
    whole section's form (plain POST, then on to the next or previous section)."""
    assessment = _assessment_for(request, pk)
    spec = assessment.version.to_spec()
    index = _section_index(spec, section)
    if not assessment.is_open:
        return _closed(request, assessment)
    if request.method == "GET":
        form = QuizForm(spec, saved=services.answers_of(assessment))
        return _render_section(request, assessment, form, index)
    if request.htmx:
        return _save_one(request, assessment, QuizForm(spec, request.POST), section)
    return _save_section(request, assessment, spec, index)


def _section_index(spec: QuestionnaireSpec, section_key: str) -> int:
    for index, section in enumerate(spec.sections):
        if section.key == section_key:
            return index
    raise Http404("No such section in this questionnaire.")


def _section_url(assessment: Assessment, section_key: str) -> str:
    return reverse("assessments:section", kwargs={"pk": assessment.pk, "section": section_key})


def _render_section(
    request, assessment: Assessment, form: QuizForm, index: int, *, status: int = 200
) -> HttpResponse:
    spec = form.spec
    section = spec.sections[index]
    context = {
        "assessment": assessment,
        "section": section,
        "section_number": index + 1,
        "section_count": len(spec.sections),
        "is_first": index == 0,
        "is_last": index == len(spec.sections) - 1,
        "statements": form.statements_in(section.key),
        "progress": _progress(len(form.saved), len(spec.items)),
        "parts": _parts(assessment, spec, form.saved, section.key),
        "missing_summary": form.missing_statements(section.key),
        "problems": form.problems() if form.is_bound else [],
        "section_url": _section_url(assessment, section.key),
        "is_observer": not assessment.is_self_view,
        "nav_current": _nav_item(assessment),
    }
    return render(request, "assessments/quiz_section.html", context, status=status)


def _progress(answered: int, total: int) -> dict[str, int]:
    return {
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
    }


def _parts(
    assessment: Assessment, spec: QuestionnaireSpec, answered: Collection[str], current: str
) -> list[dict[str, Any]]:
    """The overview of every section: answered of total, a link, which one is open."""
    parts = []
    for number, part in enumerate(spec.sections, start=1):
        keys = [item.key for item in spec.items_in_section(part.key)]
        done = sum(key in answered for key in keys)
        parts.append(
            {
                "number": number,
                "title": part.title,
                "url": _section_url(assessment, part.key),
                "answered": done,
                "total": len(keys),
                "is_complete": done == len(keys),
                "is_current": part.key == current,
            }
        )
    return parts


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
    request: HtmxHttpRequest, assessment: Assessment, form: QuizForm, current: str
) -> HttpResponse:
    """An answer saved the moment it is given; returns the item's "Saved" mark and, out of
    band, the refreshed progress bar and part overview (``current`` is the open section).
    Errors are short plain text for the retry line."""
    if not form.is_valid():
        return _plain("; ".join(form.problems()), 400)
    if not form.answers:
        return _plain("Nothing to save: choose an answer first.", 400)
    try:
        services.save_answers(assessment, form.answers)
    except services.AssessmentClosed:
        return _closed(request, assessment)
    answered = services.answers_of(assessment)
    return render(
        request,
        "assessments/quiz_section.html#saved",
        {
            "progress": _progress(len(answered), len(form.spec.items)),
            "parts": _parts(assessment, form.spec, answered, current),
            "oob": True,
        },
    )


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _save_section(
    request, assessment: Assessment, spec: QuestionnaireSpec, index: int
) -> HttpResponse:
    action = request.POST.get("action", "next")
    if action not in ACTIONS:
        action = "next"
    form = QuizForm(spec, request.POST, saved=services.answers_of(assessment))
    if not form.is_valid():
        # Nothing was stored: the whole section is saved or none of it is.
        return _render_section(request, assessment, form, index, status=400)
    try:
        services.save_answers(assessment, form.answers)
    except services.AssessmentClosed:
        return _closed(request, assessment)

    answers = services.answers_of(assessment)
    if action == "later":
        messages.success(
            request,
            f"Your answers are saved ({len(answers)} of {len(spec.items)}). Pick up where "
            "you left off any time, on any device.",
        )
        if not assessment.is_self_view:  # a manager's view of a report: back to their page
            return redirect("team_member", username=assessment.subject.username)
        return redirect("home")
    if action == "back":
        return redirect(_section_url(assessment, spec.sections[max(index - 1, 0)].key))

    asked = spec.items if action == "finish" else spec.items_in_section(spec.sections[index].key)
    missing = [item.key for item in asked if item.key not in answers]
    if missing:
        # Not an error: what was answered is saved, and the page says what is still open.
        form = QuizForm(spec, saved=answers, missing=missing)
        return _render_section(request, assessment, form, index)
    if action == "finish" or index == len(spec.sections) - 1:
        services.submit_assessment(assessment)
        if assessment.shared_with_manager:
            messages.info(
                request,
                f"{request.user.manager} can see this result, because you chose to keep them "
                "up to date. Your answers stay private.",
            )
        return redirect("assessments:result", pk=assessment.pk)
    return redirect(_section_url(assessment, spec.sections[index + 1].key))


@require_http_methods(["GET", "POST"])
def discard(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Throw away an unfinished assessment and its answers: a confirmation page (GET), then
    the deletion (POST). Only its respondent may, and never once it is submitted."""
    assessment = get_object_or_404(
        Assessment.objects.answerable_by(request.user).select_related("version", "subject"),
        pk=pk,
    )
    if request.method == "GET":
        spec = assessment.version.to_spec()
        answered = services.answers_of(assessment)
        return render(
            request,
            "assessments/quiz_discard.html",
            {
                "assessment": assessment,
                "progress": _progress(len(answered), len(spec.items)),
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
