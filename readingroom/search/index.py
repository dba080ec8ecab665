"""The embedded search engine: a Tantivy index in one directory.

Pure Python (no Django): the caller turns records into :class:`IndexDocument`
values and applies changes; this module only indexes and searches. The index is
a derived cache — if its schema version changed, it is wiped and ``created`` is
set so the caller knows to rebuild it from the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import tantivy
from tantivy import Query

from readingroom.search import analysis
from readingroom.search import schema as s
from readingroom.search.compiler import Compiler
from readingroom.search.entries import IndexDocument, IndexPassage
from readingroom.search.facets import facet_counts
from readingroom.search.passages import best_passages, passages_in
from readingroom.search.query import ParsedQuery, parse_query
from readingroom.search.reading import NameExpander, PeopleReader, read_names
from readingroom.search.results import (
    MAX_PAGE_SIZE,
    SORTS,
    SearchPage,
    Snippet,
    make_hit,
    top_page,
)
from readingroom.search.snippets import highlight

WRITER_HEAP = 256_000_000
# Facets are counted over every match while this thread finds the page and its passages.
# Tantivy's searches let go of the GIL (its aggregation does not), so the page's hits are
# found while the facets are counted, and only the Python work waits.
_COUNTER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="facets")


def _new_counter() -> None:
    """A forked process gets a pool of its own: threads do not survive a fork."""
    global _COUNTER
    _COUNTER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="facets")


os.register_at_fork(after_in_child=_new_counter)


class ForeignIndex(ValueError):
    """The directory holds an index readingroom did not make: it is never wiped."""


MARKER = "readingroom-search.version"


# ---------------------------------------------------------------- entries


def _day(value: date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _add_text(entry: tantivy.Document, name: str, text: str) -> None:
    """A stemmed field is given its terms, stemmed in Python (`analysis.stemmed_text`)."""
    if text:
        stemmed = name in s.STEMMED_FIELDS
        entry.add_text(name, analysis.stemmed_text(text) if stemmed else analysis.normalize(text))


def _other(passage: IndexPassage) -> bool:
    """Whether the passage is of a text in a language other than English."""
    return bool(passage.language) and passage.language not in analysis.ENGLISH


def _add_other(entry: tantivy.Document, name: str, passage: IndexPassage) -> None:
    """Another language's words, analyzed as that language (`analysis.language_terms`)."""
    if found := analysis.language_terms(passage.text, passage.language):
        entry.add_text(name, " ".join(found))


def _doc_entry(doc: IndexDocument) -> tantivy.Document:
    """The document's own entry: its words, filter values and the payload a hit shows."""
    entry = tantivy.Document()
    entry.add_text(s.KIND, s.DOC)
    entry.add_integer(s.DOC_ID, doc.doc_id)
    start, end = _day(doc.date_start or doc.date_end), _day(doc.date_end or doc.date_start)
    if start is not None and end is not None:
        entry.add_integer(s.DATE_START, start)
        entry.add_integer(s.DATE_END, max(start, end))
        first, last = date.fromordinal(start).year, date.fromordinal(max(start, end)).year
        entry.add_integer(s.YEAR, first)
        for year in range(first, last + 1):
            entry.add_integer(s.YEARS, year)
    for name in (s.TITLE, s.TITLE_WORDS):
        _add_text(entry, name, doc.title)
    for name in (s.SUMMARY, s.WORDS):
        _add_text(entry, name, doc.summary)
    for text in (*(p.text for p in doc.passages if not _other(p)), *doc.notes):
        _add_text(entry, s.BODY, text)
        _add_text(entry, s.WORDS, text)
    for passage in filter(_other, doc.passages):
        _add_other(entry, s.OTHER_BODY, passage)
        _add_text(entry, s.WORDS, passage.text)  # for prefix* lookups, unstemmed
    for code in {p.language for p in doc.passages if _other(p)}:
        entry.add_text(s.OTHER_LANGUAGES, code)
    entry.add_float(s.WITHHELD_LINES, doc.withheld_lines)
    entry.add_integer(s.WITHHELD_PASSAGES, doc.withheld_passages)
    entry.add_integer(s.OPENED, doc.opened)
    values = doc.filter_values()  # (searched, counted) for each filter
    for key, (folded, raw, _) in s.FILTERS.items():
        searched, counted = values[key]
        for value in dict.fromkeys(v.strip() for v in searched if v and v.strip()):
            _add_text(entry, folded, value)
        for value in dict.fromkeys(v.strip() for v in counted if v and v.strip()):
            entry.add_text(raw, value)
    entry.add_bytes(s.PAYLOAD, json.dumps(doc.payload()).encode())
    return entry


