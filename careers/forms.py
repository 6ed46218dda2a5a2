from django import forms

from careers.models import ManagerNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = ManagerNote
        fields = ["text"]
        labels = {"text": "Your note"}


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
