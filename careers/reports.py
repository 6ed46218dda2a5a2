"""A manager's view of their direct reports: what each chose to share, and what to talk about.

Everything here starts from ``User.objects.reports_of(manager)`` (read on every request, so
a change of manager applies at once) and from ``Result.objects.shared_with(manager)``; the
privacy rules themselves live in those QuerySets and are written down in docs/privacy.md.

The dashboard runs a fixed number of queries whatever the team size: one for the reports
with the statuses of their questionnaires, one for their shared results, each keyed by the
manager's id and compiled to SQL once per process (core/prepared.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from assessments.models import Assessment, AssessmentQuerySet, Result, ResultQuerySet
from assessments.scoring import Outcome, ScoreResult
from assessments.services import OBSERVER_QUESTIONNAIRE, SELF_QUESTIONNAIRE
from careers.alerts import Alert, LevelFacts, alerts_for
from careers.models import PersonQuerySet, User
from core.prepared import Prepared


@lru_cache(maxsize=4096)
def member_path(username: str) -> str:
    """A report's page, reversed once per process: the URLconf never changes while it runs,
    and the team pages link every report."""
    return reverse("team_member", args=[username])


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


class ReportLine:
    """What the manager's pages say of a report from their status and latest shared reading
    (a subclass has ``status``, ``username``, ``outcome`` and ``strength``)."""

    status: str
    username: str
    outcome: Outcome | None
    strength: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def href(self) -> str:
        return member_path(self.username)

    @property
    def reading(self) -> str:
        return self.outcome.reading(self.strength) if self.outcome else ""

    @property
    def tone(self) -> str:
        return self.outcome.tone if self.outcome else Outcome.WITHHELD.tone


@dataclass
class TeamMember(ReportLine):
    person: User
    status: str  # a key of STATUS_LABELS
    result: Result | None  # the latest result they shared, if any
    view_status: str  # the manager's own view: "none", "in_progress" or "submitted"
    alerts: list[Alert] = field(default_factory=list)

    @property
    def username(self) -> str:
        return self.person.username

    @property
    def outcome(self) -> Outcome | None:
        return Outcome(self.result.outcome) if self.result else None

    @property
    def strength(self) -> str:
        return self.result.strength if self.result else ""


def _with_statuses(people: PersonQuerySet, manager: int) -> PersonQuerySet:
    """Each person with whether their own questionnaire (``own_*``) and the manager's view of
    them (``view_*``) has an assessment submitted or in progress, in the query that loads
    them."""
    about = Assessment.objects.filter(subject=OuterRef("pk"))
    own = about.filter(respondent=OuterRef("pk"), questionnaire__slug=SELF_QUESTIONNAIRE)
    views = about.filter(respondent=manager, questionnaire__slug=OBSERVER_QUESTIONNAIRE)
    submitted, in_progress = Assessment.Status.SUBMITTED, Assessment.Status.IN_PROGRESS
    return people.annotate(
        own_submitted=Exists(own.filter(status=submitted)),
        own_in_progress=Exists(own.filter(status=in_progress)),
        view_submitted=Exists(views.filter(status=submitted)),
        view_in_progress=Exists(views.filter(status=in_progress)),
    )


def _team(manager: int) -> PersonQuerySet:
    return _with_statuses(
        User.objects.reports_of(manager)
        .select_related("level__track")
        .order_by("first_name", "last_name", "username"),
        manager,
    )


def _shared(manager: int) -> ResultQuerySet:
    return Result.objects.shared_with(manager).select_related("assessment").latest_first()


# The team's queries, compiled once per process (core/prepared.py). Each is keyed by the
# manager's id (and a report's username or id), never by a list of the reports' ids, whose
# SQL would change with the size of the team.
_team_rows = Prepared(_team, int)
_team_row = Prepared(lambda manager, username: _team(manager).filter(username=username), int, str)
# The team's pages read no placement: leaving it out spares decoding its JSON for each result.
_team_shared = Prepared(lambda manager: _shared(manager).defer("placement"), int)
_member_shared = Prepared(
    lambda manager, username: (
        _shared(manager).defer("placement").filter(assessment__subject__username=username)
    ),
    int,
    str,
)


def _member(person: User, result: Result | None) -> TeamMember:
    """One report as the team pages show them, from their latest shared result and the
    statuses ``_with_statuses`` loaded with them."""
    if result is not None:
        status = "shared"
    elif person.own_submitted:
        status = "not_shared"
    elif person.own_in_progress:
        status = "in_progress"
    else:
        status = "not_started"
    view = "none"
    if person.view_submitted:
        view = "submitted"
    elif person.view_in_progress:
        view = "in_progress"
    alerts = alerts_for(level_facts(person), result.score) if result else []
    return TeamMember(person, status, result, view, alerts)


def team_of(manager: User, username: str | None = None) -> list[TeamMember]:
    """Each direct report (or just ``username``) with what the manager may know about them,
    in name order. Two queries, whatever the size of the team: the reports with the
    statuses of their questionnaires, and the results they shared (the second only when
    someone reports to the manager)."""
    people = _team_rows.all(manager.pk) if username is None else _team_row.all(manager.pk, username)
    if not people:
        return []
    # The results of these people shared with the manager, a handful each, newest first:
    # cheaper for the database than finding each person's latest in a subquery.
    if username is None:
        shared = _team_shared.all(manager.pk)
    else:
        shared = _member_shared.all(manager.pk, username)
    latest: dict[int, Result] = {}
    for result in shared:
        latest.setdefault(result.assessment.subject_id, result)
    return [_member(person, latest.get(person.pk)) for person in people]


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


def _report_row(manager: int, username: str) -> PersonQuerySet:
    # The level's ladder too: the page links to the level.
    found = User.objects.reports_of(manager).select_related("level__track", "level__ladder")
    return _with_statuses(found.filter(username=username), manager)


def _views_of(manager: int, person: int) -> AssessmentQuerySet:
    return Assessment.objects.given_by(manager).filter(
        subject=person, questionnaire__slug=OBSERVER_QUESTIONNAIRE
    )


_report_rows = Prepared(_report_row, int, str)
_history = Prepared(lambda manager, person: _shared(manager).about(person), int, int)
_views = Prepared(
    lambda manager, person: _views_of(manager, person).select_related("result"), int, int
)
_unfinished_view = Prepared(
    lambda manager, person: (
        _views_of(manager, person).open().with_answer_count().select_related("version")[:1]
    ),
    int,
    int,
)


def one_report(manager: User, username: str) -> OneReport | None:
    """``username``'s page for ``manager`` (None when they do not report to them), without
    building the rest of the team: three queries (the person with their statuses, the
    results they shared, the manager's views of them), one more while the manager's own
    view of them is unfinished."""
    person = _report_rows.one(manager.pk, username)
    if person is None:
        return None
    history = _history.all(manager.pk, person.pk)
    found_views = _views.all(manager.pk, person.pk)
    member = _member(person, history[0] if history else None)
    unfinished = None
    if any(view.is_open for view in found_views):  # how far it got: counted only then
        unfinished = _unfinished_view.one(manager.pk, person.pk)
    finished = [view.result for view in found_views if not view.is_open and hasattr(view, "result")]
    latest_view = max(finished, key=lambda result: (result.created_at, result.pk), default=None)
    return OneReport(member, history, unfinished, latest_view)


# ---- the manager's home: the team at a glance ---------------------------------------------


@dataclass
class GlanceMember(ReportLine):
    """One report as the team card on a manager's home shows them: read as plain columns by
    ``team_summary``, without the model rows and JSON snapshots the team pages read."""

    name: str  # as ``str(person)``: the full name, else the username
    username: str
    status: str  # a key of STATUS_LABELS
    outcome: Outcome | None  # of the latest result they shared, if any
    strength: str
    shared_at: datetime | None  # when the manager could first read that result
    alerts: list[Alert] = field(default_factory=list)


@dataclass(frozen=True)
class TeamSummary:
    """A manager's team at a glance, for their home: who has shared, what is new since
    their last visit, and the alerts. Read with the same QuerySets as ``team_of``, so it
    knows no more than the dashboard does."""

    members: list[GlanceMember]
    since: datetime | None  # the previous visit; None on the first
    new: list[GlanceMember]  # shared after ``since`` (everything shared, on a first visit)

    @property
    def shared(self) -> list[GlanceMember]:
        return [member for member in self.members if member.outcome is not None]

    @property
    def alerted(self) -> list[GlanceMember]:
        return [member for member in self.members if member.alerts]


def _glance_people(manager: int) -> PersonQuerySet:
    """The reports, in name order, with the columns the card shows and the statuses of their
    own questionnaire (the manager's view of them is not on the card)."""
    own = Assessment.objects.filter(
        subject=OuterRef("pk"), respondent=OuterRef("pk"), questionnaire__slug=SELF_QUESTIONNAIRE
    )
    return (
        User.objects.reports_of(manager)
        .annotate(
            own_submitted=Exists(own.filter(status=Assessment.Status.SUBMITTED)),
            own_in_progress=Exists(own.filter(status=Assessment.Status.IN_PROGRESS)),
        )
        .order_by("first_name", "last_name", "username")
        .values_list(
            "pk",
            "username",
            "first_name",
            "last_name",
            "level__title",
            "level__track__kind",
            "own_submitted",
            "own_in_progress",
        )
    )


def _glance_shared(manager: int) -> ResultQuerySet:
    """The results shared with the manager, newest first, as the columns the card reads; the
    score as its stored JSON text, read into a ``ScoreResult`` only for the alerts."""
    return _shared(manager).values_list(
        "assessment__subject_id",
        "outcome",
        "strength",
        "created_at",
        "assessment__shared_at",
        Cast("payload", output_field=TextField()),
    )


_glance_rows = Prepared(_glance_people, int)
_glance_results = Prepared(_glance_shared, int)


def team_summary(manager: User, since: datetime | None) -> TeamSummary | None:
    """``manager``'s team at a glance (None when nobody reports to them). Two queries: the
    reports with their statuses, and the results they shared (only when someone reports)."""
    people = _glance_rows.all(manager.pk)
    if not people:
        return None
    latest: dict[int, tuple] = {}
    for row in _glance_results.all(manager.pk):
        latest.setdefault(row[0], row)
    members = []
    for pk, username, first, last, title, kind, own_submitted, own_in_progress in people:
        name = f"{first} {last}".strip() or username
        found = latest.get(pk)
        if found is None:
            if own_submitted:
                status = "not_shared"
            elif own_in_progress:
                status = "in_progress"
            else:
                status = "not_started"
            members.append(GlanceMember(name, username, status, None, "", None))
            continue
        _, outcome, strength, created_at, shared_at, payload = found
        level = LevelFacts(title=title, track_kind=kind) if title is not None else None
        alerts = alerts_for(level, ScoreResult.model_validate_json(payload))
        read_from = shared_at or created_at
        members.append(
            GlanceMember(name, username, "shared", Outcome(outcome), strength, read_from, alerts)
        )
    # When the manager could first read each result: results shared before the time was
    # recorded count from when they were scored.
    new = [
        member
        for member in members
        if member.outcome is not None and (since is None or member.shared_at > since)
    ]
    new.sort(key=lambda member: member.shared_at, reverse=True)
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