def _passage_entry(doc_id: int, passage: IndexPassage) -> tantivy.Document:
    """A passage's entry, searched for snippets and by speaker."""
    entry = tantivy.Document()
    entry.add_text(s.KIND, s.PASSAGE)
    entry.add_integer(s.DOC_ID, doc_id)
    entry.add_integer(s.BLOCK_ID, passage.block_id)
    if _other(passage):
        _add_other(entry, s.OTHER_TEXT, passage)
    else:
        _add_text(entry, s.TEXT, passage.text)
    for name in dict.fromkeys([passage.speaker, *passage.speaker_names]):
        _add_text(entry, s.SPEAKER, name)
    payload = {"block_id": passage.block_id, "order": passage.order, "kind": passage.kind}
    payload |= {"speaker": passage.speaker, "text": passage.text}
    if passage.text_order:
        payload |= {"text_order": passage.text_order, "language": passage.language}
    if passage.page:
        payload["page"] = passage.page
    entry.add_bytes(s.PAYLOAD, json.dumps(payload).encode())
    return entry


def other_languages(searcher: tantivy.Searcher) -> tuple[str, ...]:
    """The codes of the languages other than English the index holds texts in (a few terms
    of one small field): a query reads its words as each of them, and as no other."""
    return tuple(term for term, _ in searcher.terms_with_prefix(s.OTHER_LANGUAGES, "", limit=500))


# ---------------------------------------------------------------- the index


