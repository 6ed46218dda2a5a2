"""The questionnaire commands, as a person at a terminal uses them: output, errors, exit status."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments.files import load_default_questionnaires
from assessments.models import Questionnaire, QuestionnaireVersion
from assessments.specs import (
    ForcedChoiceItem,
    InstructedItem,
    LikertItem,
    QuestionnaireSpec,
    load_default_questionnaire,
)

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """Run a command like manage.py does: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        # What BaseCommand.run_from_argv prints before sys.exit(returncode).
        err.write(f"CommandError: {exc}\n")
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def defaults(db) -> QuestionnaireSpec:
    load_default_questionnaires()
    return load_default_questionnaire("pm-motivators")


def answers_for(
    spec: QuestionnaireSpec,
    keyed: dict[str, int],
    choose: str | None,
    checks_passed: bool = True,
) -> dict[str, int | str]:
    """Answers that give each scale (builder, people, product, caution) the keyed value
    ``keyed[scale]``, so reverse-keyed items get the mirrored raw answer; forced choices go
    to the pole ``choose`` (alternating when None); instructed items as asked (or not)."""
    answers: dict[str, int | str] = {}
    forced = 0
    for item in spec.items:
        if isinstance(item, LikertItem):
            wanted = keyed[spec.dimension(item.dimension).scale]
            answers[item.key] = item.keyed(wanted, spec.scale)  # keying is its own inverse
        elif isinstance(item, ForcedChoiceItem):
            pole = choose or ("builder", "people")[forced % 2]
            forced += 1
            answers[item.key] = next(o.key for o in item.options if o.pole == pole)
        elif isinstance(item, InstructedItem) and checks_passed:
            answers[item.key] = item.expected
    return answers


def score_file(tmp_path: Path, answers: dict) -> dict:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    code, out, err = run("score", "pm-motivators", str(path))
    assert (code, err) == (0, ""), err
    return json.loads(out)


# score: the acceptance cases -------------------------------------------------------------


def test_strongly_builder_answers_give_a_builder_outcome(defaults, tmp_path):
    answers = answers_for(
        defaults, {"builder": 5, "people": 1, "product": 4, "caution": 3}, "builder"
    )

    result = score_file(tmp_path, answers)

    assert (result["outcome"], result["strength"]) == ("builder", "clear")
    assert result["d"] < 0 and result["scales"]["builder"] == 100


def test_strongly_people_answers_give_a_people_leader_outcome(defaults, tmp_path):
    answers = answers_for(
        defaults, {"builder": 1, "people": 5, "product": 3, "caution": 1}, "people"
    )

    result = score_file(tmp_path, answers)

    assert (result["outcome"], result["strength"]) == ("people_leader", "clear")
    assert result["d"] > 0 and result["scales"]["people"] == 100


def test_high_builder_and_high_people_answers_give_a_hybrid_outcome(defaults, tmp_path):
    answers = answers_for(defaults, {"builder": 5, "people": 5, "product": 5, "caution": 2}, None)

    result = score_file(tmp_path, answers)

    assert result["outcome"] == "hybrid"
    assert result["scales"]["builder"] == result["scales"]["people"] == 100


def test_low_answers_on_every_scale_give_an_inconclusive_outcome(defaults, tmp_path):
    answers = answers_for(defaults, {"builder": 1, "people": 1, "product": 1, "caution": 1}, None)

    result = score_file(tmp_path, answers)

    assert result["outcome"] == "inconclusive"
    assert max(result["scales"].values()) < 40


def test_a_missed_instructed_item_withholds_the_result(defaults, tmp_path):
    answers = answers_for(
        defaults,
        {"builder": 5, "people": 1, "product": 3, "caution": 3},
        "builder",
        checks_passed=False,
    )

    result = score_file(tmp_path, answers)

    assert result["outcome"] == "withheld"
    assert result["reasons"] and result["strength"] is None


def test_score_reads_standard_input_and_prints_the_whole_result(defaults, monkeypatch):
    answers = answers_for(defaults, {"builder": 5, "people": 1, "product": 3, "caution": 3}, None)

    code, out, _ = run(
        "score", "pm-motivators", "-", stdin=json.dumps(answers), monkeypatch=monkeypatch
    )

    result = json.loads(out)
    assert code == 0
    for name in ("outcome", "strength", "confidence", "scales", "dimensions", "affinities",
                 "d", "se_d", "z", "flags", "contributions", "drivers", "explanation"):  # fmt: skip
        assert name in result
    assert out.startswith('{\n  "')  # indented by 2


