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
