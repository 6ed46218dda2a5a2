"""The questionnaire editor of the admin: a draft's spec as forms and formsets, not YAML.

``QuestionnaireEditor`` turns a spec's data into a header form (title, intro, answer scale),
formsets of sections, dimensions and items, and a form of every scoring parameter; on
submission it builds the spec data back from them and validates it with
``QuestionnaireSpec`` itself, so the editor accepts exactly what a questionnaire file may say.
Each problem the spec reports is put on the field it names: ``items[3].text`` on the text
field of the fourth item still on the page, ``scoring.flags.long_run`` on that number.
What the editor saves exports to YAML that imports back to the same draft.
"""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from assessments.specs import SCALE_NAMES, QuestionnaireSpec, ScoringParams
from core.interchange import describe_location

KIND_LABELS = {
    "likert": "Likert statement",
    "forced_choice": "Forced choice",
    "instructed": "Attention check",
}
POLES = [("builder", "builder"), ("people", "people")]
SHORT = {"rows": 2, "cols": 40}


class HeaderForm(forms.Form):
    """What a respondent reads first, and the answer scale of every likert item."""

    title = forms.CharField(max_length=500)
    intro = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    scale_min = forms.IntegerField(label="Scale from")
    scale_max = forms.IntegerField(label="Scale to")
    scale_labels = forms.CharField(
        label="Scale labels",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line, from the lowest point to the highest.",
    )

    @classmethod
    def initial_from(cls, data: dict[str, Any]) -> dict[str, Any]:
        scale = data.get("scale") or {}
        return {
            "title": data.get("title", ""),
            "intro": data.get("intro", ""),
            "scale_min": scale.get("min"),
            "scale_max": scale.get("max"),
            "scale_labels": "\n".join(scale.get("labels") or []),
        }

    def spec_data(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        labels = [line.strip() for line in cleaned["scale_labels"].splitlines() if line.strip()]
        return {
            "title": cleaned["title"],
            "intro": cleaned["intro"],
            "scale": {"min": cleaned["scale_min"], "max": cleaned["scale_max"], "labels": labels},
        }


class SectionForm(forms.Form):
    key = forms.CharField(max_length=64)
    title = forms.CharField(max_length=500)
    intro = forms.CharField(required=False, widget=forms.Textarea(attrs=SHORT))

    def spec_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("key", "title", "intro")}


class DimensionForm(forms.Form):
    key = forms.CharField(max_length=64)
    name = forms.CharField(max_length=500)
    scale = forms.ChoiceField(choices=[(name, name) for name in SCALE_NAMES], initial="builder")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs=SHORT))

    def spec_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("key", "name", "description", "scale")}


