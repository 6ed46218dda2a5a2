"""LadderSpec: the ladder file format, its invariants and its helpers. No database."""

import copy
import json

import pytest
import yaml

from core.interchange import SpecError, dump_document
from ladders.specs import DEFAULT_LADDER_FILE as DEFAULT_FILE
from ladders.specs import LadderSpec, Placement, parse_ladder, read_ladder


def split(people: int, product: int, individual: int) -> dict:
    return {"people": people, "product": product, "individual": individual}


def small_ladder() -> dict:
    """a → b → {c (ic), d (people)}: the smallest ladder with a fork."""
    return {
        "slug": "tiny",
        "name": "Tiny",
        "tracks": [
            {"key": "shared", "name": "Shared", "kind": "shared"},
            {"key": "ic", "name": "IC", "kind": "ic"},
            {"key": "people", "name": "People", "kind": "people"},
        ],
        "levels": [
            {"key": "a", "title": "A", "track": "shared", "rank": 1,
             "time_split": split(0, 10, 90), "next": ["b"]},
            {"key": "b", "title": "B", "track": "shared", "rank": 2,
             "time_split": split(0, 30, 70), "next": ["c", "d"]},
            {"key": "c", "title": "C", "track": "ic", "rank": 3, "time_split": split(0, 50, 50)},
            {"key": "d", "title": "D", "track": "people", "rank": 3,
             "time_split": split(60, 30, 10)},
        ],
        "competencies": [{"key": "craft", "name": "Craft", "area": "Execution"}],
        "expectations": [
            {"level": "a", "competency": "craft", "proficiency": 1, "text": "Learns."},
            {"level": "d", "competency": "craft", "proficiency": 3, "text": "Coaches it."},
        ],
    }  # fmt: skip


def errors_of(data: dict) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_ladder(json.dumps(data), "tiny.json")
    return caught.value.messages


def changed(edit) -> dict:
    data = copy.deepcopy(small_ladder())
    edit(data)
    return data


@pytest.fixture(scope="module")
def default() -> LadderSpec:
    return read_ladder(DEFAULT_FILE)


