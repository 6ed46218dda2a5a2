"""What changed between two ladder specs: pure, no database."""

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladders.diff import FieldChange, diff_ladders, new_gaps
from ladders.specs import DEFAULT_LADDER_FILE, LadderSpec, read_ladder


@cache
def shipped() -> LadderSpec:
    return read_ladder(DEFAULT_LADDER_FILE)


def edited(edit) -> LadderSpec:
    data = shipped().model_dump()
    edit(data)
    return LadderSpec.model_validate(data)


def level(data: dict, key: str) -> dict:
    return next(lv for lv in data["levels"] if lv["key"] == key)


def add_staff_pm(d: dict, expectations: bool = True) -> None:
    """A Staff PM between Senior PM and Distinguished PM, as an admin would add it."""
    d["levels"].append(
        {**level(d, "principal-pm"), "key": "staff-pm", "title": "Staff Product Manager",
         "rank": 4, "next": ["distinguished-pm"]}
    )  # fmt: skip
    level(d, "senior-pm")["next"].append("staff-pm")
    if expectations:
        d["expectations"] += [
            {**e, "level": "staff-pm"} for e in d["expectations"] if e["level"] == "principal-pm"
        ]


def test_the_same_ladder_has_no_changes():
    diff = diff_ladders(shipped(), shipped())
    assert not diff
    assert diff.summary() == "no change"
    assert diff.lines() == []


def test_a_new_level_shows_as_the_level_its_edges_and_its_expectations():
    diff = diff_ladders(shipped(), edited(add_staff_pm))
    assert diff.summary() == "1 level added, 2 edges added, 11 expectations added"
    levels, edges, expectations = diff.sections
    assert [c.subject for c in levels.changes] == ["“Staff Product Manager” (staff-pm)"]
    added = {f.field: f.after for f in levels.changes[0].fields}
    assert (added["rank"], added["track"]) == ("4", "Builder track (individual contributor)")
    assert [c.subject for c in edges.changes] == [
        "Senior Product Manager → Staff Product Manager",
        "Staff Product Manager → Distinguished Product Manager",
    ]
    assert expectations.changes[0].subject.startswith("Staff Product Manager · ")


def test_changed_fields_show_before_and_after():
    def edit(d):
        level(d, "pm")["title"] = "Product Manager II"
        level(d, "pm")["time_split"] = {"people": 0, "product": 30, "individual": 70}
        d["tracks"][1]["name"] = "Builders"
        d["competencies"][0]["area"] = "Craft"
        first = d["expectations"][0]
        first["proficiency"] = first["proficiency"] % 5 + 1
        d["name"] = "Product"

    before, after = shipped(), edited(edit)
    diff = diff_ladders(before, after)
    changed = {s.title: s.changes for s in diff.sections}
    assert set(changed) == {"Ladder", "Tracks", "Levels", "Competencies", "Expectations"}
    [ladder] = changed["Ladder"]
    assert ladder.fields == (FieldChange("name", "Product management", "Product"),)
    [pm] = changed["Levels"]
    assert pm.kind == "changed"
    assert pm.fields[0] == FieldChange("title", "Product Manager", "Product Manager II")
    assert pm.fields[1].field == "time split"
    assert pm.fields[1].after == "0% people, 30% product, 70% own work"
    [expectation] = changed["Expectations"]
    was, now = before.expectations[0].proficiency, after.expectations[0].proficiency
    assert expectation.fields[0].before.startswith(f"{was} (")
    assert expectation.fields[0].after.startswith(f"{now} (")


def test_removed_things_are_named_as_they_were():
    def drop_cpo(d):
        d["levels"] = [lv for lv in d["levels"] if lv["key"] != "cpo"]
        level(d, "vp-product")["next"] = []
        d["expectations"] = [e for e in d["expectations"] if e["level"] != "cpo"]

    diff = diff_ladders(shipped(), edited(drop_cpo))
    assert diff.summary() == "1 level removed, 1 edge removed, 11 expectations removed"
    assert diff.sections[1].changes[0].subject == "VP of Product → Chief Product Officer"
    assert diff.lines()[:2] == ["Levels:", "  removed “Chief Product Officer” (cpo)"]


def test_a_new_ladder_is_all_additions():
    diff = diff_ladders(None, shipped())
    kinds = {change.kind for section in diff.sections[1:] for change in section.changes}
    assert kinds == {"added"}
    assert "9 levels added" in diff.summary()
    assert "99 expectations added" in diff.summary()


def test_long_text_is_shortened_in_plain_lines_only():
    def edit(d):
        level(d, "pm")["summary"] = "x" * 300

    diff = diff_ladders(shipped(), edited(edit))
    assert diff.sections[0].changes[0].fields[0].after == "x" * 300
    assert "(300 characters)" in diff.lines()[2]


@pytest.mark.parametrize(
    ("edit", "gaps"),
    [
        (lambda d: add_staff_pm(d, expectations=False), {"staff-pm": 11}),
        (add_staff_pm, {}),
        (
            lambda d: d["competencies"].append(
                {"key": "ethics", "name": "Ethics", "area": "Craft", "description": ""}
            ),
            {
                lv: 1
                for lv in (
                    "associate-pm",
                    "pm",
                    "senior-pm",
                    "principal-pm",
                    "group-pm",
                    "distinguished-pm",
                    "director",
                    "vp-product",
                    "cpo",
                )
            },
        ),  # fmt: skip
        (
            lambda d: d.update(expectations=d["expectations"][1:]),
            {"associate-pm": 1},
        ),
    ],
    ids=["new level, none written", "new level, all written", "new competency", "deleted one"],
)
def test_new_gaps_are_the_ones_the_change_brings(edit, gaps):
    found = new_gaps(shipped(), edited(edit))
    assert {key: len(missing) for key, missing in found.items()} == gaps


def test_gaps_the_ladder_already_had_are_not_new():
    with_gap = edited(lambda d: d.update(expectations=d["expectations"][1:]))
    assert with_gap.gaps() == {"associate-pm": [shipped().expectations[0].competency]}
    assert new_gaps(with_gap, with_gap) == {}
    assert new_gaps(None, with_gap) == with_gap.gaps()


@given(st.sets(st.integers(min_value=0, max_value=98), max_size=20))
def test_a_change_and_its_undoing_mirror_each_other(dropped):
    """Removing expectations and putting them back: every addition one way is a removal the
    other way, and the same things are named."""
    fewer = edited(
        lambda d: d.update(expectations=[e for i, e in enumerate(d["expectations"])
                                         if i not in dropped])
    )  # fmt: skip
    forward, back = diff_ladders(shipped(), fewer), diff_ladders(fewer, shipped())
    removed = [c.subject for s in forward.sections for c in s.changes if c.kind == "removed"]
    added = [c.subject for s in back.sections for c in s.changes if c.kind == "added"]
    assert len(removed) == len(dropped)
    assert sorted(removed) == sorted(added)
