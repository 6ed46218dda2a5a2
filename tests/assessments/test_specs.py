"""The questionnaire file format: what it accepts, what it refuses and how it says so."""

import copy
import json
import re

import pytest

from assessments.specs import (
    DEFAULTS_DIR,
    Answers,
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    default_questionnaire_paths,
    load_questionnaire,
    read_questionnaire,
    usable_answers,
    validate_answers,
)
from core.interchange import SpecError, dump_document, validate_spec

NINE_DIMENSIONS = [
    "craft_mastery",
    "hands_on",
    "maker_focus",
    "vision_strategy",
    "developing_people",
    "leading_through_others",
    "org_influence",
    "org_building",
    "title_pull",
]


def small_spec() -> dict:
    """A valid questionnaire: three dimensions of four statements, one pair, one check."""
    items = []
    for dimension in ("build", "lead", "vision"):
        for n in range(1, 5):
            items.append(
                {
                    "key": f"{dimension[0]}{n}",
                    "kind": "likert",
                    "section": "main",
                    "text": f"I like {dimension} work, part {n}.",
                    "dimension": dimension,
                    "reverse": n > 2,
                }
            )
    items.append(
        {
            "key": "fc1",
            "kind": "forced_choice",
            "section": "main",
            "text": "Which would you rather do?",
            "options": [
                {"key": "a", "text": "Ship it", "pole": "builder"},
                {"key": "b", "text": "Coach them", "pole": "people"},
            ],
        }
    )
    items.append(
        {
            "key": "ic1",
            "kind": "instructed",
            "section": "main",
            "text": "Choose Agree.",
            "expected": 4,
        }
    )
    return {
        "slug": "test-spec",
        "title": "A test",
        "audience": "self",
        "version": 1,
        "scale": {
            "min": 1,
            "max": 5,
            "labels": ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"],
        },
        "sections": [{"key": "main", "title": "Main"}],
        "dimensions": [
            {"key": "build", "name": "Building", "scale": "builder"},
            {"key": "lead", "name": "Leading", "scale": "people"},
            {"key": "vision", "name": "Vision", "scale": "product"},
        ],
        "items": items,
    }


def problems(change) -> list[str]:
    data = small_spec()
    change(data)
    with pytest.raises(SpecError) as caught:
        validate_spec(QuestionnaireSpec, data)
    return caught.value.messages