def test_score_can_use_a_named_version_even_a_draft(defaults, tmp_path):
    draft = QuestionnaireVersion.objects.get(questionnaire__slug="pm-motivators").make_draft()
    path = tmp_path / "answers.json"
    path.write_text("{}")

    assert run("score", "pm-motivators", "--version", str(draft.number), str(path))[0] == 0
    code, out, err = run("score", "pm-motivators", "--version", "9", str(path))
    assert (code, out) == (2, "")
    assert "has no version 9" in err


# score: bad input exits 2, names the key, prints nothing --------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param('{"cm1": 4,', "answers.json: not valid JSON", id="malformed-json"),
        pytest.param("[4, 5]", "answers.json: expected a JSON object", id="not-an-object"),
        pytest.param('{"cm1": 4, "zz9": 3}', 'zz9: there is no question "zz9"', id="unknown-key"),
        pytest.param('{"cm1": 6}', "cm1: 6 is not on the scale 1 to 5", id="off-the-scale"),
        pytest.param('{"cm1": 0}', "cm1: 0 is not on the scale 1 to 5", id="below-the-scale"),
        pytest.param('{"fc1": "c"}', 'fc1: "c" is not an option', id="wrong-option"),
        pytest.param('{"cm1": "4"}', "cm1: expected a whole number", id="string-for-number"),
        pytest.param('{"cm1": 4.5}', "cm1: expected a whole number", id="fraction"),
        pytest.param('{"cm1": true}', "cm1: expected a whole number", id="boolean"),
        pytest.param('{"fc1": 1}', "fc1: expected an option key", id="number-for-option"),
        pytest.param('{"cm1": 4, "cm1": 5}', "cm1: answered more than once", id="repeated-key"),
    ],
)
def test_bad_answers_exit_2_naming_the_problem_with_nothing_on_stdout(
    defaults, tmp_path, text, named
):
    path = tmp_path / "answers.json"
    path.write_text(text)

    code, out, err = run("score", "pm-motivators", str(path))

    assert code == 2
    assert out == ""
    assert named in err


def test_every_bad_answer_is_reported_at_once(defaults, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{"cm1": 9, "zz": 1, "fc1": "q"}')

    code, out, err = run("score", "pm-motivators", str(path))

    assert (code, out) == (2, "")
    assert all(key in err for key in ("cm1:", "zz:", "fc1:"))


def test_score_explains_a_missing_file_or_questionnaire(defaults, tmp_path):
    code, out, err = run("score", "pm-motivators", str(tmp_path / "missing.json"))
    assert (code, out) == (2, "") and "missing.json: cannot be read" in err

    code, out, err = run("score", "no-such-thing", str(tmp_path / "missing.json"))
    assert (code, out) == (2, "") and 'no questionnaire "no-such-thing"' in err


# export and import ------------------------------------------------------------------------


def test_export_prints_the_latest_published_version_as_yaml_or_json(defaults):
    code, out, _ = run("export_questionnaire", "pm-motivators")
    assert code == 0 and yaml.safe_load(out)["version"] == 3

    code, out, _ = run(
        "export_questionnaire", "pm-motivators", "--version", "3", "--format", "json"
    )
    assert code == 0 and json.loads(out)["slug"] == "pm-motivators"


def test_export_of_an_unknown_questionnaire_exits_2(db):
    code, out, err = run("export_questionnaire", "nope")

    assert (code, out) == (2, "")
    assert 'no questionnaire "nope"' in err


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_import_export_through_the_commands_is_byte_identical(defaults, tmp_path, fmt):
    code, first, _ = run("export_questionnaire", "pm-motivators", "--format", fmt)
    path = tmp_path / f"pm-motivators.{fmt}"
    path.write_text(first, encoding="utf-8")
    Questionnaire.objects.all().delete()

    code, out, _ = run("import_questionnaire", str(path), "--publish")
    assert (code, out) == (0, "Questionnaire pm-motivators v3: created and published\n")
    code, second, _ = run("export_questionnaire", "pm-motivators", "--format", fmt)

    assert second == first


def test_import_reads_standard_input(db, monkeypatch):
    text = Path(settings.BASE_DIR, "assessments/defaults/pm-motivators.yaml").read_text()

    code, out, _ = run("import_questionnaire", "-", stdin=text, monkeypatch=monkeypatch)

    assert (code, out) == (0, "Questionnaire pm-motivators v3: created (draft)\n")


def test_import_of_an_invalid_file_exits_2_names_the_path_and_changes_nothing(defaults, tmp_path):
    data = defaults.model_dump(mode="json")
    data["version"] = 2
    data["items"][3]["dimension"] = "crafts"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    before = list(QuestionnaireVersion.objects.values_list("pk", "number", "status"))

    code, out, err = run("import_questionnaire", str(path))

    assert (code, out) == (2, "")
    assert "broken.yaml was not imported; nothing was changed" in err
    assert 'items[3].dimension: unknown dimension "crafts"' in err
    assert list(QuestionnaireVersion.objects.values_list("pk", "number", "status")) == before


def test_import_of_a_changed_published_version_exits_2(defaults, tmp_path):
    data = defaults.model_dump(mode="json")
    data["title"] = "Quietly changed"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data))

    code, out, err = run("import_questionnaire", str(path))

    assert (code, out) == (2, "")
    assert "version: pm-motivators v3 is already published" in err


