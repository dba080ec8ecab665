"""The document edit form: carries the version the editor loaded, and checks status rights."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from readingroom.curation.diffs import conflict_html
from readingroom.curation.revisions import loaded_snapshot
from readingroom.curation.roles import may_set_status
from readingroom.records import identifiers
from readingroom.records.models import Document
from readingroom.records.serialize import document_snapshot


def valid_identifier(value: str) -> None:
    """The rule of `records.identifiers`, with its reason (instead of the slug field's own)."""
    if problem := identifiers.problem(value):
        raise ValidationError(f"The identifier {problem}.")


class DocumentEditForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set by the admin for the request's user

    class Meta:
        model = Document
        fields = "__all__"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "identifier" in self.fields:  # the add form; the model form checks it is unused
            self.fields["identifier"].validators = [valid_identifier]

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        unchanged = self.instance.pk and status == self.instance.status
        if not unchanged and self.user is not None and not may_set_status(self.user, status):
            raise ValidationError(f"You may not set a document's status to {status}.")
        return status

    def clean(self) -> dict:
        """Refuse an edit based on an outdated version, showing what changed meanwhile.

        `save_edit` checks again under a row lock; this early check keeps the editor's form.
        """
        data = super().clean()
        expected = data.get("expected_version")
        stored = Document.objects.filter(pk=self.instance.pk).first()
        if expected is not None and stored is not None and stored.version != expected:
            loaded = loaded_snapshot(stored, expected)
            raise ValidationError(conflict_html(loaded, document_snapshot(stored)), code="conflict")
        return data
