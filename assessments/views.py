"""The quiz and the result pages.

Every view finds its object through a QuerySet that already encodes who may see it
(``Assessment.objects.given_by``, ``Result.objects.visible_to``), so a stranger gets a 404
and learns nothing. The quiz works as plain forms; htmx only saves each answer sooner.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments import charts, personal_data, services
from assessments.forms import LevelForm, QuizForm, SharingForm
from assessments.models import AccessEvent, Assessment, Result
from assessments.readouts import Readout, read_result
from assessments.scoring import Outcome
from assessments.specs import QuestionnaireSpec
from core.http import HtmxHttpRequest
from ladders.models import Level

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
        form = QuizForm(spec, saved=answers, missing=missing)
        return _render_section(request, assessment, form, index, status=400)
    if action == "finish" or index == len(spec.sections) - 1:
        services.submit_assessment(assessment)
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


# ---- results --------------------------------------------------------------------------


def _result_for(request: HtmxHttpRequest, pk) -> Result:
    return get_object_or_404(
        Result.objects.visible_to(request.user).select_related("assessment"),
        assessment_id=pk,
    )


def _level_choices(result: Result, user):
    """The levels of the person's ladder, for the "what is your level?" form."""
    ladder = result.ladder_placement.ladder
    if ladder is not None:
        levels = Level.objects.filter(ladder__slug=ladder.slug)
    else:
        ladder_now = services.ladder_of(user)
        levels = ladder_now.levels.all() if ladder_now else Level.objects.none()
    return levels.order_by("rank", "position", "pk")


def _render_result(
    request, result: Result, *, level_form=None, level_refused: str = "", status=200
) -> HttpResponse:
    readout = read_result(result)
    is_subject = result.assessment.subject_id == request.user.pk
    # A person proposes their level only while none is on record (see services.set_level).
    asks_level = (
        is_subject
        and request.user.level_id is None
        and readout.current_level is None
        and readout.outcome != Outcome.WITHHELD
    )
    if asks_level and level_form is None:
        level_form = LevelForm(levels=_level_choices(result, request.user))
    if not is_subject:
        AccessEvent.record_view(request.user, result)
    return render(
        request,
        "assessments/result.html",
        {
            "result": result,
            "readout": readout,
            "level_form": level_form if asks_level else None,
            # A result scored before the level was recorded: say what is on record instead.
            "level_on_record": request.user.level
            if is_subject and request.user.level_id and readout.current_level is None
            else None,
            "level_refused": level_refused,
        },
        status=status,
    )


@require_GET
def result(request: HtmxHttpRequest, pk) -> HttpResponse:
    try:
        found = _result_for(request, pk)
    except Http404:
        # A manager's own view of a report is read beside the report's shared self view, on
        # the team page; only its respondent, still the manager, gets sent there.
        username = (
            Assessment.objects.given_by(request.user)
            .submitted()
            .exclude(subject=request.user)
            .filter(pk=pk)
            .values_list("subject__username", flat=True)
            .first()
        )
        if username is None:
            raise
        return redirect(reverse("team_member", args=[username]) + "#comparison")
    return _render_result(request, found)


@require_POST
def set_level(request: HtmxHttpRequest, pk) -> HttpResponse:
    """The person proposes their level while none is on record (409 once one is); the
    result this came from is placed on the ladder."""
    result = _result_for(request, pk)
    if result.assessment.subject_id != request.user.pk:
        raise Http404("Only the person themselves can set their level.")
    refused = (
        "Your level is already on record, so it can't be changed here. If it is wrong, ask "
        "an admin to correct it."
    )
    if request.user.level_id is not None:
        return _render_result(request, result, level_refused=refused, status=409)
    form = LevelForm(request.POST, levels=_level_choices(result, request.user))
    if not form.is_valid():
        return _render_result(request, result, level_form=form, status=400)
    level = form.cleaned_data["level"]
    try:
        services.set_level(request.user, level, result)
    except services.LevelOnRecord:
        request.user.refresh_from_db(fields=["level"])
        return _render_result(request, result, level_refused=refused, status=409)
    messages.success(request, f"Thanks. Your level is now {level.title}.")
    url = reverse("assessments:result", kwargs={"pk": result.assessment_id}) + "#ladder"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_GET