def set_in(path, value):
    """A change that sets data[path[0]][path[1]]... = value."""

    def change(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def add_dimension(dimension: dict, items: int):
    def change(data):
        data["dimensions"].append(dimension)
        for n in range(items):
            data["items"].append(
                {
                    "key": f"x{n}",
                    "kind": "likert",
                    "section": "main",
                    "text": "Statement.",
                    "dimension": dimension["key"],
                }
            )

    return change


FC, IC = 12, 13  # positions of the forced-choice and instructed items in small_spec()

RULES = [
    (
        "duplicate item key",
        set_in(["items", 1, "key"], "b1"),
        'items[1].key: duplicate item key "b1"',
    ),
    (
        "duplicate section key",
        lambda d: d["sections"].append({"key": "main", "title": "Again"}),
        'sections[1].key: duplicate section key "main"',
    ),
    (
        "duplicate dimension key",
        lambda d: d["dimensions"].append({"key": "lead", "name": "Again", "scale": "people"}),
        'dimensions[3].key: duplicate dimension key "lead"',
    ),
    (
        "unknown dimension",
        set_in(["items", 7, "dimension"], "crafts"),
        'items[7].dimension: unknown dimension "crafts"',
    ),
    (
        "unknown section",
        set_in(["items", 2, "section"], "enrgy"),
        'items[2].section: unknown section "enrgy"',
    ),
    (
        "forced choice with three options",
        lambda d: d["items"][FC]["options"].append({"key": "c", "text": "Both", "pole": "people"}),
        f"items[{FC}].options: List should have at most 2 items after validation, not 3",
    ),
    (
        "forced choice with one option",
        lambda d: d["items"][FC]["options"].pop(),
        f"items[{FC}].options: List should have at least 2 items after validation, not 1",
    ),
    (
        "forced choice with two builder options",
        set_in(["items", FC, "options", 1, "pole"], "builder"),
        f"items[{FC}].options: needs one option with pole builder, one with people",
    ),
    (
        "forced choice with a repeated option key",
        set_in(["items", FC, "options", 1, "key"], "a"),
        f'items[{FC}].options[1].key: duplicate option key "a"',
    ),
    (
        "forced choice with an unknown pole",
        set_in(["items", FC, "options", 1, "pole"], "manager"),
        f"items[{FC}].options[1].pole: Input should be 'builder' or 'people'",
    ),
    (
        "instructed item expecting a value off the scale",
        set_in(["items", IC, "expected"], 6),
        f"items[{IC}].expected: 6 is not on the scale 1 to 5",
    ),
    (
        "builder dimension with three statements",
        lambda d: d["items"].pop(0),
        'dimensions[0]: dimension "build" has 3 likert items; a builder dimension needs at least 4',
    ),
    (
        "caution dimension with two statements",
        add_dimension({"key": "title", "name": "Title", "scale": "caution"}, items=2),
        'dimensions[3]: dimension "title" has 2 likert items; a caution dimension needs at least 3',
    ),
    (
        "no product dimension",
        lambda d: (d["dimensions"].pop(2), d["items"].__setitem__(slice(8, 12), [])),
        "dimensions: needs at least one product dimension",
    ),
    (
        "section without items",
        lambda d: d["sections"].append({"key": "empty", "title": "Nothing here"}),
        'sections[1]: section "empty" has no items',
    ),
    (
        "affinity weights not summing to one",
        set_in(
            ["scoring"],
            {"affinities": {"hybrid": {"builder": 0.5, "people": 0.4, "product": 0.4}}},
        ),
        "scoring.affinities.hybrid: weights must sum to 1, not 1.3",
    ),
    (
        "clear threshold below the pole threshold",
        set_in(["scoring"], {"pole_z": 1.0, "clear_z": 0.5}),
        "scoring: clear_z (0.5) must not be below pole_z (1.0)",
    ),
    (
        "perfect reliability, which would make SE_D zero",
        set_in(["scoring"], {"measurement": {"people": {"alpha": 1.0}}}),
        "scoring.measurement.people.alpha: Input should be less than 1",
    ),
    (
        "scale upside down",
        set_in(["scale"], {"min": 5, "max": 1, "labels": ["a"] * 5}),
        "scale: min (5) must be less than max (1)",
    ),
    (
        "too few labels",
        set_in(["scale", "labels"], ["No", "Maybe", "Yes", "Very"]),
        "scale.labels: needs 5 labels, one per point from 1 to 5, not 4",
    ),
    (
        "typo in a field name",
        set_in(["items", 0, "revers"], True),
        "items[0].revers: Extra inputs are not permitted",
    ),
    (
        "typo at the top level",
        set_in(["titel"], "x"),
        "titel: Extra inputs are not permitted",
    ),
    (
        "unknown item kind",
        set_in(["items", 0, "kind"], "likret"),
        'items[0].kind: unknown kind "likret" (use likert, forced_choice, instructed)',
    ),
    (
        "a 1 MB item kind, quoted back cut short",
        set_in(["items", 0, "kind"], "k" * 1_000_000),
        f'items[0].kind: unknown kind "{"k" * 40}… (1,000,000 characters)" '
        "(use likert, forced_choice, instructed)",
    ),
    (
        "version too big for the database",
        set_in(["version"], 10**20),
        "version: Input should be less than or equal to 100000",
    ),
    (
        "a statement over 500 characters",
        set_in(["items", 0, "text"], "x" * 501),
        "items[0].text: String should have at most 500 characters",
    ),
    (
        "an intro over 5,000 characters",
        set_in(["intro"], "x" * 5001),
        "intro: String should have at most 5000 characters",
    ),
    (
        "a scale of 12 points",
        set_in(["scale"], {"min": 1, "max": 12, "labels": ["a"] * 12}),
        "scale.labels: List should have at most 11 items after validation, not 12",
    ),
    (
        "an instructed item expecting a huge number",
        set_in(["items", IC, "expected"], 10**30),
        f"items[{IC}].expected: Input should be less than or equal to 100",
    ),
    (
        "an infinite threshold",
        set_in(["scoring"], {"clear_z": float("inf")}),
        "scoring.clear_z: Input should be less than or equal to 10",
    ),
    (
        "missing item kind",
        lambda d: d["items"][0].pop("kind"),
        "items[0].kind: Field required (one of likert, forced_choice, instructed)",
    ),
    (
        "missing statement text",
        lambda d: d["items"][0].pop("text"),
        "items[0].text: Field required",
    ),
    (
        "reverse given as a string",
        set_in(["items", 0, "reverse"], "yes"),
        "items[0].reverse: Input should be a valid boolean",
    ),
    (
        "expected given as a string",
        set_in(["items", IC, "expected"], "4"),
        f"items[{IC}].expected: Input should be a valid integer",
    ),
    (
        "unknown dimension scale",
        set_in(["dimensions", 0, "scale"], "manager"),
        "dimensions[0].scale: Input should be 'builder', 'people', 'product' or 'caution'",
    ),
    (
        "key that cannot be a form field name",
        set_in(["items", 0, "key"], "Cm 1"),
        'items[0].key: "Cm 1" is not a key: start with a lowercase letter, then use lowercase '
        "letters, digits and underscores",
    ),
    (
        "unknown audience",
        set_in(["audience"], "manager"),
        "audience: Input should be 'self' or 'observer'",
    ),
]


@pytest.mark.parametrize(("change", "message"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_validation_names_the_path_of_each_problem(change, message):
    assert message in problems(change)


def test_small_spec_is_valid():
    spec = validate_spec(QuestionnaireSpec, small_spec())
    assert len(spec.items) == 14


def test_every_cross_reference_problem_is_reported_at_once():
    def two_problems(data):
        data["items"][0]["dimension"] = "nope"
        data["items"][5]["section"] = "nowhere"

    messages = problems(two_problems)
    assert 'items[0].dimension: unknown dimension "nope"' in messages
    assert 'items[5].section: unknown section "nowhere"' in messages


def test_load_questionnaire_reads_yaml_text_and_reports_parse_errors():
    spec = load_questionnaire(dump_document(validate_spec(QuestionnaireSpec, small_spec())))
    assert spec.slug == "test-spec"
    with pytest.raises(SpecError) as caught:
        load_questionnaire("slug: [unclosed")
    assert caught.value.messages[0].startswith("input: not valid YAML or JSON")


def test_scoring_section_defaults_to_the_values_of_scoring_md():
    scoring = validate_spec(QuestionnaireSpec, small_spec()).scoring
    assert scoring.min_completion == 0.75
    assert scoring.inconclusive_below == 40
    assert (scoring.pole_z, scoring.clear_z) == (1.0, 1.645)
    assert (scoring.measurement.people.sd, scoring.measurement.people.alpha) == (18, 0.8)
    assert round(scoring.se_d, 1) == 11.4
    weights = scoring.affinities
    assert (weights.builder.builder, weights.builder.product) == (0.7, 0.3)
    assert (weights.people_leader.people, weights.people_leader.product) == (0.7, 0.3)
    assert (weights.hybrid.people, weights.hybrid.product, weights.hybrid.builder) == (
        0.4,
        0.4,
        0.2,
    )
    assert scoring.flags.long_run == 10
    assert scoring.flags.title_pull_at == 70


def test_accessors_find_items_sections_and_dimensions():
    spec = validate_spec(QuestionnaireSpec, small_spec())
    assert spec.item("l2").text == "I like lead work, part 2."
    assert isinstance(spec.item("fc1"), ForcedChoiceItem)
    assert [item.key for item in spec.likert_items("vision")] == ["v1", "v2", "v3", "v4"]
    assert len(spec.likert_items()) == 12
    assert [item.key for item in spec.items_in_section("main")][-2:] == ["fc1", "ic1"]
    assert spec.items_in_section("nowhere") == []
    assert [d.key for d in spec.dimensions_on("people")] == ["lead"]
    assert spec.dimension("build").name == "Building"
    assert spec.position("ic1") == 13
    assert spec.label(4) == "Agree"
    with pytest.raises(KeyError):
        spec.item("zz")


# Answers


@pytest.fixture
def spec():
    return validate_spec(QuestionnaireSpec, small_spec())


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"zz9": 3}, 'zz9: there is no question "zz9" in test-spec'),
        ({"b1": 6}, "b1: 6 is not on the scale 1 to 5"),
        ({"b1": 0}, "b1: 0 is not on the scale 1 to 5"),
        ({"b1": "4"}, "b1: expected a whole number from 1 to 5, got '4'"),
        ({"b1": True}, "b1: expected a whole number from 1 to 5, got True"),
        ({"b1": 4.0}, "b1: expected a whole number from 1 to 5, got 4.0"),
        ({"b1": None}, "b1: expected a whole number from 1 to 5, got None"),
        ({"ic1": "Agree"}, "ic1: expected a whole number from 1 to 5, got 'Agree'"),
        ({"fc1": "c"}, 'fc1: "c" is not an option of this question (a or b)'),
        ({"fc1": 1}, "fc1: expected an option key (a or b), got 1"),
    ],
)
def test_unusable_answers_are_refused_by_key(spec, answers, message):
    with pytest.raises(SpecError) as caught:
        validate_answers(spec, answers)
    assert caught.value.messages == [message]


