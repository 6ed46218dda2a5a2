"""Ladder drafts and versions: editing in a draft, preview for staff only, publishing with a
note, gaps, the history, and the file commands' new flags."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from core.interchange import SpecError, dump_document
from ladders.drafts import publish_draft, start_draft
from ladders.files import import_ladder, load_default_ladders
from ladders.models import BASELINE_NOTE, Ladder, LadderVersion, Level
from ladders.specs import DEFAULT_LADDER_FILE, LadderSpec, read_ladder
from tests.ladders.factories import LevelFactory, forked_ladder

pytestmark = pytest.mark.django_db

LADDER_URL = "/ladders/product-management/"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def add_level(draft: Ladder, *, expectations: bool = True) -> Level:
    """Staff PM between Senior PM and Distinguished PM, as the admin's level form adds it."""
    staff = LevelFactory(
        ladder=draft, track=draft.tracks.get(key="ic"), key="staff-pm",
        title="Staff Product Manager", rank=4, position=10,
    )  # fmt: skip
    staff.next_levels.add(draft.levels.get(key="distinguished-pm"))
    draft.levels.get(key="senior-pm").next_levels.add(staff)
    if expectations:
        for expectation in draft.levels.get(key="principal-pm").expectations.all():
            staff.expectations.create(
                competency=expectation.competency, proficiency=4, text=expectation.text
            )
    return staff


@pytest.fixture
def people(django_user_model, default_ladder):
    """A PM holding Senior PM, staff without ladder permissions, staff who may change them."""
    senior = default_ladder.levels.get(key="senior-pm")
    pm = django_user_model.objects.create_user("pat", password="x", level=senior)
    staff = django_user_model.objects.create_user("sam", password="x", is_staff=True)
    editor = django_user_model.objects.create_user("eve", password="x", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="ladders", codename__contains="_")
    )
    return {"pm": pm, "staff": staff, "editor": editor}


# ---- a draft is a copy nobody but its editors sees -------------------------------------------


def test_a_draft_copies_the_ladder_and_stays_out_of_sight(default_ladder, draft):
    assert draft.is_draft and draft.draft_of == default_ladder
    assert draft.to_spec() == default_ladder.to_spec()  # the spec carries the public slug
    assert start_draft(default_ladder) == draft  # one draft per ladder: edits go on in it
    assert list(Ladder.objects.published()) == [default_ladder]
    assert Ladder.objects.default() == default_ladder
    assert str(draft) == "Product management (draft)"
    with pytest.raises(IntegrityError):
        Ladder.objects.filter(pk=draft.pk).update(is_default=True)


def test_the_ladder_list_never_shows_a_draft(client, people, draft):
    client.force_login(people["pm"])
    page = client.get(reverse("ladders:list")).content.decode()
    assert page.count('href="/ladders/product-management/"') == 1
    assert "~draft" not in page


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [("pm", False), ("staff", False), ("editor", True)],
)
def test_only_staff_who_may_change_ladders_see_the_preview(client, people, draft, who, sees_draft):
    add_level(draft)
    client.force_login(people[who])
    page = client.get(LADDER_URL, {"draft": 1})
    assert page.status_code == 200
    html = page.content.decode()
    assert ("Staff Product Manager" in html) is sees_draft
    assert ("Draft preview: not published" in html) is sees_draft
    level = client.get(f"{LADDER_URL}staff-pm/", {"draft": 1})
    assert level.status_code == (200 if sees_draft else 404)
    # Without asking for the draft, everybody gets the published ladder.
    assert "Staff Product Manager" not in client.get(LADDER_URL).content.decode()


def test_the_preview_keeps_to_the_draft_as_you_follow_links(client, people, draft):
    add_level(draft)
    client.force_login(people["editor"])
    html = client.get(LADDER_URL, {"draft": 1}).content.decode()
    assert f'href="{LADDER_URL}staff-pm/?draft=1"' in html
    assert "1 level added, 2 edges added, 11 expectations added" in html
    level = client.get(f"{LADDER_URL}senior-pm/", {"draft": 1}).content.decode()
    assert f'href="{LADDER_URL}staff-pm/?draft=1"' in level
    assert '<input type="hidden" name="draft" value="1">' in level


def test_anonymous_visitors_asking_for_a_draft_are_sent_to_sign_in(client, draft):
    response = client.get(LADDER_URL, {"draft": 1})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# ---- publishing --------------------------------------------------------------------------


def test_publishing_applies_the_draft_in_place_so_people_keep_their_level(
    people, default_ladder, draft
):
    pm = people["pm"]
    held = pm.level_id
    add_level(draft)
    draft.levels.filter(key="senior-pm").update(title="Senior PM")
    result = publish_draft(draft, note="Add Staff PM between Senior and Distinguished.",
                           author=people["editor"])  # fmt: skip
    pm.refresh_from_db()
    assert pm.level_id == held
    assert pm.level.title == "Senior PM"
    assert pm.level.ladder == default_ladder
    assert not Ladder.objects.drafts().exists()
    assert [lv.key for lv in default_ladder.to_spec().next_levels("senior-pm")] == [
        "principal-pm", "group-pm", "staff-pm", "director",
    ]  # fmt: skip
    assert result.version.number == 2
    assert result.version.author == people["editor"]
    assert result.describe_version() == (
        "Published as version 2: Add Staff PM between Senior and Distinguished."
    )