def test_the_small_ladder_is_valid():
    spec = parse_ladder(json.dumps(small_ladder()))
    assert [level.key for level in spec.levels] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        pytest.param(
            lambda d: d["levels"][1]["next"].append("vp2"),
            ['levels[1].next[2]: unknown level "vp2"'],
            id="unknown next level",
        ),
        pytest.param(
            lambda d: d["levels"][2].update(track="builder"),
            ['levels[2].track: unknown track "builder"'],
            id="unknown track",
        ),
        pytest.param(
            lambda d: d["expectations"].append(
                {"level": "z", "competency": "charm", "proficiency": 2, "text": "?"}
            ),
            [
                'expectations[2].level: unknown level "z"',
                'expectations[2].competency: unknown competency "charm"',
            ],
            id="unknown expectation references",
        ),
        pytest.param(
            lambda d: d["levels"].append(dict(d["levels"][2], title="C again")),
            ['levels[4].key: duplicate level key "c" (first used at levels[2])'],
            id="duplicate level key",
        ),
        pytest.param(
            lambda d: d["tracks"].append({"key": "ic", "name": "Again", "kind": "ic"}),
            ['tracks[3].key: duplicate track key "ic" (first used at tracks[1])'],
            id="duplicate track key",
        ),
        pytest.param(
            lambda d: d["competencies"].append({"key": "craft", "name": "X", "area": "Y"}),
            [
                'competencies[1].key: duplicate competency key "craft" '
                "(first used at competencies[0])"
            ],
            id="duplicate competency key",
        ),
        pytest.param(
            lambda d: d["expectations"].append(
                {"level": "a", "competency": "craft", "proficiency": 2, "text": "Again."}
            ),
            [
                'expectations[2]: a second expectation for level "a" and competency "craft" '
                "(the first is expectations[0])"
            ],
            id="two expectations for one level and competency",
        ),
        pytest.param(
            lambda d: d["levels"][0]["time_split"].update(individual=80),
            ["levels[0].time_split: people + product + individual must add up to 100, not 90"],
            id="time split not 100",
        ),
        pytest.param(
            lambda d: d["levels"][3].update(rank=2),
            [
                'levels[1].next[1]: rank must rise along a next edge, but "d" has rank 2 '
                "and this level has rank 2"
            ],
            id="rank does not rise",
        ),
        pytest.param(
            lambda d: d["levels"][2].update(rank=1),
            [
                'levels[1].next[0]: rank must rise along a next edge, but "c" has rank 1 '
                "and this level has rank 2"
            ],
            id="rank goes down",
        ),
        pytest.param(
            lambda d: d["levels"][2].update(next=["a"]),
            [
                'levels[2].next[0]: rank must rise along a next edge, but "a" has rank 1 '
                "and this level has rank 3",
                "levels[2].next[0]: cycle: a → b → c → a",
            ],
            id="cycle",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(next=["a"]),
            ['levels[0].next[0]: "a" cannot lead to itself'],
            id="level leads to itself",
        ),
        pytest.param(
            lambda d: d["expectations"][0].update(proficiency=6),
            ["expectations[0].proficiency: Input should be less than or equal to 5"],
            id="proficiency above 5",
        ),
        pytest.param(
            lambda d: d["expectations"][0].update(proficiency=0),
            ["expectations[0].proficiency: Input should be greater than or equal to 1"],
            id="proficiency below 1",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(rank="1"),
            ["levels[0].rank: Input should be a valid integer"],
            id="rank as a string",
        ),
        pytest.param(
            lambda d: d["levels"][0]["time_split"].update(people=True),
            ["levels[0].time_split.people: Input should be a valid integer"],
            id="boolean percentage",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(next="b"),
            ["levels[0].next: Input should be a valid list"],
            id="next as a string",
        ),
        pytest.param(
            lambda d: d["tracks"][1].update(kind="manager"),
            ["tracks[1].kind: Input should be 'shared', 'ic', 'people' or 'hybrid'"],
            id="unknown track kind",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(colour="blue"),
            ["levels[0].colour: Extra inputs are not permitted"],
            id="unknown field",
        ),
        pytest.param(
            lambda d: d["levels"][0].pop("title"),
            ["levels[0].title: Field required"],
            id="missing field",
        ),
        pytest.param(
            lambda d: d.update(slug="Product Management"),
            ['slug: "Product Management" is not a key: use lowercase letters, digits and hyphens'],
            id="slug with spaces",
        ),
        pytest.param(
            lambda d: d["expectations"][0].update(text=""),
            ["expectations[0].text: String should have at least 1 character"],
            id="empty expectation text",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(summary="x" * 2001),
            ["levels[0].summary: String should have at most 2000 characters"],
            id="summary over the length limit",
        ),
        pytest.param(
            lambda d: d.update(description="x" * 5001),
            ["description: String should have at most 5000 characters"],
            id="description over the length limit",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(next=[f"l{n}" for n in range(21)]),
            ["levels[0].next: List should have at most 20 items after validation, not 21"],
            id="more than 20 next levels",
        ),
        pytest.param(
            lambda d: d["tracks"].extend(
                {"key": f"t{n}", "name": "T", "kind": "ic"} for n in range(18)
            ),
            ["tracks: List should have at most 20 items after validation, not 21"],
            id="more than 20 tracks",
        ),
        pytest.param(
            lambda d: d["levels"][0].update(rank=10**20),
            ["levels[0].rank: Input should be less than or equal to 1000"],
            id="rank too big for the database",
        ),
        pytest.param(
            # The longest key a JSON document can have read as YAML; tests/core has 1 MB.
            lambda d: d.update({"k" * 1000: 1}),
            [f"{'k' * 40}… (1,000 characters): Extra inputs are not permitted"],
            id="long unknown field, cut short",
        ),
    ],
)
def test_an_invalid_ladder_names_each_problem_by_its_path(edit, messages):
    assert errors_of(changed(edit)) == messages


