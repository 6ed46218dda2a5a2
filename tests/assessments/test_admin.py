"""The questionnaire admin: YAML drafts, frozen published versions, actions, reliability."""

import pytest
import yaml
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessments.admin import spec_as_yaml
from assessments.models import QuestionnaireVersion
from tests.assessments.factories import (
    QuestionnaireFactory,
    QuestionnaireVersionFactory,
    spec_data,
)
from tests.assessments.test_statistics import submit_many

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:assessments_questionnaireversion_changelist"


def change_url(version: QuestionnaireVersion) -> str:
    return reverse("admin:assessments_questionnaireversion_change", args=[version.pk])


def edited_yaml(draft: QuestionnaireVersion, **changes) -> str:
    data = yaml.safe_load(spec_as_yaml(draft))
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def test_a_draft_is_edited_as_yaml(admin_client):
    draft = QuestionnaireVersionFactory()

    page = admin_client.get(change_url(draft))
    assert page.status_code == 200
    assert "title: What drives you as a product manager" in page.content.decode()

    response = admin_client.post(
        change_url(draft), {"spec": edited_yaml(draft, title="Sharper title"), "_save": "Save"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.to_spec().title == "Sharper title"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("slug: [unclosed", "not valid YAML or JSON at line", id="not-yaml"),
        pytest.param("- just\n- a list", "expected a mapping at the top level", id="a-list"),
        pytest.param(None, "items[0].dimension: unknown dimension", id="bad-reference"),
        pytest.param("", "This field is required.", id="empty"),
        pytest.param(
            "slug: a\ntitle: T\nslug: b\n", "appears twice (first at line 1)", id="repeated-key"
        ),
        pytest.param("a: " + "[" * 5000 + "]" * 5000, "nested more than 20", id="deep"),
        pytest.param("intro: " + "x" * 1_100_000, "larger than the limit of 1 MiB", id="huge"),
    ],
)
def test_an_invalid_draft_is_shown_again_with_errors_by_path(admin_client, text, error):
    draft = QuestionnaireVersionFactory()
    before = draft.spec
    if text is None:
        data = yaml.safe_load(spec_as_yaml(draft))
        data["items"][0]["dimension"] = "nonsense"
        text = yaml.safe_dump(data, sort_keys=False)

    response = admin_client.post(change_url(draft), {"spec": text, "_save": "Save"})

    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["spec"])
    draft.refresh_from_db()
    assert draft.spec == before


def test_a_draft_must_keep_its_slug_and_number(admin_client):
    draft = QuestionnaireVersionFactory(questionnaire__slug="motives")

    response = admin_client.post(
        change_url(draft), {"spec": edited_yaml(draft, slug="elsewhere", version=4), "_save": "1"}
    )

    errors = response.context["adminform"].form.errors["spec"]
    assert 'slug: must be "motives", the questionnaire\'s slug' in errors
    assert "version: must be 1, the number of this version" in errors


def test_a_new_draft_can_be_pasted_in(admin_client):
    questionnaire = QuestionnaireFactory(slug="motives")
    add_url = reverse("admin:assessments_questionnaireversion_add")

    form = admin_client.get(add_url, {"questionnaire": questionnaire.pk})
    assert form.context["adminform"].form.initial["number"] == 1

    text = yaml.safe_dump(spec_data("motives", 1), sort_keys=False)
    response = admin_client.post(
        add_url, {"questionnaire": questionnaire.pk, "number": 1, "spec": text, "_save": "1"}
    )

    assert response.status_code == 302
    assert questionnaire.versions.get().status == "draft"


@pytest.mark.parametrize("status", ["published", "retired"])
def test_a_frozen_version_is_read_only_in_the_admin(admin_client, status):
    version = QuestionnaireVersionFactory(**{status: True})
    before = version.spec

    page = admin_client.get(change_url(version))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<textarea" not in body and 'name="_save"' not in body
    assert "Make a new draft from this version" in body

    response = admin_client.post(
        change_url(version), {"spec": edited_yaml(version, title="Edited"), "_save": "1"}
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.spec == before


def test_published_versions_cannot_be_deleted_in_the_admin(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    delete_url = reverse("admin:assessments_questionnaireversion_delete", args=[version.pk])

    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse(CHANGELIST))
    assert "delete_selected" not in changelist.context["action_form"].fields["action"].choices
    assert QuestionnaireVersion.objects.filter(pk=version.pk).exists()


def test_the_new_draft_action_copies_a_version_with_the_next_number(admin_client):
    v1 = QuestionnaireVersionFactory(published=True)
    QuestionnaireVersionFactory(questionnaire=v1.questionnaire, published=True)  # v2

    response = admin_client.post(
        reverse(CHANGELIST), {"action": "make_new_drafts", "_selected_action": [v1.pk]}
    )

    assert response.status_code == 302
    draft = v1.questionnaire.versions.get(number=3)
    assert draft.status == "draft" and draft.to_spec().items == v1.to_spec().items


def test_the_publish_action_publishes_valid_drafts_and_reports_invalid_ones(admin_client):
    good = QuestionnaireVersionFactory()
    bad = QuestionnaireVersionFactory()
    QuestionnaireVersion.objects.filter(pk=bad.pk).update(spec={**bad.spec, "version": 9})

    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "publish_drafts", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )

    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == ("published", "draft")
    notes = [str(m) for m in response.context["messages"]]
    assert any("is published and frozen" in note for note in notes)
    assert any("version: must be 1" in note for note in notes)