def test_publishing_needs_a_note(default_ladder, draft):
    add_level(draft)
    with pytest.raises(SpecError) as caught:
        publish_draft(draft, note="   ")
    assert caught.value.messages == ["note: say what changed and why; the history keeps it."]
    assert not default_ladder.levels.filter(key="staff-pm").exists()
    assert Ladder.objects.drafts().get() == draft
    with pytest.raises(IntegrityError):
        LadderVersion.objects.create(ladder=default_ladder, number=9, spec={}, note="")


def test_a_new_level_with_missing_expectations_needs_publish_with_gaps(
    client, people, default_ladder, draft
):
    add_level(draft, expectations=False)
    with pytest.raises(SpecError) as caught:
        publish_draft(draft, note="Add Staff PM.")
    [message] = caught.value.messages
    assert message.startswith("expectations: not written yet for Staff Product Manager: ")
    assert message.endswith('Write them, or tick "publish with gaps".')
    assert not default_ladder.levels.filter(key="staff-pm").exists()

    publish_draft(draft, note="Add Staff PM; expectations follow.", allow_gaps=True)
    client.force_login(people["pm"])
    ladder_page = client.get(LADDER_URL).content.decode()
    assert "11 not written" in ladder_page
    assert "Some expectations are missing" in ladder_page
    level_page = client.get(f"{LADDER_URL}staff-pm/").content.decode()
    assert "11 of 11 expectations for this level have not been written yet." in level_page
    assert level_page.count('<span class="gap-mark">Not written yet</span>') == 12


def test_a_draft_cannot_drop_a_level_somebody_holds(people, default_ladder, draft):
    draft.levels.filter(key="senior-pm").delete()
    with pytest.raises(SpecError) as caught:
        publish_draft(draft, note="Drop Senior PM.", allow_gaps=True)
    assert '"senior-pm" (1)' in caught.value.messages[0]
    assert default_ladder.levels.filter(key="senior-pm").exists()


def test_a_person_given_a_level_of_the_draft_blocks_publishing(people, draft):
    pm = people["pm"]
    pm.level = draft.levels.get(key="pm")
    pm.save()
    with pytest.raises(SpecError) as caught:
        publish_draft(draft, note="Anything.")
    assert caught.value.messages == [
        "levels: somebody was given a level of the draft itself (Product Manager); give them "
        "the published ladder's level instead."
    ]


# ---- versions -------------------------------------------------------------------------------


def test_an_unchanged_reimport_records_no_version(default_ladder):
    [first] = default_ladder.versions.all()
    assert (first.number, first.note) == (1, "Imported from a ladder file.")
    again = import_ladder(default_ladder.to_spec(), note="Nothing new.")
    assert again.version is None
    assert again.describe_version() == "Nothing changed, so no new version was recorded."
    assert default_ladder.versions.count() == 1


def test_the_first_change_to_a_ladder_without_history_records_where_it_started():
    ladder = forked_ladder(8, slug="made-by-hand")
    before = ladder.to_spec()
    data = before.model_dump()
    data["levels"][0]["title"] = "Starter"
    result = import_ladder(LadderSpec.model_validate(data), note="Rename the first level.")
    baseline, change = ladder.versions.order_by("number")
    assert (baseline.number, baseline.note, baseline.to_spec()) == (1, BASELINE_NOTE, before)
    assert (change.number, change.note) == (2, "Rename the first level.")
    assert result.version == change


def test_loading_the_defaults_again_records_no_version():
    load_default_ladders()
    load_default_ladders()
    [version] = LadderVersion.objects.all()
    assert version.note == "Loaded the shipped ladder (product-management.yaml)."


# ---- the admin --------------------------------------------------------------------------


def test_the_published_ladder_is_read_only_and_edit_in_a_draft_copies_it(
    admin_client, default_ladder
):
    change = reverse("admin:ladders_ladder_change", args=[default_ladder.pk])
    page = admin_client.get(change)
    html = page.content.decode()
    assert "Edit in a draft" in html
    assert page.context["inline_admin_formsets"][1].has_change_permission is False
    level = default_ladder.levels.get(key="pm")
    level_url = reverse("admin:ladders_level_change", args=[level.pk])
    assert admin_client.post(level_url, {"title": "Changed"}).status_code == 403

    response = admin_client.post(reverse("admin:ladders_ladder_draft", args=[default_ladder.pk]))
    draft = default_ladder.draft_or_none()
    assert response["Location"] == reverse("admin:ladders_ladder_change", args=[draft.pk])
    assert "Open the draft" in admin_client.get(change).content.decode()
    # Asking again opens the same draft.
    admin_client.post(reverse("admin:ladders_ladder_draft", args=[default_ladder.pk]))
    assert Ladder.objects.drafts().count() == 1