def test_every_broken_reference_is_reported_at_once():
    def edit(d):
        d["levels"][0]["next"] = ["vp2"]
        d["levels"][3]["track"] = "nowhere"

    assert errors_of(changed(edit)) == [
        'levels[0].next[0]: unknown level "vp2"',
        'levels[3].track: unknown track "nowhere"',
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "slug: tiny\nname: [unclosed\n",
            "broken.yaml: not valid YAML or JSON at line 3, column 1",
        ),
        (
            '{"slug": "tiny"\n  "name": "x"}',
            "broken.yaml: not valid YAML or JSON at line 2, column 3",
        ),
        ("- just\n- a list\n", "broken.yaml: expected a mapping at the top level"),
    ],
    ids=["malformed YAML", "malformed JSON", "not a mapping"],
)
def test_a_malformed_file_says_where(text, message):
    with pytest.raises(SpecError) as caught:
        parse_ladder(text, "broken.yaml")
    assert caught.value.messages == [message]


def test_a_missing_file_is_reported_not_raised(tmp_path):
    with pytest.raises(SpecError) as caught:
        read_ladder(tmp_path / "nope.yaml")
    assert caught.value.messages[0].startswith(f"{tmp_path / 'nope.yaml'}: cannot be read")


def test_field_errors_come_before_reference_checks():
    # Reference checks need well-formed fields, so a file with both shows the field errors.
    def edit(d):
        d["levels"][0]["next"] = ["vp2"]
        d["levels"][1]["time_split"] = split(0, 0, 0)

    assert errors_of(changed(edit)) == [
        "levels[1].time_split: people + product + individual must add up to 100, not 0",
    ]


def test_json_and_yaml_describe_the_same_ladder(default):
    as_json = dump_document(default, "json")
    assert parse_ladder(as_json) == default
    assert json.loads(as_json)["slug"] == "product-management"


# ---- the shipped default ladder ------------------------------------------------------------


def test_the_default_file_is_stored_in_canonical_form(default):
    assert dump_document(default, "yaml") == DEFAULT_FILE.read_text(encoding="utf-8")


def test_the_default_ladder_forks_after_senior_pm(default):
    assert [level.key for level in default.fork_points()] == ["senior-pm"]
    assert [level.key for level in default.next_levels("senior-pm")] == [
        "principal-pm",
        "group-pm",
        "director",
    ]
    assert [default.track_of(key).kind for key in ("principal-pm", "group-pm", "director")] == [
        "ic",
        "hybrid",
        "people",
    ]


def test_the_group_pm_splits_time_40_40_20_and_leads_on_to_director(default):
    group_pm = default.level("group-pm")
    assert (group_pm.time_split.people, group_pm.time_split.product) == (40, 40)
    assert group_pm.time_split.individual == 20
    assert group_pm.next == ["director"]


def test_the_default_ladder_has_an_expectation_for_every_level_and_competency(default):
    assert 10 <= len(default.competencies) <= 12
    areas = {competency.area for competency in default.competencies}
    assert 4 <= len(areas) <= 5
    pairs = {(e.level, e.competency) for e in default.expectations}
    assert pairs == {(lv.key, c.key) for lv in default.levels for c in default.competencies}
    assert all(level.summary and level.scope for level in default.levels)


def test_the_default_ladder_has_an_ic_branch_of_two_or_more_levels(default):
    assert [level.key for level in default.levels_of("ic")] == ["principal-pm", "distinguished-pm"]


