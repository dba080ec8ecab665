"""What a search returns, and the one page of top documents it is built from.

Paging is capped at :data:`MAX_DEPTH` results: Tantivy collects ``offset + limit``
hits for every page, so deep pages grow costly while telling a reader little.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import tantivy
from tantivy import Query

from readingroom.records.languages import language_name
from readingroom.records.shorttitles import dateline, source_line
from readingroom.search import schema as s
from readingroom.search.snippets import Marks, highlight

MAX_PAGE_SIZE = 100
MAX_DEPTH = 1000  # results reachable by paging; beyond it, narrow the search
SORTS = ("relevance", "date_asc", "date_desc")

Scored = list[tuple[int, float | None, tantivy.DocAddress]]  # (doc_id, score, address)


@dataclass(frozen=True)
class Snippet:
    anchor: (
        str  # where on the document page: "b-<block id>", or "t<text>-<block>" in a further text
    )
    speaker: str
    html: str  # escaped text with matches in <mark>
    language: str = ""  # a further text's language, by name

    @classmethod
    def of(cls, passage: dict, html: str) -> Snippet:
        """A passage's snippet (its payload as `search.index` stores it)."""
        text = passage.get("text_order")
        if not text:
            return cls(f"b-{passage['block_id']}", passage["speaker"], html)
        page = passage.get("page")  # a machine-read passage opens its scan
        anchor = f"scan-{page}" if page else f"t{text}-{passage['order']}"
        return cls(anchor, passage["speaker"], html, language_name(passage["language"]))


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
    # How a row names it beside the title (`records.shorttitles`); empty from the database
    # fallback, which reads titles and summaries only.
    source: str = ""  # "FRUS 1958–60, v. XIX, No. 83"
    dateline: str = ""  # "Washington, September 12, 1958, 2–2:50 p.m."
    detail: str = ""  # what tells it apart from a document of the same title


@dataclass(frozen=True)
class Reading:
    """A name typed as free text that was read as people: their documents are in the results."""

    text: str  # the words as typed
    people: tuple[str, ...]  # as the person facet names them; several when the name is shared
    excluded: bool = False  # the name was negated (NOT, -): their documents are left out


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
    readings: list[Reading] = field(default_factory=list)  # said beside the results
    rebuilding: bool = False  # the index is being built: results from titles and summaries

    @property
    def last_page(self) -> int:
        """The last page the reader can reach (paging depth is capped)."""
        reachable = min(self.total, MAX_DEPTH)
        return max(1, -(-reachable // self.page_size))


def top_page(
    searcher: tantivy.Searcher,
    query: Query,
    sort: str,
    page: int,
    page_size: int,
    warnings: list[str],
) -> tuple[Scored, int]:
    """This page's documents in ``sort`` order, and the total; a warning past the cap."""
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


def payload(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict:
    """The stored JSON of an entry: what a hit or snippet shows, without the database."""
    return json.loads(bytes(searcher.doc(address).get_first(s.PAYLOAD)))


def make_hit(
    searcher: tantivy.Searcher,
    address: tantivy.DocAddress,
    doc_id: int,
    score: float | None,
    marks: Marks,
    snippets: dict[int, list[tuple[float, dict]]],
) -> Hit:
    """One result, its summary and chosen passages highlighted with the query's marks."""
    data = payload(searcher, address)
    passages = [
        Snippet.of(p, highlight(p["text"], marks, language=p.get("language", "")))
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
        source=source_line(data.get("sources", []), data.get("number", "")),
        dateline=_dateline(data),
        detail=data.get("detail", ""),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dateline(data: dict) -> str:
    """Where and when, as the document writes them: "Washington, June 3, 1961"; the dates
    as its start and end days when it writes none; "undated" when it has none."""
    start, end = _date(data["date_start"]), _date(data["date_end"])
    days = [f"{d:%B} {d.day}, {d.year}" for d in dict.fromkeys(filter(None, (start, end)))]
    line = dateline(next(iter(data.get("written", [])), ""), data.get("date_text", ""))
    if not data.get("date_text"):
        line = dateline(line, " – ".join(days) or "undated")
    return line[:1].upper() + line[1:]