def test_the_admin_publishes_with_a_note_and_the_history_shows_the_diff(
    admin_client, admin_user, default_ladder, draft
):
    add_level(draft, expectations=False)
    url = reverse("admin:ladders_ladder_publish", args=[draft.pk])
    page = admin_client.get(url).content.decode()
    assert "1 level added, 2 edges added" in page
    assert "Publish with gaps" in page

    refused = admin_client.post(url, {"note": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["note"] == ["This field is required."]
    refused = admin_client.post(url, {"note": "Add Staff PM."})
    assert refused.status_code == 400
    [gaps] = refused.context["form"].errors["allow_gaps"]
    assert gaps.startswith("not written yet for Staff Product Manager")
    assert not default_ladder.levels.filter(key="staff-pm").exists()

    response = admin_client.post(url, {"note": "Add Staff PM.", "allow_gaps": "on"})
    history = reverse("admin:ladders_ladder_history", args=[default_ladder.pk])
    assert response["Location"] == history
    html = admin_client.get(history).content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Add Staff PM." in html
    assert f"by {admin_user}</p>" in html
    assert "by a command (file import)</p>" in html  # version 1 came from the fixture's import
    assert "1 level added, 2 edges added" in html
    assert "“Staff Product Manager” (staff-pm)" in html
    assert "Senior Product Manager → Staff Product Manager" in html


def test_draft_and_publish_pages_are_for_staff_who_may_change_ladders(
    client, people, default_ladder, draft
):
    for who in ("pm", "staff"):
        client.force_login(people[who])
        publish = client.get(reverse("admin:ladders_ladder_publish", args=[draft.pk]))
        start = client.post(reverse("admin:ladders_ladder_draft", args=[default_ladder.pk]))
        expected = 302 if who == "pm" else 403  # a non-staff user is sent to the admin's sign-in
        assert (publish.status_code, start.status_code) == (expected, expected)


# ---- the file commands -----------------------------------------------------------------------


def test_import_with_a_note_records_it(tmp_path, default_ladder):
    data = default_ladder.to_spec().model_dump()
    data["levels"][0]["title"] = "Associate PM"
    path = tmp_path / "ladder.yaml"
    path.write_text(dump_document(LadderSpec.model_validate(data)))
    out = run("import_ladder", str(path), "--note", "Shorter title for APMs.")
    assert out.splitlines()[1] == "Published as version 2: Shorter title for APMs."
    path.write_text(dump_document(read_ladder(DEFAULT_LADDER_FILE)))
    out = run("import_ladder", str(path))
    assert out.splitlines()[1] == f"Published as version 3: Imported from {path}."


def test_import_draft_fills_the_draft_and_publishes_nothing(tmp_path, default_ladder):
    published = run("export_ladder", "product-management")
    data = default_ladder.to_spec().model_dump()
    data["levels"][0]["title"] = "Associate PM"
    path = tmp_path / "ladder.yaml"
    path.write_text(dump_document(LadderSpec.model_validate(data)))
    out = run("import_ladder", str(path), "--draft")
    assert out.splitlines() == [
        "Started a draft of ladder product-management (no level added or removed): "
        "9 levels, 4 tracks, 11 competencies.",
        "Nothing is published yet: preview the draft at /ladders/product-management/?draft=1 "
        "and publish it in the admin.",
    ]
    draft = default_ladder.draft_or_none()
    assert draft.levels.get(key="associate-pm").title == "Associate PM"
    assert default_ladder.versions.count() == 1
    # The export is still the published version, byte for byte.
    assert run("export_ladder", "product-management") == published
    out = run("import_ladder", str(path), "--draft")
    assert out.startswith("Updated the draft of ladder product-management")
    assert Ladder.objects.drafts().count() == 1


def test_import_draft_of_an_unknown_ladder_is_refused(tmp_path):
    path = tmp_path / "ladder.yaml"
    path.write_text(dump_document(read_ladder(DEFAULT_LADDER_FILE)))
    with pytest.raises(Exception) as caught:
        run("import_ladder", str(path), "--draft")
    assert caught.value.returncode == 2
    assert 'there is no ladder "product-management" to draft a change to' in str(caught.value)
    assert not Ladder.objects.exists()


def test_the_published_version_loaded_with_the_ladder_names_the_same_version(
    people, default_ladder, draft
):
    """The ladder and plan pages read the latest version in the ladder's own query; the key
    it gives is the one the separate query gives, and it moves when a draft is published."""

    def both() -> tuple[str | None, str | None]:
        loaded = Ladder.objects.published().with_published_version().get(pk=default_ladder.pk)
        return loaded.published_key(), Ladder.objects.get(pk=default_ladder.pk).published_key()

    before, separately = both()
    assert before is not None and before == separately
    add_level(draft)
    publish_draft(draft, note="Add Staff PM.", author=people["editor"])
    after, separately = both()
    assert after == separately and after != before
    never_recorded = forked_ladder(8)
    loaded = Ladder.objects.with_published_version().get(pk=never_recorded.pk)
    assert loaded.published_key() is None