# ---- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "kind", "path"),
    [
        ("senior-pm", "people", ["director", "vp-product", "cpo"]),
        ("senior-pm", "ic", ["principal-pm", "distinguished-pm"]),
        ("senior-pm", "hybrid", ["group-pm", "director", "vp-product", "cpo"]),
        ("associate-pm", "ic", ["pm", "senior-pm", "principal-pm", "distinguished-pm"]),
        ("director", "people", ["vp-product", "cpo"]),
        ("principal-pm", "people", []),
        ("cpo", "people", []),
    ],
)
def test_path_from_follows_next_levels_toward_a_track_kind(default, start, kind, path):
    assert [level.key for level in default.path_from(start, kind)] == path


def test_path_from_an_unknown_level_is_a_key_error(default):
    with pytest.raises(KeyError):
        default.path_from("intern", "ic")


def test_levels_of_a_track_come_in_rank_order(default):
    assert [lv.key for lv in default.levels_of("shared")] == ["associate-pm", "pm", "senior-pm"]
    assert [lv.key for lv in default.levels_of("people")] == ["director", "vp-product", "cpo"]
    with pytest.raises(KeyError):
        default.levels_of("nowhere")


def test_a_top_level_has_no_next_levels(default):
    assert default.next_levels("cpo") == []
    assert default.level("cpo").title == "Chief Product Officer"


def test_compare_says_what_grows_and_what_is_new(default):
    to_director = default.compare("senior-pm", "director")
    assert [row.competency.key for row in to_director.new] == ["team-building"]
    assert "coaching" in [row.competency.key for row in to_director.grows]
    to_principal = default.compare("senior-pm", "principal-pm")
    assert "product-strategy" in [row.competency.key for row in to_principal.grows]
    # A little hiring help (1 → 2) on the IC path grows; it is not new people leadership.
    assert to_principal.new == []
    assert to_principal.change_for("team-building").change == "grows"
    assert len(to_principal.rows) == len(default.competencies)
    # Every row lands in exactly one group.
    groups = (to_director.new, to_director.grows, to_director.unchanged, to_director.less)
    assert sum(len(group) for group in groups) == len(to_director.rows)


def test_compare_counts_a_competency_missing_before_as_new():
    data = changed(lambda d: None)
    spec = parse_ladder(json.dumps(data))
    comparison = spec.compare("b", "d")
    assert [(row.competency.key, row.change) for row in comparison.rows] == [("craft", "new")]
    assert spec.compare("d", "a").rows[0].change == "less"


def test_the_yaml_and_json_dumps_of_a_parsed_file_are_stable(default):
    for fmt in ("yaml", "json"):
        text = dump_document(default, fmt)
        assert dump_document(parse_ladder(text), fmt) == text
    assert yaml.safe_load(dump_document(default, "yaml"))["levels"][0]["key"] == "associate-pm"


# ---- placement --------------------------------------------------------------------------


def test_placement_follows_the_branch_from_the_persons_level(default):
    placement = default.placement("senior-pm", "people")
    assert (placement.ladder.slug, placement.ladder.name) == ("product-management", default.name)
    assert placement.current.key == "senior-pm" and placement.current.track_kind == "shared"
    assert [level.key for level in placement.next] == ["director"]
    assert [level.key for level in placement.later] == ["vp-product", "cpo"]
    assert placement.branch == "people" and placement.on_branch is False
    assert placement.branch_name == default.track_of("director").name


def test_placement_without_a_branch_offers_every_next_level(default):
    placement = default.placement("senior-pm", None)
    assert sorted(level.key for level in placement.next) == ["director", "group-pm", "principal-pm"]
    assert placement.later == [] and placement.branch_name == ""


def test_placement_of_an_unknown_level_names_the_ladder_only(default):
    placement = default.placement(None, "ic")
    assert placement.ladder.slug == "product-management"
    assert placement.current is None and placement.next == [] and placement.later == []


def test_placement_is_stored_as_keys_and_read_back_unchanged(default):
    stored = json.loads(json.dumps(default.placement("pm", "ic").model_dump(mode="json")))
    assert "url" not in json.dumps(stored)
    assert Placement.model_validate(stored) == default.placement("pm", "ic")
