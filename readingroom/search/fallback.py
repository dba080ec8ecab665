"""Search from the database while this node builds its index: titles and summaries only.

A serving process with no index (a new node, a deleted or damaged index) builds one in the
background and answers meanwhile from here, so a reader is never turned away for a missing
cache: the public documents whose title or summary holds the words, newest first, with a note.

The query is parsed as the index parses it. Words and phrases (free or ``title:``) become
case-insensitive substring tests on the title and summary (each word of a phrase on its own),
combined by AND, OR and NOT; ``date:``, ``collection:``, ``type:`` and ``lang:`` filters apply;
the other fields (person, place, speaker) match nothing until the index is back.

Cost: one statement for the page's rows (LIMIT/OFFSET, never past MAX_DEPTH) and one count
capped at MAX_DEPTH + 1 rows (``COUNT(*)`` over a ``LIMIT``), never an exact count of a large
match. No index serves ``LIKE '%word%'``, so each statement reads the documents' titles and
summaries at most once: a word rare in them is a scan of the table (the index is back in a
minute or so).
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from readingroom.records.models import Document
from readingroom.search import analysis
from readingroom.search.query import parse_query
from readingroom.search.results import MAX_DEPTH, Hit, SearchPage
from readingroom.search.snippets import Marks, highlight
from readingroom.search.tree import And, DateRange, Node, Not, Or, Phrase, Word

BUILDING = "The search index is being built: results come from titles and summaries only"
TOO_DEEP = f"Only the first {MAX_DEPTH:,} results can be paged through; narrow the search."
OVER = f"More than {MAX_DEPTH:,} documents match; narrow the search."
TEXT_FIELDS = (None, "title")  # the fields whose words a title or summary can hold
PUNCTUATION = "\"'’‘.,;:!?()[]{}"
VALUE_FIELDS = {  # query field -> the lookups that answer it
    "collection": ("collections__title__iexact", "collections__key__iexact"),
    "type": ("types__name__iexact",),
    "lang": ("languages__name__iexact",),
}


def search_database(query: str, *, page: int, sort: str, page_size: int) -> SearchPage:
    """One page of public documents matching ``query`` in their title or summary."""
    parsed = parse_query(query)
    marks = Marks()
    found = matching(parsed.tree, marks)
    warnings = [BUILDING, *parsed.warnings]
    page = max(1, page)
    offset = (page - 1) * page_size
    limit = min(page_size, MAX_DEPTH - offset)
    if limit <= 0:
        warnings.append(TOO_DEEP)
        rows = []
    else:
        rows = list(_ordered(found, sort)[offset : offset + limit])
    total = found.order_by()[: MAX_DEPTH + 1].count()
    if total > MAX_DEPTH:
        warnings.append(OVER)
    hits = [_hit(row, marks) for row in rows]
    return SearchPage(
        min(total, MAX_DEPTH), page, page_size, sort, hits, {}, [], warnings, rebuilding=True
    )


def matching(tree: Node, marks: Marks) -> QuerySet:
    """The public documents the query's words and dates select; ``marks`` learns the words."""
    spans = Document.objects.public().annotate(
        span_start=Coalesce("date_start", "date_end"), span_end=Coalesce("date_end", "date_start")
    )
    return spans.filter(_condition(tree, marks, negated=False))


def _condition(node: Node, marks: Marks, *, negated: bool) -> Q:
    """The node as a filter; an empty Q (no condition) for what the database cannot tell."""
    if isinstance(node, And | Or):
        parts = [_condition(child, marks, negated=negated) for child in node.children]
        if isinstance(node, Or) and not all(parts):  # one side could be anything: so can all
            return Q()
        combined = Q()
        for part in parts:
            combined = combined & part if isinstance(node, And) else combined | part
        return combined
    if isinstance(node, Not):
        inner = _condition(node.child, marks, negated=not negated)
        return ~inner if inner else Q()
    if isinstance(node, DateRange):
        return Q(span_start__lte=node.end, span_end__gte=node.start)
    if isinstance(node, Word | Phrase) and node.field in TEXT_FIELDS:
        words = [node.text] if isinstance(node, Word) else list(node.words)
        return _words(words, node.field, marks, remember=not negated)
    if isinstance(node, Word | Phrase) and node.field:
        return _field(node.field, node.text if isinstance(node, Word) else " ".join(node.words))
    return Q()  # MatchAll


def _field(field: str, value: str) -> Q:
    """A filter field the database can answer (collection, type, language); any other
    (person, place, speaker) matches nothing until the index is back, rather than anything."""
    lookups = VALUE_FIELDS.get(field)
    if lookups is None:
        return Q(pk__in=[])
    either = Q()
    for lookup in lookups:
        either |= Q(**{lookup: value})
    return Q(pk__in=Document.objects.filter(either).values("pk"))


def _words(words: list[str], field: str | None, marks: Marks, *, remember: bool) -> Q:
    """Every word in the title (or, without ``title:``, in the title or the summary)."""
    found = Q()
    for word in (w.strip(PUNCTUATION) for w in words):
        if not word:
            continue
        here = Q(title__icontains=word)
        found &= here if field == "title" else here | Q(summary__icontains=word)
        if remember:
            marks.terms.update(analysis.terms(word))
    return found


def _ordered(found: QuerySet, sort: str) -> QuerySet:
    """Newest first (oldest first for ``date_asc``); undated documents last."""
    day = F("span_start")
    if sort == "date_asc":
        order = (day.asc(nulls_last=True), "pk")
    else:
        order = (day.desc(nulls_last=True), "-pk")
    fields = ("pk", "identifier", "title", "summary", "date_start", "date_end")
    return found.order_by(*order).values_list(*fields)


def _hit(row: tuple[int, str, str, str, date | None, date | None], marks: Marks) -> Hit:
    """A result as the index makes one, without passages: only the summary is highlighted."""
    pk, identifier, title, summary, start, end = row
    return Hit(
        doc_id=pk,
        identifier=identifier,
        title=title,
        score=None,
        date=start,
        date_end=end,
        summary_html=highlight(summary, marks, max_chars=400),
        snippets=[],
    )
