"""The read-only JSON API at /api/ (django-ninja): my results, my team's shared results,
and org insight. Its OpenAPI schema at /api/openapi.json is a contract.

Authentication: the session (a signed-in browser) or a personal access token sent as
``Authorization: Bearer …`` (careers/token_views.py). Without either the answer is 401 JSON.
Every endpoint reads through the same QuerySets and rules as the pages, so it shows no more
than the pages: a result that is not yours is a 404, a team is the caller's direct reports
and their shared results only, and insight keeps to groups of five or more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer, SessionAuth

from assessments.models import AccessEvent, Result
from careers import insights, reports
from careers.insight_views import insight_for
from careers.models import AccessToken, User


class TokenAuth(HttpBearer):
    """A personal access token; the caller is the person who made it."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return AccessToken.objects.person_for(token)


api = NinjaAPI(
    title="CareerPath API",
    version="1",
    description=(
        "Read-only. Sign in with your browser session, or send a personal access token "
        "(made on /me/tokens/) as `Authorization: Bearer <token>`."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Scales(Schema):
    builder: float
    people: float
    product: float


class ResultOut(Schema):
    id: UUID
    created_at: datetime
    outcome: str
    outcome_label: str
    strength: str | None
    confidence: float | None
    scales: Scales | None
    shared_with_manager: bool


class TeamResultOut(Schema):
    username: str
    name: str
    level: str | None
    result: ResultOut


class CountOut(Schema):
    outcome: str
    label: str
    count: int


class GroupOut(Schema):
    label: str
    people: int
    counts: list[CountOut]


class TableOut(Schema):
    rows: list[GroupOut]
    groups_not_shown: int


class InsightOut(Schema):
    whole_organisation: bool
    minimum_group: int
    people_counted: int | None
    levels: TableOut
    branches: TableOut
    teams: TableOut
    quarters: TableOut
    building_drawn_to_leading: TableOut
    leading_drawn_to_building: TableOut


class Problem(Schema):
    detail: str


def _caller(request: HttpRequest) -> User:
    return request.auth  # the person behind the token or the session


def _result_out(result: Result) -> dict[str, Any]:
    scales = result.score.scales
    outcome = insights.Outcome(result.outcome)
    return {
        "id": result.assessment_id,
        "created_at": result.created_at,
        "outcome": outcome.value,
        "outcome_label": outcome.label,
        "strength": result.strength or None,
        "confidence": result.confidence,
        "scales": scales.model_dump(include={"builder", "people", "product"}) if scales else None,
        "shared_with_manager": result.assessment.shared_with_manager,
    }


def _my_results(person: User):
    return (
        Result.objects.visible_to(person)
        .about(person)
        .self_views()
        .select_related("assessment")
        .latest_first()
    )


@api.get("/me/results", response=list[ResultOut], summary="My results, newest first")
def my_results(request: HttpRequest) -> list[dict[str, Any]]:
    return [_result_out(result) for result in _my_results(_caller(request))]


@api.get(
    "/me/results/{result_id}",
    response={200: ResultOut, 404: Problem},
    summary="One of my results",
)
def my_result(request: HttpRequest, result_id: UUID) -> dict[str, Any]:
    return _result_out(get_object_or_404(_my_results(_caller(request)), assessment_id=result_id))


@api.get(
    "/team/results",
    response=list[TeamResultOut],
    summary="My direct reports' latest shared results (empty without reports)",
)
def team_results(request: HttpRequest) -> list[dict[str, Any]]:
    manager = _caller(request)
    members = [member for member in reports.team_of(manager) if member.result is not None]
    AccessEvent.record_views(
        manager, [member.result for member in members], detail="Read through the API"
    )
    return [
        {
            "username": member.person.username,
            "name": str(member.person),
            "level": member.person.level.title if member.person.level else None,
            "result": _result_out(member.result),
        }
        for member in members
    ]


def _table(table: insights.MixTable) -> dict[str, Any]:
    return {
        "rows": [
            {
                "label": row.label,
                "people": row.total,
                "counts": [
                    {"outcome": cell.key, "label": cell.label, "count": cell.count}
                    for cell in row.cells
                ],
            }
            for row in table.rows
        ],
        "groups_not_shown": table.hidden_groups,
    }


@api.get(
    "/insights",
    response={200: InsightOut, 404: Problem},
    summary="Org insight: shared results in groups of five or more",
)
def org_insight(request: HttpRequest) -> dict[str, Any]:
    insight, whole_org = insight_for(_caller(request))
    return {
        "whole_organisation": whole_org,
        "minimum_group": insights.MIN_GROUP,
        "people_counted": insight.counted if insight.enough else None,
        "levels": _table(insight.levels),
        "branches": _table(insight.branches),
        "teams": _table(insight.teams),
        "quarters": _table(insight.trend),
        "building_drawn_to_leading": _table(insight.pipeline.future_leaders),
        "leading_drawn_to_building": _table(insight.pipeline.builders_leading),
    }


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def urls() -> tuple[list, str, str]:
    """The API's URL patterns, open to the API's own authentication: the site's sign-in
    redirect would send a program to an HTML page instead of a 401."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name in ("openapi-json", "openapi-view"):  # ninja's answer any method
            pattern.callback = require_GET(pattern.callback)
        login_not_required(pattern.callback)
    return patterns, app_name, namespace
