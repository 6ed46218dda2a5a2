"""QuestionnaireSpec: a pydantic snapshot of one questionnaire version, and its file format.

Pure: no Django. Files are parsed with ``core.interchange`` and validated here; the ORM
turns a stored version into a spec in one place (``QuestionnaireVersion.to_spec()``).
Every invariant is checked by the spec and reported with the path of the bad value, e.g.
``items[7].dimension: unknown dimension "crafts"``.

Content rules decided here (not in scoring.md): a dimension on the builder, people or
product scale needs at least 4 likert items, a caution dimension at least 3 (it is never
scored into a track, so a shorter scale is acceptable); every section holds at least one
item; a questionnaire has at least one builder, one people and one product dimension.

Answers are keyed by item key. A likert or instructed answer is a whole number on the
scale (``True`` and ``"4"`` are refused: the quiz form converts what it receives first);
a forced-choice answer is an option key. A partial set of answers is valid, because the
quiz saves each answer as it is given. ``answer_problem`` is the one rule; ``Answers`` are
answers already checked against it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    WrapValidator,
    model_validator,
)

from core.interchange import (
    Problem,
    SpecError,
    StrictSpec,
    parse_document,
    raise_problems,
    read_document,
    repeated_keys,
    shorten,
    validate_spec,
)

Audience = Literal["self", "observer"]
ScaleName = Literal["builder", "people", "product", "caution"]
Pole = Literal["builder", "people"]
AnswerValue = int | str

SCALE_NAMES: tuple[ScaleName, ...] = ("builder", "people", "product", "caution")
# The scales whose dimensions must be answered for a recommendation.
SCORED_SCALES: tuple[ScaleName, ...] = ("builder", "people", "product")
MIN_LIKERT_ITEMS: dict[str, int] = {"builder": 4, "people": 4, "product": 4, "caution": 3}
ITEM_KINDS = ("likert", "forced_choice", "instructed")
WEIGHT_TOLERANCE = 1e-9
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"

# How much one questionnaire file may hold: far above the shipped ones (6 sections,
# 9 dimensions, 50 items, 5 scale points, no text over 200 characters), low enough that the
# largest file validates and its quiz renders quickly. Stated in docs/questionnaires.md.
KEY_LENGTH = 64
TEXT_LENGTH = 500  # titles, names, item and option texts, scale labels
INTRO_LENGTH = 5000  # the questionnaire's intro
DESCRIPTION_LENGTH = 2000  # a section's intro, a dimension's description
MAX_SECTIONS = 50
MAX_DIMENSIONS = 50
MAX_ITEMS = 500
MAX_SCALE_POINTS = 11
SCALE_BOUND = 100  # scale points lie within −100..100
MAX_VERSION = 100_000
MAX_COUNT_PARAMETER = 100_000  # the "at least this many answers" parameters of scoring

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_key(value: str) -> str:
    if not _KEY_RE.match(value):
        raise ValueError(
            f'"{value}" is not a key: start with a lowercase letter, then use lowercase '
            "letters, digits and underscores"
        )
    return value


def _check_slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise ValueError(f'"{value}" is not a slug: use lowercase letters, digits and hyphens')
    return value


# Item keys double as HTML form field names, hence the conservative alphabet.
Key = Annotated[str, Field(min_length=1, max_length=KEY_LENGTH), AfterValidator(_check_key)]
Slug = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_check_slug)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_LENGTH)]
Description = Annotated[str, Field(max_length=DESCRIPTION_LENGTH)]
ScalePoint = Annotated[int, Field(ge=-SCALE_BOUND, le=SCALE_BOUND)]
CountParameter = Annotated[int, Field(le=MAX_COUNT_PARAMETER)]


class ScaleSpec(StrictSpec):
    """The answer scale of likert and instructed items, e.g. 1..5 from Strongly disagree."""

    min: ScalePoint
    max: ScalePoint
    labels: list[Text] = Field(max_length=MAX_SCALE_POINTS)

    @model_validator(mode="after")
    def _labels_fit(self) -> ScaleSpec:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        needed = self.max - self.min + 1
        if len(self.labels) != needed:
            raise_problems(
                [
                    (
                        ("labels",),
                        f"needs {needed} labels, one per point from {self.min} to {self.max}, "
                        f"not {len(self.labels)}",
                    )
                ],
                type(self).__name__,
            )
        return self

    @property
    def width(self) -> int:
        """max − min: the number of steps between the two ends of the scale."""
        return self.max - self.min

    def contains(self, value: int) -> bool:
        return self.min <= value <= self.max

    def label(self, value: int) -> str:
        return self.labels[value - self.min]


class Section(StrictSpec):
    key: Key
    title: Text
    intro: Description = ""


class Dimension(StrictSpec):
    key: Key
    name: Text
    description: Description = ""
    scale: ScaleName


class _Item(StrictSpec):
    key: Key
    kind: str
    section: Key
    text: Text


class LikertItem(_Item):
    """A statement answered on the agree scale; the only kind that feeds dimension scores."""

    kind: Literal["likert"]
    dimension: Key
    reverse: bool = False
    # Asked only when the gap after the other items is ambiguous (ScoringParams.follow_up).
    follow_up: bool = False

    def keyed(self, value: int, scale: ScaleSpec) -> int:
        """The answer with reverse keying applied: x' = (min + max) − x."""
        return scale.min + scale.max - value if self.reverse else value


