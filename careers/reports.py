"""A manager's view of their direct reports: what each chose to share, and what to talk about.

Everything here starts from ``User.objects.reports_of(manager)`` (read on every request, so
a change of manager applies at once) and from ``Result.objects.shared_with(manager)``; the
privacy rules themselves live in those QuerySets and are written down in docs/privacy.md.

The dashboard runs a fixed number of queries whatever the team size: one for the reports,
one for their shared results and one for the statuses of their questionnaires, each keyed
by the reports' ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import F, Q
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

    @cached_property
    def href(self) -> str:
        """Their page, reversed once however many links a page has to it."""
        return reverse("team_member", args=[self.person.username])

    @property
    def outcome(self) -> Outcome | None:
        return Outcome(self.result.outcome) if self.result else None

    @property
    def reading(self) -> str:
        return self.outcome.reading(self.result.strength) if self.outcome else ""

    @property
    def tone(self) -> str:
        return self.outcome.tone if self.outcome else Outcome.WITHHELD.tone


def _latest_shared(manager: User, people: list[User]) -> dict[int, Result]:
    """Each person's latest result shared with ``manager``, by person id (one query). The
    rows are the shared results of these people, a handful each: cheaper for the database
    than finding each person's latest in a correlated subquery."""
    shared = (
        Result.objects.shared_with(manager)
        .filter(assessment__subject__in=[person.pk for person in people])
        .select_related("assessment")
        .latest_first()
    )
    latest: dict[int, Result] = {}
    for result in shared:
        latest.setdefault(result.assessment.subject_id, result)
    return latest


Statuses = set[tuple[int, bool, str]]  # (person id, is the manager's view, status)


def _statuses(manager: User, people: list[User]) -> Statuses:
    """Which statuses each person's own questionnaire and the manager's view of them have, as
    (person id, is the manager's view, status), in one query."""
    own = Q(respondent=F("subject"), questionnaire__slug=SELF_QUESTIONNAIRE)
    views = Q(respondent=manager, questionnaire__slug=OBSERVER_QUESTIONNAIRE)
    rows = (
        Assessment.objects.filter(own | views, subject__in=[person.pk for person in people])
        .values_list("subject_id", "respondent_id", "status")
        .order_by()
        .distinct()
    )
    return {(subject, respondent == manager.pk, status) for subject, respondent, status in rows}


def _member(person: User, result: Result | None, statuses: Statuses) -> TeamMember:
    """One report as the team pages show them, from their latest shared result and the
    statuses found by ``_statuses``."""
    submitted, in_progress = Assessment.Status.SUBMITTED, Assessment.Status.IN_PROGRESS
    if result is not None:
        status = "shared"
    elif (person.pk, False, submitted) in statuses:
        status = "not_shared"
    elif (person.pk, False, in_progress) in statuses:
        status = "in_progress"
    else:
        status = "not_started"
    view = "none"
    if (person.pk, True, submitted) in statuses:
        view = "submitted"
    elif (person.pk, True, in_progress) in statuses:
        view = "in_progress"
    alerts = alerts_for(level_facts(person), result.score) if result else []
    return TeamMember(person, status, result, view, alerts)


def team_of(manager: User, username: str | None = None) -> list[TeamMember]:
    """Each direct report (or just ``username``) with what the manager may know about them,
    in name order. Three queries, whatever the size of the team (one when it is empty)."""
    reports = (
        User.objects.reports_of(manager)
        .select_related("level__track")
        .order_by("first_name", "last_name", "username")
    )
    if username is not None:
        reports = reports.filter(username=username)
    people = list(reports)
    if not people:
        return []
    results = _latest_shared(manager, people)
    statuses = _statuses(manager, people)
    return [_member(person, results.get(person.pk), statuses) for person in people]


@dataclass(frozen=True)
class OneReport:
    """What a report's page shows of one person: the team row, every result they shared
    with the manager, and the manager's own view of them."""

    member: TeamMember
    history: list[Result]  # shared with the manager, newest first
    unfinished_view: Assessment | None  # with ``answer_count`` and its version
    latest_view: Result | None  # the manager's latest finished view

    @property
    def latest(self) -> Result | None:
        return self.history[0] if self.history else None


def one_report(manager: User, username: str) -> OneReport | None:
    """``username``'s page for ``manager`` (None when they do not report to them), without
    building the rest of the team: three queries, one more when they shared nothing and one
    more while the manager's own view of them is unfinished."""
    # The level's ladder too: the page links to the level.
    found = User.objects.reports_of(manager).select_related("level__track", "level__ladder")
    person = next(iter(found.filter(username=username)[:1]), None)
    if person is None:
        return None
    history = list(
        Result.objects.shared_with(manager)
        .about(person)
        .select_related("assessment")
        .latest_first()
    )
    views = Assessment.objects.given_by(manager).filter(
        subject=person, questionnaire__slug=OBSERVER_QUESTIONNAIRE
    )
    found_views = list(views.select_related("result"))
    statuses = {(person.pk, True, view.status) for view in found_views}
    if not history:  # what they have done on their own is worth a query only then
        statuses |= _statuses(manager, [person])
    member = _member(person, history[0] if history else None, statuses)
    unfinished = None
    if any(view.is_open for view in found_views):  # how far it got: counted only then
        unfinished = views.open().with_answer_count().select_related("version").first()
    finished = [view.result for view in found_views if not view.is_open and hasattr(view, "result")]
    latest_view = max(finished, key=lambda result: (result.created_at, result.pk), default=None)
    return OneReport(member, history, unfinished, latest_view)


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
    """``manager``'s team at a glance (None when nobody reports to them). Three queries."""
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
