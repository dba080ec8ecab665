"""The controlled vocabularies' tables (document types, languages, subjects, funders).

Kept apart from `records.models`, which imports them (Django finds them there): a document's
vocabularies are plain named terms, one table each, and nothing here depends on documents.
"""

from __future__ import annotations

from django.db import models


class Vocabulary(models.Model):
    """A controlled term (type, language, subject, funder); one table per vocabulary."""

    name = models.CharField(max_length=1000, unique=True)  # FRUS has a 590-character subject

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DocumentType(Vocabulary):
    pass


class Language(Vocabulary):
    pass


class Subject(Vocabulary):
    pass


class Funder(Vocabulary):
    pass
