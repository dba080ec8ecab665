"""Machine-read transcriptions of a record's scans: read with Tesseract (`ingest.ocr`), the
words' boxes kept on the scans, the text added to the record as a revision like any edit.

Reading takes seconds a page, so it never runs in a web request: an import queues it
(`queue_ocr`, the `ocr_records` task run by `readingroom worker`) and `readingroom ocr`
runs it in the foreground. A record is read once: one that has a transcription (typed, or
read before) is skipped, and a curator's correction (`correct_text`) is a normal revision.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.ingest import ocr
from readingroom.ingest.store import record_revision
from readingroom.records import files
from readingroom.records.contract import BlockRecord, TextRecord
from readingroom.records.models import Document, Revision, Scan, Text
from readingroom.records.serialize import document_snapshot
from readingroom.records.snapshot import record_dict
from readingroom.search.sync import sync_index

ACTOR = "ocr"
TRANSCRIPTION = "transcription"
CHUNK = 20  # records a queued task reads: a task a dead worker held is redone, not a batch
# Tesseract processes reading one record's pages side by side, one thread each (`ocr._run`).
PAGES_AT_ONCE = min(4, os.cpu_count() or 1)

Advance = Callable[[int], None]


def needing_ocr() -> QuerySet[Document]:
    """Records with scans and no transcription."""
    scanned = Scan.objects.filter(document=OuterRef("pk"))
    transcribed = Text.objects.filter(document=OuterRef("pk"), kind=TRANSCRIPTION)
    return Document.objects.filter(Exists(scanned), ~Exists(transcribed))


def pending_ocr(identifiers: Iterable[str] | None = None) -> list[int]:
    """Ids of the records (of these identifiers, if named) that OCR would read."""
    found = needing_ocr()
    if identifiers is not None:
        found = found.filter(identifier__in=list(identifiers))
    return list(found.order_by("pk").values_list("pk", flat=True))


def page_count(ids: Sequence[int]) -> int:
    return Scan.objects.filter(document_id__in=ids).count()


def record_languages(doc: Document) -> list[str]:
    """The record's languages in the order it states them (the vocabulary's own order is by
    name): the first is read first, and is the transcription's language."""
    links = Document.languages.through.objects.filter(document=doc).order_by("pk")
    return list(links.values_list("language__name", flat=True))


def ocr_document(doc: Document, advance: Advance = lambda n: None) -> Text | None:
    """Read every scan of `doc` and add the transcription; None when there is nothing to
    read (no scans) or already a transcription. `advance` hears of each page read."""
    if not doc.scans.exists() or doc.texts.filter(kind=TRANSCRIPTION).exists():
        return None
    names = record_languages(doc)
    languages = ocr.read_with(names, ocr.installed_languages())
    scans = list(doc.scans.all())
    pages = []
    with ThreadPoolExecutor(PAGES_AT_ONCE) as pool:
        read = pool.map(lambda scan: ocr.read_page(files.path_for(scan.sha256), languages), scans)
        for scan, words in zip(scans, read, strict=True):
            pages.append(ocr.Page(scan.label or str(scan.page), words))
            advance(1)
    record = ocr.transcription(pages, ocr.text_language(names))
    return add_transcription(doc, scans, [page.words for page in pages], record)


