"""Org insight: the page and its CSV export.

Who sees what is decided by ``insight_scope``: holders of ``assessments.view_org_insights``
see the whole organisation; someone who manages managers sees the people below them; anyone
else gets a 404. The numbers themselves come from the pure careers/insights.py, which never
shows a group or a cell under five people. Two queries read the rows, whatever the size of
the organisation.

The page shows aggregates only, never a person's result, so reading it is not written to
anyone's access log (docs/privacy.md).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.charts import MixChart, mix_bars
from assessments.models import Result
from careers import insights
from careers.insights import Insight, MixTable
from careers.models import User
from core.spreadsheet import csv_text

INSIGHT_PERMISSION = "assessments.view_org_insights"


def people_rows() -> list[insights.Person]:
    """Every active person, as the pure module's rows (one query)."""
    rows = User.objects.filter(is_active=True).values_list(
        "pk", "manager_id", "first_name", "last_name", "username", "level__title",
        "level__track__kind",
    )  # fmt: skip
    return [
        insights.Person(
            id=pk,
            manager_id=manager_id,
            name=f"{first} {last}".strip() or username,
            level=level or "",
            branch=branch or "",
        )
        for pk, manager_id, first, last, username, level, branch in rows
    ]


def shared_result_rows(scope: set[int] | None) -> list[insights.SharedResult]:
    """Every shared result of the people in ``scope`` (None: everyone), one query."""
    results = Result.objects.shared()
    if scope is not None:
        results = results.filter(assessment__subject_id__in=scope)
    rows = results.values_list("assessment__subject_id", "outcome", "created_at")
    return [
        insights.SharedResult(person_id, insights.Outcome(outcome), timezone.localdate(created))
        for person_id, outcome, created in rows
    ]


def insight_scope(user: User, people: list[insights.Person]) -> set[int] | None:
    """The people ``user`` may see insight about (None: the whole organisation).

    Http404 for someone who holds neither the permission nor a team of managers.
    """
    if user.has_perm(INSIGHT_PERMISSION):
        return None
    if insights.manages_managers(people, user.pk):
        return insights.subtree(people, user.pk)
    raise Http404("No insight for you here.")


def insight_for(user: User) -> tuple[Insight, bool]:
    """The insight ``user`` may read, and whether it covers the whole organisation."""
    people = people_rows()
    scope = insight_scope(user, people)
    return insights.gather(people, shared_result_rows(scope), scope), scope is None


def chart_of(table: MixTable) -> MixChart:
    return mix_bars(
        [
            (row.label, row.total, [(cell.key, cell.label, cell.count) for cell in row.cells])
            for row in table.rows
        ]
    )


@require_GET
def insights_page(request: HttpRequest) -> HttpResponse:
    insight, whole_org = insight_for(request.user)
    sections = [
        ("levels", "By level", insight.levels, "people at each level"),
        ("branches", "By branch of the ladder", insight.branches, "people on each branch"),
        ("teams", "By team", insight.teams, "each manager's direct reports"),
        ("trend", "Over time", insight.trend, "results shared in each quarter"),
    ]
    pipeline = [
        (
            "future-leaders",
            "Building today, drawn to leading people",
            insight.pipeline.future_leaders,
            "People before the fork or on the individual contributor path whose latest "
            "reading leans toward people leadership.",
        ),
        (
            "builders-leading",
            "Leading people today, drawn to building",
            insight.pipeline.builders_leading,
            "People in people-leading or hybrid roles whose latest reading leans toward "
            "building products.",
        ),
    ]
    context = {
        "insight": insight,
        "whole_org": whole_org,
        "minimum": insights.MIN_GROUP,
        "outcomes": insights.OUTCOMES,
        "sections": [
            (key, title, table, chart_of(table), about) for key, title, table, about in sections
        ],
        "pipeline": [
            (key, title, table, chart_of(table), about) for key, title, table, about in pipeline
        ],
    }
    return render(request, "careers/insights.html", context)


EXPORT_HEADER = [
    "table",
    "group",
    "people",
    *(outcome.label for outcome in insights.OUTCOMES),
    "Other readings",
]


@require_GET
def insights_export(request: HttpRequest) -> HttpResponse:
    """The insight tables as CSV: aggregated rows only, under the page's suppression. A
    blank cell is a count that is not shown (under five, or merged into "Other readings")."""
    insight, _ = insight_for(request.user)
    tables = [
        ("level", insight.levels),
        ("branch", insight.branches),
        ("team", insight.teams),
        ("quarter", insight.trend),
        ("building, drawn to leading people", insight.pipeline.future_leaders),
        ("leading people, drawn to building", insight.pipeline.builders_leading),
    ]
    keys = [outcome.value for outcome in insights.OUTCOMES] + [insights.OTHER_READINGS]
    rows = [
        [name, row.label, row.total, *(row.count(key) for key in keys)]
        for name, table in tables
        for row in table.rows
    ]
    response = HttpResponse(csv_text(EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="careerpath-insight-{stamp}.csv"'
    return response
