"""A manager's view of their direct reports: what each chose to share, and what to talk about.

Everything here starts from ``User.objects.reports_of(manager)`` (read on every request, so
a change of manager applies at once) and from ``Result.objects.shared_with(manager)``; the
privacy rules themselves live in those QuerySets and are written down in docs/privacy.md.

The dashboard runs a fixed number of queries whatever the team size: one for the reports
(with their status worked out by the database) and one for the shared results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from assessments.models import Assessment, Result
from assessments.scoring import Outcome
from assessments.services import OBSERVER_QUESTIONNAIRE, SELF_QUESTIONNAIRE
from careers.alerts import Alert, LevelFacts, alerts_for
from careers.models import User

# What a manager may learn about a report who has shared nothing: one of these words.
STATUS_LABELS = {
    "shared": "Shared",
    "not_shared": "Not shared",
    "in_progress": "In progress",
    "not_started": "Not started",
}
# The soft flags as a manager reads them (the person's own page words them for the person).
FLAG_TITLES = {
    "forced_choice_disagreement": "Their either-or choices tell a slightly different story",
    "long_run": "Many answers in a row were the same",
    "low_spread": "Their answers barely varied",
    "acquiescence": "They agreed with most statements, however they were worded",
    "title_pull": "Check the pull is to the work, not the title",
    "low_energy": "Energy is low on both paths",
    "polite_yes": "Would this be a yes to be polite?",
    "team_without_people_work": "A team, or the people work?",
}


def manager_headline(first_name: str, outcome: Outcome, strength: str | None) -> str:
    """The outcome in one sentence, about the person rather than to them."""
    if outcome.is_pole:
        how = "clearly " if strength == "clear" else ""
        return f"{first_name}'s answers lean {how}toward {outcome.label.lower()}"
    if outcome == Outcome.HYBRID:
        return f"{outcome.label} pull on {first_name}: too close to call"
    if outcome == Outcome.INCONCLUSIVE:
        return f"{outcome.label} for {first_name}"
    return f"{outcome.label} this time: the answers did not pass the quality checks"


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
    def outcome(self) -> Outcome | None:
        return Outcome(self.result.outcome) if self.result else None

    @property
    def reading(self) -> str:
        return self.outcome.reading(self.result.strength) if self.outcome else ""

    @property
    def tone(self) -> str:
        return self.outcome.tone if self.outcome else Outcome.WITHHELD.tone


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
    results = Result.objects.select_related("assessment").in_bulk(ids) if ids else {}
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
        alerts = alerts_for(level_facts(person), result.score) if result else []
        members.append(TeamMember(person, status, result, view, alerts))
    return members


@dataclass(frozen=True)
class TeamSummary:
    """A manager's team at a glance, for their home: who has shared, what is new since
    their last visit, and the alerts. Built from ``team_of``, so it knows no more than the
    dashboard does."""

    members: list[TeamMember]
    since: datetime | None  # the previous visit; None on the first
    new: list[TeamMember]  # shared after ``since`` (everything shared, on a first visit)

    @property
    def shared(self) -> list[TeamMember]:
        return [member for member in self.members if member.result is not None]

    @property
    def alerted(self) -> list[TeamMember]:
        return [member for member in self.members if member.alerts]


def shared_at(member: TeamMember) -> datetime | None:
    """When the manager could first read the member's shared result (results shared before
    the time was recorded count from when they were scored)."""
    if member.result is None:
        return None
    return member.result.assessment.shared_at or member.result.created_at


def team_summary(manager: User, since: datetime | None) -> TeamSummary | None:
    """``manager``'s team at a glance (None when nobody reports to them). Two queries."""
    members = team_of(manager)
    if not members:
        return None
    new = [
        member
        for member in members
        if member.result is not None and (since is None or shared_at(member) > since)
    ]
    new.sort(key=shared_at, reverse=True)
    return TeamSummary(members=members, since=since, new=new)


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
