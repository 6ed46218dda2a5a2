"""Parts of the plan pages rendered once per process for each set of things they show.

The competency table with its rating menus, the experiment cards and the plan's empty forms
took most of a plan page's time, yet each depends on a few values only: the table on the
ladder's published version, the two levels and the person's ratings; a card on its
experiment's fields and check-ins; an empty form on its choices. Each part is kept under a
key that holds every one of those values, so any change is a new key and nothing is ever
invalidated by hand (``core.kept``). The markup holds nothing beyond its key, so two people
with the same key rightly get the same markup. A form showing posted values or errors, and a
ladder with no recorded version, are rendered afresh, from the same templates.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.kept import Kept
from growth.forms import RatingsForm
from growth.plans import ExperimentView, PlanView

# A table is about 10 KB and a card 2 KB: at most some 20 MB a process.
_kept: Kept[str] = Kept(limit=2000)


def _kept_or_fresh(key: Hashable | None, render: Callable[[], str]) -> SafeString:
    markup = render() if key is None else _kept.get(key, render)
    return mark_safe(markup)  # noqa: S308 (rendered from our templates, escaped there)


def levels_table(view: PlanView, *, rating: bool, form: RatingsForm | None = None) -> SafeString:
    """``growth/_where.html``: the two levels side by side with the ratings, as rating menus
    for their owner (``rating``) or as numbers for their manager. ``form`` is a posted
    ``RatingsForm`` to show with its values and errors; without one the menus show the saved
    ratings, and the form is only made when the table is not kept already."""
    key = None
    if view.ladder_version is not None and view.current and view.target and form is None:
        ratings = tuple((row.competency.key, row.rating) for row in view.rows)
        key = ("where", view.ladder_version, view.current.key, view.target.key, rating, ratings)

    def render() -> str:
        menus = (form or RatingsForm(rows=view.rows)) if rating else None
        rated = [
            (row, menus[f"rating-{row.competency.key}"] if menus else None) for row in view.rows
        ]
        context = {"view": view, "rated": rated, "own_plan": rating}
        return render_to_string("growth/_where.html", context)

    return _kept_or_fresh(key, render)


def experiment_cards(
    items: Iterable[ExperimentView], *, link: bool, show_reflection: bool
) -> list[SafeString]:
    """``growth/_experiment_card.html`` for each experiment."""
    return [_card(item, link, show_reflection) for item in items]


def _card(item: ExperimentView, link: bool, show_reflection: bool) -> SafeString:
    experiment = item.experiment
    shown = (
        experiment.pk,
        experiment.title,
        experiment.hypothesis,
        experiment.signal,
        experiment.weeks,
        experiment.status,
        experiment.started_on,
        experiment.ended_on,
        experiment.leaning,
        experiment.reflection if show_reflection else None,
        tuple((checkin.week, checkin.energy) for checkin in experiment.checkins.all()),
    )
    context = {"item": item, "link": link, "show_reflection": show_reflection}
    key = ("card", link, show_reflection, shown)
    return _kept_or_fresh(key, lambda: render_to_string("growth/_experiment_card.html", context))


def form_fields(form: forms.BaseForm) -> SafeString:
    """Each field of ``form`` through ``_field.html``; kept while the form is unbound, under
    its class, initial values and menu choices."""
    key = None
    if not form.is_bound:
        initial = tuple(sorted((name, str(value)) for name, value in form.initial.items()))
        choices = tuple(
            tuple(field.choices) for field in form.fields.values() if hasattr(field, "choices")
        )
        key = ("fields", type(form).__qualname__, form.prefix, form.auto_id, initial, choices)

    def render() -> str:
        return "".join(render_to_string("_field.html", {"field": field}) for field in form)

    return _kept_or_fresh(key, render)
