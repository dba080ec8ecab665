"""The embedded search engine: a Tantivy index in one directory.

Pure Python (no Django): the caller turns records into :class:`IndexDocument`
values and applies changes; this module only indexes and searches. The index is
a derived cache — if its schema version changed, it is wiped and ``created`` is
set so the caller knows to rebuild it from the database.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from readingroom.search import analysis
from readingroom.search import schema as s
from readingroom.search.compiler import Compiler, NameExpander, with_names
from readingroom.search.query import ParsedQuery, parse_query
from readingroom.search.snippets import Marks, highlight

MAX_PAGE_SIZE = 100
MAX_DEPTH = 1000  # results reachable by paging; beyond it, narrow the search
SNIPPETS_PER_HIT = 3
WRITER_HEAP = 256_000_000
SORTS = ("relevance", "date_asc", "date_desc")
MARKER = "readingroom-search.version"


# ---------------------------------------------------------------- input


@dataclass
class IndexPassage:
    """One block of a document: a speaker turn or a paragraph."""

    block_id: int
    order: int
    kind: str
    speaker: str
    speaker_names: list[str]
    text: str


@dataclass
class IndexDocument:
    doc_id: int
    identifier: str
    title: str
    summary: str
    date_start: date | None
    date_end: date | None
    types: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    passages: list[IndexPassage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # source line, credits: searchable words


# ---------------------------------------------------------------- output


@dataclass(frozen=True)
class Snippet:
    block_id: int
    speaker: str
    html: str  # escaped text with matches in <mark>


@dataclass(frozen=True)
class Hit:
    doc_id: int
    identifier: str
    title: str
    score: float | None  # None when sorted by date
    date: date | None
    date_end: date | None
    summary_html: str
    snippets: list[Snippet]


@dataclass
class SearchPage:
    total: int
    page: int
    page_size: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # facet name -> [(value, count)], most first
    years: list[tuple[int, int]]  # (year, count) by start year, ascending
    warnings: list[str]

    @property
    def last_page(self) -> int:
        """The last page the reader can reach (paging depth is capped)."""
        reachable = min(self.total, MAX_DEPTH)
        return max(1, -(-reachable // self.page_size))


@dataclass(frozen=True)
class FeedStats:
    documents: int
    passages: int
    seconds: float

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- entries


def _day(value: date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _add_text(entry: tantivy.Document, name: str, text: str) -> None:
    if text:
        entry.add_text(name, analysis.normalize(text))


def _doc_entry(doc: IndexDocument) -> tantivy.Document:
    entry = tantivy.Document()
    entry.add_text(s.KIND, s.DOC)
    entry.add_integer(s.DOC_ID, doc.doc_id)
    start, end = _day(doc.date_start or doc.date_end), _day(doc.date_end or doc.date_start)
    if start is not None and end is not None:
        entry.add_integer(s.DATE_START, start)
        entry.add_integer(s.DATE_END, max(start, end))
        entry.add_integer(s.YEAR, date.fromordinal(start).year)
    for name in (s.TITLE, s.TITLE_WORDS):
        _add_text(entry, name, doc.title)
    for name in (s.SUMMARY, s.WORDS):
        _add_text(entry, name, doc.summary)
    for text in (*(p.text for p in doc.passages), *doc.notes):
        _add_text(entry, s.BODY, text)
        _add_text(entry, s.WORDS, text)
    values = {"person": doc.persons, "place": doc.places, "type": doc.types}
    values |= {"collection": doc.collections, "lang": doc.languages}
    for key, (folded, raw, _) in s.FILTERS.items():
        for value in dict.fromkeys(v.strip() for v in values[key] if v and v.strip()):
            _add_text(entry, folded, value)
            entry.add_text(raw, value)
    payload = {"identifier": doc.identifier, "title": doc.title, "summary": doc.summary}
    payload |= {"date_start": _iso(doc.date_start), "date_end": _iso(doc.date_end)}
    entry.add_bytes(s.PAYLOAD, json.dumps(payload).encode())
    return entry


def _passage_entry(doc_id: int, passage: IndexPassage) -> tantivy.Document:
    entry = tantivy.Document()
    entry.add_text(s.KIND, s.PASSAGE)
    entry.add_integer(s.DOC_ID, doc_id)
    entry.add_integer(s.BLOCK_ID, passage.block_id)
    _add_text(entry, s.BODY, passage.text)
    for name in dict.fromkeys([passage.speaker, *passage.speaker_names]):
        _add_text(entry, s.SPEAKER, name)
    payload = {"block_id": passage.block_id, "order": passage.order, "kind": passage.kind}
    payload |= {"speaker": passage.speaker, "text": passage.text}
    entry.add_bytes(s.PAYLOAD, json.dumps(payload).encode())
    return entry


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _payload(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict:
    return json.loads(bytes(searcher.doc(address).get_first(s.PAYLOAD)))


# ---------------------------------------------------------------- the index


class SearchIndex:
    """Open (or create) the index at ``path``. One writer per process, created on first write."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.created = self._prepare()
        self._index = tantivy.Index(s.build(), path=str(self.path), reuse=True)
        analysis.register(self._index)
        (self.path / MARKER).write_text(s.VERSION)
        self._writer: tantivy.IndexWriter | None = None

    def _prepare(self) -> bool:
        """True when the caller must (re)build: no index yet, or an outdated one wiped."""
        if not tantivy.Index.exists(str(self.path)):
            return True
        marker = self.path / MARKER
        if not marker.exists():
            raise ValueError(f"{self.path} holds an index that readingroom did not create")
        if marker.read_text().strip() == s.VERSION and tantivy.Index.is_compatible(str(self.path)):
            return False
        for item in self.path.iterdir():
            if item.is_file():
                item.unlink()
        return True

    # ------------------------------------------------------------ writing

    def _writer_(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=WRITER_HEAP)
        return self._writer

    def _commit(self) -> None:
        self._writer_().commit()
        self._index.reload()

    def add_documents(self, docs: Iterable[IndexDocument], batch_size: int = 2000) -> int:
        """Add or replace documents (and their passages); one commit per batch.

        If ``docs`` raises midway, the unfinished batch is rolled back and earlier
        batches stay committed, so a caller following a change log can resume.
        """
        writer, count, batch_size = self._writer_(), 0, max(1, batch_size)
        try:
            for doc in docs:
                writer.delete_documents_by_term(s.DOC_ID, doc.doc_id)
                writer.add_document(_doc_entry(doc))
                for passage in doc.passages:
                    writer.add_document(_passage_entry(doc.doc_id, passage))
                count += 1
                if count % batch_size == 0:
                    self._commit()
        except BaseException:
            writer.rollback()
            raise
        if count % batch_size:
            self._commit()
        return count

    def delete_documents(self, doc_ids: Iterable[int]) -> None:
        """Remove documents and their passages."""
        writer = self._writer_()
        for doc_id in doc_ids:
            writer.delete_documents_by_term(s.DOC_ID, int(doc_id))
        self._commit()

    def clear(self) -> None:
        """Remove everything (before a full rebuild)."""
        self._writer_().delete_all_documents()
        self._commit()

    def close(self) -> None:
        """Release the writer lock so another process may write."""
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

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
        sort: str = "relevance",
        page: int = 1,
        page_size: int = 10,
        facet_size: int = 20,
    ) -> SearchPage:
        """One page of documents, with snippets, total and facets over all matches."""
        parsed = parse_query(query) if isinstance(query, str) else query
        searcher = self._index.searcher()
        compiler = Compiler(self._index.schema, searcher, warnings=list(parsed.warnings))
        doc_query = compiler.doc_query(with_names(parsed.tree, expand_name))
        sort = sort if sort in SORTS else "relevance"
        page_size = min(max(1, int(page_size)), MAX_PAGE_SIZE)
        page = max(1, int(page))
        scored, total = self._page(searcher, doc_query, sort, page, page_size, compiler.warnings)
        facets, years = _facets(searcher, doc_query, facet_size)
        snippets = _snippets(searcher, compiler, [doc_id for doc_id, _, _ in scored])
        hits = [
            _hit(searcher, address, doc_id, score, compiler.marks, snippets)
            for doc_id, score, address in scored
        ]
        return SearchPage(total, page, page_size, sort, hits, facets, years, compiler.warnings)

    def _page(
        self,
        searcher: tantivy.Searcher,
        query: Query,
        sort: str,
        page: int,
        page_size: int,
        warnings: list[str],
    ) -> tuple[list[tuple[int, float | None, tantivy.DocAddress]], int]:
        offset = (page - 1) * page_size
        limit = min(page_size, MAX_DEPTH - offset)
        if limit <= 0:
            warnings.append(
                f"Only the first {MAX_DEPTH:,} results can be paged through; narrow the search."
            )
            return [], searcher.search(query, 1).count
        if sort == "relevance":
            result = searcher.search(query, limit, offset=offset)
        else:
            order = tantivy.Order.Asc if sort == "date_asc" else tantivy.Order.Desc
            result = searcher.search(
                query, limit, offset=offset, order_by_field=s.DATE_START, order=order
            )
        addresses = [address for _, address in result.hits]
        ids = searcher.fast_field_values(s.DOC_ID, addresses) if addresses else []
        scores = [key if sort == "relevance" else None for key, _ in result.hits]
        return list(zip(ids, scores, addresses, strict=True)), result.count


