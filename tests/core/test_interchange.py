"""The one parser of ladder, questionnaire and answer files: what it refuses, and that nothing
a file holds makes it raise anything but SpecError."""

import contextlib
import io
import json
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.specs import QuestionnaireSpec, load_default_questionnaire
from core.interchange import (
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    SpecError,
    parse_document,
    parse_json,
    read_document,
    read_text,
    shorten,
    validate_spec,
)
from ladders.specs import DEFAULT_LADDER_FILE, LadderSpec

DEEP = 50_000


def problems(parse, text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse(text, "doc")
    return caught.value.messages


# ---- size --------------------------------------------------------------------------------


def test_text_over_the_size_limit_is_refused_before_parsing():
    assert problems(parse_document, "a: " + "x" * MAX_DOCUMENT_BYTES) == [
        "doc: larger than the limit of 1 MiB"
    ]


def test_the_limit_counts_bytes_not_characters():
    text = "a: " + "é" * (MAX_DOCUMENT_BYTES // 2)  # fewer characters than the limit

    assert problems(parse_document, text) == ["doc: larger than the limit of 1 MiB"]


def test_a_huge_file_is_refused_without_being_read_whole(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"description: " + b"x" * (20 * 1024 * 1024))

    with pytest.raises(SpecError) as caught:
        read_document(path)

    assert caught.value.messages == [f"{path}: larger than the limit of 1 MiB"]


def test_standard_input_has_the_same_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * 2000))

    with pytest.raises(SpecError) as caught:
        read_text("-", max_bytes=1024)

    assert caught.value.messages == ["<stdin>: larger than the limit of 1 KiB"]


# ---- depth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * DEEP + "]" * DEEP, id="yaml-flow"),
        pytest.param('{"a": ' + "[" * DEEP + "]" * DEEP + "}", id="json"),
        pytest.param("a: " + "{b: " * DEEP + "1" + "}" * DEEP, id="yaml-mappings"),
    ],
)
def test_deep_nesting_is_refused_with_where_it_happens(text):
    [message] = problems(parse_document, text)

    assert message.startswith("doc at line 1, column ")
    assert message.endswith(f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_up_to_the_limit_is_accepted_and_one_more_level_is_not():
    lists = MAX_DEPTH - 1  # the top-level mapping is the first level

    assert parse_document("a: " + "[" * lists + "]" * lists)
    deeper = "a: " + "[" * (lists + 1) + "]" * (lists + 1)
    assert "nested more" in problems(parse_document, deeper)[0]


def test_deep_json_is_refused_before_json_loads_can_recurse():
    assert problems(parse_json, '{"a": ' + "[" * DEEP + "]" * DEEP + "}") == [
        f"doc: nested more than {MAX_DEPTH} levels deep"
    ]


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    text = json.dumps({"a": "[" * 100 + '"{' * 100})

    assert parse_json(text, "doc") == json.loads(text)


# ---- repeated keys, aliases --------------------------------------------------------------


def test_a_repeated_yaml_key_is_refused_with_both_lines():
    text = "slug: product-management\nname: Ladder\nslug: other\n"

    assert problems(parse_document, text) == [
        'doc at line 3, column 1: the key "slug" appears twice (first at line 1)'
    ]


def test_a_repeated_key_in_a_nested_mapping_is_refused_too():
    text = "levels:\n- key: a\n  rank: 1\n  rank: 2\n"

    assert problems(parse_document, text) == [
        'doc at line 4, column 3: the key "rank" appears twice (first at line 3)'
    ]


def test_a_repeated_json_key_is_refused_by_both_parsers():
    text = '{"slug": "a", "slug": "b"}'

    assert "appears twice" in problems(parse_document, text)[0]
    assert problems(parse_json, text) == ["slug: given twice in doc"]


def test_aliases_are_refused():
    # Nine lines like these expand to a billion values once validated.
    text = "a: &a [x, x]\nb: [*a, *a]\n"

    assert problems(parse_document, text) == [
        "doc at line 2, column 5: aliases (*name) are not supported; write the value out"
    ]


# ---- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("parse", [parse_document, parse_json], ids=["yaml", "json"])
def test_a_number_too_long_to_convert_is_refused_at_its_path(parse):
    text = '{"items": [{"expected": ' + "4" * 4301 + "}]}"

    assert problems(parse, text) == [
        "items[0].expected: a number written with 4,301 characters; numbers are at most 30"
    ]


def test_a_big_number_that_converts_is_left_to_the_spec_to_range_check():
    assert parse_document("version: 100000000000000000000")["version"] == 10**20


def test_nan_and_infinity_are_not_json():
    [message] = problems(parse_json, '{"cm1": NaN}')
    assert message == "doc: not valid JSON (NaN is not a JSON number)"


# ---- echoed input ------------------------------------------------------------------------


def test_shorten_keeps_short_text_and_cuts_long_text_saying_how_long_it_was():
    assert shorten("cm1") == "cm1"
    assert shorten("k" * 1_000_000) == "k" * 40 + "… (1,000,000 characters)"


def test_a_path_built_from_a_huge_key_is_cut():
    # An explicit key ("? "): YAML allows keys of any length only in this form.
    data = parse_document("? " + "k" * 1_000_000 + "\n: 1\nslug: a\nname: A\n")

    with pytest.raises(SpecError) as caught:
        validate_spec(LadderSpec, data)

    [message] = caught.value.messages
    assert len(message) < 300 and "1,000,000 characters" in message


def test_no_message_line_is_ever_longer_than_500_characters():
    assert len(SpecError(["x" * 1_000_000]).messages[0]) < 550


# ---- generated hostile documents ---------------------------------------------------------

HUGE_NUMBER = "HUGE-NUMBER"  # written as 4,400 digits once the document is text
LADDER = yaml.safe_load(DEFAULT_LADDER_FILE.read_text())
QUESTIONNAIRE = load_default_questionnaire("pm-motivators").model_dump(mode="json")

hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.just(HUGE_NUMBER),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet="\x00\ufeff\u202e\ud7ffé🙂'\"\\", max_size=10),
    st.just("x" * 200_000),
    st.sampled_from(["ic", "likert", "forced_choice", "builder", "self", "senior-pm", "cm1"]),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(["key", "kind"])), inner),
    ),
    max_leaves=12,
)


