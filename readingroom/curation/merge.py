"""Merge one person into another, and undo it exactly.

Every row that pointed at the merged person is moved and its id recorded, so undo moves
exactly those rows back. A name or description the target already has stays where it is
(the unique constraints forbid two), and so needs no undoing.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from readingroom.authorities.models import Person
from readingroom.curation.models import MergeRecord
from readingroom.records.changelog import log_change


def person_relations() -> dict[str, tuple[type[models.Model], str, tuple[str, ...]]]:
    """Every row that points at a person, read from the models themselves so that a new
    relation moves with a merge: related name → (model, the field pointing at the person,
    the fields that must stay unique beside it). Merges' own records and the merged-into
    link are the merge's bookkeeping, not the person's."""
    found = {}
    for relation in Person._meta.related_objects:
        model, field = relation.related_model, relation.field
        if model is Person or model._meta.app_label == "curation":
            continue
        unique = next(
            (
                tuple(model._meta.get_field(f).attname for f in c.fields if f != field.name)
                for c in model._meta.constraints
                if isinstance(c, models.UniqueConstraint) and field.name in c.fields
            ),
            (),
        )
        found[relation.related_name] = (model, field.name, unique)
    return found


class MergeRefused(Exception):
    """A merge or undo that would lose track of something; the message says what."""


def _movable(model, field: str, unique: tuple[str, ...], source: Person, target: Person):
    rows = model.objects.filter(**{field: source})
    if unique:
        taken = set(model.objects.filter(**{field: target}).values_list(*unique))
        return [pk for pk, *key in rows.values_list("pk", *unique) if tuple(key) not in taken]
    return list(rows.values_list("pk", flat=True))


def _documents(moved: dict[str, list[int]]) -> set[int]:
    """Documents whose people changed, so the search index refreshes them."""
    docs: set[int] = set()
    for name, (model, _, _) in person_relations().items():
        columns = {f.attname for f in model._meta.concrete_fields}
        if "document_id" in columns and moved.get(name):
            rows = model.objects.filter(pk__in=moved[name])
            docs |= set(rows.values_list("document_id", flat=True))
    return docs


def _reindex(moved: dict[str, list[int]]) -> None:
    log_change(_documents(moved))


def merge_people(source: Person, target: Person, *, actor: str, reason: str = "") -> MergeRecord:
    """Merge `source` into `target`; `source`'s page then redirects to `target`'s."""
    with transaction.atomic():
        source = Person.objects.select_for_update().get(pk=source.pk)
        target = Person.objects.select_for_update().get(pk=target.pk)
        if source.pk == target.pk:
            raise MergeRefused("a person cannot be merged into themselves")
        if source.merged_into_id or target.merged_into_id:
            raise MergeRefused("one of these people is already merged into someone else")
        moved = {}
        for name, (model, field, unique) in person_relations().items():
            moved[name] = _movable(model, field, unique, source, target)
            model.objects.filter(pk__in=moved[name]).update(**{field: target})
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        _reindex(moved)
        return MergeRecord.objects.create(
            source=source, target=target, actor=actor, reason=reason, moved=moved
        )


def undo_merge(record: MergeRecord, *, actor: str) -> None:
    """Move the recorded rows back and make the merged person stand alone again."""
    with transaction.atomic():
        record = MergeRecord.objects.select_for_update().get(pk=record.pk)
        if record.undone:
            raise MergeRefused("this merge has already been undone")
        if record.target.merged_into_id:
            raise MergeRefused("the target was merged again since: undo that merge first")
        for name, (model, field, _) in person_relations().items():
            ids = record.moved.get(name, [])
            rows = model.objects.filter(pk__in=ids, **{field: record.target})
            rows.update(**{field: record.source})
        Person.objects.filter(pk=record.source_id).update(merged_into=None)
        _reindex(record.moved)
        record.undone, record.undone_by = timezone.now(), actor
        record.save(update_fields=["undone", "undone_by"])