class Option(StrictSpec):
    key: Key
    text: Text
    pole: Pole


class ForcedChoiceItem(_Item):
    """Two equally attractive statements, one builder and one people: a direction check only."""

    kind: Literal["forced_choice"]
    options: list[Option] = Field(min_length=2, max_length=2)

    @model_validator(mode="after")
    def _one_per_pole(self) -> ForcedChoiceItem:
        problems: list[Problem] = [
            (("options", index, "key"), f'duplicate option key "{self.options[index].key}"')
            for index in repeated_keys([option.key for option in self.options])
        ]
        if sorted(option.pole for option in self.options) != ["builder", "people"]:
            problems.append((("options",), "needs one option with pole builder, one with people"))
        if problems:
            raise_problems(problems, type(self).__name__)
        return self

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)


class InstructedItem(_Item):
    """An attention check ("to show you are reading, choose Agree"); missing it withholds."""

    kind: Literal["instructed"]
    expected: ScalePoint


AnyItem = LikertItem | ForcedChoiceItem | InstructedItem


def _untag(value: Any, handler: Any) -> Any:
    """Drop the union tag from error paths: ``items[3].text``, not ``items[3].likert.text``."""
    try:
        return handler(value)
    except ValidationError as exc:
        problems: list[Problem] = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc and loc[0] in ITEM_KINDS:
                loc = loc[1:]
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "union_tag_invalid":
                kind = value.get("kind") if isinstance(value, dict) else None
                loc = ("kind",)
                message = f'unknown kind "{shorten(kind)}" (use {", ".join(ITEM_KINDS)})'
            elif error["type"] == "union_tag_not_found":
                loc, message = ("kind",), f"Field required (one of {', '.join(ITEM_KINDS)})"
            problems.append((loc, message))
        raise_problems(problems, exc.title)


Item = Annotated[
    Annotated[AnyItem, Field(discriminator="kind")],
    WrapValidator(_untag),
]


class Measurement(StrictSpec):
    """Spread and reliability of one scale; SEM = sd · √(1 − alpha)."""

    sd: float = Field(default=18.0, gt=0, le=100)
    alpha: float = Field(default=0.80, ge=0, lt=1)

    @property
    def sem(self) -> float:
        return self.sd * math.sqrt(1 - self.alpha)


class MeasurementParams(StrictSpec):
    builder: Measurement = Field(default_factory=Measurement)
    people: Measurement = Field(default_factory=Measurement)


