"""The reliability page's action: a new draft that scores with the SD and alpha measured from
collected answers, made through the real admin, and refused with the reason when the answers
are too few."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import QuestionnaireVersion
from assessments.statistics import MIN_MEASURED, version_statistics
from tests.assessments.factories import QuestionnaireVersionFactory
from tests.assessments.test_statistics import submit_many

pytestmark = pytest.mark.django_db


def reliability_url(version) -> str:
    return reverse("admin:assessments_questionnaireversion_reliability", args=[version.pk])


def action_url(version) -> str:
    return reverse("admin:assessments_questionnaireversion_measured_draft", args=[version.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_page_shows_each_scale_measured_beside_what_the_version_assumes(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 12)

    body = admin_client.get(reliability_url(version)).content.decode()

    assert "Measurement error of the two scales" in body
    measured = {scale.name: scale for scale in version_statistics(version).scales}
    assert set(measured) == {"Building products", "Building people"}
    for scale in measured.values():
        assert f'<td class="number">{scale.sd:.1f}</td>' in body
        assert f'<td class="number">{scale.alpha:.3f}</td>' in body
    assert '<td class="number">18.0</td>' in body and '<td class="number">0.800</td>' in body
    assert "Make a draft with the measured values" in body


def test_the_action_makes_a_draft_scoring_with_the_measured_values(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, MIN_MEASURED)
    before = version.to_spec()
    scales = {scale.scale: scale for scale in version_statistics(version).scales}

    response = admin_client.post(action_url(version), follow=True)

    draft = QuestionnaireVersion.objects.get(questionnaire=version.questionnaire, status="draft")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:assessments_questionnaireversion_change", args=[draft.pk]
    )
    measurement = draft.to_spec().scoring.measurement
    for name in ("builder", "people"):
        assert getattr(measurement, name).sd == round(scales[name].sd, 1)
        assert getattr(measurement, name).alpha == round(scales[name].alpha, 3)
    # Nothing else changes, and the version measured stays as it was.
    after = draft.to_spec()
    assert after.items == before.items and after.version == version.number + 1
    assert after.scoring.model_copy(update={"measurement": before.scoring.measurement}) == (
        before.scoring
    )
    version.refresh_from_db()
    assert version.to_spec() == before and version.status == "published"
    [message] = messages_of(response)
    assert message.startswith(f"Made draft v{draft.number} of ")
    assert f"building products SD {round(scales['builder'].sd, 1):g}, alpha" in message
    assert "then publish it to use it for new assessments" in message


def test_too_few_complete_answers_are_refused_with_the_reason(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 12)

    response = admin_client.post(action_url(version), follow=True)

    assert response.redirect_chain[-1][0] == reliability_url(version)
    [message] = messages_of(response)
    assert message.startswith(
        "No draft was made: Building products has 12 complete answer sets; at least "
        f"{MIN_MEASURED} are needed; Building people has 12 complete answer sets"
    )
    assert QuestionnaireVersion.objects.count() == 1


def test_a_version_with_almost_no_answers_is_refused_too(admin_client):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, 3)

    response = admin_client.post(action_url(version), follow=True)

    [message] = messages_of(response)
    assert message.startswith("No draft was made: only 3 assessments are submitted.")
    assert QuestionnaireVersion.objects.count() == 1


def test_only_staff_who_may_add_versions_can_use_it_and_only_by_post(client, django_user_model):
    version = QuestionnaireVersionFactory(published=True)
    submit_many(version, MIN_MEASURED)
    pm = django_user_model.objects.create_user("pm-without-admin", password="x")
    client.force_login(pm)
    assert "/admin/login/" in client.post(action_url(version))["Location"]

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_questionnaireversion"))
    client.force_login(viewer)
    assert client.post(action_url(version)).status_code == 403
    assert "Make a draft with the measured values" not in (
        client.get(reliability_url(version)).content.decode()
    )

    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_questionnaireversion", "add_questionnaireversion"]
        )
    )
    client.force_login(editor)
    assert client.get(action_url(version)).status_code == 405
    assert QuestionnaireVersion.objects.count() == 1
    assert client.post(action_url(version)).status_code == 302
    assert QuestionnaireVersion.objects.count() == 2
