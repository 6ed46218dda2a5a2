"""The plan's forms: each one checks lengths, ranges and counts, so a refused post changes
nothing and the page says which field to fix."""

from __future__ import annotations

from typing import Any

from django import forms

from core import widgets as core_widgets
from growth import rules
from growth.models import BoardMember, Experiment, Plan
from ladders.specs import PROFICIENCY_LABELS, LadderSpec

RATING_CHOICES = [("", "Not rated")] + [
    (str(value), f"{value} · {label}") for value, label in PROFICIENCY_LABELS.items()
]
ENERGY_CHOICES = [
    (rules.Energy.ENERGISED.value, "Energised"),
    (rules.Energy.NEUTRAL.value, "Neutral"),
    (rules.Energy.DRAINED.value, "Drained"),
]
LEANING_CHOICES = [
    (rules.Leaning.PRODUCTS.value, "Building products"),
    (rules.Leaning.PEOPLE.value, "Building people"),
    (rules.Leaning.UNCLEAR.value, "Neither, or I can't tell yet"),
]
PULSE_CHOICES = [(str(value), str(value)) for value in range(1, 6)]


class StartPlanForm(forms.Form):
    current = forms.ChoiceField(label="Where I am now")
    target = forms.ChoiceField(label="Where I'm heading")
    suggestions = forms.TypedMultipleChoiceField(
        label="Experiments to start with",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="From your result. You can write your own once the plan exists.",
    )

    def __init__(self, *args: Any, spec: LadderSpec, suggestions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        levels = sorted(spec.levels, key=lambda level: level.rank)
        choices = [(level.key, level.title) for level in levels]
        self.fields["current"].choices = choices
        self.fields["target"].choices = choices
        self.fields["suggestions"].choices = [
            (i, suggestion.title) for i, suggestion in enumerate(suggestions)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        current, target = data.get("current"), data.get("target")
        if current and target and current != target and self.spec.route(current, target) is None:
            self.add_error(
                "target",
                "That level isn't ahead of where you are on this ladder. Pick one it leads to.",
            )
        return data


class TargetForm(forms.Form):
    target = forms.ChoiceField(label="Where I'm heading", widget=core_widgets.Select)

    def __init__(self, *args: Any, levels: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(level.key, level.title) for level in levels]


class RatingsForm(forms.Form):
    """One optional 1–5 rating per competency the plan compares."""

    def __init__(self, *args: Any, rows: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"rating-{row.competency.key}"] = forms.TypedChoiceField(
                label=row.competency.name,
                choices=RATING_CHOICES,
                widget=core_widgets.Select,
                coerce=int,
                empty_value=None,
                required=False,
                initial=row.rating,
            )

    @property
    def ratings(self) -> dict[str, int | None]:
        return {name.removeprefix("rating-"): value for name, value in self.cleaned_data.items()}


class ExperimentForm(forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ["title", "hypothesis", "signal", "weeks"]
        labels = {
            "title": "What you'll try",
            "hypothesis": "Your hypothesis",
            "signal": "What would count as a signal",
            "weeks": "Timebox (weeks)",
        }
        help_texts = {
            "hypothesis": "For example: leading this initiative will give me energy.",
            "weeks": f"Between {rules.MIN_WEEKS} and {rules.MAX_WEEKS} weeks.",
        }
        # The plan page shows this form on every visit: widgets written without templates.
        widgets = {
            "title": core_widgets.TextInput,
            "hypothesis": core_widgets.TextInput,
            "signal": core_widgets.TextInput,
            "weeks": core_widgets.NumberInput(attrs={"min": 2, "max": 12}),
        }

    def __init__(self, *args: Any, plan: Plan, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan, self.count = plan, count

    def clean(self) -> dict[str, Any]:
        if self.count >= rules.MAX_EXPERIMENTS:
            raise forms.ValidationError(
                f"A plan holds at most {rules.MAX_EXPERIMENTS} experiments, finished ones "
                "included, and this one is full."
            )
        return super().clean()


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("start", "Start"), ("drop", "Drop")])


class CheckInForm(forms.Form):
    energy = forms.ChoiceField(
        label="How did it leave you this week?", choices=ENERGY_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(label="One line about it (optional)", max_length=200, required=False)


class EndForm(forms.Form):
    reflection = forms.CharField(
        label="What happened, and what did you learn?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    leaning = forms.ChoiceField(
        label="What does it say about building products versus building people?",
        choices=LEANING_CHOICES,
        widget=forms.RadioSelect,
    )


class BoardMemberForm(forms.ModelForm):
    class Meta:
        model = BoardMember
        fields = ["name", "role", "helps_with", "every_weeks", "last_touch"]
        labels = {
            "name": "Name",
            "role": "Who they are to you",
            "helps_with": "What they help you with",
            "every_weeks": "Touch base every … weeks",
            "last_touch": "Last time you talked (optional)",
        }
        widgets = {
            "every_weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
            "last_touch": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, count: int, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count, self.today = count, today

    def clean_last_touch(self) -> Any:
        day = self.cleaned_data.get("last_touch")
        if day and day > self.today:
            raise forms.ValidationError("That date is in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        if self.count >= rules.MAX_BOARD_MEMBERS:
            raise forms.ValidationError(
                f"Your board holds at most {rules.MAX_BOARD_MEMBERS} people. A small board "
                "you keep in touch with beats a long list."
            )
        return super().clean()


class PulseForm(forms.Form):
    learning = forms.TypedChoiceField(
        label="Am I still learning?", choices=PULSE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    challenged = forms.TypedChoiceField(
        label="Am I challenged?", choices=PULSE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    energy = forms.TypedChoiceField(
        label="Does the work give me energy?",
        choices=PULSE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )


class PlanSharingForm(forms.Form):
    share_plan = forms.BooleanField(required=False, label="Share my plan with my manager")
    share_reflections = forms.BooleanField(
        required=False, label="Also let them read my reflections"
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="A comment for them", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
