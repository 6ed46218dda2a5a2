"""Editing ladders in the admin: forks, every invariant as a form error, actions, list pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladders.files import export_ladder
from ladders.models import Ladder, Level
from tests.ladders.factories import LevelFactory, forked_ladder

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST data a browser would send back for an admin change form, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                value = [getattr(item, "pk", item) for item in value]
            data[form[name].html_name] = "on" if value is True else value
    return data


def errors_of(response) -> list[str]:
    """Every error message on an admin form page, field and non-field, including inlines."""
    assert response.status_code == 200, response.status_code
    messages = []
    adminform = response.context["adminform"].form
    for field_errors in adminform.errors.values():
        messages += field_errors
    for inline in response.context["inline_admin_formsets"]:
        messages += inline.formset.non_form_errors()
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                messages += field_errors
    return messages


def level_add_data(ladder: Ladder, **changes) -> dict:
    levels = {level.key: level.pk for level in ladder.levels.all()}
    data = {
        "ladder": ladder.pk,
        "track": ladder.tracks.get(key="ic").pk,
        "key": "staff-pm",
        "title": "Staff Product Manager",
        "rank": 4,
        "position": 10,
        "summary": "Leads the hardest problems of one area.",
        "scope": "A product area.",
        "people_pct": 0,
        "product_pct": 40,
        "individual_pct": 60,
        "next_levels": [levels["distinguished-pm"]],
        "previous_levels": [levels["senior-pm"]],
        "expectations-TOTAL_FORMS": 0,
        "expectations-INITIAL_FORMS": 0,
    }
    for name, value in changes.items():
        if name in {"next_levels", "previous_levels"}:
            value = [levels[key] for key in value]
        data[name] = value
    return data


def test_an_admin_adds_a_level_with_a_fork_and_the_draft_shows_it(
    admin_client, default_ladder, draft
):
    url = reverse("admin:ladders_level_add")
    page = admin_client.get(url, {"ladder": draft.pk})
    # Edges offer only this draft's levels; levels are added to drafts only.
    choices = page.context["adminform"].form.fields["next_levels"].queryset
    assert set(choices) == set(draft.levels.all())
    assert list(page.context["adminform"].form.fields["ladder"].queryset) == [draft]

    response = admin_client.post(url, level_add_data(draft))
    assert response.status_code == 302, errors_of(response)
    spec = draft.to_spec()
    assert [lv.key for lv in spec.next_levels("senior-pm")] == [
        "principal-pm",
        "group-pm",
        "staff-pm",
        "director",
    ]
    assert spec.level("staff-pm").next == ["distinguished-pm"]
    url = reverse("ladders:ladder", args=[default_ladder.slug])
    assert "Staff Product Manager" in admin_client.get(url, {"draft": 1}).content.decode()
    # Until the draft is published, the ladder itself is unchanged.
    assert "Staff Product Manager" not in admin_client.get(url).content.decode()
    assert not default_ladder.levels.filter(key="staff-pm").exists()


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        (
            {"rank": 6},
            ["“Distinguished Product Manager” has rank 5; it must be above this level's rank 6."],
        ),
        (
            {"rank": 3},
            ["“Senior Product Manager” has rank 3; it must be below this level's rank 3."],
        ),
        (
            {"people_pct": 10},
            ["The time split (people + product leadership + individual work) must add up to 100%."],
        ),
        ({"key": "pm"}, ["This ladder already has a level with this key."]),
        (
            {"key": "Staff PM"},
            ["Use lowercase letters, digits and single hyphens, like “senior-pm”."],
        ),
        ({"rank": 0}, ["Ensure this value is greater than or equal to 1."]),
        (
            {"product_pct": 140, "individual_pct": -80},
            [
                "Ensure this value is less than or equal to 100.",
                "Ensure this value is greater than or equal to 0.",
            ],
        ),
    ],
    ids=["next below", "previous not below", "split", "duplicate key", "bad key", "rank 0", "pct"],
)
def test_every_broken_invariant_is_a_form_error(admin_client, draft, changes, messages):
    before = Level.objects.count()
    response = admin_client.post(
        reverse("admin:ladders_level_add"), level_add_data(draft, **changes)
    )
    assert sorted(errors_of(response)) == sorted(messages)
    assert Level.objects.count() == before


def test_an_edge_to_another_ladders_level_is_refused(admin_client, draft):
    stranger = LevelFactory(rank=9)
    data = level_add_data(draft)
    data["next_levels"] = [stranger.pk]
    data["track"] = stranger.track.pk
    errors = errors_of(admin_client.post(reverse("admin:ladders_level_add"), data))
    assert errors == [
        "Select a valid choice. That choice is not one of the available choices.",
        f"Select a valid choice. {stranger.pk} is not one of the available choices.",
    ]


def test_editing_a_level_can_add_a_fork_and_move_its_rank_in_one_save(admin_client, draft):
    director = draft.levels.get(key="director")
    url = reverse("admin:ladders_level_change", args=[director.pk])
    data = form_data(admin_client.get(url))
    levels = {level.key: level.pk for level in draft.levels.all()}
    # Director opens from PM and Senior PM (no longer from Group PM) and moves to rank 4:
    # judged against the stored edges, Group PM (rank 4) → Director would be refused.
    data["previous_levels"] = [levels["pm"], levels["senior-pm"]]
    data["rank"] = 4
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    spec = draft.to_spec()
    assert [lv.key for lv in spec.fork_points()] == ["pm", "senior-pm"]
    assert spec.level("group-pm").next == []
    assert spec.level("director").rank == 4


def test_editing_a_level_into_a_rank_clash_is_refused(admin_client, draft):
    director = draft.levels.get(key="director")
    url = reverse("admin:ladders_level_change", args=[director.pk])
    data = {**form_data(admin_client.get(url)), "rank": 4}
    assert errors_of(admin_client.post(url, data)) == [
        "“Group Product Manager” has rank 4; it must be below this level's rank 4."
    ]
    director.refresh_from_db()
    assert director.rank == 5


def test_the_level_inline_checks_ranks_changed_together(admin_client, draft):
    url = reverse("admin:ladders_ladder_change", args=[draft.pk])
    page = admin_client.get(url)
    data = form_data(page)
    rows = {form.instance.key: form.prefix for form in _level_forms(page)}
    # Shifting two linked levels together is fine when the order holds...
    data[f"{rows['vp-product']}-rank"] = 7
    data[f"{rows['cpo']}-rank"] = 8
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    # ...but not when it turns an edge downhill, though each row alone looks fine.
    data = form_data(admin_client.get(url))
    data[f"{rows['senior-pm']}-rank"] = 6
    data[f"{rows['principal-pm']}-rank"] = 7
    errors = errors_of(admin_client.post(url, data))
    assert sorted(errors) == [
        "“Principal Product Manager” (rank 7) leads to “Distinguished Product Manager” "
        "(rank 5): rank must rise along every next level.",
        "“Senior Product Manager” (rank 6) leads to “Director of Product” (rank 5): "
        "rank must rise along every next level.",
        "“Senior Product Manager” (rank 6) leads to “Group Product Manager” (rank 4): "
        "rank must rise along every next level.",
    ]
    assert draft.levels.get(key="senior-pm").rank == 3


def _level_forms(page):
    [inline] = [i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "levels"]
    return inline.formset.forms


def test_deleting_a_track_that_has_levels_is_a_form_error(admin_client, draft):
    url = reverse("admin:ladders_ladder_change", args=[draft.pk])
    data = form_data(admin_client.get(url))
    data["tracks-1-DELETE"] = "on"
    errors = errors_of(admin_client.post(url, data))
    assert errors and errors[0].startswith("Deleting track")
    assert draft.tracks.count() == 4


def test_a_new_ladder_is_saved_with_tracks_before_levels_can_be_added(admin_client):
    page = admin_client.get(reverse("admin:ladders_ladder_add"))
    prefixes = [inline.formset.prefix for inline in page.context["inline_admin_formsets"]]
    assert prefixes == ["tracks", "competencies"]
    data = {
        **form_data(page),
        "name": "Design",
        "slug": "design",
        "tracks-TOTAL_FORMS": 1,
        "tracks-0-key": "ic",
        "tracks-0-name": "Designers",
        "tracks-0-kind": "ic",
        "tracks-0-position": 0,
    }
    response = admin_client.post(reverse("admin:ladders_ladder_add"), data)
    assert response.status_code == 302, errors_of(response)
    ladder = Ladder.objects.get(slug="design")
    # Levels are added in a draft, whose level rows pick from the draft's own tracks.
    response = admin_client.post(reverse("admin:ladders_ladder_draft", args=[ladder.pk]))
    draft = ladder.draft_or_none()
    assert response["Location"] == reverse("admin:ladders_ladder_change", args=[draft.pk])
    page = admin_client.get(response["Location"])
    [levels] = [i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "levels"]
    assert list(levels.formset.empty_form.fields["track"].queryset) == list(draft.tracks.all())


def test_duplicate_ladder_action(admin_client, default_ladder):
    response = admin_client.post(
        reverse("admin:ladders_ladder_changelist"),
        {"action": "duplicate", "_selected_action": [default_ladder.pk]},
        follow=True,
    )
    assert "Copied Product management as “product-management-copy”." in response.content.decode()
    copy = Ladder.objects.get(slug="product-management-copy")
    assert copy.levels.count() == 9


def test_download_as_file_action(admin_client, default_ladder):
    response = admin_client.post(
        reverse("admin:ladders_ladder_changelist"),
        {"action": "download", "_selected_action": [default_ladder.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="product-management.yaml"'
    assert response.content.decode() == export_ladder(default_ladder)


def test_list_pages_count_without_a_query_per_row(admin_client):
    forked_ladder(8)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    ladders_url = reverse("admin:ladders_ladder_changelist")
    levels_url = reverse("admin:ladders_level_changelist")
    few = queries(ladders_url), queries(levels_url)
    for _ in range(4):
        forked_ladder(8)
    assert (queries(ladders_url), queries(levels_url)) == few
    page = admin_client.get(ladders_url).content.decode()
    assert '<td class="field-levels">8</td>' in page


def test_a_loop_between_levels_is_named_as_a_loop_not_a_rank_problem(admin_client, draft):
    senior = draft.levels.get(key="senior-pm")
    url = reverse("admin:ladders_level_change", args=[senior.pk])
    data = form_data(admin_client.get(url))
    # Senior PM leads up to Director, which leads up to VP: VP cannot also lead to Senior PM.
    data["previous_levels"] = [
        *data.get("previous_levels", []),
        draft.levels.get(key="vp-product").pk,
    ]

    errors = errors_of(admin_client.post(url, data))

    # One message per way up that comes back round: through Director, and through Group PM.
    assert errors == [
        "This would make a loop: this level → “Group Product Manager” → “Director of Product” "
        "→ “VP of Product” → this level. A career path only goes up; remove one of these steps.",
        "This would make a loop: this level → “Director of Product” → “VP of Product” → "
        "this level. A career path only goes up; remove one of these steps.",
    ]
    assert not senior.previous_levels.filter(key="vp-product").exists()
