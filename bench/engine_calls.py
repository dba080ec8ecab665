"""The search engine timed without the rest of the app: bench-only helpers.

Imported by bench/search.py and bench/bench_search.py (and the engine tests),
never by readingroom itself, so the package carries no timing code. Pure Python
at import time; only :func:`cached_names` reaches the database, when called.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tantivy import Occur, Query

from readingroom.search import schema as s
from readingroom.search.compiler import Compiler, with_names
from readingroom.search.entries import IndexDocument
from readingroom.search.facets import facet_request
from readingroom.search.index import SearchIndex
from readingroom.search.passages import SNIPPETS_PER_HIT
from readingroom.search.query import parse_query


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


def cached_names() -> Callable[[str], list[str]]:
    """expand_name, looked up once per text: the engine page without database queries."""
    from readingroom.search.names import expand_name

    memo: dict[str, list[str]] = {}

    def expand(text: str) -> list[str]:
        if text not in memo:
            memo[text] = expand_name(text)
        return memo[text]

    return expand


def compiled(index: SearchIndex, text: str, expand: Callable[[str], list[str]]) -> tuple[Any, Any]:
    """The document query and the snippet passage query SearchIndex.search runs."""
    compiler = Compiler(index._index.schema, index._index.searcher())
    query = compiler.doc_query(with_names(parse_query(text).tree, expand))
    return query, compiler.snippet_query()


def engine_page(index: Any, query: Any, passage_query: Any) -> None:
    """The Tantivy calls a results page makes, and nothing else: top 10 and total, the facet
    aggregation, the stored entries of the hits, the passages of those hits that match and
    the stored entries of the best three of each. No parsing, no highlighting, no database."""
    searcher = index.searcher()
    result = searcher.search(query, 10)
    addresses = [address for _, address in result.hits]
    ids = searcher.fast_field_values(s.DOC_ID, addresses) if addresses else []
    searcher.aggregate(query, facet_request(20))
    for address in addresses:
        searcher.doc(address)
    if passage_query is None or not ids:
        return
    in_docs = Query.term_set_query(index.schema, s.DOC_ID, ids)
    both = Query.boolean_query([(Occur.Must, passage_query), (Occur.Must, in_docs)])
    passages = searcher.search(both, min(40 * len(ids), 2000)).hits
    owners = searcher.fast_field_values(s.DOC_ID, [address for _, address in passages])
    shown: Counter[int] = Counter()
    for (_, address), owner in zip(passages, owners, strict=True):
        if shown[owner] < SNIPPETS_PER_HIT:
            shown[owner] += 1
            searcher.doc(address)