def test_every_unusable_answer_is_reported_together(spec):
    with pytest.raises(SpecError) as caught:
        validate_answers(spec, {"b1": 9, "fc1": "z", "l1": 3, "nope": 1})
    assert len(caught.value.messages) == 3


def test_partial_answers_are_valid_and_come_back_in_display_order(spec):
    assert list(validate_answers(spec, {"ic1": 4, "fc1": "b", "b2": 1})) == ["b2", "fc1", "ic1"]
    assert validate_answers(spec, {}) == {}


def test_valid_answers_come_back_typed_and_trusted(spec):
    valid = validate_answers(spec, {"l3": 5, "fc1": "a"})
    assert isinstance(valid, Answers) and valid == {"l3": 5, "fc1": "a"}
    with pytest.raises(SpecError, match="l3: 7 is not on the scale"):
        validate_answers(spec, {"l3": 7})


def test_a_huge_value_is_quoted_short(spec):
    with pytest.raises(SpecError) as caught:
        validate_answers(spec, {"b1": "9" * 4301, "fc1": "x" * 500})
    assert all(len(message) < 100 for message in caught.value.messages)


def test_usable_answers_leave_out_what_no_longer_fits(spec):
    stored = {"ic1": 4, "b1": 9, "fc1": "z", "gone": 3, "b2": 1}
    usable = usable_answers(spec, stored)
    assert isinstance(usable, Answers)
    assert list(usable.items()) == [("b2", 1), ("ic1", 4)]


