"""The forms of the assessments pages: the quiz, the level question and the consent switch."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField

from assessments.specs import (
    Answers,
    AnswerValue,
    AnyItem,
    ForcedChoiceItem,
    QuestionnaireSpec,
    Section,
    answer_problem,
)

# A scale point as posted: a short whole number. Longer digit runs stay text and are refused
# as text, so a 4,301-digit string is never handed to int().
_SCALE_POINT = re.compile(r"-?\d{1,9}")


class AnswerRadios(forms.RadioSelect):
    """Radio buttons with ids ``f-<item key>-<value>``, the anchors pages link to; a name
    posted twice reaches the field as a list, so it can be refused rather than guessed at."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["id"] = f"f-{name}-{value}"
        return option

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        if len(values) > 1:
            return values
        return values[0] if values else None


class AnswerField(forms.Field):
    """One statement: a scale point (an int) for likert and instructed items, an option key
    for forced-choice ones. Optional, because the quiz saves whatever has been answered."""

    def __init__(self, spec: QuestionnaireSpec, item: AnyItem) -> None:
        self.spec, self.item = spec, item
        self.number = spec.position(item.key) + 1
        if isinstance(item, ForcedChoiceItem):
            choices = [(option.key, option.text) for option in item.options]
        else:
            points = range(spec.scale.min, spec.scale.max + 1)
            choices = [(point, spec.label(point)) for point in points]
        super().__init__(required=False, label=item.text, widget=AnswerRadios(choices=choices))

    def clean(self, value: object) -> AnswerValue | None:
        if value is None:  # not posted: the statement is left as it was
            return None
        if isinstance(value, list):
            raise ValidationError("one answer per statement, please")
        text = str(value).strip()
        answer: AnswerValue = text
        if not isinstance(self.item, ForcedChoiceItem) and _SCALE_POINT.fullmatch(text):
            answer = int(text)
        if problem := answer_problem(self.spec, self.item.key, answer):
            raise ValidationError(problem)
        return answer

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> StatementField:
        return StatementField(form, self, field_name)


class StatementField(BoundField):
    """A statement as the quiz page shows it: its number, kind, saved mark and errors."""

    form: QuizForm
    field: AnswerField

    def value(self) -> AnswerValue | list[str] | None:
        """What the radios show: the choice just posted if it is usable, else the saved one."""
        if self.form.is_bound and self.data is not None and not self.errors:
            return super().value()
        return self.form.saved.get(self.name)

    @property
    def number(self) -> int:
        return self.field.number

    @property
    def kind(self) -> str:
        return self.field.item.kind

    @property
    def answered(self) -> bool:
        return self.name in self.form.saved

    @property
    def missing(self) -> bool:
        return self.name in self.form.missing

    @property
    def section(self) -> Section:
        return self.form.spec.section(self.field.item.section)

    @property
    def anchor(self) -> str:
        """The id of the first radio button, where a link to this statement lands."""
        return self.subwidgets[0].id_for_label


class AnswerFields(dict):
    """A quiz form's fields, each made the first time it is asked for (``fields[key]``).

    A page shows one part and an autosave posts one statement, yet making a field (and its
    radio widget) for every statement of the questionnaire took about 2 ms a request. A key
    that is no statement is a KeyError, as in a plain dict.
    """

    def __init__(self, spec: QuestionnaireSpec) -> None:
        super().__init__()
        self.spec = spec

    def __missing__(self, key: str) -> AnswerField:
        if not self.spec.has_item(key):
            raise KeyError(key)
        field = self[key] = AnswerField(self.spec, self.spec.item(key))
        return field


class QuizForm(forms.Form):
    """A questionnaire as one form: a radio group per statement, named by its item key.

    A page shows one section (``statements_in``) and posts it; an autosave posts a single
    statement. Only what was posted is cleaned, into ``answers``: typed, checked by
    ``specs.answer_problem``, and trusted from then on. A bad value gets its own message on
    its statement; a name that is no statement is an error for the whole form.

    ``saved`` (the stored answers) fills the radios of an unbound form and the "Saved" marks;
    ``missing`` names the statements a page must flag as still unanswered. ``asked``, when
    given, is every key this person may answer now (``quiz_parts.QuizPlan.asked``): a
    follow-up statement posted before scoring asks for it is refused.
    """

    # Names a quiz page posts besides statements.
    controls = frozenset({"csrfmiddlewaretoken", "action"})

    def __init__(
        self,
        spec: QuestionnaireSpec,
        data: Mapping[str, object] | None = None,
        *,
        saved: Mapping[str, AnswerValue] | None = None,
        missing: Collection[str] = (),
        asked: Collection[str] | None = None,
    ) -> None:
        self.spec = spec
        self.saved = saved or {}
        self.missing = frozenset(missing)
        self.asked = None if asked is None else frozenset(asked)
        super().__init__(data, initial=self.saved)
        self.fields = AnswerFields(spec)
        for item in spec.items:  # the posted statements are cleaned, in display order
            if item.key in self.data:
                self.fields[item.key]

    def clean(self) -> dict:
        data = super().clean()
        for key in self.data:
            if not self.spec.has_item(key) and key not in self.controls:
                self.add_error(None, answer_problem(self.spec, key, None))
            elif key in self.fields and self.asked is not None and key not in self.asked:
                self.add_error(key, "this extra statement is not asked of you now")
        return data

    @property
    def answers(self) -> Answers:
        """The posted answers, in display order; only once ``is_valid()``."""
        return Answers(
            {key: value for key, value in self.cleaned_data.items() if value is not None}
        )

    def statements_in(self, section: str) -> list[StatementField]:
        return [self[item.key] for item in self.spec.items_in_section(section)]

    def missing_statements(self, section: str) -> list[StatementField]:
        """The statements flagged as missing, those of ``section`` first, in display order."""
        flagged = [self[item.key] for item in self.spec.items if item.key in self.missing]
        return sorted(flagged, key=lambda field: field.field.item.section != section)

    def problems(self) -> list[str]:
        """Every error, one line each, the statement's number first."""
        lines = list(self.non_field_errors())
        for key, errors in self.errors.items():
            if key != NON_FIELD_ERRORS:
                lines += [f"statement {self[key].number}: {error}" for error in errors]
        return lines


class LevelForm(forms.Form):
    """Asks for a person's current level when their result could not place them."""

    level = forms.ModelChoiceField(
        label="Your current level",
        queryset=None,
        empty_label="Choose your level…",
        error_messages={"invalid_choice": "Choose one of the levels on your ladder."},
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


class SharingForm(forms.Form):
    """The two consent choices on a result. Answers can only be shared with the result."""

    share_result = forms.BooleanField(required=False, label="Let my manager see this result")
    share_answers = forms.BooleanField(
        required=False, label="Also let them see my individual answers"
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("share_result"):
            # Withdrawing the result withdraws the answers too: they mean nothing without it.
            data["share_answers"] = False
        return data
