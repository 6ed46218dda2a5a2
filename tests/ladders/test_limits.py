"""import_ladder against hostile files: each is refused with exit 2, a short message naming
where the problem is, no traceback, and nothing in the database."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ladders.models import Ladder, Level
from ladders.specs import DEFAULT_LADDER_FILE, MAX_LEVELS
from tests.ladders.test_specs import small_ladder

pytestmark = pytest.mark.django_db

DEEP = 50_000


def import_file(tmp_path: Path, text: str, name: str = "ladder.yaml") -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``import_ladder`` on a file holding ``text``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ladder", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def refused(tmp_path: Path, text: str, name: str = "ladder.yaml") -> str:
    code, out, err = import_file(tmp_path, text, name)
    assert (code, out) == (2, "")
    assert not Ladder.objects.exists()
    return err


def with_levels(count: int) -> str:
    data = small_ladder()
    level = {"title": "L", "track": "shared", "time_split": {"people": 0, "product": 0,
             "individual": 100}}  # fmt: skip
    data["levels"] = [{"key": f"l{n}", "rank": 1 + n % 1000, **level} for n in range(count)]
    data["expectations"] = []
    return json.dumps(data)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("deep.yaml", "tracks: " + "[" * DEEP + "]" * DEEP, id="yaml"),
        pytest.param("deep.json", '{"tracks": ' + "[" * DEEP + "]" * DEEP + "}", id="json"),
    ],
)
def test_deeply_nested_files_are_refused(tmp_path, name, text):
    err = refused(tmp_path, text, name)

    assert f"{name} at line " in err and "nested more than 20 levels deep" in err
    assert "Recursion" not in err


def test_a_rank_too_big_for_any_column_is_refused_at_its_path(tmp_path):
    text = yaml.safe_dump(small_ladder()).replace("rank: 1\n", "rank: 100000000000000000000\n")

    err = refused(tmp_path, text)

    assert "levels[0].rank: Input should be less than or equal to 1000" in err


def test_a_20_mb_description_is_refused_by_the_size_limit(tmp_path):
    text = json.dumps({**small_ladder(), "description": "x" * (20 * 1024 * 1024)})

    err = refused(tmp_path, text)

    assert "ladder.yaml: larger than the limit of 1 MiB" in err
    assert len(err) < 300


def test_a_description_over_the_length_limit_is_refused_at_its_path(tmp_path):
    text = yaml.safe_dump({**small_ladder(), "description": "x" * 5001})

    err = refused(tmp_path, text)

    assert "description: String should have at most 5000 characters" in err


def test_30000_levels_are_refused(tmp_path):
    err = refused(tmp_path, with_levels(30_000), "many.json")

    assert "many.json: larger than the limit of 1 MiB" in err


def test_more_levels_than_the_limit_are_refused_at_their_path(tmp_path):
    err = refused(tmp_path, with_levels(MAX_LEVELS + 1), "many.json")

    assert f"levels: List should have at most {MAX_LEVELS} items" in err


def test_a_repeated_yaml_key_is_refused_with_its_line_and_nothing_is_created(tmp_path):
    # Before, the second slug silently won and a new ladder appeared.
    text = DEFAULT_LADDER_FILE.read_text().replace(
        "name: Product management\n", "name: Product management\nslug: a-new-ladder\n", 1
    )

    err = refused(tmp_path, text)

    assert 'ladder.yaml at line 3, column 1: the key "slug" appears twice (first at line 1)' in err
    assert not Level.objects.exists()


def test_a_1_mb_key_comes_back_cut_short(tmp_path):
    text = "? " + "k" * 1_000_000 + "\n: 1\n" + yaml.safe_dump(small_ladder())

    err = refused(tmp_path, text)

    assert "Extra inputs are not permitted" in err
    assert len(err) < 300


def test_the_real_command_line_refuses_hostile_files_with_exit_2_and_no_traceback(tmp_path):
    """Through manage.py in a child process: the exit status and stderr a person sees."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    deep = tmp_path / "deep.yaml"
    deep.write_text("slug: a\ntracks: " + "[" * DEEP + "]" * DEEP)
    twice = tmp_path / "twice.yaml"
    twice.write_text("slug: a\nname: A\nslug: b\n")

    for path, message in [
        (deep, "nested more than 20 levels deep"),
        (twice, 'the key "slug" appears twice (first at line 1)'),
    ]:
        run = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR, "manage.py")), "import_ladder", str(path)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

        assert (run.returncode, run.stdout) == (2, "")
        assert message in run.stderr and "Traceback" not in run.stderr