class SearchIndex:
    """Open (or create) the index at ``path``; writes take Tantivy's writer only while they run."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.created = self._prepare()
        self._index = tantivy.Index(s.build(), path=str(self.path), reuse=True)
        analysis.register(self._index)
        (self.path / MARKER).write_text(s.VERSION)

    def _prepare(self) -> bool:
        """True when the caller must (re)build: no index yet, or an outdated one wiped."""
        if not tantivy.Index.exists(str(self.path)):
            return True
        marker = self.path / MARKER
        if not marker.exists():
            raise ForeignIndex(f"{self.path} holds an index that readingroom did not create")
        if marker.read_text().strip() == s.VERSION and tantivy.Index.is_compatible(str(self.path)):
            return False
        for item in self.path.iterdir():
            if item.is_file():
                item.unlink()
        return True

    # ------------------------------------------------------------ writing

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """Tantivy's writer, held only for one change: another process may write next.

        Callers on a node take turns through `search.sync`'s lock, so this never waits.
        What is not committed when the body raises is rolled back.
        """
        writer = self._index.writer(heap_size=WRITER_HEAP)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # releases the lock
            self._index.reload()

    def add_documents(self, docs: Iterable[IndexDocument], batch_size: int = 2000) -> int:
        """Add or replace documents (and their passages); one commit per batch.

        If ``docs`` raises midway, the unfinished batch is rolled back and earlier
        batches stay committed, so a caller following a change log can resume.
        """
        count, batch_size = 0, max(1, batch_size)
        with self._writer() as writer:
            for doc in docs:
                writer.delete_documents_by_term(s.DOC_ID, doc.doc_id)
                writer.add_document(_doc_entry(doc))
                for passage in doc.passages:
                    writer.add_document(_passage_entry(doc.doc_id, passage))
                count += 1
                if count % batch_size == 0:
                    writer.commit()
            writer.commit()
        return count

    def delete_documents(self, doc_ids: Iterable[int]) -> None:
        """Remove documents and their passages."""
        with self._writer() as writer:
            for doc_id in doc_ids:
                writer.delete_documents_by_term(s.DOC_ID, int(doc_id))
            writer.commit()

    def clear(self) -> None:
        """Remove everything (before a full rebuild)."""
        with self._writer() as writer:
            writer.delete_all_documents()
            writer.commit()

    def reload(self) -> None:
        """See what other processes committed (a reader does not follow on its own)."""
        self._index.reload()

    def close(self) -> None:
        """Nothing to release: the writer lives only for one change."""

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self) -> int:
        """Number of documents in the index."""
        query = Query.term_query(self._index.schema, s.KIND, s.DOC)
        return self._index.searcher().search(query, 1).count

    # ------------------------------------------------------------ searching

    def search(
        self,
        query: ParsedQuery | str,
        *,
        expand_name: NameExpander | None = None,
        read_people: PeopleReader | None = None,
        sort: str = "relevance",
        page: int = 1,
        page_size: int = 10,
        facet_size: int = 20,
        brief: bool = False,
    ) -> SearchPage:
        """One page of documents, with snippets, total and facets over all matches.

        ``expand_name`` and ``read_people`` read the names in the query (:mod:`reading`).
        ``brief`` leaves out what a plain list shows none of: facets, years and passages,
        whose counting is the part of a search that grows with its matches.
        """
        searcher, compiler, doc_query, readings = self._compiled(query, expand_name, read_people)
        sort = sort if sort in SORTS else "relevance"
        page_size = min(max(1, int(page_size)), MAX_PAGE_SIZE)
        page = max(1, int(page))
        counting = None if brief else _COUNTER.submit(facet_counts, searcher, doc_query, facet_size)
        scored, total = top_page(searcher, doc_query, sort, page, page_size, compiler.warnings)
        ids = [doc_id for doc_id, _, _ in scored]
        snippets = {} if brief else best_passages(searcher, compiler, ids)
        hits = [
            make_hit(searcher, address, doc_id, score, compiler.marks, snippets)
            for doc_id, score, address in scored
        ]
        facets, years = counting.result() if counting else ({}, [])
        warnings = compiler.warnings
        return SearchPage(total, page, page_size, sort, hits, facets, years, warnings, readings)

    def aggregate(
        self,
        query: ParsedQuery | str,
        request: dict,
        *,
        expand_name: NameExpander | None = None,
        read_people: PeopleReader | None = None,
    ) -> tuple[dict, list[str]]:
        """Tantivy aggregations (`request`) over every document the query finds, as search
        reads it; and the query's warnings."""
        searcher, compiler, doc_query, _ = self._compiled(query, expand_name, read_people)
        return searcher.aggregate(doc_query, request), compiler.warnings

    def _compiled(
        self,
        query: ParsedQuery | str,
        expand_name: NameExpander | None,
        read_people: PeopleReader | None,
    ) -> tuple[tantivy.Searcher, Compiler, Query, list]:
        """A searcher, and the query compiled for it with its names read."""
        parsed = parse_query(query) if isinstance(query, str) else query
        searcher = self._index.searcher()
        compiler = Compiler(
            self._index.schema,
            searcher,
            languages=other_languages(searcher),
            warnings=list(parsed.warnings),
        )
        tree, readings = read_names(parsed.tree, expand_name, read_people)
        return searcher, compiler, compiler.doc_query(tree), readings

    def find_in(self, doc_id: int, query: str) -> tuple[list[Snippet], list[str]]:
        """The passages of one document a query finds, in text order, highlighted; and the
        query's warnings. Its words as search reads them (stems, folding, phrases, `speaker:`),
        without the name readings that widen a search of the whole archive."""
        parsed = parse_query(query)
        searcher = self._index.searcher()
        compiler = Compiler(
            self._index.schema,
            searcher,
            languages=other_languages(searcher),
            warnings=list(parsed.warnings),
        )
        compiler.doc_query(parsed.tree)  # records the marks and the passage queries
        found = passages_in(searcher, compiler, doc_id)
        marks = compiler.marks
        snippets = [
            Snippet.of(p, highlight(p["text"], marks, 400, p.get("language", ""))) for p in found
        ]
        return snippets, compiler.warnings
