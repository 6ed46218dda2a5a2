from django import forms

from careers.models import ManagerNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = ManagerNote
        fields = ["text"]
        labels = {"text": "Your note"}
