"""The plan page is fast because its menus and text boxes are written in Python
(core/widgets.py) and its costly parts are kept between requests (growth/markup.py). A person
and their browser must see exactly what Django's own widget templates would have written, and
never a kept part that is out of date or was made for someone else."""

import copy
from types import SimpleNamespace

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core import widgets
from growth import plans
from growth.forms import ExperimentForm, RatingsForm, TargetForm
from growth.models import CheckIn
from ladders.files import import_ladder
from ladders.models import Ladder
from ladders.specs import CompetencySpec, LadderSpec
from tests.growth.support import plan_for


def _as_django_writes_it(bound_field: forms.BoundField) -> str:
    """The field rendered through Django's template widget of the same kind."""
    twin = copy.copy(bound_field.field.widget)
    twin.__class__ = next(
        base for base in type(twin).__mro__ if base.__module__ == "django.forms.widgets"
    )
    return bound_field.as_widget(widget=twin)


def _assert_same_markup(form: forms.BaseForm) -> None:
    for bound_field in form:
        assert type(bound_field.field.widget).__module__ == "core.widgets", bound_field.name
        assert str(bound_field) == _as_django_writes_it(bound_field), bound_field.name


def _rows(*names: str) -> list[plans.CompetencyRow]:
    return [
        plans.CompetencyRow(CompetencySpec(key=f"c{n}", name=name, area="a"), 2, 3, None, "", "")
        for n, name in enumerate(names)
    ]


def test_rating_menus_read_as_before_with_a_rating_chosen_and_with_an_error():
    rows = _rows("Strategy", "Delivery & <prioritisation>")
    _assert_same_markup(RatingsForm(rows=rows))
    refused = RatingsForm({"rating-c0": "4", "rating-c1": "9"}, rows=rows)
    assert not refused.is_valid()
    _assert_same_markup(refused)
    assert '<option value="4" selected>4 · Advanced</option>' in str(refused["rating-c0"])
    assert 'aria-invalid="true"' in str(refused["rating-c1"])


def test_the_target_menu_and_the_experiment_form_read_as_before():
    levels = [SimpleNamespace(key="group-pm", title="Group PM & <co>")]
    _assert_same_markup(TargetForm(initial={"target": "group-pm"}, levels=levels))
    _assert_same_markup(ExperimentForm(plan=None, count=0))
    refused = ExperimentForm({"title": 'Lead "the" <guild>', "weeks": "40"}, plan=None, count=0)
    assert not refused.is_valid()
    _assert_same_markup(refused)
    assert 'value="Lead &quot;the&quot; &lt;guild&gt;"' in str(refused["title"])


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
attribute_names = st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True)


@given(
    choices=st.lists(st.tuples(text, text), max_size=5),
    chosen=text,
    attrs=st.dictionaries(attribute_names, st.one_of(text, st.booleans(), st.integers())),
)
def test_any_menu_is_written_as_djangos_template_writes_it(choices, chosen, attrs):
    ours = widgets.Select(attrs=attrs, choices=choices)
    theirs = forms.Select(attrs=attrs, choices=choices)
    assert ours.render("pick", chosen) == theirs.render("pick", chosen)


@given(
    value=st.one_of(st.none(), text, st.integers()), attrs=st.dictionaries(attribute_names, text)
)
def test_any_text_box_is_written_as_djangos_template_writes_it(value, attrs):
    for ours, theirs in (
        (widgets.TextInput, forms.TextInput),
        (widgets.NumberInput, forms.NumberInput),
    ):
        assert ours(attrs=attrs).render("box", value) == theirs(attrs=attrs).render("box", value)


# ---- parts of the page kept between requests ------------------------------------------------

REFLECTION = "The one-to-ones were the best part of covering for the lead."


def _page(client, path: str = "/plan/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _rating_menu(page: str, competency: str) -> str:
    return page.split(f'name="rating-{competency}"')[1].split("</select>")[0]


@pytest.mark.django_db
def test_a_new_rating_shows_at_once_on_a_page_seen_before(org, client):
    plan_for(org["pm"])
    client.force_login(org["pm"])
    assert '<option value="" selected>' in _rating_menu(_page(client), "coaching")
    client.post("/plan/ratings/", {"rating-coaching": "2"})
    assert '<option value="2" selected>' in _rating_menu(_page(client), "coaching")


@pytest.mark.django_db
def test_two_people_on_the_same_levels_see_their_own_ratings(org, client):
    for person, rating in ((org["pm"], "2"), (org["pm2"], "5")):
        plan_for(person)
        client.force_login(person)
        client.post("/plan/ratings/", {"rating-coaching": rating})
    for person, rating in ((org["pm"], "2"), (org["pm2"], "5")):
        client.force_login(person)
        menu = _rating_menu(_page(client), "coaching")
        assert f'<option value="{rating}" selected>' in menu
        assert menu.count("selected") == 1


@pytest.mark.django_db
def test_an_experiment_changed_without_touching_its_timestamp_still_shows_the_change(org, client):
    plan = plan_for(org["pm"], experiments=1, checkins=2)
    client.force_login(org["pm"])
    assert "Experiment 0" in _page(client)
    plan.experiments.update(title="Run the guild for a quarter")
    CheckIn.objects.filter(experiment__plan=plan).update(energy="drained")
    page = _page(client)
    assert "Run the guild for a quarter" in page and "Experiment 0" not in page
    assert page.count("<td>Drained</td>") == 2 and "<td>Energised</td>" not in page


@pytest.mark.django_db
def test_a_manager_never_sees_a_reflection_kept_from_the_owners_own_page(org, client):
    plan = plan_for(org["pm"], experiments=1)
    plan.experiments.update(status="done", reflection=REFLECTION, leaning="people")
    plans.set_plan_sharing(plan, shared=True, reflections=False, by=org["pm"])
    client.force_login(org["pm"])
    assert REFLECTION in _page(client)
    client.force_login(org["manager"])
    assert REFLECTION not in _page(client, "/team/pm/plan/")


@pytest.mark.django_db
def test_a_republished_ladder_shows_its_new_expectation_on_the_plan(org, client):
    plan_for(org["pm"])
    client.force_login(org["pm"])
    assert "Coaches the whole guild" not in _page(client)
    ladder = Ladder.objects.get(slug="product-management")
    data = ladder.to_spec().model_dump()
    for expectation in data["expectations"]:
        if (expectation["level"], expectation["competency"]) == ("group-pm", "coaching"):
            expectation["text"] = "Coaches the whole guild."
    import_ladder(LadderSpec.model_validate(data), note="Say what coaching means for a Group PM.")
    assert "Coaches the whole guild" in _page(client)
