"""Correcting a further text in the admin: a machine-read transcription, above all.

The text is edited as paragraphs separated by blank lines, a page break as a line
"[page N]"; saving is `ingest.ocring.correct_text`, a revision of the record like any edit,
and the text is then no longer machine-read.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin

from readingroom.curation.admin_authorities import DocumentPartAdmin
from readingroom.ingest.ocring import correct_text
from readingroom.records.contract import BlockRecord
from readingroom.records.originals import Text

PAGE = re.compile(r"\[page (?P<n>[^\]\n]{1,20})\]")


def as_paragraphs(blocks: list[dict]) -> str:
    """The text's blocks as the form shows them."""
    return "\n\n".join(
        f"[page {b['n']}]" if b["kind"] == "pagebreak" else b["text"] for b in blocks
    )


def from_paragraphs(text: str) -> list[BlockRecord]:
    """The inverse of `as_paragraphs`: paragraphs, and page breaks where marked."""
    chunks = [c.strip() for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    return [
        BlockRecord("pagebreak", "", n=m["n"])
        if (m := PAGE.fullmatch(c))
        else BlockRecord("paragraph", c)
        for c in chunks
    ]


class TextForm(forms.ModelForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        help_text='Paragraphs separated by blank lines; a page break as a line "[page N]".',
    )
    reason = forms.CharField(required=False, max_length=500, help_text="Why, for its history.")

    class Meta:
        model = Text
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["body"].initial = as_paragraphs(self.instance.blocks)


@admin.register(Text)
class TextAdmin(DocumentPartAdmin):
    form = TextForm
    list_display = ("document", "order", "kind", "language", "machine_read")
    list_filter = ("machine_read", "kind")
    list_select_related = ("document",)
    search_fields = ("document__identifier",)
    fields = ("document", "kind", "language", "machine_read", "body", "reason")
    readonly_fields = ("document", "kind", "language", "machine_read")

    def save_model(self, request, obj, form, change) -> None:
        reason = form.cleaned_data["reason"] or "text corrected in the admin"
        blocks = from_paragraphs(form.cleaned_data["body"])
        correct_text(obj.document, obj.order, blocks, request.user.get_username(), reason)