def history(request: HtmxHttpRequest) -> HttpResponse:
    """My results: every past result, newest first, and how the two scales moved."""
    results = list(
        Result.objects.visible_to(request.user)
        .about(request.user)
        .self_views()
        .select_related("assessment")
        .latest_first()
    )
    rows = [(result, read_result(result)) for result in results]
    chart = None
    if len(results) >= 2:
        labels = _point_labels([result.created_at for result, _ in reversed(rows)])
        chart = charts.plot_history(
            [
                (label, *_builder_and_people(readout))
                for label, (result, readout) in zip(labels, reversed(rows), strict=True)
            ],
            char_width=CHART_CHAR_WIDTH,
        )
    return render(
        request,
        "assessments/results.html",
        {
            "rows": rows,
            "chart": chart,
            "change": _change(rows),
            "manager_notice": personal_data.manager_notice(request.user),
        },
    )


def _builder_and_people(readout: Readout) -> tuple[float | None, float | None]:
    if readout.scales is None:
        return None, None
    return readout.scales.builder, readout.scales.people


def _change(rows: list) -> dict[str, Any] | None:
    """The latest scored result against the first scored one, for the history page."""
    scored = [(result, readout) for result, readout in rows if readout.scales]
    if len(scored) < 2:
        return None
    now, (first, then) = scored[0][1], scored[-1]

    def delta(scale: str) -> str:
        change = round(getattr(now.scales, scale)) - round(getattr(then.scales, scale))
        return f"{change:+d}" if change else "±0"

    return {
        "since": f"your first result on {_date(first.created_at)}",
        "builder_now": round(now.scales.builder),
        "people_now": round(now.scales.people),
        "builder_delta": delta("builder"),
        "people_delta": delta("people"),
        # Two results of one scale differ by noise alone with an SE of √2 · SEM, which is
        # SE_D when the two scales are equally reliable.
        "noise": round(now.se_d),
    }