class AffinityWeights(StrictSpec):
    """One track's affinity as a weighted mean of the scales B, P and V."""

    builder: float = Field(ge=0, le=1)
    people: float = Field(ge=0, le=1)
    product: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sums_to_one(self) -> AffinityWeights:
        total = self.builder + self.people + self.product
        if abs(total - 1) > WEIGHT_TOLERANCE:
            raise ValueError(f"weights must sum to 1, not {total:g}")
        return self


class AffinityParams(StrictSpec):
    builder: AffinityWeights = Field(
        default_factory=lambda: AffinityWeights(builder=0.7, people=0.0, product=0.3)
    )
    people_leader: AffinityWeights = Field(
        default_factory=lambda: AffinityWeights(builder=0.0, people=0.7, product=0.3)
    )
    hybrid: AffinityWeights = Field(
        default_factory=lambda: AffinityWeights(builder=0.2, people=0.4, product=0.4)
    )


class FlagParams(StrictSpec):
    """Soft-flag thresholds, in normalised terms so that coding 0..4 or 1..5 is the same.

    A normalised answer is (x − min) / (max − min), from 0 (lowest point) to 1 (highest).
    """

    # forced_choice_disagreement: strictly more than this share of the answered pairs
    # point against the sign of D, once at least fc_min_answered pairs are answered.
    fc_against_share: float = Field(default=1 / 3, ge=0, le=1)
    fc_min_answered: CountParameter = Field(default=3, ge=1)
    # long_run: this many identical answers in a row (likert items, display order).
    long_run: CountParameter = Field(default=10, ge=2)
    # low_spread: standard deviation of the normalised likert answers below this,
    # once at least low_spread_min_items are answered.
    low_spread_sd: float = Field(default=0.10, ge=0, le=1)
    low_spread_min_items: CountParameter = Field(default=10, ge=2)
    # acquiescence: the mean normalised raw answer, averaged over the forward-keyed and
    # the reverse-keyed items as two equal halves (so content cancels out), at or above
    # this, once each half has acquiescence_min_items answers.
    acquiescence_mean: float = Field(default=0.75, ge=0, le=1)
    acquiescence_min_items: CountParameter = Field(default=4, ge=1)
    # title_pull: the title_pull dimension at or above this with a people_leader outcome.
    title_pull_at: float = Field(default=70.0, ge=0, le=100)
    # polite_yes / team_without_people_work: those caution dimensions at or above these with
    # a people_leader or hybrid outcome.
    polite_yes_at: float = Field(default=70.0, ge=0, le=100)
    team_without_people_work_at: float = Field(default=70.0, ge=0, le=100)


class FollowUpParams(StrictSpec):
    """When the follow-up items are asked, in units of the person's own SE of D.

    After the other items, a z from ``ask_from_z`` up to (not including) ``ask_below_z`` is
    ambiguous: the follow-up items are asked. Once they are answered, a pole needs
    ``pole_z`` on every answer; outside the band the usual ``pole_z`` of the method holds.
    """

    ask_from_z: float = Field(default=0.45, ge=0)
    ask_below_z: float = Field(default=0.9, gt=0)
    pole_z: float = Field(default=0.6, gt=0)

    @model_validator(mode="after")
    def _band_is_not_empty(self) -> FollowUpParams:
        if self.ask_below_z <= self.ask_from_z:
            raise ValueError(
                f"ask_below_z ({self.ask_below_z}) must be above ask_from_z ({self.ask_from_z})"
            )
        return self


class CarelessParams(StrictSpec):
    """When answers look careless enough to withhold the reading.

    Straight-lining: a run of at least ``flags.long_run`` identical likert answers together
    with a spread below ``flags.low_spread_sd``. Inconsistency: the pooled standard deviation
    of the normalised, keyed answers within each dimension (statements of one dimension are
    near-synonyms, or antonyms once reversed) at or above ``inconsistent_at``, once at least
    ``inconsistency_min_items`` likert items are answered.
    """

    withhold_straight_lines: bool = True
    inconsistent_at: float = Field(default=0.33, gt=0, le=1)
    inconsistency_min_items: int = Field(default=20, ge=2)


