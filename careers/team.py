"""A manager's view of their direct reports: what each chose to share, and what to talk about.

Everything here starts from ``User.objects.reports_of(manager)`` (read on every request, so
a change of manager applies at once) and from ``Result.objects.shared_with(manager)``; the
privacy rules themselves live in those QuerySets and are written down in docs/privacy.md.

The dashboard runs a fixed number of queries whatever the team size: one for the reports
(with their status worked out by the database) and one for the shared results.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from assessments.charts import MapChart, plot_map
from assessments.models import Assessment, Result
from careers.alerts import Alert, LevelFacts, alerts_for
from careers.models import User

SELF_QUESTIONNAIRE = "pm-motivators"
OBSERVER_QUESTIONNAIRE = "pm-motivators-observer"

# What a manager may learn about a report who has shared nothing: one of these words.
STATUS_LABELS = {
    "shared": "Shared",
    "not_shared": "Not shared",
    "in_progress": "In progress",
    "not_started": "Not started",
}
OUTCOME_LABELS = {
    "builder": "Builder",
    "people_leader": "People leader",
    "hybrid": "Hybrid",
    "inconclusive": "Too early to call",
    "withheld": "No reading",
}
OUTCOME_BADGES = {"builder": "builder", "people_leader": "people", "hybrid": "hybrid"}
# The soft flags as a manager reads them (the person's own page words them for the person).
FLAG_TITLES = {
    "forced_choice_disagreement": "Their either-or choices tell a slightly different story",
    "long_run": "Many answers in a row were the same",
    "low_spread": "Their answers barely varied",
    "acquiescence": "They agreed with most statements, however they were worded",
    "title_pull": "Check the pull is to the work, not the title",
}


def outcome_label(outcome: str, strength: str | None = None) -> str:
    """A short label for a badge: "People leader · clear"."""
    label = OUTCOME_LABELS.get(outcome, outcome)
    return f"{label} · {strength}" if strength else label


def manager_headline(first_name: str, outcome: str, strength: str | None) -> str:
    """The outcome in one sentence, about the person rather than to them."""
    paths = {"builder": "building products", "people_leader": "people leadership"}
    if outcome in paths:
        how = "clearly " if strength == "clear" else ""
        return f"{first_name}'s answers lean {how}toward {paths[outcome]}"
    if outcome == "hybrid":
        return f"Both paths pull on {first_name}: too close to call"
    if outcome == "inconclusive":
        return f"No clear direction for {first_name} yet"
    return "No reading this time: the answers did not pass the quality checks"


def level_facts(person: User) -> LevelFacts | None:
    """The alert rules' view of a person's current level (``level__track`` preloaded)."""
    level = person.level
    if level is None:
        return None
    return LevelFacts(title=level.title, track_kind=level.track.kind)


@dataclass
class TeamMember:
    person: User
    status: str  # a key of STATUS_LABELS
    result: Result | None  # the latest result they shared, if any
    view_status: str  # the manager's own view: "none", "in_progress" or "submitted"
    alerts: list[Alert] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def reading(self) -> str:
        return outcome_label(self.result.outcome, self.result.strength) if self.result else ""

    @property
    def tone(self) -> str:
        return OUTCOME_BADGES.get(self.result.outcome, "muted") if self.result else "muted"


def _self_assessments(person_ref: OuterRef) -> Any:
    return Assessment.objects.self_views().filter(
        subject=person_ref, questionnaire__slug=SELF_QUESTIONNAIRE
    )


def team_of(manager: User, username: str | None = None) -> list[TeamMember]:
    """Each direct report (or just ``username``) with what the manager may know about them,
    in name order. Two queries, whatever the size of the team."""
    latest_shared = (
        Result.objects.shared_with(manager)
        .filter(assessment__subject=OuterRef("pk"))
        .latest_first()
        .values("pk")[:1]
    )
    observer = Assessment.objects.filter(
        respondent=manager, subject=OuterRef("pk"), questionnaire__slug=OBSERVER_QUESTIONNAIRE
    )
    reports = (
        User.objects.reports_of(manager)
        .select_related("level__track")
        .annotate(
            latest_shared_id=Subquery(latest_shared),
            has_submitted=Exists(_self_assessments(OuterRef("pk")).submitted()),
            has_open=Exists(_self_assessments(OuterRef("pk")).open()),
            view_submitted=Exists(observer.submitted()),
            view_open=Exists(observer.open()),
        )
        .order_by("first_name", "last_name", "username")
    )
    if username is not None:
        reports = reports.filter(username=username)
    reports = list(reports)
    ids = [person.latest_shared_id for person in reports if person.latest_shared_id]
    results = Result.objects.in_bulk(ids) if ids else {}
    members = []
    for person in reports:
        result = results.get(person.latest_shared_id)
        if result is not None:
            status = "shared"
        elif person.has_submitted:
            status = "not_shared"
        elif person.has_open:
            status = "in_progress"
        else:
            status = "not_started"
        view = "none"
        if person.view_submitted:
            view = "submitted"
        elif person.view_open:
            view = "in_progress"
        alerts = alerts_for(level_facts(person), result.payload) if result else []
        members.append(TeamMember(person, status, result, view, alerts))
    return members


# ---- the team map -------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    """One shared result on the team map; x, y and the label position are filled by layout."""

    label: str
    builder: float
    people: float
    outcome: str
    strength: str
    href: str
    x: float = 0
    y: float = 0
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"

    @property
    def reading(self) -> str:
        return outcome_label(self.outcome, self.strength)

    @property
    def tone(self) -> str:
        return OUTCOME_BADGES.get(self.outcome, "muted")


@dataclass(frozen=True)
class TeamMap:
    chart: MapChart  # the regions, axes and ticks, drawn as on a person's own result
    points: list[MapPoint]


def team_map(
    points: list[MapPoint], *, band_half_width: float, threshold: float, size: int = 420
) -> TeamMap:
    """Lay out shared results on the builder (x) × people (y) map of the result page.

    Labels sit beside their dot, on the left near the right edge; a label that would
    overlap one already placed moves down a line, so close results stay readable.
    """
    chart = plot_map(None, None, band_half_width=band_half_width, threshold=threshold, size=size)
    chart = replace(chart, labels=_region_labels(chart, points, threshold))
    frame = chart.frame
    placed: list[MapPoint] = []
    for point in sorted(points, key=lambda p: (-p.people, p.builder, p.label)):
        x, y = frame.x(point.builder), frame.y(point.people)
        anchor = "end" if point.builder > 65 else "start"
        label_x = x - 11 if anchor == "end" else x + 11
        label_y = y + 4
        while any(
            abs(other.label_y - label_y) < 15 and abs(other.label_x - label_x) < 110
            for other in placed
        ):
            label_y += 15
        placed.append(replace(point, x=x, y=y, label_x=label_x, label_y=label_y, anchor=anchor))
    return TeamMap(chart=chart, points=placed)


def _region_labels(
    chart: MapChart, points: list[MapPoint], threshold: float
) -> dict[str, tuple[float, float]]:
    """Region names placed where no dot is: of each region's candidate spots (in score
    space, with a pixel nudge), the one farthest from the nearest dot wins."""
    t = max(0.0, min(100.0, threshold))
    candidates = {
        "builder": [(97, t / 2, 4), (97, 4, 0), (97, t + 4, 0)],
        "people": [(3, 97, 10), (3, t + 8, 4), (3, 70, 0)],
        "hybrid": [(t + (100 - t) * f, t + (100 - t) * f, -4) for f in (0.5, 0.3, 0.62)],
        "corner": [(t / 2, t * 0.62, 0), (t / 2, t * 0.2, 0)],
    }

    def room(spot: tuple[float, float, float]) -> float:
        x, y, _ = spot
        return min(((p.builder - x) ** 2 + (p.people - y) ** 2 for p in points), default=0.0)

    frame = chart.frame
    return {
        name: (frame.x(x), frame.y(y) + nudge)
        for name, (x, y, nudge) in (
            (name, max(spots, key=room)) for name, spots in candidates.items()
        )
    }


def map_regions(results: list[Result]) -> tuple[float, float]:
    """The hybrid band's half-width and the "too early" threshold for the team map, taken
    from the first shared result (all results of one questionnaire version agree)."""
    for result in results:
        payload = result.payload or {}
        thresholds = (result.questionnaire_snapshot or {}).get("thresholds") or {}
        if payload.get("se_d"):
            band = float(payload["se_d"]) * float(thresholds.get("pole_z", 1.0))
            return band, float(thresholds.get("inconclusive_below", 40.0))
    return 11.4, 40.0


def quiz_url(assessment: Assessment) -> str:
    """Where an assessment is answered: the quiz's own pages, which resume where it stopped."""
    return reverse("assessments:resume", kwargs={"pk": assessment.pk})


@dataclass(frozen=True)
class AnswerLine:
    text: str
    answer: str


def answer_lines(result: Result) -> list[AnswerLine]:
    """The answers behind a result, in quiz order, as the person saw the choices.

    Callers check ``assessment.answers_shared_with_manager`` first; this only formats.
    """
    spec = result.assessment.version.to_spec()
    given = dict(result.assessment.answers.values_list("item_key", "value"))
    lines = []
    for item in spec.items:
        if item.key not in given:
            continue
        value = given[item.key]
        shown = item.option(value).text if item.kind == "forced_choice" else spec.label(value)
        lines.append(AnswerLine(text=item.text, answer=shown))
    return lines