def facet_request(size: int) -> dict:
    """The aggregation that counts every facet and the years."""
    aggs = {name: {"terms": {"field": raw, "size": size}} for _, raw, name in s.FILTERS.values()}
    aggs["years"] = {"terms": {"field": s.YEAR, "size": 5000}}
    return aggs


def _facets(
    searcher: tantivy.Searcher, query: Query, size: int
) -> tuple[dict[str, list[tuple[str, int]]], list[tuple[int, int]]]:
    """Counts over the whole result set, from fast fields in one aggregation pass."""
    result = searcher.aggregate(query, facet_request(size))
    facets = {
        name: [(b["key"], b["doc_count"]) for b in result[name]["buckets"]]
        for _, _, name in s.FILTERS.values()
    }
    years = sorted((int(b["key"]), b["doc_count"]) for b in result["years"]["buckets"])
    return facets, years


def _snippets(
    searcher: tantivy.Searcher, compiler: Compiler, doc_ids: list[int]
) -> dict[int, list[tuple[float, dict]]]:
    """The best few passages of each hit, fetched only for this page's documents."""
    passage_q = compiler.snippet_query()
    if passage_q is None or not doc_ids:
        return {}
    found: dict[int, list[tuple[float, dict]]] = {doc_id: [] for doc_id in doc_ids}
    limit = min(40 * len(doc_ids), 2000)
    result = _passages_of(searcher, compiler, passage_q, doc_ids, limit)
    _collect(searcher, result, found)
    if result.count > limit:  # a document rich in matches may have crowded others out
        for doc_id in [d for d in doc_ids if not found[d]]:
            result = _passages_of(searcher, compiler, passage_q, [doc_id], SNIPPETS_PER_HIT)
            _collect(searcher, result, found)
    return found