def mutated(document: dict):
    """The document with one value somewhere inside it replaced by a hostile one."""

    def replace_in(value, path: list, new):
        if not path:
            return new
        step, *rest = path
        if isinstance(value, dict):
            key = list(value)[step % len(value)] if value else "key"
            return {**value, key: replace_in(value.get(key), rest, new)}
        if isinstance(value, list) and value:
            index = step % len(value)
            return [*value[:index], replace_in(value[index], rest, new), *value[index + 1 :]]
        return new

    return st.builds(
        replace_in,
        st.just(document),
        st.lists(st.integers(min_value=0, max_value=200), max_size=5),
        hostile_values,
    )


def as_text(draw, data) -> str:
    form = draw(st.sampled_from(["json", "yaml", "raw"]))
    if form == "json":
        text = json.dumps(data, allow_nan=True).replace(f'"{HUGE_NUMBER}"', HUGE_NUMBER)
    elif form == "yaml":
        text = yaml.safe_dump(data, allow_unicode=True)
    else:
        return draw(st.text(alphabet="{}[]:,-&*!|>'\"#%@` \n\t0123456789aeslug.", max_size=200))
    return text.replace(HUGE_NUMBER, "4" * 4400)


@st.composite
def hostile_documents(draw) -> str:
    base = draw(st.sampled_from([LADDER, QUESTIONNAIRE, {}]))
    return as_text(draw, draw(mutated(base)))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_documents())
def test_hostile_documents_give_spec_errors_and_nothing_else(text):
    for model in (LadderSpec, QuestionnaireSpec):
        with contextlib.suppress(SpecError):
            validate_spec(model, parse_document(text))
    with contextlib.suppress(SpecError):
        parse_json(text)
