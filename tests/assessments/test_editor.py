"""The questionnaire editor: a draft edited as forms, checked by the spec, each problem on its
field, and round trips with the YAML of the same draft."""

import pytest
from django.urls import reverse

from assessments.admin import spec_as_yaml
from assessments.models import QuestionnaireVersion
from assessments.specs import load_questionnaire
from tests.assessments.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db


def editor_url(version: QuestionnaireVersion) -> str:
    return reverse("admin:assessments_questionnaireversion_editor", args=[version.pk])


def page_data(response) -> dict:
    """What a browser would post back from the editor page, unchanged."""
    editor = response.context["editor"]
    data = {}
    for formset in (editor.sections, editor.dimensions, editor.items):
        management = formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
    forms = [editor.header, editor.scoring]
    for formset in (editor.sections, editor.dimensions, editor.items):
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form[name].html_name] = "on" if value is True else value
    return data


def field_errors(response, part: str, index: int | None = None) -> dict:
    editor = response.context["editor"]
    form = getattr(editor, part)
    if index is not None:
        form = form.forms[index]
    return dict(form.errors)


def test_saving_the_editor_unchanged_keeps_the_draft_exactly(admin_client):
    draft = QuestionnaireVersionFactory()
    before = draft.spec

    response = admin_client.post(editor_url(draft), page_data(admin_client.get(editor_url(draft))))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.spec == before


def test_a_draft_edited_in_the_editor_exports_to_yaml_that_reimports_to_the_same_draft(
    admin_client,
):
    draft = QuestionnaireVersionFactory()
    data = page_data(admin_client.get(editor_url(draft)))
    data["header-title"] = "What moves you at work"
    data["items-0-text"] = "I lose track of time when I polish a product detail."
    data["items-1-reverse"] = "on"
    data["scoring-flags__long_run"] = 8
    data["sections-0-title"] = "Energy"
    # Move the first item to the end of the list.
    data["items-0-ORDER"] = 1000
    moved = data["items-0-key"]

    assert admin_client.post(editor_url(draft), data).status_code == 302

    draft.refresh_from_db()
    edited = draft.to_spec()
    assert edited.title == "What moves you at work"
    assert edited.item(moved).text == "I lose track of time when I polish a product detail."
    assert edited.items[-1].key == moved
    assert edited.scoring.flags.long_run == 8
    # The YAML the version page shows, imported again through that page, is the same draft.
    text = spec_as_yaml(draft)
    assert load_questionnaire(text) == edited
    response = admin_client.post(
        reverse("admin:assessments_questionnaireversion_change", args=[draft.pk]),
        {"spec": text, "_save": "Save"},
    )
    assert response.status_code == 302
    stored = draft.spec
    draft.refresh_from_db()
    assert draft.spec == stored
    # And the editor reads back what it wrote: saving it again changes nothing.
    assert (
        admin_client.post(
            editor_url(draft), page_data(admin_client.get(editor_url(draft)))
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.spec == stored


def test_adding_a_section_and_an_item_in_the_blank_rows(admin_client):
    draft = QuestionnaireVersionFactory()
    response = admin_client.get(editor_url(draft))
    data = page_data(response)
    sections = response.context["editor"].sections.total_form_count() - 1
    items = response.context["editor"].items.total_form_count() - 1
    dimension = draft.to_spec().dimensions[0].key
    data.update(
        {
            f"sections-{sections}-key": "wrap_up",
            f"sections-{sections}-title": "One last thing",
            f"items-{items}-key": "one_more",
            f"items-{items}-kind": "likert",
            f"items-{items}-section": "wrap_up",
            f"items-{items}-text": "I like to finish what I start.",
            f"items-{items}-dimension": dimension,
        }
    )

    assert admin_client.post(editor_url(draft), data).status_code == 302

    draft.refresh_from_db()
    spec = draft.to_spec()
    assert spec.sections[-1].key == "wrap_up"
    assert spec.items_in_section("wrap_up")[0].key == "one_more"
    assert spec.item("one_more").dimension == dimension


def test_the_specs_problems_are_shown_on_their_fields(admin_client):
    draft = QuestionnaireVersionFactory()
    spec = draft.to_spec()
    data = page_data(admin_client.get(editor_url(draft)))
    likert = next(i for i, item in enumerate(spec.items) if item.kind == "likert")
    choice = next(i for i, item in enumerate(spec.items) if item.kind == "forced_choice")
    data[f"items-{choice}-option_2_key"] = data[f"items-{choice}-option_1_key"]
    data["header-scale_labels"] = "Disagree\nAgree"
    data["scoring-clear_z"] = 0.5

    response = admin_client.post(editor_url(draft), data)

    assert response.status_code == 400
    key = data[f"items-{choice}-option_1_key"]
    assert field_errors(response, "items", choice) == {
        "option_2_key": [f'duplicate option key "{key}"']
    }
    assert field_errors(response, "header") == {
        "scale_labels": ["needs 5 labels, one per point from 1 to 5, not 2"]
    }
    assert field_errors(response, "scoring") == {
        "__all__": [f"clear_z (0.5) must not be below pole_z ({spec.scoring.pole_z})"]
    }
    draft.refresh_from_db()
    assert draft.to_spec() == spec

    # Cross-references are checked once every value has the right form.
    data = page_data(admin_client.get(editor_url(draft)))
    data[f"items-{likert}-dimension"] = "nonsense"
    response = admin_client.post(editor_url(draft), data)
    assert field_errors(response, "items", likert) == {
        "dimension": ['unknown dimension "nonsense"']
    }


def test_an_item_deleted_in_the_editor_moves_later_problems_to_the_right_row(admin_client):
    draft = QuestionnaireVersionFactory()
    spec = draft.to_spec()
    data = page_data(admin_client.get(editor_url(draft)))
    # Delete the first item; break the third: the spec calls it items[1].
    data["items-0-DELETE"] = "on"
    data["items-2-section"] = "nowhere"

    response = admin_client.post(editor_url(draft), data)

    assert field_errors(response, "items", 2)["section"] == ['unknown section "nowhere"']
    assert field_errors(response, "items", 1) == {}
    draft.refresh_from_db()
    assert draft.to_spec() == spec


@pytest.mark.parametrize("status", ["published", "retired"])
def test_a_frozen_version_has_no_editor(admin_client, status):
    version = QuestionnaireVersionFactory(**{status: True})
    assert admin_client.get(editor_url(version)).status_code == 403


def test_the_draft_page_links_to_the_editor(admin_client):
    draft = QuestionnaireVersionFactory()
    page = admin_client.get(
        reverse("admin:assessments_questionnaireversion_change", args=[draft.pk])
    )
    assert editor_url(draft) in page.content.decode()