def add_transcription(
    doc: Document, scans: list[Scan], words: list[list[ocr.Word]], record: TextRecord
) -> Text | None:
    """Store what was read: each scan's words, and the text as a new `Text` of the record.

    The text is the archive's, not the file's: a re-import keeps a machine-read text unless
    the file brings a transcription of its own (`records.snapshot.keep_machine_read`), and the
    scans keep their words (`ingest.writer`). `content_hash` stays the digest of the file
    last imported, so re-importing the unchanged file is "unchanged" and touches nothing.
    Nothing is stored if the record changed while its pages were read (another run added a
    transcription, a re-import replaced the scans): a later run reads it again.
    """
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=doc.pk)
        stored = list(doc.scans.values_list("pk", "sha256"))
        if stored != [(s.pk, s.sha256) for s in scans]:
            return None
        if doc.texts.filter(kind=TRANSCRIPTION).exists():
            return None
        before = document_snapshot(doc)
        for scan, found in zip(scans, words, strict=True):
            scan.words = [word.stored() for word in found]
        Scan.objects.bulk_update(scans, ["words"])
        last = doc.texts.aggregate(last=Max("order"))["last"]
        order = 0 if last is None else last + 1
        text = Text.objects.create(document=doc, order=order, **record_dict(record))
        pages = len(scans)
        reason = f"machine-read transcription of {pages} scan{'s' if pages != 1 else ''}"
        record_edit(doc, before, actor=ACTOR, reason=reason, by_hand=False)
    return text


def correct_text(
    doc: Document, order: int, blocks: Sequence[BlockRecord], actor: str, reason: str
) -> Revision | None:
    """Replace the blocks of the record's text number `order` by hand: a revision, and the
    text is no longer machine-read. None when the blocks are the same as stored."""
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=doc.pk)
        text = doc.texts.get(order=order)
        new = [record_dict(block) for block in blocks]
        if new == text.blocks:
            return None
        before = document_snapshot(doc)
        text.blocks, text.machine_read = new, False
        text.save(update_fields=["blocks", "machine_read"])
        return record_edit(doc, before, actor=actor, reason=reason)


def record_edit(
    doc: Document, before: dict, *, actor: str, reason: str, by_hand: bool = True
) -> Revision:
    """Bump the version, protect texts edited by hand from re-import, save (which logs the
    change for the index) and write the revision; `doc` is locked by the caller."""
    if by_hand:
        doc.edited_fields = sorted({*doc.edited_fields, "texts"})
    doc.version += 1
    doc.save()
    return record_revision(doc, before, document_snapshot(doc), actor=actor, reason=reason)


@dataclass
class OcrReport:
    """What a run read: records given a transcription, skipped, and failed (with why)."""

    read: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return f"{self.read} records read, {self.skipped} skipped{failed}"


def run_ocr(ids: Sequence[int], advance: Advance = lambda n: None) -> OcrReport:
    """Read these records one by one; a record whose page cannot be read is reported and
    the run goes on. A missing Tesseract stops it at once (`ocr.OcrError`)."""
    ocr.tesseract_path()
    report = OcrReport()
    for doc in Document.objects.filter(pk__in=ids).order_by("pk"):
        pages = Counted(advance)
        try:
            text = ocr_document(doc, pages)
        except ocr.OcrError as exc:
            report.failed.append(f"{doc.identifier}: {exc}")
        else:
            report.read += text is not None
            report.skipped += text is None
        advance(doc.scans.count() - pages.count)  # the pages skipped or given up count too
    return report


@dataclass
class Counted:
    """An `Advance` that counts what it passes on."""

    advance: Advance
    count: int = 0

    def __call__(self, n: int) -> None:
        self.count += n
        self.advance(n)


@task()
def ocr_records(ids: list[int]) -> dict[str, object]:
    """Read the scans of these records; the records read, skipped and failed."""
    report = run_ocr(ids)
    sync_index()
    return {"read": report.read, "skipped": report.skipped, "failed": report.failed}


def queue_ocr() -> int:
    """Queue OCR for the records with scans and no transcription that no waiting or running
    task holds yet, CHUNK records a task; how many were queued. Called when an import ends."""
    held = DBTaskResult.objects.filter(
        task_path=ocr_records.module_path,
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
    )
    queued = {pk for args in held.values_list("args_kwargs", flat=True) for pk in args["args"][0]}
    ids = [pk for pk in pending_ocr() if pk not in queued]
    for start in range(0, len(ids), CHUNK):
        ocr_records.enqueue(ids[start : start + CHUNK])
    return len(ids)
