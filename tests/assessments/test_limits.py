"""import_questionnaire and score against hostile files: each is refused with exit 2, a short
message naming where the problem is, no traceback, and nothing stored."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from assessments.files import load_default_questionnaires
from assessments.models import QuestionnaireVersion
from assessments.specs import MAX_ITEMS, MAX_VERSION, QuestionnaireSpec, load_default_questionnaire
from tests.assessments.test_commands import run

pytestmark = pytest.mark.django_db

DEEP = 50_000
MANAGE = [sys.executable, str(Path(settings.BASE_DIR, "manage.py"))]


def refused(*args: str) -> str:
    before = list(QuestionnaireVersion.objects.values_list("pk", "number", "status", "spec"))
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert list(QuestionnaireVersion.objects.values_list("pk", "number", "status", "spec")) == (
        before
    )
    return err


def a_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def defaults(db) -> QuestionnaireSpec:
    """pm-motivators v1, published."""
    load_default_questionnaires()
    return load_default_questionnaire("pm-motivators")


def shipped(defaults: QuestionnaireSpec, **changes) -> dict:
    return {**defaults.model_dump(mode="json"), **changes}


# ---- import_questionnaire ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("deep.yaml", "items: " + "[" * DEEP + "]" * DEEP, id="yaml"),
        pytest.param("deep.json", '{"items": ' + "[" * DEEP + "]" * DEEP + "}", id="json"),
    ],
)
def test_import_refuses_deep_nesting(db, tmp_path, name, text):
    err = refused("import_questionnaire", a_file(tmp_path, name, text))

    assert f"{name} at line 1, column " in err and "nested more than 20 levels deep" in err


def test_import_refuses_a_version_number_too_big_for_the_database(defaults, tmp_path):
    text = yaml.safe_dump(shipped(defaults, version=1)).replace(
        "version: 1\n", "version: 100000000000000000000\n"
    )

    err = refused("import_questionnaire", a_file(tmp_path, "big.yaml", text))

    assert f"version: Input should be less than or equal to {MAX_VERSION}" in err


def test_import_refuses_a_version_number_too_long_to_convert(defaults, tmp_path):
    text = yaml.safe_dump(shipped(defaults, version=1)).replace(
        "version: 1\n", f"version: {'9' * 4301}\n"
    )

    err = refused("import_questionnaire", a_file(tmp_path, "long.yaml", text))

    assert "version: a number written with 4,301 characters; numbers are at most 30" in err


def test_import_refuses_too_many_items_and_over_long_texts_at_their_paths(defaults, tmp_path):
    data = shipped(defaults, version=2, intro="x" * 5001)
    data["items"] = data["items"] * (MAX_ITEMS // len(data["items"]) + 1)
    data["items"][0] = {**data["items"][0], "text": "y" * 501}

    err = refused("import_questionnaire", a_file(tmp_path, "big.json", json.dumps(data)))

    assert "intro: String should have at most 5000 characters" in err
    assert f"items: List should have at most {MAX_ITEMS} items" in err


def test_import_refuses_a_repeated_yaml_key_and_stores_nothing(defaults, tmp_path):
    text = "slug: a-second-questionnaire\n" + yaml.safe_dump(shipped(defaults, version=2))

    err = refused("import_questionnaire", a_file(tmp_path, "twice.yaml", text))

    assert 'the key "slug" appears twice (first at line 1)' in err


def test_import_cuts_an_echoed_1_mb_value_short(defaults, tmp_path):
    data = shipped(defaults, version=2)
    data["items"][0] = {**data["items"][0], "kind": "k" * 1_000_000}

    err = refused("import_questionnaire", a_file(tmp_path, "kind.json", json.dumps(data)))

    assert 'items[0].kind: unknown kind "kkk' in err
    assert len(err) < 300


# ---- score -------------------------------------------------------------------------------


def test_score_refuses_an_answer_too_long_to_convert(defaults, tmp_path):
    answers = a_file(tmp_path, "answers.json", '{"cm1": ' + "4" * 4301 + "}")

    err = refused("score", "pm-motivators", answers)

    assert "cm1: a number written with 4,301 characters; numbers are at most 30" in err


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        # 100 KB of brackets: already over the size limit of an answers file.
        pytest.param(DEEP, "answers.json: larger than the limit of 64 KiB", id="50000"),
        pytest.param(30_000, "answers.json: nested more than 20 levels deep", id="30000"),
    ],
)
def test_score_refuses_deep_nesting(defaults, tmp_path, levels, message):
    answers = a_file(tmp_path, "answers.json", '{"cm1": ' + "[" * levels + "]" * levels + "}")

    err = refused("score", "pm-motivators", answers)

    assert message in err


def test_score_refuses_an_answers_file_over_64_kib(defaults, tmp_path):
    answers = a_file(tmp_path, "answers.json", json.dumps({"cm1": "x" * 70_000}))

    err = refused("score", "pm-motivators", answers)

    assert "answers.json: larger than the limit of 64 KiB" in err


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"k" * 1_000_000: 4}, id="1-mb-key"),
        pytest.param({"k" * 60_000: 4}, id="key-under-the-size-limit"),
        pytest.param({"fc1": "b" * 60_000}, id="long-option"),
    ],
)
def test_score_cuts_echoed_answers_short(defaults, tmp_path, answers):
    err = refused("score", "pm-motivators", a_file(tmp_path, "answers.json", json.dumps(answers)))

    assert len(err) < 300


def test_the_real_command_line_refuses_hostile_answers_with_exit_2_and_no_traceback(tmp_path):
    """Through manage.py in a child process, with its own SQLite file: what a person sees."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def manage_py(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [*MANAGE, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    assert manage_py("migrate", "--noinput", "-v", "0").returncode == 0
    shipped_file = str(Path(settings.BASE_DIR, "assessments/defaults/pm-motivators.yaml"))
    assert manage_py("import_questionnaire", shipped_file, "--publish").returncode == 0

    for args, stdin, message in [
        (
            ["score", "pm-motivators", "-"],
            '{"cm1": ' + "4" * 4301 + "}",
            "cm1: a number written with 4,301 characters",
        ),
        (
            ["score", "pm-motivators", "-"],
            '{"cm1": ' + "[" * 30_000 + "]" * 30_000 + "}",
            "<stdin>: nested more than 20 levels deep",
        ),
        (
            ["import_questionnaire", "-"],
            "slug: a\nversion: 100000000000000000000\n",
            f"version: Input should be less than or equal to {MAX_VERSION}",
        ),
        (
            ["score", "pm-motivators", "-", "--version", "9" * 4301],
            "{}",
            "is not a version number",
        ),
    ]:
        result = manage_py(*args, stdin=stdin)

        assert (result.returncode, result.stdout) == (2, ""), args
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr) < 1000
