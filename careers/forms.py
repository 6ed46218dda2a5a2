from django import forms

from careers.models import ManagerNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = ManagerNote
        fields = ["text"]
        labels = {"text": "Your note"}


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="What is it for?",
        help_text="For example “HR reporting”, so you know which one to revoke later.",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name or "\x00" in name:
            raise forms.ValidationError("Give the token a name you will recognise.")
        return name