class ItemForm(forms.Form):
    """One item of any kind; the fields of the other kinds are ignored (and hidden by CSS)."""

    key = forms.CharField(max_length=64)
    # Initial values equal to what an untouched select submits, so the blank row left for a
    # new item counts as unchanged and is skipped.
    kind = forms.ChoiceField(choices=list(KIND_LABELS.items()), initial="likert")
    section = forms.CharField(max_length=64, widget=forms.TextInput(attrs={"list": "sections"}))
    text = forms.CharField(max_length=500, widget=forms.Textarea(attrs=SHORT))
    dimension = forms.CharField(
        required=False, max_length=64, widget=forms.TextInput(attrs={"list": "dimensions"})
    )
    reverse = forms.BooleanField(
        required=False, label="Reverse-keyed", help_text="Agreeing counts against the dimension."
    )
    expected = forms.IntegerField(required=False, label="Expected answer")
    follow_up = forms.BooleanField(
        required=False,
        label="Follow-up",
        help_text="Asked to sharpen a close call; never needed to finish.",
    )
    option_1_key = forms.CharField(required=False, max_length=64, label="Option 1 key")
    option_1_text = forms.CharField(required=False, max_length=500, label="Option 1 text")
    option_1_pole = forms.ChoiceField(choices=POLES, initial="builder", label="Option 1 pole")
    option_2_key = forms.CharField(required=False, max_length=64, label="Option 2 key")
    option_2_text = forms.CharField(required=False, max_length=500, label="Option 2 text")
    option_2_pole = forms.ChoiceField(choices=POLES, initial="people", label="Option 2 pole")

    OPTION_FIELDS = ("key", "text", "pole")

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        initial = {
            name: item.get(name)
            for name in (
                "key",
                "kind",
                "section",
                "text",
                "dimension",
                "reverse",
                "expected",
                "follow_up",
            )
        }
        for number, option in enumerate(item.get("options") or [], start=1):
            for name in cls.OPTION_FIELDS:
                initial[f"option_{number}_{name}"] = option.get(name)
        return {name: value for name, value in initial.items() if value is not None}

    def spec_data(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        kind = cleaned["kind"]
        data = {name: cleaned[name] for name in ("key", "kind", "section", "text")}
        # A missing value is left out, so the spec says "Field required" on its field.
        if kind == "likert":
            if cleaned["dimension"]:
                data["dimension"] = cleaned["dimension"]
            data["reverse"] = cleaned["reverse"]
            if cleaned["follow_up"]:
                data["follow_up"] = True
        elif kind == "instructed":
            if cleaned["expected"] is not None:
                data["expected"] = cleaned["expected"]
        else:
            data["options"] = [
                {name: cleaned[f"option_{number}_{name}"] for name in self.OPTION_FIELDS}
                for number in (1, 2)
            ]
        return data

    def field_for(self, path: tuple[str | int, ...]) -> str | None:
        """The field of this form that a spec path inside one item names, if any."""
        if path[:1] == ("options",) and len(path) >= 3 and path[1] in (0, 1):
            return f"option_{path[1] + 1}_{path[2]}"
        if path and path[0] in self.fields and len(path) == 1:
            return str(path[0])
        return None


def _scoring_fields(defaults: dict[str, Any], prefix: tuple[str, ...] = ()):
    """Every scoring parameter as (path, form field), in the spec's order: numbers, and the
    on/off switches as check boxes."""
    for name, value in defaults.items():
        path = (*prefix, name)
        if isinstance(value, dict):
            yield from _scoring_fields(value, path)
        elif isinstance(value, bool):  # before int: a bool is an int in Python
            yield path, forms.BooleanField(required=False, label=" › ".join(path).replace("_", " "))
        else:
            field_class = forms.IntegerField if isinstance(value, int) else forms.FloatField
            yield path, field_class(label=" › ".join(path).replace("_", " "))


SCORING_PATHS = [path for path, _ in _scoring_fields(ScoringParams().model_dump())]


class ScoringForm(forms.Form):
    """The scoring parameters of docs/scoring.md, one number per field named by its path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for path, field in _scoring_fields(ScoringParams().model_dump()):
            self.fields[self.field_name(path)] = field

    @staticmethod
    def field_name(path: tuple[str | int, ...]) -> str:
        return "__".join(str(part) for part in path)

    @classmethod
    def initial_from(cls, scoring: dict[str, Any]) -> dict[str, Any]:
        merged = ScoringParams().model_dump()
        _merge(merged, scoring or {})
        initial = {}
        for path in SCORING_PATHS:
            value: Any = merged
            for part in path:
                value = value[part]
            initial[cls.field_name(path)] = value
        return initial

    def spec_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for path in SCORING_PATHS:
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = self.cleaned_data[self.field_name(path)]
        return data


def _merge(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(name), dict):
            _merge(target[name], value)
        else:
            target[name] = value


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_order=True, can_delete=True)
DimensionFormSet = forms.formset_factory(DimensionForm, extra=1, can_order=True, can_delete=True)
ItemFormSet = forms.formset_factory(ItemForm, extra=1, can_order=True, can_delete=True)


class QuestionnaireEditor:
    """The forms of one draft's editor page; ``spec`` is the valid spec once ``is_valid()``.

    ``stored`` is the draft's spec data; ``fixed`` its slug, audience and version, which are
    not edited here: they are the questionnaire's and the version's own.
    """

    def __init__(self, stored: dict[str, Any], fixed: dict[str, Any], data: Any = None) -> None:
        self.fixed = fixed
        self.header = HeaderForm(data, initial=HeaderForm.initial_from(stored), prefix="header")
        self.sections = SectionFormSet(
            data, initial=[dict(entry) for entry in stored.get("sections") or []], prefix="sections"
        )
        self.dimensions = DimensionFormSet(
            data,
            initial=[dict(entry) for entry in stored.get("dimensions") or []],
            prefix="dimensions",
        )
        self.items = ItemFormSet(
            data,
            initial=[ItemForm.initial_from(item) for item in stored.get("items") or []],
            prefix="items",
        )
        self.scoring = ScoringForm(
            data, initial=ScoringForm.initial_from(stored.get("scoring") or {}), prefix="scoring"
        )
        self.spec: QuestionnaireSpec | None = None
        self.spec_problems: list[str] = []

    @property
    def parts(self) -> list[Any]:
        return [self.header, self.sections, self.dimensions, self.items, self.scoring]

    def is_valid(self) -> bool:
        """Each form's own checks, then the whole spec's; every problem placed on a field."""
        if not all([part.is_valid() for part in self.parts]):
            return False
        # The rows in the order the spec will hold them: the place a path's index points to.
        rows = {
            "sections": self._kept(self.sections),
            "dimensions": self._kept(self.dimensions),
            "items": self._kept(self.items),
        }
        data = {
            **self.fixed,
            **self.header.spec_data(),
            **{name: [form.spec_data() for form in forms_] for name, forms_ in rows.items()},
            "scoring": self.scoring.spec_data(),
        }
        try:
            self.spec = QuestionnaireSpec.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                message = error["msg"].removeprefix("Value error, ")
                self._place(tuple(error["loc"]), message, rows)
            return False
        return True

    @staticmethod
    def _kept(formset: forms.BaseFormSet) -> list[forms.Form]:
        return [form for form in formset.ordered_forms if not formset._should_delete_form(form)]

    def _place(self, loc: tuple[str | int, ...], message: str, rows: dict[str, list]) -> None:
        """Put one spec problem on the field its path names, else on the nearest form."""
        head, rest = (loc[0], loc[1:]) if loc else ("", ())
        if head in rows:
            formset = getattr(self, head)
            if rest and isinstance(rest[0], int) and rest[0] < len(rows[head]):
                form = rows[head][rest[0]]
                inner = rest[1:]
                field = form.field_for(inner) if isinstance(form, ItemForm) else None
                if field is None and len(inner) == 1 and inner[0] in form.fields:
                    field = str(inner[0])
                form.add_error(field, message)
            else:
                formset._non_form_errors.append(message)
        elif head == "scoring":
            name = ScoringForm.field_name(rest)
            self.scoring.add_error(name if name in self.scoring.fields else None, message)
        elif head == "scale":
            fields = {"min": "scale_min", "max": "scale_max", "labels": "scale_labels"}
            self.header.add_error(fields.get(rest[0] if rest else "min"), message)
        elif head in self.header.fields:
            self.header.add_error(str(head), message)
        else:
            self.spec_problems.append(f"{describe_location(loc)}: {message}")
