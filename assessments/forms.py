from __future__ import annotations

from django import forms


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
