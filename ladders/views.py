from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core.http import HtmxHttpRequest
from core.kept import Kept
from core.prepared import Prepared
from ladders.diagram import layout
from ladders.drafts import DraftReview, review_draft
from ladders.forms import CompareForm
from ladders.models import Ladder
from ladders.specs import PROFICIENCY_LABELS, LadderSpec, LevelSpec

TIME_PARTS = [
    ("people", "Time managing people"),
    ("product", "Time leading the product"),
    ("individual", "Time on own product work"),
]


PREVIEW_QUERY = "?draft=1"


def can_preview(user) -> bool:
    """Staff who may change ladders see drafts; everybody else only ever the published one."""
    return user.is_staff and user.has_perm("ladders.change_ladder")


def _ladder_spec(request: HttpRequest, slug: str) -> tuple[Ladder, LadderSpec, DraftReview | None]:
    """The published ladder, and the spec to show: its draft's, for ``?draft=1`` from someone
    who may preview (with what the draft changes), else the published one. Anybody else asking
    for the draft gets the published page, as if they had not asked."""
    ladder = get_object_or_404(Ladder.objects.published().with_published_version(), slug=slug)
    if review := _draft_review(request, ladder):
        return ladder, review.proposed, review
    return ladder, ladder.published_spec(), None


def _draft_review(request: HttpRequest, ladder: Ladder) -> DraftReview | None:
    """The draft and what it changes, for ``?draft=1`` from someone who may preview."""
    if request.GET.get("draft") and can_preview(request.user) and (draft := ladder.draft_or_none()):
        return review_draft(draft)
    return None


def _preview_context(preview: DraftReview | None) -> dict:
    return {"preview": preview, "preview_query": PREVIEW_QUERY if preview else ""}


def _fork(spec: LadderSpec, level: LevelSpec, preview: bool = False) -> dict | None:
    """A fork point's branches, and a suggested comparison of the two outermost ones."""
    branches = spec.next_levels(level.key)
    if len(branches) < 2:
        return None
    first, last = branches[0], branches[-1]
    return {
        "level": level,
        "branches": branches,
        "first": first,
        "last": last,
        "query": urlencode(
            {"compare": first.key, "also": last.key, **({"draft": 1} if preview else {})}
        ),
    }


def _held_level_key(request: HttpRequest, ladder: Ladder) -> str | None:
    """The key of the level the signed-in person holds on this ladder, if any."""
    level = request.user.level if request.user.level_id else None
    return level.key if level and level.ladder_id == ladder.pk else None


@require_GET
def ladder_list(request: HttpRequest) -> HttpResponse:
    ladders = Ladder.objects.published().with_counts().order_by("-is_default", "name")
    return render(request, "ladders/ladder_list.html", {"ladders": ladders})


# The ladder page's body per published version and held level (by its id, so a page served
# from here costs no query for the level), rendered once per process:
# it is the same for everybody on that level until a new version is published, which gets a
# new key (``Ladder.published_key``), so nothing is ever invalidated by hand.
_pages: Kept[str] = Kept(limit=1000)
# The published ladder by its slug, with its latest version (compiled once: core.prepared).
_published_ladder = Prepared(
    lambda slug: Ladder.objects.published().with_published_version().filter(slug=slug), str
)


@require_GET
def ladder_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ladder = _published_ladder.one(slug)
    if ladder is None:
        raise Http404("No published ladder with that name.")
    preview = _draft_review(request, ladder)
    version = None if preview else ladder.published_key()

    def render_body() -> str:
        spec = preview.proposed if preview else ladder.spec_as_published(version)
        held = _held_level_key(request, ladder)
        context = {
            "ladder": ladder,
            "spec": spec,
            "diagram": layout(spec),
            "forks": [_fork(spec, level, bool(preview)) for level in spec.fork_points()],
            "held": held,
            "gap_levels": [spec.level(key) for key in spec.gaps()],
            **_preview_context(preview),
        }
        return render_to_string("ladders/ladder_detail.html#body", context)

    body = _pages.get((version, request.user.level_id), render_body) if version else render_body()
    name = preview.proposed.name if preview else ladder.name
    return render(request, "ladders/ladder_detail.html", {"name": name, "body": mark_safe(body)})  # noqa: S308


@require_GET
def level_detail(request: HtmxHttpRequest, slug: str, key: str) -> HttpResponse:
    ladder, spec, preview = _ladder_spec(request, slug)
    try:
        level = spec.level(key)
    except KeyError:
        raise Http404(f"No level {key} on this ladder") from None
    form = CompareForm(spec, key, request.GET or None)
    comparisons = [spec.compare(key, target) for target in form.targets()]
    targets = [comparison.target for comparison in comparisons]
    areas: dict[str, list] = defaultdict(list)
    expectations = spec.expectations_of(key)
    for competency in spec.competencies:
        areas[competency.area].append((competency, expectations.get(competency.key)))
    # The comparison at a glance: one row per competency, one column per level.
    glance = [
        (c, expectations.get(c.key), [cmp.change_for(c.key) for cmp in comparisons])
        for c in spec.competencies
    ]
    context = {
        "ladder": ladder,
        "spec": spec,
        "level": level,
        "track": spec.track(level.track),
        "next_levels": [(lv, spec.track(lv.track)) for lv in spec.next_levels(key)],
        "previous_levels": [lv for lv in spec.levels if key in lv.next],
        "areas": dict(areas),
        "form": form,
        "comparisons": [
            (c, spec.route(key, c.target.key), spec.track(c.target.track)) for c in comparisons
        ],
        "glance": glance,
        "glance_time": [
            (label, [getattr(lv.time_split, part) for lv in [level, *targets]])
            for part, label in TIME_PARTS
        ],
        "fork": _fork(spec, level, bool(preview)),
        "gap_count": sum(1 for c in spec.competencies if c.key not in expectations),
        "labels": PROFICIENCY_LABELS,
        "held": _held_level_key(request, ladder),
        **_preview_context(preview),
    }
    template = "ladders/level_detail.html"
    if request.htmx:
        template += "#comparison"
    return render(request, template, context)
