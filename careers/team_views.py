"""The manager's pages (dashboard, one report, a shared result, the private note, the
manager's own view).

Every team view finds the person through ``User.objects.reports_of(request.user)`` and
results through ``Result.objects.shared_with(request.user)``, so anyone who is not the
person's manager right now gets the same 404 as for a username that does not exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from assessments.charts import MapPoint, Regions, team_map
from assessments.models import AccessEvent, Result
from assessments.quiz_parts import main_progress
from assessments.readouts import Readout, read_result
from assessments.scoring import Outcome
from assessments.services import (
    OBSERVER_QUESTIONNAIRE,
    QuestionnaireUnavailable,
    start_or_resume,
)
from careers import reports, team_markup
from careers.alerts import alerts_for
from careers.comparison import compare
from careers.forms import NoteForm
from careers.models import ManagerNote, User
from core.http import HtmxHttpRequest
from core.kept import Kept
from core.prepared import Prepared
from core.spreadsheet import csv_text


def _first_name(person: User) -> str:
    return person.first_name or person.username


def _report(request: HttpRequest, username: str) -> User:
    return get_object_or_404(
        User.objects.reports_of(request.user).select_related("level__track"), username=username
    )


# ---- the dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class DrawnMap:
    svg: SafeString  # careers/_team_map.html, rendered
    points: tuple[MapPoint, ...]  # laid out, in the order of the map's table


# Each distinct map drawn, in process memory (see core/kept.py).
_maps: Kept[DrawnMap] = Kept(limit=1000)


def draw_team_map(
    points: tuple[MapPoint, ...], regions: Regions, map_id: str, map_title: str = ""
) -> DrawnMap:
    """The team map of ``points``, laid out and drawn. The arguments are every input of the
    drawing (names, scores, links, regions), so each distinct map is drawn once per process
    and kept under them: a changed result, name or withdrawal is another key, never a stale
    map."""

    def draw() -> DrawnMap:
        laid_out = team_map(list(points), regions)
        context = {"chart": laid_out.chart, "points": laid_out.points, "map_id": map_id}
        if map_title:
            context["map_title"] = map_title
        svg = render_to_string("careers/_team_map.html", context)
        return DrawnMap(svg, tuple(laid_out.points))

    return _maps.get((points, regions, map_id, map_title), draw)


# A shared result's reading as its person's manager reads it (careers/_reading.html), drawn
# once per process for each result, placement and headline. A result is a snapshot: its score
# never changes and its placement only when a level is recorded, which is in the key, as is
# the headline with the person's first name. Keyed by the assessment's random UUID, never
# used twice; asked for only after ``shared_with`` let the manager see that very result.
_readings: Kept[SafeString] = Kept(limit=2000)


def draw_reading(result: Result, headline: str, readout: Readout | None = None) -> SafeString:
    """``careers/_reading.html`` for ``result`` (``readout`` spares reading it again)."""

    def draw() -> SafeString:
        context = {
            "result": result,
            "readout": readout or read_result(result),
            "headline": headline,
            "flag_titles": reports.FLAG_TITLES,
        }
        return mark_safe(render_to_string("careers/_reading.html", context))  # noqa: S308

    placed = json.dumps(result.placement, sort_keys=True)
    return _readings.get((result.assessment_id, placed, headline), draw)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    members = reports.team_of(request.user)
    shared = [member for member in members if member.result is not None]
    points = (
        MapPoint.from_result(
            member.result.score,
            label=_first_name(member.person),
            href=member.href,
        )
        for member in shared
    )
    regions = Regions.first_of((m.result.score, m.result.snapshot) for m in shared)
    alerted = [member for member in members if member.alerts]
    drawn = draw_team_map(tuple(point for point in points if point), regions, "team-map")
    context = {
        "members": members,
        "team_rows": team_markup.team_rows(members),
        "alerted": alerted,
        "alert_cards": team_markup.team_alerts(alerted),
        "team_map": drawn,
        "map_rows": team_markup.map_rows(drawn.points),
        "shared_count": len(shared),
    }
    return render(request, "careers/team.html", context)


TEAM_EXPORT_HEADER = [
    "name",
    "username",
    "level",
    "latest shared outcome",
    "strength",
    "building products",
    "building people",
    "product leadership",
    "shared result date",
]


@require_GET
def export_team(request: HttpRequest) -> HttpResponse:
    """The team as CSV: each report who shared a result, with that latest shared result.

    Reports who shared nothing are left out; each exported result is logged as read."""
    members = [member for member in reports.team_of(request.user) if member.result is not None]
    rows = []
    for member in members:
        person, result = member.person, member.result
        scales = result.score.scales
        rows.append(
            [
                str(person),
                person.username,
                person.level.title if person.level else "",
                member.outcome.label,
                result.strength,
                *((round(scales.builder), round(scales.people), round(scales.product))
                  if scales else ("", "", "")),
                timezone.localdate(result.created_at).isoformat(),
            ]
        )  # fmt: skip
    AccessEvent.record_views(
        request.user,
        [member.result for member in members],
        detail="Included in the team export (CSV)",
    )
    response = HttpResponse(
        csv_text(TEAM_EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="careerpath-team-{stamp}.csv"'
    return response


# ---- one report -----------------------------------------------------------------------


# The manager's note about one report, compiled once (core/prepared.py).
_note = Prepared(
    lambda author, subject: (
        ManagerNote.objects.written_by(author).filter(subject=subject).order_by("pk")[:1]
    ),
    int,
    int,
)


def _member_context(request: HttpRequest, username: str, **note: Any) -> dict[str, Any]:
    report = reports.one_report(request.user, username)
    if report is None:
        raise Http404("No one by that name reports to you.")
    member, latest, latest_view = report.member, report.latest, report.latest_view
    person = member.person
    unfinished = report.unfinished_view
    comparison = None
    if latest is not None and latest_view is not None and latest.score.dimensions:
        comparison = compare(
            latest.snapshot.dimensions,
            latest.score,
            latest_view.score,
            first_name=_first_name(person),
        )
    if "note_form" not in note:
        saved = _note.one(request.user.pk, person.pk)
        note = {"note": saved, "note_form": NoteForm(instance=saved)}
    return {
        "member": member,
        "alert_cards": team_markup.alert_cards(member.alerts),
        "person": person,
        "first_name": _first_name(person),
        "history": report.history,
        "latest": latest,
        "reading": draw_reading(
            latest,
            reports.manager_headline(
                _first_name(person), Outcome(latest.outcome), latest.strength or None
            ),
        )
        if latest
        else "",
        "unfinished_view": unfinished,
        "unfinished_progress": (
            main_progress(unfinished.version.to_spec(), unfinished.answer_count)
            if unfinished
            else None
        ),
        "latest_view": latest_view,
        "comparison": comparison,
        **note,
    }


@require_GET
def member(request: HttpRequest, username: str) -> HttpResponse:
    context = _member_context(request, username)
    if context["latest"] is not None:  # the page shows the latest shared result
        AccessEvent.record_view(request.user, context["latest"])
    return render(request, "careers/team_member.html", context)


@require_GET
def shared_result(request: HttpRequest, username: str, pk: str) -> HttpResponse:
    """One result a report shared, and its answers if they chose to share those too."""
    person = _report(request, username)
    result = get_object_or_404(
        Result.objects.shared_with(request.user)
        .about(person)
        .select_related("assessment__version"),
        assessment_id=pk,
    )
    shows_answers = result.assessment.answers_shared_with_manager
    AccessEvent.record_view(request.user, result, answers=shows_answers)
    readout = read_result(result)
    point = MapPoint.from_result(result.score, label=_first_name(person))
    alerts = alerts_for(reports.level_facts(person), result.score)
    context = {
        "person": person,
        "first_name": _first_name(person),
        "result": result,
        "readout": readout,
        "team_map": draw_team_map(
            (point,),
            Regions.first_of([(result.score, result.snapshot)]),
            "result-map",
            "Where this result sits",
        )
        if point
        else None,
        "reading": draw_reading(
            result,
            reports.manager_headline(_first_name(person), readout.outcome, readout.strength),
            readout,
        ),
        "alerts": alerts,
        "alert_cards": team_markup.alert_cards(alerts, heading="h2"),
        "shows_answers": shows_answers,
        "answers": reports.answer_lines(result) if shows_answers else [],
    }
    return render(request, "careers/team_result.html", context)


@require_POST
def save_note(request: HtmxHttpRequest, username: str) -> HttpResponse:
    """Save the manager's private note; the htmx form gets its fragment back.

    Saving an empty note over a written one deletes nothing: the form asks again, and only
    its "Delete note" button (``delete=yes``) deletes the note."""
    person = _report(request, username)
    saved = ManagerNote.objects.written_by(request.user).filter(subject=person).first()
    if request.POST.get("delete") == "yes" and saved:
        saved.delete()
        if request.htmx:
            context = {"person": person, "note": None, "note_form": NoteForm()}
            context["note_deleted"] = True
            return render(request, "careers/team_member.html#note", context)
        messages.success(request, "Your note is deleted.")
        return redirect(reverse("team_member", args=[person.username]) + "#note")
    written = saved.text if saved else ""
    form = NoteForm(request.POST, instance=saved)
    if form.is_valid() and written and not form.cleaned_data["text"].strip():
        form.add_error(
            "text",
            "An empty note would delete the one you wrote. Write something, or delete the note.",
        )
    if form.is_valid():
        note = form.save(commit=False)
        note.author, note.subject = request.user, person
        note.save()
        if request.htmx:
            context = {"person": person, "note": note, "note_form": NoteForm(instance=note)}
            return render(request, "careers/team_member.html#note", {**context, "note_saved": True})
        messages.success(request, "Your note is saved. Only you can read it.")
        return redirect(reverse("team_member", args=[person.username]) + "#note")
    if saved:
        saved.text = written  # validating the form wrote the rejected text onto it
    if request.htmx:
        context = {"person": person, "note": saved, "note_form": form}
        return render(request, "careers/team_member.html#note", context)
    context = _member_context(request, username, note=saved, note_form=form)
    return render(request, "careers/team_member.html", context, status=400)


@require_POST
def start_view(request: HttpRequest, username: str) -> HttpResponse:
    """Start (or resume) the manager's own view of a report, in the quiz's own pages."""
    person = _report(request, username)
    try:
        assessment = start_or_resume(request.user, person, OBSERVER_QUESTIONNAIRE)
    except QuestionnaireUnavailable:
        messages.error(
            request,
            "The manager's questionnaire isn't set up yet. Please ask an admin to load the "
            "defaults.",
        )
        return redirect("team_member", username=person.username)
    return redirect(reports.quiz_url(assessment))