class ScoringParams(StrictSpec):
    """Every number of scoring.md, with its starting value as the default."""

    min_completion: float = Field(default=0.75, gt=0, le=1)
    inconclusive_below: float = Field(default=40.0, ge=0, le=100)
    pole_z: float = Field(default=1.0, gt=0, le=10)
    clear_z: float = Field(default=1.645, gt=0, le=10)
    measurement: MeasurementParams = Field(default_factory=MeasurementParams)
    affinities: AffinityParams = Field(default_factory=AffinityParams)
    flags: FlagParams = Field(default_factory=FlagParams)
    follow_up: FollowUpParams = Field(default_factory=FollowUpParams)
    careless: CarelessParams = Field(default_factory=CarelessParams)

    @model_validator(mode="after")
    def _clear_needs_more_than_a_pole(self) -> ScoringParams:
        if self.clear_z < self.pole_z:
            raise ValueError(f"clear_z ({self.clear_z}) must not be below pole_z ({self.pole_z})")
        return self

    @property
    def se_d(self) -> float:
        """Standard error of D = P − B: √(SEM_P² + SEM_B²)."""
        return math.hypot(self.measurement.people.sem, self.measurement.builder.sem)


class SpecIndex:
    """Lookups over one spec, built once. Tolerates duplicates and dangling references,
    because it is built before the spec's cross-checks run (they use it)."""

    __slots__ = (
        "items",
        "position",
        "sections",
        "dimensions",
        "by_section",
        "likert",
        "likert_by_dimension",
        "dimensions_by_scale",
        "follow_up",
        "main",
    )

    def __init__(self, spec: QuestionnaireSpec) -> None:
        self.items: dict[str, AnyItem] = {}
        self.position: dict[str, int] = {}
        self.by_section: dict[str, list[AnyItem]] = {}
        self.likert: list[LikertItem] = []
        self.follow_up: list[LikertItem] = []
        self.main: list[AnyItem] = []
        self.likert_by_dimension: dict[str, list[LikertItem]] = {d.key: [] for d in spec.dimensions}
        for position, item in enumerate(spec.items):
            self.items.setdefault(item.key, item)
            self.position.setdefault(item.key, position)
            self.by_section.setdefault(item.section, []).append(item)
            if not getattr(item, "follow_up", False):
                self.main.append(item)
            if isinstance(item, LikertItem):
                self.likert.append(item)
                if item.follow_up:
                    self.follow_up.append(item)
                self.likert_by_dimension.setdefault(item.dimension, []).append(item)
        self.sections = {section.key: section for section in spec.sections}
        self.dimensions = {dimension.key: dimension for dimension in spec.dimensions}
        self.dimensions_by_scale: dict[str, list[Dimension]] = {name: [] for name in SCALE_NAMES}
        for dimension in spec.dimensions:
            self.dimensions_by_scale[dimension.scale].append(dimension)

    def __eq__(self, other: object) -> bool:
        # Derived from the spec's fields, which pydantic already compares.
        return isinstance(other, SpecIndex)

    __hash__ = None  # type: ignore[assignment]


