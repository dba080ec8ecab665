"""Which passages of a page's hits become snippets.

Passages are index entries of their own, so the best few per hit come from one
search restricted to this page's documents rather than from reading whole texts.
Highlighting them is :mod:`snippets`' job.
"""

from __future__ import annotations

import tantivy
from tantivy import Occur, Query

from readingroom.search import schema as s
from readingroom.search.compiler import Compiler
from readingroom.search.results import payload

SNIPPETS_PER_HIT = 3
PASSAGES_IN_ONE = 200  # the most passages one document's own search lists

Found = dict[int, list[tuple[float, dict]]]  # doc_id -> [(score, passage payload)], best first


def best_passages(searcher: tantivy.Searcher, compiler: Compiler, doc_ids: list[int]) -> Found:
    """The best few passages of each hit, fetched only for this page's documents."""
    passage_q = compiler.snippet_query()
    if passage_q is None or not doc_ids:
        return {}
    found: Found = {doc_id: [] for doc_id in doc_ids}
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


def _collect(searcher: tantivy.Searcher, result: tantivy.SearchResult, found: Found) -> None:
    addresses = [address for _, address in result.hits]
    owners = searcher.fast_field_values(s.DOC_ID, addresses) if addresses else []
    for (score, address), doc_id in zip(result.hits, owners, strict=True):
        if len(found[doc_id]) < SNIPPETS_PER_HIT:
            found[doc_id].append((score, payload(searcher, address)))


def passages_in(searcher: tantivy.Searcher, compiler: Compiler, doc_id: int) -> list[dict]:
    """Every passage of one document the query's words or speakers match, in text order."""
    passage_q = compiler.snippet_query()
    if passage_q is None:
        return []
    result = _passages_of(searcher, compiler, passage_q, [doc_id], PASSAGES_IN_ONE)
    found = [payload(searcher, address) for _, address in result.hits]
    return sorted(found, key=lambda p: (p.get("text_order", 0), p["order"]))
