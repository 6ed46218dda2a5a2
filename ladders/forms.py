"""Forms for editing ladders in the admin, and the compare form of the level page.

Edges between levels (``next_levels``) are many-to-many, so a model's ``clean()`` cannot see
the edges about to be saved; these forms check them with the ranks about to be saved.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError

from ladders.models import Competency, Level, Track
from ladders.specs import TEXT_LENGTH, LadderSpec, rank_rises


def _ladder_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LevelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, level: Level) -> str:
        return f"{level.title} (rank {level.rank})"


def find_loops(
    level: Level, next_levels: list[Level], previous_levels: list[Level]
) -> list[list[Level]]:
    """The loops the chosen edges of ``level`` would close, one per chosen next level that
    leads back to it, each as a path ``[level, next, …, previous, level]``.

    The level's stored edges are replaced by the chosen ones, as saving the form does; the
    rest of its ladder's edges are read from the database.
    """
    others = {other.pk: other for other in Level.objects.filter(ladder_id=level.ladder_id)}
    upward: dict[int, list[int]] = {}
    stored = Level.next_levels.through.objects.filter(from_level__ladder_id=level.ladder_id)
    for source, target in stored.values_list("from_level_id", "to_level_id"):
        if level.pk not in (source, target):
            upward.setdefault(source, []).append(target)
    back_to_level = {other.pk for other in previous_levels}
    loops = []
    for start in next_levels:
        # Breadth first, so the loop named is the shortest one.
        came_from: dict[int, int | None] = {start.pk: None}
        queue = [start.pk]
        while queue:
            current = queue.pop(0)
            if current in back_to_level:
                steps = []
                while current is not None:
                    steps.append(others[current])
                    current = came_from[current]
                loops.append([level, *reversed(steps), level])
                break
            for target in upward.get(current, []):
                if target not in came_from:
                    came_from[target] = current
                    queue.append(target)
    return loops


class LevelAdminForm(forms.ModelForm):
    """The level admin form: tracks and edges limited to the level's ladder, both directions
    of edges editable, every broken invariant a form error."""

    next_levels = LevelChoiceField(
        queryset=Level.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("next levels", is_stacked=False),
        help_text="The levels one step up from this one. Two or more make a fork.",
    )
    previous_levels = LevelChoiceField(
        queryset=Level.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("previous levels", is_stacked=False),
        label="Reached from",
        help_text="The levels one step below that lead here.",
    )

    class Meta:
        model = Level
        fields = ["ladder", "track", "key", "title", "rank", "position", "summary", "scope"]
        fields += ["people_pct", "product_pct", "individual_pct", "next_levels"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ladder_id = self.instance.ladder_id or _ladder_id(
            self.data.get("ladder") or self.initial.get("ladder")
        )
        levels = Level.objects.select_related("ladder")
        if ladder_id:
            levels = levels.filter(ladder_id=ladder_id)
            if "track" in self.fields:
                self.fields["track"].queryset = Track.objects.filter(ladder_id=ladder_id)
        if ladder_id and not self.instance.pk:
            # New levels go after the existing ones of the same rank.
            self.initial.setdefault("position", Level.objects.filter(ladder_id=ladder_id).count())
        if self.instance.pk:
            levels = levels.exclude(pk=self.instance.pk)
            self.initial.setdefault("previous_levels", list(self.instance.previous_levels.all()))
        self.fields["next_levels"].queryset = levels
        self.fields["previous_levels"].queryset = levels

    def clean(self) -> dict:
        cleaned = super().clean()
        level = self.instance
        # construct_instance has not run yet: judge the edges with the values being saved.
        level.rank = cleaned.get("rank", level.rank)
        if cleaned.get("ladder"):
            level.ladder = cleaned["ladder"]
        if level.rank and level.ladder_id:  # rank 0 gets its own error from the model
            next_levels = list(cleaned.get("next_levels") or [])
            previous_levels = list(cleaned.get("previous_levels") or [])
            # A loop is its own mistake, named as one; its levels' ranks are not also blamed.
            looped = set()
            for path in find_loops(level, next_levels, previous_levels):
                looped.update(path[1:-1])
                names = " → ".join(f"“{step.title}”" for step in path[1:-1])
                self.add_error(
                    "next_levels",
                    f"This would make a loop: this level → {names} → this level. "
                    "A career path only goes up; remove one of these steps.",
                )
            errors = level.edge_errors(
                [other for other in next_levels if other not in looped],
                [other for other in previous_levels if other not in looped],
            )
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def _save_m2m(self) -> None:
        super()._save_m2m()
        self.instance.previous_levels.set(self.cleaned_data.get("previous_levels") or [])


class LevelInlineForm(forms.ModelForm):
    def __init__(self, *args, ladder=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(ladder=ladder)


class LevelInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "ladder": self.instance}

    def clean(self) -> None:
        """Ranks of several levels may change at once: check every stored edge against the
        ranks being saved, which a single row cannot see."""
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        rows = {}
        for form in self.forms:
            if form.instance.pk and not self._should_delete_form(form):
                rows[form.instance.pk] = (form.cleaned_data.get("title"), form.cleaned_data["rank"])
        edges = Level.next_levels.through.objects.filter(
            from_level__ladder=self.instance
        ).values_list("from_level_id", "to_level_id")
        problems = []
        for source, target in edges:
            if source not in rows or target not in rows:
                continue
            (title, rank), (next_title, next_rank) = rows[source], rows[target]
            if not rank_rises(rank, next_rank):
                problems.append(
                    f"“{title}” (rank {rank}) leads to “{next_title}” (rank {next_rank}): "
                    "rank must rise along every next level."
                )
        if problems:
            raise ValidationError(problems)


class ExpectationInlineForm(forms.ModelForm):
    def __init__(self, *args, level=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ladder_id = level.ladder_id if level is not None else None
        self.fields["competency"].queryset = Competency.objects.filter(ladder_id=ladder_id)


class ExpectationInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "level": self.instance}


class CompareForm(forms.Form):
    """Pick up to two levels to compare with the one on the page; works as a plain GET."""

    compare = forms.ChoiceField(label="Compare with", required=False)
    also = forms.ChoiceField(label="and, beside it (optional)", required=False)

    def __init__(self, spec: LadderSpec, current: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Grouped by track, so that a long track name never crowds out the level's title.
        groups = [
            (
                track.name,
                [(lv.key, lv.title) for lv in spec.levels_of(track.key) if lv.key != current],
            )
            for track in spec.tracks
        ]
        groups = [(name, options) for name, options in groups if options]
        self.fields["compare"].choices = [("", "Choose a level"), *groups]
        self.fields["also"].choices = [("", "No second level"), *groups]

    def targets(self) -> list[str]:
        """The chosen level keys, in order, without repeats; empty if the form is invalid."""
        if not self.is_valid():
            return []
        keys = [self.cleaned_data["compare"], self.cleaned_data["also"]]
        return list(dict.fromkeys(key for key in keys if key))


class PublishForm(forms.Form):
    """Publish a draft: a change note is required; gaps need an explicit tick."""

    note = forms.CharField(
        label="Change note",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="What changed and why. It is kept in the ladder's history.",
    )
    allow_gaps = forms.BooleanField(
        label="Publish with gaps",
        required=False,
        help_text="Publish although some expectations are not written yet; the ladder's pages "
        "mark them as not written.",
    )

    def __init__(self, *args, gaps: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not gaps:
            del self.fields["allow_gaps"]

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned.setdefault("allow_gaps", False)
        return cleaned

    def add_problems(self, messages: list[str]) -> None:
        """Place the publishing problems (``field: message``) on their fields."""
        for message in messages:
            field, _, text = message.partition(": ")
            target = {"note": "note", "expectations": "allow_gaps"}.get(field)
            self.add_error(target if target in self.fields else None, text or message)
