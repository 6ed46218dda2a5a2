"""Questionnaire versions: which one is offered, and that a published one never changes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments import models as assessment_models
from assessments.models import (
    Assessment,
    ImmutableVersionError,
    Questionnaire,
    QuestionnaireVersion,
)
from tests.assessments.factories import (
    AssessmentFactory,
    QuestionnaireFactory,
    QuestionnaireVersionFactory,
    spec_data,
)

pytestmark = pytest.mark.django_db


def test_the_latest_published_version_is_the_highest_published_number():
    questionnaire = QuestionnaireFactory()
    QuestionnaireVersionFactory(questionnaire=questionnaire, published=True)  # v1
    v2 = QuestionnaireVersionFactory(questionnaire=questionnaire, published=True)
    QuestionnaireVersionFactory(questionnaire=questionnaire, retired=True)  # v3
    QuestionnaireVersionFactory(questionnaire=questionnaire)  # v4, a draft

    assert questionnaire.latest_published() == v2
    assert QuestionnaireVersion.objects.filter(questionnaire=questionnaire).latest_published() == v2


def test_a_questionnaire_with_only_drafts_offers_nothing():
    draft = QuestionnaireVersionFactory()

    assert draft.questionnaire.latest_published() is None


def test_to_spec_is_cached_per_instance_until_the_spec_is_replaced():
    version = QuestionnaireVersionFactory()

    first = version.to_spec()
    assert version.to_spec() is first
    assert first.slug == version.questionnaire.slug and first.version == version.number

    version.spec = {**version.spec, "title": "Another title"}
    assert version.to_spec().title == "Another title"


def read_with_version(assessment):
    """The assessment as the quiz reads it: the version's spec as text, not decoded."""
    found = Assessment.objects.with_version().get(pk=assessment.pk)
    found.version.use_stored_text(found.version_spec_text)
    return found.version


def test_a_published_spec_read_as_text_is_decoded_once_per_process(django_assert_num_queries):
    assessment = AssessmentFactory()
    expected = assessment.version.to_spec()
    assessment_models._frozen_specs.clear()

    first = read_with_version(assessment)
    with django_assert_num_queries(0):
        assert first.to_spec() == expected
        assert first.frozen_key == (first.pk, first.created_at, first.published_at)
    second = read_with_version(assessment)
    with django_assert_num_queries(0):
        assert second.to_spec() is first.to_spec()  # kept, not decoded again
    assert "spec" not in second.__dict__


def test_a_draft_read_as_text_is_never_kept_and_shows_its_latest_edit():
    assessment = AssessmentFactory(version__published=False)
    draft = read_with_version(assessment)
    assert draft.frozen_key is None and draft.to_spec().title == draft.spec["title"]

    draft.spec = {**draft.spec, "title": "Better title"}
    draft.save()
    assert read_with_version(assessment).to_spec().title == "Better title"


def test_a_spec_deferred_without_its_text_is_read_once_and_stays_the_stored_one(
    django_assert_num_queries,
):
    assessment = AssessmentFactory()
    version = QuestionnaireVersion.objects.defer("spec").get(pk=assessment.version_id)
    with django_assert_num_queries(1):
        spec = version.to_spec()
    assert spec == assessment.version.to_spec()
    assert version.frozen_key is not None

    version.spec = {**version.spec, "title": "Assigned since"}  # no longer the stored one
    assert version.frozen_key is None and version.to_spec().title == "Assigned since"