class QuestionnaireSpec(StrictSpec):
    """One questionnaire version: what is asked, in which order, and how it is scored."""

    slug: Slug
    title: Text
    audience: Audience
    version: int = Field(ge=1, le=MAX_VERSION)
    intro: str = Field(default="", max_length=INTRO_LENGTH)
    scale: ScaleSpec
    sections: list[Section] = Field(min_length=1, max_length=MAX_SECTIONS)
    dimensions: list[Dimension] = Field(min_length=1, max_length=MAX_DIMENSIONS)
    items: list[Item] = Field(min_length=1, max_length=MAX_ITEMS)
    scoring: ScoringParams = Field(default_factory=ScoringParams)

    # Lookups built once per instance, so scoring never searches a list.
    _index: SpecIndex = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        self._index = SpecIndex(self)

    @property
    def index(self) -> SpecIndex:
        """Ready-made lookups; hot loops fetch this once rather than calling accessors."""
        return self._index

    @model_validator(mode="after")
    def _references_hold(self) -> QuestionnaireSpec:
        lookup = self._index
        problems: list[Problem] = []
        for field, entries in (("sections", self.sections), ("dimensions", self.dimensions)):
            noun = field.removesuffix("s")
            for index in repeated_keys([entry.key for entry in entries]):
                message = f'duplicate {noun} key "{entries[index].key}"'
                problems.append(((field, index, "key"), message))
        repeated_items = repeated_keys([item.key for item in self.items])
        for index, item in enumerate(self.items):
            if index in repeated_items:
                problems.append((("items", index, "key"), f'duplicate item key "{item.key}"'))
            if item.section not in lookup.sections:
                problems.append((("items", index, "section"), f'unknown section "{item.section}"'))
            if isinstance(item, LikertItem) and item.dimension not in lookup.dimensions:
                problems.append(
                    (("items", index, "dimension"), f'unknown dimension "{item.dimension}"')
                )
            if isinstance(item, InstructedItem) and not self.scale.contains(item.expected):
                problems.append(
                    (
                        ("items", index, "expected"),
                        f"{item.expected} is not on the scale {self.scale.min} to {self.scale.max}",
                    )
                )
        for index, section in enumerate(self.sections):
            if not lookup.by_section.get(section.key):
                problems.append((("sections", index), f'section "{section.key}" has no items'))
        for index, item in enumerate(self.items):
            if (
                isinstance(item, LikertItem)
                and item.follow_up
                and item.dimension in lookup.dimensions
                and lookup.dimensions[item.dimension].scale not in ("builder", "people")
            ):
                problems.append(
                    (("items", index, "follow_up"), "only builder and people items can follow up")
                )
        for index, dimension in enumerate(self.dimensions):
            # Follow-up items are not asked of everyone, so they do not make a scale long enough.
            count = sum(
                not item.follow_up for item in lookup.likert_by_dimension.get(dimension.key, [])
            )
            needed = MIN_LIKERT_ITEMS[dimension.scale]
            if count < needed:
                problems.append(
                    (
                        ("dimensions", index),
                        f'dimension "{dimension.key}" has {count} likert items; a '
                        f"{dimension.scale} dimension needs at least {needed}",
                    )
                )
        for scale in SCORED_SCALES:
            if not lookup.dimensions_by_scale[scale]:
                problems.append((("dimensions",), f"needs at least one {scale} dimension"))
        if problems:
            raise_problems(problems, type(self).__name__)
        return self

    # Accessors: all O(1) or a ready list; the lists are shared, do not mutate them.

    def item(self, key: str) -> AnyItem:
        """The item with this key; KeyError if there is none."""
        return self._index.items[key]

    def has_item(self, key: str) -> bool:
        return key in self._index.items

    def position(self, key: str) -> int:
        """The item's index in display order."""
        return self._index.position[key]

    def section(self, key: str) -> Section:
        return self._index.sections[key]

    def dimension(self, key: str) -> Dimension:
        return self._index.dimensions[key]

    def items_in_section(self, key: str) -> list[AnyItem]:
        """The section's items in display order (empty for an unknown section)."""
        return self._index.by_section.get(key, [])

    @property
    def main_items(self) -> list[AnyItem]:
        """The items asked of everyone, in display order: all but the follow-up items."""
        return self._index.main

    def likert_items(self, dimension: str | None = None) -> list[LikertItem]:
        """The likert items of one dimension, or of every dimension, in display order."""
        if dimension is None:
            return self._index.likert
        return self._index.likert_by_dimension.get(dimension, [])

    def dimensions_on(self, scale: ScaleName) -> list[Dimension]:
        """The dimensions on one scale (builder, people, product, caution), in file order."""
        return self._index.dimensions_by_scale[scale]

    def label(self, value: int) -> str:
        return self.scale.label(value)