def test_the_buttons_on_a_version_page_publish_and_make_drafts(admin_client):
    draft = QuestionnaireVersionFactory()
    publish = reverse("admin:assessments_questionnaireversion_publish", args=[draft.pk])
    new_draft = reverse("admin:assessments_questionnaireversion_new_draft", args=[draft.pk])

    assert "Publish this draft" in admin_client.get(change_url(draft)).content.decode()
    assert admin_client.get(publish).status_code == 405
    assert admin_client.post(publish).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"

    response = admin_client.post(new_draft)
    copy = draft.questionnaire.versions.get(number=2)
    assert response["Location"] == change_url(copy)


def test_retiring_keeps_the_version_readable(admin_client):
    version = QuestionnaireVersionFactory(published=True)

    admin_client.post(
        reverse(CHANGELIST), {"action": "retire_versions", "_selected_action": [version.pk]}
    )

    version.refresh_from_db()
    assert version.status == "retired"
    assert admin_client.get(change_url(version)).status_code == 200


def test_the_lists_take_the_same_number_of_queries_for_more_rows(admin_client):
    def queries_for(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    urls = [reverse(CHANGELIST), reverse("admin:assessments_questionnaire_changelist")]
    QuestionnaireVersionFactory(published=True)
    few = [queries_for(url) for url in urls]
    for _ in range(4):
        version = QuestionnaireVersionFactory(published=True)
        QuestionnaireVersionFactory(questionnaire=version.questionnaire)
        submit_many(version, 2)
    many = [queries_for(url) for url in urls]

    assert many == few


def test_the_questionnaire_page_lists_its_versions(admin_client):
    version = QuestionnaireVersionFactory(published=True, questionnaire__title="Motives")
    submit_many(version, 2)
    url = reverse("admin:assessments_questionnaire_change", args=[version.questionnaire.pk])

    body = admin_client.get(url).content.decode()

    assert change_url(version) in body
    assert "Motives" in body


def test_reliability_below_the_minimum_explains_why_nothing_is_shown(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 3)
    url = reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])

    body = admin_client.get(url).content.decode()

    assert "Reliability needs at least 10 submitted assessments; this version has 3." in body
    assert "Alpha:" not in body


def test_reliability_shows_alpha_readings_flags_and_outcomes(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 12, miskeyed="cm2")
    url = reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])

    response = admin_client.get(url)
    body = response.content.decode()

    assert response.status_code == 200
    assert "Submitted assessments on this version: <strong>12</strong>" in body
    assert "Craft mastery" in body and "good" in body
    assert '<span class="flag">negative</span>' in body
    assert "People leadership" in body
    assert reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk]) in (
        admin_client.get(change_url(version)).content.decode()
    )


def test_reliability_is_admin_only(client, django_user_model):
    version = QuestionnaireVersionFactory(published=True)
    url = reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])
    user = django_user_model.objects.create_user("pm-without-admin", password="x")
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def staff_with(django_user_model, *codenames: str):
    user = django_user_model.objects.create_user("statistician", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_reliability_shows_outcome_counts_only_to_those_who_may_view_results(
    client, django_user_model
):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 15, outcomes=["builder", "people_leader", "hybrid"])
    url = reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])
    client.force_login(staff_with(django_user_model, "view_questionnaireversion"))

    body = client.get(url).content.decode()

    assert "Craft mastery" in body  # the reliability itself is theirs to see
    assert "People leadership" not in body
    assert "Outcome counts are shown only to people who may view results." in body


def test_reliability_hides_outcome_counts_below_5(client, django_user_model):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 12, outcomes=["builder", "builder", "people_leader"])  # 8 and 4
    url = reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])
    client.force_login(staff_with(django_user_model, "view_questionnaireversion", "view_result"))

    body = client.get(url).content.decode()

    assert '<td>Building products</td><td class="number">8</td>' in body
    assert '<td>People leadership</td><td class="number">fewer than 5</td>' in body
    assert '<td class="number">4</td>' not in body
    assert body.count("fewer than 5") == 4  # people leader, hybrid, inconclusive, withheld


def test_after_publishing_v2_v1_shows_superseded_and_only_v2_published(admin_client):
    v1 = QuestionnaireVersionFactory(published=True)
    v2 = v1.make_draft()
    admin_client.post(reverse("admin:assessments_questionnaireversion_publish", args=[v2.pk]))

    changelist = admin_client.get(reverse(CHANGELIST))
    shown = {row.number: row.status_label for row in changelist.context["cl"].result_list}
    assert shown == {1: "Superseded", 2: "Published"}
    assert "Superseded" in admin_client.get(change_url(v1)).content.decode()
    questionnaire = reverse("admin:assessments_questionnaire_change", args=[v1.questionnaire.pk])
    page = admin_client.get(questionnaire).content.decode()
    assert page.count("<p>Published</p>") == 1 and "<p>Superseded</p>" in page
    # Retiring v2 offers v1 again, which is then the published one.
    v2.refresh_from_db()
    v2.retire()
    v1.refresh_from_db()
    assert v1.status_label == "Published"
