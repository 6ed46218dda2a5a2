"""A person's results and what they do with them: the result page, their level, the history,
sharing with their manager, who has seen what, and their own data.

Every view finds its object through a QuerySet that already encodes who may see it
(``Result.objects.visible_to``, ``.about``, ``.self_views``), so a stranger gets a 404 and
learns nothing.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Q, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments import guidance, pdf, personal_data, services
from assessments.forms import LevelForm, SharingForm
from assessments.history import long_date, read_history
from assessments.models import AccessEvent, Assessment, Result, SharingPreference
from assessments.readouts import Readout, read_result
from assessments.scoring import Outcome
from core.http import HtmxHttpRequest
from core.kept import Kept
from core.prepared import Prepared
from ladders.models import Level

# ---- results --------------------------------------------------------------------------


# The result pages' queries, compiled once (core/prepared.py); who may see what is still
# decided by the QuerySet methods they are built from.
_visible_result = Prepared(
    lambda pk, user: Result.objects.visible_to(user).with_sharing_state().filter(assessment_id=pk),
    uuid.UUID,
    int,
)


def _result_for(request: HtmxHttpRequest, pk) -> Result:
    """The result ``pk`` if the signed-in person may read it (else 404), with what its consent
    panel shows read now (``with_sharing_state``)."""
    found = _visible_result.one(pk, request.user.pk)
    if found is None:
        raise Http404("No result of yours has this address.")
    return found


# A result is a snapshot: its score and questionnaire never change, and its placement changes
# only when the person records their level. So its readout is made once per process and
# placement, and so is the markup of the page's parts that read nothing else (see
# _kept_parts). Keyed by the assessment's random UUID, never used twice.
_readouts: Kept[Readout] = Kept(limit=2000)
_parts: Kept[dict[str, str]] = Kept(limit=2000)


def _kept_parts(
    result: Result, readout: Readout, placed: str, *, is_subject: bool, board: list
) -> dict[str, str]:
    """The result page's parts that show only the stored result and its placement, by the
    name of their partial in result.html: the heading, the picture and reasons, the ladder
    steps (when the result has a level), the experiments with the board or the opener, and the
    closing lines. The key holds the two facts of the request they also show: whether the
    plan link is offered and whether the personal board (a fixed text per outcome) is."""

    def render_parts() -> dict[str, str]:
        context = {"result": result, "readout": readout, "is_subject": is_subject, "board": board}
        names = ["hero", "meta"]
        if readout.outcome != Outcome.WITHHELD:
            names += ["analysis", "guidance"]
            if readout.current_level is not None:
                names.append("ladder")
        return {
            name: mark_safe(  # noqa: S308 - rendered by our own template
                render_to_string(f"assessments/result.html#{name}", context)
            )
            for name in names
        }

    return _parts.get((result.assessment_id, placed, is_subject, bool(board)), render_parts)


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
    placed = json.dumps(result.placement, sort_keys=True)
    readout = _readouts.get((result.assessment_id, placed), lambda: read_result(result))
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
    board = (
        guidance.personal_board(readout.outcome)
        if is_subject and not request.user.manager_id
        else []
    )
    parts = _kept_parts(result, readout, placed, is_subject=is_subject, board=board)
    return render(
        request,
        "assessments/result.html",
        {
            "result": result,
            "readout": readout,
            "parts": parts,
            # The kept ladder steps, unless this answer to the level form says it was refused.
            "ladder": None if level_refused else parts.get("ladder"),
            "level_form": level_form if asks_level else None,
            # A result scored before the level was recorded: say what is on record instead.
            "level_on_record": request.user.level
            if is_subject and request.user.level_id and readout.current_level is None
            else None,
            "level_refused": level_refused,
            "older_shared": older_shared(result, request.user) if is_subject else None,
            "manager": result.assessment.subject.manager,
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


@require_GET
def result_pdf(request: HtmxHttpRequest, pk) -> HttpResponse:
    """The result as a PDF, under the result page's own rule: whoever may open the page
    (``visible_to``), and a view by anyone but the person is logged the same way."""
    found = _result_for(request, pk)
    AccessEvent.record_view(request.user, found, detail="Downloaded as PDF")
    html = render(
        request,
        "assessments/result_pdf.html",
        {
            "result": found,
            "readout": read_result(found),
            "is_subject": found.assessment.subject_id == request.user.pk,
        },
    ).content.decode()
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    stamp = found.created_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="careerpath-result-{stamp}.pdf"'
    return response


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
    past = read_history(results)
    return render(
        request,
        "assessments/results.html",
        {
            "rows": past.rows,
            "chart": past.chart,
            "change": past.change,
            "manager_notice": personal_data.manager_notice(request.user),
            "keep_updated": SharingPreference.objects.keeps_manager_updated(request.user.pk),
        },
    )


# ---- the person's consent -------------------------------------------------------------


def sharing_context(result: Result, **extra: Any) -> dict[str, Any]:
    """What the consent panel on a result needs (``{% sharing_panel %}`` and the view below),
    from a result loaded ``with_sharing_state`` in this request."""
    return {
        "sharing_result": result,
        "sharing_manager": result.assessment.subject.manager,
        "keep_updated": result.keeps_manager_updated,
        "keep_updated_next": reverse("assessments:result", kwargs={"pk": result.assessment_id})
        + "#sharing",
        **extra,
    }


def _at(pk):
    return Result.objects.filter(assessment_id=pk).values("created_at")


# The newest of "any newer result" and "an older shared one" of a person, around result pk.
_nearest_to = Prepared(
    lambda person, pk: (
        Result.objects.visible_to(person)
        .about(person)
        .self_views()
        .filter(
            Q(created_at__gt=Subquery(_at(pk)))
            | Q(assessment__shared_with_manager=True, created_at__lt=Subquery(_at(pk)))
        )
        .latest_first()[:1]
    ),
    int,
    uuid.UUID,
)


def older_shared(result: Result, person: Any) -> Result | None:
    """The older result a manager still reads while this one, the person's newest, is
    private (None when there is no manager, this one is shared, or a newer one exists)."""
    if not person.manager_id or result.assessment.shared_with_manager:
        return None
    # One query: a newer one first in line means this is not the person's newest, so there
    # is nothing to say.
    nearest = _nearest_to.one(person.pk, result.assessment_id)
    return nearest if nearest is not None and nearest.created_at < result.created_at else None


NO_MANAGER_REFUSAL = (
    "You don't have a manager on CareerPath yet, so there is no one to share with. Sharing "
    "will apply when a manager is added, and it starts switched off."
)


def _own_self_view(request: HtmxHttpRequest, pk) -> Result:
    """A result the person gave about themselves: the only ones they share or delete."""
    return get_object_or_404(
        Result.objects.visible_to(request.user)
        .about(request.user)
        .self_views()
        .with_sharing_state(),
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
    manager = result.assessment.subject.manager
    if manager is None and share_result:
        # Nobody to share with: the switch stays off rather than waiting, switched on, for
        # whoever an admin makes the manager later.
        share_result = share_answers = False
        refused = True
    else:
        refused = False
    result.assessment.set_sharing(result=share_result, answers=share_answers, by=request.user)
    if refused:
        message = NO_MANAGER_REFUSAL
    elif not share_result and form.data.get("share_answers"):
        message = "Your answers can only be shared together with the result. Nothing is shared."
    elif not share_result:
        message = "This result is private. Only you can see it."
    elif share_answers:
        message = f"{manager} can now see this result and your answers."
    else:
        message = f"{manager} can now see this result, but not your answers."
    if request.htmx:
        context = sharing_context(result, sharing_message=message)
        return render(request, "assessments/_sharing.html", context)
    (messages.error if refused else messages.success)(request, message)
    return redirect(reverse("assessments:result", kwargs={"pk": pk}) + "#sharing")


@require_POST
def keep_manager_updated(request: HtmxHttpRequest) -> HttpResponse:
    """The person's standing choice: share each new result with their manager as soon as it
    is scored. Turning it on shares nothing already scored (each keeps its own switch)."""
    wanted = request.POST.get("keep_manager_updated") == "on"
    back = _safe_next(request, reverse("assessments:results"))
    manager = request.user.manager if request.user.manager_id else None
    if wanted and manager is None:
        messages.error(request, NO_MANAGER_REFUSAL)
        return HttpResponseRedirect(back)
    SharingPreference.choose(request.user.pk, wanted)
    if wanted:
        messages.success(
            request,
            f"{manager} will see each new result as soon as it is scored. Results you already "
            "have keep their own switch, and your answers stay private unless you share them.",
        )
    else:
        messages.success(
            request,
            "New results will stay private until you share them. What is already shared stays "
            "shared until you switch it off.",
        )
    return HttpResponseRedirect(back)


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
    # Not redirect(): it would take a bare word such as "1000" for a view's name.
    return HttpResponseRedirect(_safe_next(request, reverse("home")))


def _safe_next(request: HtmxHttpRequest, default: str) -> str:
    """Back to the page the form was on: a path on this site, or else ``default``."""
    target = request.POST.get("next", "")
    allowed = target.startswith("/") and url_has_allowed_host_and_scheme(
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
        request, f"Your result of {long_date(result.created_at)} and its answers are deleted."
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