def _date(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


# Average width of a label character in the history chart's units, at the phone font size
# (21 units, see assessments.css), so that labels never overlap on either screen.
CHART_CHAR_WIDTH = 11.5


def _point_labels(moments: list) -> list[str]:
    """Short dates for the chart ("3 Mar"), with the year when results span years and the
    time when two results share a day."""
    local = [timezone.localtime(moment) for moment in moments]
    years = {moment.year for moment in local}
    days = [moment.date() for moment in local]
    labels = []
    for moment, day in zip(local, days, strict=True):
        label = f"{moment.day} {moment:%b}"
        if len(years) > 1:
            label += f" {moment:%Y}"
        if days.count(day) > 1:
            label += f" {moment:%H:%M}"
        labels.append(label)
    return labels


# ---- the person's consent -------------------------------------------------------------


def sharing_context(result: Result, person: Any, **extra: Any) -> dict[str, Any]:
    """What the consent panel on a result needs (``{% sharing_panel %}`` and the view below)."""
    assessment = result.assessment
    return {
        "sharing_result": result,
        "sharing_manager": person.manager if person.manager_id else None,
        "sharing_form": SharingForm(
            initial={
                "share_result": assessment.shared_with_manager,
                "share_answers": assessment.answers_shared_with_manager,
            }
        ),
        **extra,
    }


def _own_self_view(request: HtmxHttpRequest, pk) -> Result:
    """A result the person gave about themselves: the only ones they share or delete."""
    return get_object_or_404(
        Result.objects.visible_to(request.user)
        .about(request.user)
        .self_views()
        .select_related("assessment"),
        assessment_id=pk,
    )


@require_POST
def update_sharing(request: HtmxHttpRequest, pk) -> HttpResponse:
    """The person turns sharing of one result (and, separately, its answers) on or off."""
    result = _own_self_view(request, pk)
    form = SharingForm(request.POST)
    form.is_valid()  # two optional checkboxes: always valid; clean() ties them together
    share_result = form.cleaned_data["share_result"]
    share_answers = form.cleaned_data["share_answers"]
    result.assessment.set_sharing(result=share_result, answers=share_answers, by=request.user)
    manager = request.user.manager if request.user.manager_id else None
    if not share_result and form.data.get("share_answers"):
        message = "Your answers can only be shared together with the result. Nothing is shared."
    elif not share_result:
        message = "This result is private. Only you can see it."
    elif manager is None:
        message = "Saved. You have no manager on CareerPath yet, so no one else can see it."
    elif share_answers:
        message = f"{manager} can now see this result and your answers."
    else:
        message = f"{manager} can now see this result, but not your answers."
    if request.htmx:
        context = sharing_context(result, request.user, sharing_message=message)
        return render(request, "assessments/_sharing.html", context)
    messages.success(request, message)
    return redirect(reverse("assessments:result", kwargs={"pk": pk}) + "#sharing")


# ---- the person's own data: who has seen it, download, delete ---------------------------


@require_GET
def access_log(request: HtmxHttpRequest) -> HttpResponse:
    """Who has seen my results: every line of the access log about me, newest first."""
    events = AccessEvent.objects.about(request.user).select_related("result").newest_first()
    return render(request, "assessments/access_log.html", {"events": events})


@require_POST
def dismiss_manager_notice(request: HtmxHttpRequest) -> HttpResponse:
    """The person has read that their manager changed; the notice stops."""
    personal_data.dismiss_manager_notices(request.user)
    return redirect(_safe_next(request, reverse("home")))


def _safe_next(request: HtmxHttpRequest, default: str) -> str:
    """Back to the page the form was on (only within this site)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


@require_GET
def my_data(request: HtmxHttpRequest) -> HttpResponse:
    """Everything stored about me that is mine to read, as a JSON download."""
    data = personal_data.export_person(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="careerpath-{request.user.username}-{stamp}.json"'
    )
    return response


CONFIRM_VALUE = "delete"


@require_http_methods(["GET", "POST"])
def delete_result(request: HtmxHttpRequest, pk) -> HttpResponse:
    """Delete one of my results: a confirmation page (GET), then the deletion (POST)."""
    result = _own_self_view(request, pk)
    context = {"result": result, "readout": read_result(result), "confirm_value": CONFIRM_VALUE}
    if request.method == "GET":
        return render(request, "assessments/delete_result.html", context)
    if request.POST.get("confirm") != CONFIRM_VALUE:
        context["problem"] = "Nothing was deleted: confirm with the button below."
        return render(request, "assessments/delete_result.html", context, status=400)
    personal_data.delete_result(result)
    messages.success(
        request, f"Your result of {_date(result.created_at)} and its answers are deleted."
    )
    return redirect("assessments:results")


@require_http_methods(["GET", "POST"])
def delete_all(request: HtmxHttpRequest) -> HttpResponse:
    """Delete all my results and answers: a confirmation page (GET), then the deletion."""
    holdings = personal_data.holdings_of(request.user)
    context = {"holdings": holdings, "confirm_value": CONFIRM_VALUE}
    if request.method == "GET":
        return render(request, "assessments/delete_all.html", context)
    if request.POST.get("confirm") != CONFIRM_VALUE:
        context["problem"] = "Nothing was deleted: confirm with the button below."
        return render(request, "assessments/delete_all.html", context, status=400)
    personal_data.delete_everything_of(request.user)
    messages.success(request, "All your results and answers are deleted.")
    return redirect("assessments:results")