# The shipped questionnaires


@pytest.mark.parametrize("path", sorted(DEFAULTS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_default_files_are_stored_in_canonical_form(path):
    """Loading then dumping gives the same bytes: export → import → export is identical."""
    spec = read_questionnaire(path)
    text = path.read_text(encoding="utf-8")
    assert dump_document(spec, "yaml") == text
    assert load_questionnaire(dump_document(spec, "yaml")) == spec
    as_json = dump_document(spec, "json")
    assert json.loads(as_json)["slug"] == spec.slug
    assert dump_document(load_questionnaire(as_json), "json") == as_json


def test_both_default_questionnaires_ship():
    assert [p.name for p in default_questionnaire_paths()] == [
        "pm-motivators-observer.yaml",
        "pm-motivators.yaml",
    ]
    assert DEFAULTS_DIR.name == "defaults"


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def count(spec, kind):
    return sum(1 for item in spec.items if isinstance(item, kind))


def test_self_questionnaire_covers_every_dimension_in_balanced_short_items():
    spec = read_questionnaire(DEFAULTS_DIR / "pm-motivators.v1.yaml")
    assert spec.audience == "self"
    assert [d.key for d in spec.dimensions] == NINE_DIMENSIONS
    assert 45 <= len(spec.items) <= 55
    assert count(spec, ForcedChoiceItem) >= 6
    assert count(spec, InstructedItem) == 2
    assert 5 <= len(spec.sections) <= 7
    for dimension in NINE_DIMENSIONS:
        items = spec.likert_items(dimension)
        reversed_count = sum(item.reverse for item in items)
        assert 4 <= len(items) <= 6, dimension
        assert abs(reversed_count - len(items) / 2) <= 1, dimension
    for item in spec.items:
        assert len(item.text.split()) < 20, item.key
        if isinstance(item, LikertItem):
            assert {"i", "my", "me"} & words(item.text), item.key


def test_observer_questionnaire_describes_them_on_the_same_dimensions():
    spec = read_questionnaire(DEFAULTS_DIR / "pm-motivators-observer.v1.yaml")
    assert spec.audience == "observer"
    assert [d.key for d in spec.dimensions] == NINE_DIMENSIONS
    assert count(spec, InstructedItem) == 1
    for dimension in NINE_DIMENSIONS:
        items = spec.likert_items(dimension)
        assert 4 <= len(items) <= 5, dimension
        assert abs(sum(item.reverse for item in items) - len(items) / 2) <= 1, dimension
    for item in spec.likert_items():
        assert {"they", "them", "their"} & words(item.text), item.key
        assert not {"i", "my", "me"} & words(item.text), item.key


def test_spec_is_frozen_and_equal_after_a_round_trip():
    spec = read_questionnaire(DEFAULTS_DIR / "pm-motivators.yaml")
    copy_ = QuestionnaireSpec.model_validate(copy.deepcopy(spec.model_dump()))
    assert copy_ == spec
    with pytest.raises(ValueError):
        spec.title = "changed"


# Versions 2 and 3 of the shipped questionnaires: version 3 is version 2 with a longer main
# part, so every rule version 2 was written to keep holds for both.

SELF_V2 = read_questionnaire(DEFAULTS_DIR / "pm-motivators.v2.yaml")
OBSERVER_V2 = read_questionnaire(DEFAULTS_DIR / "pm-motivators-observer.v2.yaml")
SELF_V3 = read_questionnaire(DEFAULTS_DIR / "pm-motivators.yaml")
OBSERVER_V3 = read_questionnaire(DEFAULTS_DIR / "pm-motivators-observer.yaml")
SINCE_V2 = pytest.mark.parametrize(
    ("mine", "theirs"), [(SELF_V2, OBSERVER_V2), (SELF_V3, OBSERVER_V3)], ids=["v2", "v3"]
)


def test_the_version_numbers_match_the_files():
    assert SELF_V2.version == OBSERVER_V2.version == 2
    assert SELF_V3.version == OBSERVER_V3.version == 3


@SINCE_V2
def test_version_two_adds_follow_up_items_on_both_poles(mine, theirs):
    follow_up = [item for item in mine.likert_items() if item.follow_up]
    poles = [mine.dimension(item.dimension).scale for item in follow_up]
    assert poles.count("builder") >= 8 and poles.count("people") >= 8
    assert {item.section for item in follow_up} == {"follow_up"}
    assert mine.section("follow_up").title == "A few more, to be sure"


@SINCE_V2
def test_version_two_places_company_wide_influence_on_product_leadership(mine, theirs):
    assert mine.dimension("company_influence").scale == "product"
    assert mine.dimension("org_scope").scale == "people"
    assert "org_influence" not in {d.key for d in mine.dimensions}


@SINCE_V2
def test_version_two_asks_about_the_two_mismatches(mine, theirs):
    for key in ("polite_yes", "team_without_people_work"):
        assert mine.dimension(key).scale == "caution"
        assert len(mine.likert_items(key)) >= 3


@SINCE_V2
def test_version_two_items_are_short_first_person_and_balanced(mine, theirs):
    for dimension in mine.dimensions:
        main = [i for i in mine.likert_items(dimension.key) if not i.follow_up]
        reversed_count = sum(item.reverse for item in main)
        assert abs(reversed_count - len(main) / 2) <= 1, dimension.key
    for item in mine.items:
        assert len(item.text.split()) < 20, item.key
        if isinstance(item, LikertItem):
            assert {"i", "my", "me"} & words(item.text), item.key
            assert not {"not", "never", "rarely"} & words(item.text) or not item.reverse, item.key


@SINCE_V2
def test_the_observer_mirrors_the_self_questionnaire_one_for_one(mine, theirs):
    assert [d.key for d in theirs.dimensions] == [d.key for d in mine.dimensions]
    own = {item.key: item for item in mine.items}
    observed = {item.key: item for item in theirs.items}
    assert set(own) == set(observed)
    for key, item in own.items():
        other = observed[key]
        assert other.kind == item.kind, key
        if isinstance(item, LikertItem):
            assert (other.dimension, other.reverse, other.follow_up) == (
                item.dimension,
                item.reverse,
                item.follow_up,
            ), key
            assert {"they", "them", "their"} & words(other.text), key
            assert not {"i", "my", "me"} & words(other.text), key


def added_in_v3(old: QuestionnaireSpec, new: QuestionnaireSpec) -> list[LikertItem]:
    known = {item.key for item in old.items}
    return [item for item in new.likert_items() if item.key not in known]


@pytest.mark.parametrize(("old", "new"), [(SELF_V2, SELF_V3), (OBSERVER_V2, OBSERVER_V3)])
def test_version_three_asks_everyone_one_more_statement_per_builder_and_people_motivator(old, new):
    added = added_in_v3(old, new)
    scored = [d.key for d in new.dimensions if d.scale in ("builder", "people")]
    assert sorted(item.dimension for item in added) == sorted(scored)
    for item in added:
        assert not item.follow_up, item.key
        # One idea per statement: nothing joins a second one on.
        assert not {"and", "or"} & words(item.text), item.key
        # Beside the motivator's other statements, before the follow-up part.
        sections = {i.section for i in old.likert_items(item.dimension) if not i.follow_up}
        assert item.section in sections, item.key
        assert new.position(item.key) < new.position(new.index.follow_up[0].key), item.key


@pytest.mark.parametrize(("old", "new"), [(SELF_V2, SELF_V3), (OBSERVER_V2, OBSERVER_V3)])
def test_version_three_keeps_everything_else_of_version_two(old, new):
    """Only the seven statements are new: every other item, word for word, the same sections
    and dimensions, and the scoring parameters chosen for version 2 unchanged."""
    added = {item.key for item in added_in_v3(old, new)}
    assert [item for item in new.items if item.key not in added] == list(old.items)
    assert (new.sections, new.dimensions, new.scoring) == (
        old.sections,
        old.dimensions,
        old.scoring,
    )
    assert (new.title, new.intro, new.scale) == (old.title, old.intro, old.scale)