def _passages_of(
    searcher: tantivy.Searcher, compiler: Compiler, query: Query, doc_ids: list[int], limit: int
) -> tantivy.SearchResult:
    in_docs = Query.term_set_query(compiler.schema, s.DOC_ID, doc_ids)
    both = Query.boolean_query([(Occur.Must, query), (Occur.Must, in_docs)])
    return searcher.search(both, limit)


def _collect(
    searcher: tantivy.Searcher, result: tantivy.SearchResult, found: dict[int, list]
) -> None:
    addresses = [address for _, address in result.hits]
    owners = searcher.fast_field_values(s.DOC_ID, addresses) if addresses else []
    for (score, address), doc_id in zip(result.hits, owners, strict=True):
        if len(found[doc_id]) < SNIPPETS_PER_HIT:
            found[doc_id].append((score, _payload(searcher, address)))


def _hit(
    searcher: tantivy.Searcher,
    address: tantivy.DocAddress,
    doc_id: int,
    score: float | None,
    marks: Marks,
    snippets: dict[int, list[tuple[float, dict]]],
) -> Hit:
    data = _payload(searcher, address)
    passages = [
        Snippet(p["block_id"], p["speaker"], highlight(p["text"], marks))
        for _, p in snippets.get(doc_id, [])
    ]
    return Hit(
        doc_id=doc_id,
        identifier=data["identifier"],
        title=data["title"],
        score=score,
        date=_date(data["date_start"]),
        date_end=_date(data["date_end"]),
        summary_html=highlight(data["summary"], marks, max_chars=400),
        snippets=passages,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# ---------------------------------------------------------------- benchmarking


def feed_documents(
    index: SearchIndex, docs: Iterable[IndexDocument], batch_size: int = 2000
) -> FeedStats:
    """Index ``docs`` and time it: the baseline a database-driven build is compared with."""
    passages = 0

    def counted() -> Iterator[IndexDocument]:
        nonlocal passages
        for doc in docs:
            passages += len(doc.passages)
            yield doc

    start = time.perf_counter()
    documents = index.add_documents(counted(), batch_size=batch_size)
    return FeedStats(documents, passages, time.perf_counter() - start)


def timed_search(index: SearchIndex, texts: Iterable[str], **options: object) -> list[float]:
    """Seconds per query (parse + search + facets + snippets) for a list of query texts."""
    out = []
    for text in texts:
        start = time.perf_counter()
        index.search(parse_query(text), **options)  # type: ignore[arg-type]
        out.append(time.perf_counter() - start)
    return out


__all__ = [
    "MAX_DEPTH",
    "MAX_PAGE_SIZE",
    "FeedStats",
    "Hit",
    "IndexDocument",
    "IndexPassage",
    "NameExpander",
    "SearchIndex",
    "SearchPage",
    "Snippet",
    "feed_documents",
    "timed_search",
]