def test_a_draft_can_be_edited():
    draft = QuestionnaireVersionFactory()

    draft.spec = {**draft.spec, "title": "Better title"}
    draft.save()

    draft.refresh_from_db()
    assert draft.to_spec().title == "Better title"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda v: setattr(v, "spec", {**v.spec, "title": "Sneaky edit"}), id="spec"),
        pytest.param(lambda v: v.spec["items"].pop(), id="spec-in-place"),
        pytest.param(lambda v: setattr(v, "number", 7), id="number"),
        pytest.param(lambda v: setattr(v, "status", "draft"), id="back-to-draft"),
    ],
)
@pytest.mark.parametrize("status", ["published", "retired"])
def test_a_frozen_version_refuses_every_change_in_code(change, status):
    version = QuestionnaireVersionFactory(**{status: True})
    stored = QuestionnaireVersion.objects.get(pk=version.pk).spec

    change(version)
    with pytest.raises(ImmutableVersionError, match="make a new draft|cannot become"):
        version.save()
    with pytest.raises(ValidationError):
        version.full_clean()

    fresh = QuestionnaireVersion.objects.get(pk=version.pk)
    assert (fresh.spec, fresh.number, fresh.status) == (stored, 1, status)


def test_publishing_freezes_a_draft_and_names_the_questionnaire_after_it():
    draft = QuestionnaireVersionFactory(
        questionnaire__slug="motives", questionnaire__title="Old title"
    )
    draft.spec = spec_data("motives", draft.number, title="What moves you")
    draft.save()

    draft.publish()

    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert Questionnaire.objects.get(slug="motives").title == "What moves you"


def test_publishing_a_new_version_retires_nothing():
    v1 = QuestionnaireVersionFactory(published=True)
    v2 = v1.make_draft()

    v2.publish()

    v1.refresh_from_db()
    assert v1.status == "published"
    assert v1.questionnaire.latest_published() == v2


def test_publishing_refuses_an_invalid_draft_and_names_the_path():
    draft = QuestionnaireVersionFactory()
    broken = spec_data(draft.questionnaire.slug, draft.number)
    broken["items"][0] = {**broken["items"][0], "dimension": "nonsense"}
    draft.spec = broken
    draft.save()

    with pytest.raises(ValidationError) as caught:
        draft.publish()

    assert 'items[0].dimension: unknown dimension "nonsense"' in caught.value.messages
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.published_at is None


def test_only_a_draft_can_be_published_and_only_a_published_version_retired():
    published = QuestionnaireVersionFactory(published=True)
    draft = QuestionnaireVersionFactory()

    with pytest.raises(ValidationError, match="not a draft"):
        published.publish()
    with pytest.raises(ValidationError, match="not published"):
        draft.retire()


def test_retiring_keeps_the_version_and_the_previous_one_is_offered_again():
    v1 = QuestionnaireVersionFactory(published=True)
    v2 = QuestionnaireVersionFactory(questionnaire=v1.questionnaire, published=True)

    v2.retire()

    v2.refresh_from_db()
    assert v2.status == "retired"
    assert v1.questionnaire.latest_published() == v1


def test_a_new_draft_copies_the_spec_with_the_next_number():
    v1 = QuestionnaireVersionFactory(published=True)
    QuestionnaireVersionFactory(questionnaire=v1.questionnaire)  # v2, an unrelated draft

    draft = v1.make_draft()

    assert (draft.number, draft.status) == (3, "draft")
    assert draft.to_spec().version == 3
    assert draft.to_spec().items == v1.to_spec().items


def test_clean_requires_the_spec_to_match_its_questionnaire_and_number():
    version = QuestionnaireVersionFactory(questionnaire__slug="motives")
    version.spec = spec_data("other-slug", 5, audience="observer")

    with pytest.raises(ValidationError) as caught:
        version.full_clean()

    assert caught.value.message_dict["spec"] == [
        'slug: must be "motives", the questionnaire\'s slug',
        'audience: must be "self", the questionnaire\'s audience',
        "version: must be 1, the number of this version",
    ]


def test_the_database_refuses_a_published_version_without_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireVersionFactory(status="published", published_at=None)


def test_counts_are_annotated_in_one_query(django_assert_num_queries):
    for _ in range(3):
        version = QuestionnaireVersionFactory(published=True)
        QuestionnaireVersionFactory(questionnaire=version.questionnaire)

    with django_assert_num_queries(1):
        rows = [
            (q.version_count, q.latest_number, q.submitted_count)
            for q in Questionnaire.objects.with_counts()
        ]

    assert rows == [(2, 1, 0)] * 3
