"""The plan's menus and text boxes are written in Python (core/widgets.py) for speed; a person
and their browser must see exactly what Django's own widget templates would have written."""

import copy
from types import SimpleNamespace

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core import widgets
from growth import plans
from growth.forms import ExperimentForm, RatingsForm, TargetForm
from ladders.specs import CompetencySpec


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