def load_questionnaire(source: str | Mapping[str, Any]) -> QuestionnaireSpec:
    """Validate questionnaire text (YAML or JSON) or a parsed mapping; SpecError if invalid."""
    data = parse_document(source) if isinstance(source, str) else dict(source)
    return validate_spec(QuestionnaireSpec, data)


def read_questionnaire(path: str | Path) -> QuestionnaireSpec:
    """A QuestionnaireSpec from a file, or standard input for ``-``; SpecError if invalid."""
    return validate_spec(QuestionnaireSpec, read_document(path))


def default_questionnaire_paths() -> list[Path]:
    """The questionnaire files shipped with the app, for ``load_defaults``: the latest
    version of each, ``{slug}.yaml``. Earlier versions stay beside them as
    ``{slug}.v{N}.yaml``, for reference and tests; databases that loaded them keep them."""
    return sorted(path for path in DEFAULTS_DIR.glob("*.yaml") if ".v" not in path.stem)


def load_default_questionnaire(slug: str, version: int | None = None) -> QuestionnaireSpec:
    """The shipped file of ``slug``: its latest version, or an earlier ``version`` kept as
    ``{slug}.v{version}.yaml``."""
    latest = read_questionnaire(DEFAULTS_DIR / f"{slug}.yaml")
    if version is None or version == latest.version:
        return latest
    return read_questionnaire(DEFAULTS_DIR / f"{slug}.v{version}.yaml")


class Answers(dict[str, AnswerValue]):
    """Answers known to fit one questionnaire spec, keyed by item key in display order.

    Made only where raw answers cross into the app: the quiz form (``assessments.forms``),
    ``validate_answers`` (files, tests) and ``usable_answers`` (rows read back from the
    database). Code that receives Answers trusts every value without checking it again.
    """


def answer_problem(spec: QuestionnaireSpec, key: str, value: object) -> str | None:
    """Why ``value`` cannot answer item ``key``, e.g. "9 is not on the scale 1 to 5", or
    None if it can. The one rule for what an answer is, whoever received it."""
    item = spec.index.items.get(key)
    if item is None:
        return f'there is no question "{shorten(key, 24)}" in {spec.slug}'
    if isinstance(item, ForcedChoiceItem):
        keys = [option.key for option in item.options]
        if not isinstance(value, str):
            got = shorten(repr(value), 24)
            return f"expected an option key ({' or '.join(keys)}), got {got}"
        if value not in keys:
            return f'"{shorten(value, 24)}" is not an option of this question ({" or ".join(keys)})'
        return None
    scale = spec.scale
    # bool is an int in Python, but True is never a point on an agree scale.
    if isinstance(value, bool) or not isinstance(value, int):
        got = shorten(repr(value), 24)
        return f"expected a whole number from {scale.min} to {scale.max}, got {got}"
    if not scale.contains(value):
        return f"{value} is not on the scale {scale.min} to {scale.max}"
    return None


def validate_answers(spec: QuestionnaireSpec, answers: Mapping[str, object]) -> Answers:
    """Raw answers (a file, a test) checked at once, every problem reported by key as a
    SpecError; returned in display order. Unanswered items are simply absent: a partial set
    is valid."""
    problems = [
        f"{key}: {problem}"
        for key, value in answers.items()
        if (problem := answer_problem(spec, str(key), value))
    ]
    if problems:
        raise SpecError(problems)
    return _in_display_order(spec, answers)


def usable_answers(spec: QuestionnaireSpec, stored: Mapping[str, object]) -> Answers:
    """The stored answers that still fit ``spec``, in display order; the others are left
    out. Stored rows were checked when saved, so only a row edited by hand is ever dropped:
    it must not stop anyone getting a result."""
    fitting = {
        key: value for key, value in stored.items() if answer_problem(spec, key, value) is None
    }
    return _in_display_order(spec, fitting)


def _in_display_order(spec: QuestionnaireSpec, answers: Mapping[str, object]) -> Answers:
    position = spec.index.position
    return Answers({key: answers[key] for key in sorted(answers, key=position.__getitem__)})