def test_import_of_text_that_is_not_yaml_exits_2(db, tmp_path):
    path = tmp_path / "garbage.yaml"
    path.write_text("slug: [unclosed\n")

    code, out, err = run("import_questionnaire", str(path))

    assert (code, out) == (2, "")
    assert "not valid YAML or JSON at line" in err


def test_the_real_command_line_exits_2_with_nothing_on_stdout(tmp_path):
    """Through manage.py in a child process, with its own SQLite file: the real exit status."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    manage = [sys.executable, str(Path(settings.BASE_DIR, "manage.py"))]

    def manage_py(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [*manage, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    assert manage_py("migrate", "--noinput", "-v", "0").returncode == 0
    shipped = str(Path(settings.BASE_DIR, "assessments/defaults/pm-motivators.yaml"))
    assert manage_py("import_questionnaire", shipped, "--publish").returncode == 0

    bad = manage_py("score", "pm-motivators", "-", stdin='{"cm1": 7}')
    good = manage_py("score", "pm-motivators", "-", stdin='{"cm1": 4}')

    assert (bad.returncode, bad.stdout) == (2, "")
    assert "cm1: 7 is not on the scale 1 to 5" in bad.stderr
    assert good.returncode == 0 and json.loads(good.stdout)["outcome"] == "withheld"


def test_simulate_scoring_prints_the_benchmark_figures():
    out = io.StringIO()
    call_command(
        "simulate_scoring", "--respondents", "40", "--seed", "2", "--noise", "1.1", stdout=out
    )
    text = out.getvalue()
    assert (
        "Simulated 40 honest respondents on pm-motivators (seed 2; loading 0.5, noise 1.1" in text
    )
    assert "same-person topic rate" in text


# score: the follow-up contract -------------------------------------------------------------


def main_answers(spec: QuestionnaireSpec, keyed: dict[str, int], choose: str) -> dict:
    """The answers to everything asked of everyone (follow-up items left out)."""
    follow_up = {item.key for item in spec.likert_items() if item.follow_up}
    return {k: v for k, v in answers_for(spec, keyed, choose).items() if k not in follow_up}


def ambiguous_answers(spec: QuestionnaireSpec) -> dict:
    """Builder and people both at Agree, six people statements pushed to Strongly agree:
    D = 7.5 points, about 0.66 of the measurement error, inside the ambiguous band."""
    answers = main_answers(spec, {"builder": 4, "people": 4, "product": 4, "caution": 2}, "people")
    for key in ("dp1", "dp3", "dp4", "lto1", "lto3", "ob1"):
        answers[key] = 5
    return answers


def test_score_of_a_clear_case_asks_no_follow_up(defaults, tmp_path):
    answers = main_answers(
        defaults, {"builder": 5, "people": 1, "product": 4, "caution": 2}, "builder"
    )

    result = score_file(tmp_path, answers)

    assert result["follow_up"] == []
    assert (result["outcome"], result["strength"]) == ("builder", "clear")


def test_score_of_an_ambiguous_case_lists_the_follow_up_keys(defaults, tmp_path):
    result = score_file(tmp_path, ambiguous_answers(defaults))

    expected = [item.key for item in defaults.likert_items() if item.follow_up]
    assert len(expected) >= 16
    assert result["follow_up"] == expected
    assert result["outcome"] == "hybrid"  # the provisional reading
    assert "first reading" in result["explanation"]


def test_score_with_the_follow_ups_answered_gives_the_final_outcome(defaults, tmp_path):
    answers = ambiguous_answers(defaults)
    for key in score_file(tmp_path, answers)["follow_up"]:
        item = defaults.item(key)
        answers[key] = 5 if defaults.dimension(item.dimension).scale == "people" else 2

    result = score_file(tmp_path, answers)

    assert result["follow_up"] == []
    assert result["outcome"] == "people_leader"
    assert "first reading" not in result["explanation"]
