"""The plan as the pages read it, and the writes that span several rows.

``read_plan`` runs a fixed number of queries whatever the number of experiments and
check-ins: the plan, its experiments with their check-ins (prefetched), its ratings, the
ladder's spec and the latest reading.

The person's own plan page reads the same rows on every visit, so its queries have a fixed
shape: each is a ``Prepared`` (core/prepared.py), compiled to SQL once per process, and
``own_plan`` fills the plan's related lists itself instead of ``prefetch_related``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from assessments.guidance import Experiment as Suggestion
from assessments.guidance import experiments_for
from assessments.models import AccessEvent, Result
from assessments.scoring import Outcome
from core.interchange import SpecError
from core.prepared import Prepared
from growth import charts, rules
from growth.models import CheckIn, CompetencyRating, Experiment, Plan, PlanComment, Pulse
from ladders.models import Ladder
from ladders.specs import PROFICIENCY_LABELS, CompetencySpec, LadderSpec, LevelSpec

# The reading's path as the plan's rules name it; a close or unclear reading has none.
READING_LEANING = {
    Outcome.BUILDER: rules.Leaning.PRODUCTS,
    Outcome.PEOPLE_LEADER: rules.Leaning.PEOPLE,
}
LEANING_WORDS = {
    rules.Leaning.PRODUCTS: "building products",
    rules.Leaning.PEOPLE: "building people",
    rules.Leaning.UNCLEAR: "neither way yet",
}


def today() -> date:
    return timezone.localdate()


_latest_reading = Prepared(lambda person: Result.objects.visible_to(person).latest_first()[:1], int)
# What the plan page shows of it: the outcome, its date and its link (no JSON to decode).
_latest_reading_brief = Prepared(
    lambda person: (
        Result.objects.visible_to(person)
        .latest_first()
        .only("assessment_id", "outcome", "created_at")[:1]
    ),
    int,
)


def latest_reading(person: Any, *, brief: bool = False) -> Result | None:
    """The person's latest result about themselves: the reading the plan tests.
    (``visible_to`` is exactly that: their own answers about themselves.) ``brief`` reads
    only its outcome, date and assessment, for a page that shows no more."""
    return (_latest_reading_brief if brief else _latest_reading).one(person.pk)


def suggestions_for(result: Result | None) -> list[Suggestion]:
    return experiments_for(Outcome(result.outcome)) if result else []


def ladder_spec(slug: str) -> LadderSpec | None:
    """The published ladder with this slug as a spec; None if it is gone or broken."""
    return published_ladder(slug)[0]


_published_by_slug = Prepared(
    lambda slug: Ladder.objects.published().with_published_version().filter(slug=slug)[:1], str
)


def published_ladder(slug: str) -> tuple[LadderSpec | None, str | None]:
    """``ladder_spec`` and the name of the version it reads (``Ladder.published_key``: None
    when the ladder is gone, broken or has no recorded version, so nothing is kept for it)."""
    ladder = _published_by_slug.one(slug)
    if ladder is None:
        return None, None
    key = ladder.published_key()
    try:
        return ladder.spec_as_published(key), key  # read once per version, not per page
    except SpecError:
        return None, None


def has_level(spec: LadderSpec, key: str) -> bool:
    return any(level.key == key for level in spec.levels)


def ladder_for(person: Any) -> Ladder | None:
    if person.ladder_id:
        return person.ladder
    return Ladder.objects.default()


def starting_levels(
    person: Any, spec: LadderSpec, result: Result | None
) -> tuple[str | None, str | None]:
    """Where the person stands (their level on record, else the one their result showed)
    and the default target: the next step on the branch the result points to, else the
    first next level."""
    level = person.level if person.level_id else None
    current = level.key if level is not None and has_level(spec, level.key) else None
    if current is None and result is not None:
        shown = result.ladder_placement.current
        current = shown.key if shown and has_level(spec, shown.key) else None
    if current is None:
        return None, None
    branch = Outcome(result.outcome).branch if result else None
    steps = spec.placement(current, branch).next or spec.placement(current, None).next
    return current, steps[0].key if steps else current


def reachable_levels(spec: LadderSpec, current: str) -> list[LevelSpec]:
    """The levels a plan may aim for from ``current``: itself and every level ahead."""
    return [
        level
        for level in spec.levels
        if level.key == current or spec.route(current, level.key) is not None
    ]


# ---- reading a plan ------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyRow:
    competency: CompetencySpec
    now: int | None  # the current level's proficiency
    target: int | None  # the target level's
    rating: int | None  # the person's own
    now_text: str
    target_text: str

    @property
    def is_gap(self) -> bool:
        return self.target is not None and self.rating is not None and self.rating < self.target

    @property
    def target_label(self) -> str:
        return PROFICIENCY_LABELS.get(self.target, "") if self.target else ""


@dataclass(frozen=True)
class ExperimentView:
    experiment: Experiment
    trend: rules.Trend
    chart: charts.TrendChart | None

    @property
    def trend_text(self) -> str:
        return rules.TREND_WORDS[self.trend]

    @property
    def leaning_text(self) -> str:
        leaning = self.experiment.leaning
        return LEANING_WORDS[rules.Leaning(leaning)] if leaning else ""


@dataclass(frozen=True)
class EvidenceView:
    evidence: rules.Evidence
    reading: Result | None

    @property
    def sentence(self) -> str:
        verdict, leaning = self.evidence.verdict, self.evidence.leaning
        words = LEANING_WORDS[leaning] if leaning else ""
        if verdict == rules.Verdict.NOT_YET:
            return (
                "No finished experiment points either way yet. When you end one, say what it "
                "told you and it will show here."
            )
        if verdict == rules.Verdict.AGREE:
            return f"Your experiments point the same way as your reading: toward {words}."
        if verdict == rules.Verdict.DISAGREE:
            return (
                f"Your experiments point toward {words}, which is not where your reading "
                "pointed. That is worth a retake, or a conversation with someone on your board."
            )
        if verdict == rules.Verdict.SPLIT:
            return (
                "Your experiments are split evenly between the two paths. Another experiment "
                "may tip it."
            )
        return (
            f"Your reading was too close to call; your experiments lean toward {words}. A "
            "retake may show the same."
        )


@dataclass
class PlanView:
    plan: Plan
    spec: LadderSpec | None
    current: LevelSpec | None
    target: LevelSpec | None
    rows: list[CompetencyRow]
    gaps: list[CompetencyRow]
    experiments: list[ExperimentView]
    evidence: EvidenceView
    comments: list[PlanComment] = field(default_factory=list)
    ladder_version: str | None = None  # ``published_ladder``'s key for ``spec``

    @property
    def unrated(self) -> int:
        return sum(1 for row in self.rows if row.rating is None and row.target is not None)

    @property
    def can_add_experiment(self) -> bool:
        return len(self.experiments) < rules.MAX_EXPERIMENTS


# The person's plan with their manager (for the sharing section), then its parts by plan id.
_plan_of = Prepared(lambda person: Plan.objects.of(person).select_related("person__manager"), int)
_experiments_of = Prepared(
    lambda plan: Experiment.objects.filter(plan=plan).order_by("-created_at", "-pk"), int
)
_checkins_of = Prepared(lambda plan: CheckIn.objects.filter(experiment__plan=plan), int)
_ratings_of = Prepared(lambda plan: CompetencyRating.objects.filter(plan=plan).order_by("pk"), int)
_comments_of = Prepared(lambda plan: PlanComment.objects.filter(plan=plan), int)


def own_plan(person_id: int) -> Plan | None:
    """The person's own plan as ``Plan.objects.of(person).with_experiments()
    .prefetch_related("competency_ratings", "comments")`` gives it, with ``plan.person`` and
    their manager loaded too: five queries whatever the plan holds, none of them built anew."""
    plan = _plan_of.one(person_id)
    if plan is None:
        return None
    experiments = _experiments_of.all(plan.pk)
    checkins: defaultdict[int, list[CheckIn]] = defaultdict(list)
    for checkin in _checkins_of.all(plan.pk):  # by week, as the model orders them
        checkins[checkin.experiment_id].append(checkin)
    for experiment in experiments:
        Experiment.plan.field.set_cached_value(experiment, plan)
        _prefetched(experiment, "checkins", CheckIn, checkins[experiment.pk])
        for checkin in checkins[experiment.pk]:
            CheckIn.experiment.field.set_cached_value(checkin, experiment)
    _prefetched(plan, "experiments", Experiment, experiments)
    _prefetched(plan, "competency_ratings", CompetencyRating, _ratings_of.all(plan.pk))
    _prefetched(plan, "comments", PlanComment, _comments_of.all(plan.pk))
    return plan


def _prefetched(instance: Model, name: str, model: type[Model], rows: list) -> None:
    """``instance.<name>.all()`` gives ``rows`` from now on, as after ``prefetch_related``
    (Django keeps prefetched rows the same way), without filtering a QuerySet per instance."""
    queryset = QuerySet(model)
    queryset._result_cache, queryset._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def view_experiment(experiment: Experiment) -> ExperimentView:
    checkins = list(experiment.checkins.all())
    energies = [checkin.energy for checkin in checkins]
    chart = charts.energy_chart(checkins) if checkins else None
    return ExperimentView(experiment, rules.energy_trend(energies), chart)


def read_plan(plan: Plan, reading: Result | None, *, comments: bool = True) -> PlanView:
    """Everything the plan pages show; ``plan`` comes from ``Plan.objects.with_experiments``."""
    spec, ladder_version = published_ladder(plan.ladder_slug)
    current = target = None
    rows: list[CompetencyRow] = []
    if spec is not None and has_level(spec, plan.current_key) and has_level(spec, plan.target_key):
        current, target = spec.level(plan.current_key), spec.level(plan.target_key)
        ratings = plan.ratings
        now, then = spec.expectations_of(current.key), spec.expectations_of(target.key)
        for competency in spec.competencies:
            before, after = now.get(competency.key), then.get(competency.key)
            if before is None and after is None:
                continue
            rows.append(
                CompetencyRow(
                    competency,
                    before.proficiency if before else None,
                    after.proficiency if after else None,
                    ratings.get(competency.key),
                    before.text if before else "",
                    after.text if after else "",
                )
            )
    expected = {row.competency.key: row.target for row in rows if row.target is not None}
    ratings = {row.competency.key: row.rating for row in rows if row.rating is not None}
    gap_keys = [gap.key for gap in rules.gaps(ratings, expected)]
    by_key = {row.competency.key: row for row in rows}
    experiments = [view_experiment(experiment) for experiment in plan.experiments.all()]
    leanings = [
        view.experiment.leaning
        for view in experiments
        if view.experiment.status == Experiment.Status.DONE and view.experiment.leaning
    ]
    reading_leaning = READING_LEANING.get(Outcome(reading.outcome)) if reading else None
    evidence = EvidenceView(rules.weigh_evidence(reading_leaning, leanings), reading)
    return PlanView(
        plan=plan,
        spec=spec,
        current=current,
        target=target,
        rows=rows,
        gaps=[by_key[key] for key in gap_keys],
        experiments=experiments,
        evidence=evidence,
        comments=list(plan.comments.all()) if comments else [],
        ladder_version=ladder_version,
    )


# ---- pulses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PulseHistory:
    pulses: list[Pulse]  # newest first
    due: bool
    plateau: bool  # the two latest read as a plateau
    chart: charts.TrendChart | None


@cache  # one per limit the pages use (the plan page's 2, the pulse page's 12)
def _pulses_of(limit: int) -> Prepared:
    return Prepared(lambda person: Pulse.objects.filter(person=person)[:limit], int)


def read_pulses(person: Any, limit: int = 12) -> PulseHistory:
    pulses = _pulses_of(limit).all(person.pk)
    answers = [pulse.answers for pulse in pulses]
    oldest_first = pulses[::-1]
    chart = (
        charts.trend_chart(
            [sum(pulse.answers) / 3 for pulse in oldest_first],
            [pulse.taken_on.strftime("%-d %b %Y") for pulse in oldest_first],
            low=1,
            high=5,
            name="Average pulse answer",
        )
        if len(pulses) >= 2
        else None
    )
    return PulseHistory(
        pulses=pulses,
        due=rules.pulse_due(pulses[0].taken_on if pulses else None, today()),
        plateau=rules.plateau_in_a_row(answers),
        chart=chart,
    )


# ---- writes ------------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    person: Any, ladder_slug: str, current: str, target: str, chosen: list[Suggestion]
) -> Plan:
    """The person's plan with the suggestions they picked as planned experiments; an
    existing plan is aimed at the new target and keeps its experiments (a suggestion it
    already holds is not added twice)."""
    plan, _ = Plan.objects.update_or_create(
        person=person,
        defaults={"ladder_slug": ladder_slug, "current_key": current, "target_key": target},
    )
    have = set(plan.experiments.values_list("title", flat=True))
    chosen = [suggestion for suggestion in chosen if suggestion.title not in have]
    room = rules.MAX_EXPERIMENTS - len(have)
    Experiment.objects.bulk_create(
        Experiment(
            plan=plan,
            title=suggestion.title,
            hypothesis=suggestion.hypothesis,
            signal=suggestion.body[:300],
            weeks=6,
        )
        for suggestion in chosen[: max(room, 0)]
    )
    return plan


def sharing_kind(before: tuple[bool, bool], after: tuple[bool, bool]) -> str | None:
    """The access-log kind for a change of (plan shared, reflections shared), or None."""
    if before == after:
        return None
    if not after[0]:
        return AccessEvent.Kind.WITHDREW_PLAN
    return AccessEvent.Kind.SHARED_REFLECTIONS if after[1] else AccessEvent.Kind.SHARED_PLAN


@transaction.atomic
def set_plan_sharing(plan: Plan, *, shared: bool, reflections: bool, by: Any) -> None:
    """Record the person's consent; reflections are shared only together with the plan."""
    before = (plan.shared_with_manager, plan.reflections_shared)
    plan.shared_with_manager = shared
    plan.reflections_shared = shared and reflections
    plan.save(update_fields=["shared_with_manager", "reflections_shared", "updated_at"])
    if kind := sharing_kind(before, (plan.shared_with_manager, plan.reflections_shared)):
        AccessEvent.record(kind, person_id=plan.person_id, actor=by)
