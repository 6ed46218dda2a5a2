"""Importing and exporting ladder files, the commands, and loading the shipped ladder."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.interchange import SpecError, dump_document
from ladders.files import duplicate_ladder, export_ladder, import_ladder, load_default_ladders
from ladders.models import Expectation, Ladder, Level, Track
from ladders.specs import DEFAULT_LADDER_FILE, LadderSpec, read_ladder
from tests.ladders.factories import forked_ladder

pytestmark = pytest.mark.django_db


def snapshot() -> list:
    """Everything the ladder tables hold, to prove that a failed import changed nothing."""
    return [
        list(Ladder.objects.values().order_by("pk")),
        list(Track.objects.values().order_by("pk")),
        list(Level.objects.values().order_by("pk")),
        list(Level.next_levels.through.objects.values().order_by("pk")),
        list(Expectation.objects.values().order_by("pk")),
    ]


def edited(spec: LadderSpec, edit) -> LadderSpec:
    data = spec.model_dump()
    edit(data)
    return LadderSpec.model_validate(data)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# ---- round trip --------------------------------------------------------------------------


def test_export_import_export_is_byte_identical(tmp_path):
    forked_ladder(12, slug="tiny")
    first, _ = run("export_ladder", "tiny")
    Ladder.objects.all().delete()
    assert not Level.objects.exists()

    path = tmp_path / "tiny.yaml"
    path.write_text(first)
    out, _ = run("import_ladder", str(path))
    assert out.startswith("Created ladder tiny: 12 levels, 3 tracks, 4 competencies.")
    second, _ = run("export_ladder", "tiny")
    assert second == first


def test_the_json_export_round_trips_too(tmp_path, default_ladder):
    first, _ = run("export_ladder", "product-management", "--format", "json")
    assert json.loads(first)["slug"] == "product-management"
    Ladder.objects.all().delete()
    path = tmp_path / "pm.json"
    path.write_text(first)
    run("import_ladder", str(path))
    assert run("export_ladder", "product-management", "--format", "json")[0] == first


def test_the_shipped_file_is_exactly_what_the_imported_ladder_exports(default_ladder):
    assert export_ladder(default_ladder) == DEFAULT_LADDER_FILE.read_text(encoding="utf-8")


# ---- broken files ------------------------------------------------------------------------


def test_a_broken_file_changes_nothing_and_says_what_is_wrong(tmp_path, default_ladder):
    text = DEFAULT_LADDER_FILE.read_text().replace("  - vp-product\n", "  - vp2\n")
    text = text.replace("people: 40\n", "people: 45\n")
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        run("import_ladder", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{path} was not imported; nothing was changed:\n"
        "  levels[4].time_split: people + product + individual must add up to 100, not 105"
    )
    assert snapshot() == before
    # With the split mended, the reference error shows.
    path.write_text(text.replace("people: 45\n", "people: 40\n"))
    with pytest.raises(CommandError) as caught:
        run("import_ladder", str(path))
    assert str(caught.value).endswith('  levels[6].next[0]: unknown level "vp2"')
    assert snapshot() == before


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("slug: x\nlevels: [\n")
    with pytest.raises(CommandError) as caught:
        run("import_ladder", str(path))
    assert f"  {path}: not valid YAML or JSON at line 3, column 1" in str(caught.value)
    assert not Ladder.objects.exists()


def test_import_errors_go_to_stderr_with_exit_status_2(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"slug": "x", "name": "X", "levels": 3}')
    command = "import_ladder"
    with pytest.raises(SystemExit) as exited:
        from django.core.management import ManagementUtility

        ManagementUtility(["manage.py", command, str(path)]).execute()
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "levels: Input should be a valid list" in captured.err


def test_a_failure_half_way_through_the_import_rolls_everything_back(default_ladder, monkeypatch):
    spec = edited(
        default_ladder.to_spec(), lambda d: d["levels"][0].update(title="Renamed on the way")
    )
    before = snapshot()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # Expectations are written last: by then levels and edges have already changed.
    monkeypatch.setattr("ladders.files._sync_expectations", explode)
    with pytest.raises(RuntimeError):
        import_ladder(spec)
    assert snapshot() == before


def test_export_of_an_unknown_slug_exits_2_and_lists_the_known_ones(default_ladder):
    with pytest.raises(CommandError) as caught:
        run("export_ladder", "nope")
    assert caught.value.returncode == 2
    assert str(caught.value) == 'No ladder with slug "nope" (known: product-management).'


# ---- importing over an existing slug ------------------------------------------------------


def test_reimport_updates_levels_in_place_so_people_keep_them(default_ladder, django_user_model):
    pat = django_user_model.objects.create(
        username="pat", level=default_ladder.levels.get(key="pm")
    )
    level_pk = pat.level_id

    def edit(d):
        d["levels"][1]["title"] = "Product Manager II"
        d["levels"].append(
            {**d["levels"][5], "key": "fellow", "title": "Product Fellow", "rank": 6, "next": []}
        )
        d["levels"][5]["next"] = ["fellow"]  # distinguished-pm → fellow
        d["expectations"] = [e for e in d["expectations"] if e["level"] != "cpo"]

    result = import_ladder(edited(default_ladder.to_spec(), edit))
    assert result.describe() == (
        "Updated ladder product-management in place (added fellow): "
        "10 levels, 4 tracks, 11 competencies."
    )
    pat.refresh_from_db()
    assert pat.level_id == level_pk
    assert pat.level.title == "Product Manager II"
    spec = default_ladder.to_spec()
    assert [lv.key for lv in spec.path_from("senior-pm", "ic")] == [
        "principal-pm",
        "distinguished-pm",
        "fellow",
    ]
    assert spec.expectations_of("cpo") == {}


def test_reimport_refuses_to_drop_a_level_someone_holds(default_ladder, django_user_model):
    for name in ("ana", "bo"):
        django_user_model.objects.create(
            username=name, level=default_ladder.levels.get(key="vp-product")
        )
    before = snapshot()

    def drop_the_people_branch(d):
        d["levels"] = [lv for lv in d["levels"] if lv["track"] != "people"]
        d["levels"][2]["next"].remove("director")
        d["levels"][4]["next"] = []  # group-pm led to director
        d["expectations"] = [e for e in d["expectations"] if e["level"] in
                             {lv["key"] for lv in d["levels"]}]  # fmt: skip

    with pytest.raises(SpecError) as caught:
        import_ladder(edited(default_ladder.to_spec(), drop_the_people_branch))
    assert caught.value.messages == [
        'levels: the file leaves out 1 level(s) that 2 people hold: "vp-product" (2). Nothing '
        "was changed. Keep these levels in the file, or move those people to other levels first."
    ]
    assert snapshot() == before


def test_reimport_may_drop_levels_nobody_holds(default_ladder):
    def drop_cpo(d):
        d["levels"] = [lv for lv in d["levels"] if lv["key"] != "cpo"]
        d["levels"][-1]["next"] = []
        d["expectations"] = [e for e in d["expectations"] if e["level"] != "cpo"]

    result = import_ladder(edited(default_ladder.to_spec(), drop_cpo))
    assert result.removed == ["cpo"]
    assert not default_ladder.levels.filter(key="cpo").exists()
    assert not Expectation.objects.filter(level__key="cpo").exists()


def test_reimport_can_move_levels_to_a_new_track_and_drop_the_old_one(default_ladder):
    def rename_track(d):
        d["tracks"][1]["key"] = "builders"
        for level in d["levels"]:
            if level["track"] == "ic":
                level["track"] = "builders"

    import_ladder(edited(default_ladder.to_spec(), rename_track))
    assert list(default_ladder.tracks.values_list("key", flat=True)) == [
        "shared",
        "builders",
        "hybrid",
        "people",
    ]
    assert default_ladder.levels.get(key="principal-pm").track.key == "builders"


# ---- shipped ladder, duplicates ----------------------------------------------------------


def test_loading_the_defaults_twice_creates_one_ladder_and_marks_it_default():
    assert load_default_ladders() == [
        "Created ladder product-management: 9 levels, 4 tracks, 11 competencies."
    ]
    assert load_default_ladders() == ["Ladder product-management is up to date."]
    ladder = Ladder.objects.get()
    assert ladder.is_default


def test_loading_the_defaults_keeps_an_admins_edits(default_ladder):
    Level.objects.filter(key="pm").update(title="Product Manager (edited)")
    [line] = load_default_ladders()
    assert line.startswith("Ladder product-management differs from the shipped file")
    assert "import_ladder" in line
    assert Level.objects.get(key="pm").title == "Product Manager (edited)"


def test_duplicating_a_ladder_copies_everything_under_a_free_slug(default_ladder):
    copy = duplicate_ladder(default_ladder)
    second = duplicate_ladder(default_ladder)
    assert (copy.slug, second.slug) == ("product-management-copy", "product-management-copy-2")
    assert copy.name == "Product management (copy)"
    original, copied = default_ladder.to_spec(), copy.to_spec()
    assert copied.model_dump(exclude={"slug", "name"}) == original.model_dump(
        exclude={"slug", "name"}
    )
    assert Level.objects.count() == 27


def test_import_reads_standard_input(monkeypatch):
    text = dump_document(read_ladder(DEFAULT_LADDER_FILE))
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out, _ = run("import_ladder", "-")
    assert out.startswith("Created ladder product-management")
