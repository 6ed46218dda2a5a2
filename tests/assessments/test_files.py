"""Questionnaire files: import policy, atomicity, lossless export, the shipped defaults."""

import pytest
from django.core.exceptions import ValidationError

from assessments.files import (
    export_questionnaire,
    find_version,
    import_questionnaire,
    load_default_questionnaires,
)
from assessments.models import Questionnaire, QuestionnaireVersion
from assessments.specs import (
    QuestionnaireSpec,
    default_questionnaire_paths,
    load_default_questionnaire,
    load_questionnaire,
)
from core.interchange import SpecError

pytestmark = pytest.mark.django_db


def shipped(**changes) -> QuestionnaireSpec:
    data = load_default_questionnaire("pm-motivators").model_dump(mode="json")
    return QuestionnaireSpec.model_validate({**data, **changes})


def test_an_import_creates_the_questionnaire_and_a_draft_with_the_files_number():
    result = import_questionnaire(shipped(version=3))

    version = result.version
    assert (version.questionnaire.slug, version.number, version.status) == (
        "pm-motivators",
        3,
        "draft",
    )
    assert version.questionnaire.audience == "self"
    assert result.describe() == "Questionnaire pm-motivators v3: created (draft)"


def test_an_import_can_publish():
    result = import_questionnaire(shipped(), publish=True)

    assert result.version.status == "published"
    assert result.describe() == "Questionnaire pm-motivators v3: created and published"


def test_reimporting_the_same_content_changes_nothing():
    first = import_questionnaire(shipped(), publish=True).version

    again = import_questionnaire(shipped())

    assert again.action == "unchanged" and again.version == first
    assert again.describe() == "Questionnaire pm-motivators v3: unchanged (published)"
    assert QuestionnaireVersion.objects.count() == 1


def test_reimporting_different_content_replaces_a_draft():
    import_questionnaire(shipped())

    result = import_questionnaire(shipped(title="A clearer title"))

    assert result.action == "replaced"
    assert QuestionnaireVersion.objects.get().to_spec().title == "A clearer title"


@pytest.mark.parametrize("status", ["published", "retired"])
def test_reimporting_different_content_over_a_frozen_version_is_refused(status):
    version = import_questionnaire(shipped(), publish=True).version
    if status == "retired":
        version.retire()

    with pytest.raises(SpecError) as caught:
        import_questionnaire(shipped(title="A sneaky edit"))

    assert caught.value.messages[0].startswith(f"version: pm-motivators v3 is already {status}")
    assert "Give the file version 4" in caught.value.messages[0]
    assert QuestionnaireVersion.objects.get().to_spec().title != "A sneaky edit"


def test_an_import_with_another_audience_than_the_stored_questionnaire_is_refused():
    import_questionnaire(shipped())

    with pytest.raises(SpecError, match="audience"):
        import_questionnaire(shipped(version=2, audience="observer"))

    assert QuestionnaireVersion.objects.count() == 1


def test_a_failed_import_leaves_nothing_behind(monkeypatch):
    def fail(self):
        raise ValidationError("publishing failed half-way")

    monkeypatch.setattr(QuestionnaireVersion, "publish", fail)

    with pytest.raises(ValidationError):
        import_questionnaire(shipped(), publish=True)

    assert not Questionnaire.objects.exists()
    assert not QuestionnaireVersion.objects.exists()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_import_export_is_byte_identical(fmt):
    import_questionnaire(shipped(), publish=True)
    first = export_questionnaire(find_version("pm-motivators"), fmt)

    Questionnaire.objects.all().delete()
    import_questionnaire(load_questionnaire(first), publish=True)
    second = export_questionnaire(find_version("pm-motivators"), fmt)

    assert second == first


def test_the_export_of_a_shipped_file_is_the_file_itself():
    path = default_questionnaire_paths()[0]
    load_default_questionnaires()
    slug = path.stem

    assert export_questionnaire(find_version(slug)) == path.read_text(encoding="utf-8")


def test_find_version_explains_what_is_missing():
    import_questionnaire(shipped())  # a draft only

    with pytest.raises(SpecError, match="no published version"):
        find_version("pm-motivators")
    with pytest.raises(SpecError, match="has no version 4 .it has 3."):
        find_version("pm-motivators", 4)
    with pytest.raises(SpecError, match='no questionnaire "nope" .known: pm-motivators.'):
        find_version("nope")
    assert find_version("pm-motivators", 3).number == 3


def test_loading_the_defaults_publishes_each_shipped_questionnaire_once():
    slugs = [path.stem for path in default_questionnaire_paths()]

    first = load_default_questionnaires()
    second = load_default_questionnaires()

    assert first == [f"Questionnaire {slug} v3: loaded" for slug in slugs]
    assert second == [f"Questionnaire {slug} v3: unchanged" for slug in slugs]
    for slug in slugs:
        assert Questionnaire.objects.get(slug=slug).latest_published().number == 3


def test_loading_the_defaults_never_overwrites_a_stored_version():
    import_questionnaire(shipped(title="Edited here"), publish=True)

    lines = load_default_questionnaires()

    assert any(line.startswith("Questionnaire pm-motivators v3: left as it is") for line in lines)
    assert find_version("pm-motivators").to_spec().title == "Edited here"


def test_loading_the_defaults_publishes_an_identical_draft():
    import_questionnaire(shipped())

    lines = load_default_questionnaires()

    assert "Questionnaire pm-motivators v3: published" in lines
    assert find_version("pm-motivators").status == "published"


@pytest.mark.parametrize("older", [1, 2])
def test_loading_the_defaults_over_an_older_version_adds_version_three_and_keeps_it(older):
    for slug in ("pm-motivators", "pm-motivators-observer"):
        import_questionnaire(load_default_questionnaire(slug, version=older), publish=True)

    lines = load_default_questionnaires()

    assert lines == [
        "Questionnaire pm-motivators-observer v3: loaded",
        "Questionnaire pm-motivators v3: loaded",
    ]
    for slug in ("pm-motivators", "pm-motivators-observer"):
        assert find_version(slug).number == 3
        kept = find_version(slug, older)
        assert kept.status == "published"
        assert kept.to_spec() == load_default_questionnaire(slug, version=older)
