"""Compile a query tree (see :mod:`query`) into Tantivy queries.

Two levels: document entries (ranked, counted, faceted) and passage entries.
A ``speaker:`` term makes its AND-group a passage-level question — Hoxha must
say the other words in the same turn — whose answer is a set of document ids.
While compiling, the compiler also records what to highlight and which passage
query picks the snippets, so the tree is walked once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import tantivy
from tantivy import Occur, Query

from readingroom.search import analysis
from readingroom.search import schema as s
from readingroom.search.query import And, DateRange, MatchAll, Not, Or, Phrase, Word
from readingroom.search.reading import NameExpander, with_names
from readingroom.search.snippets import Marks
from readingroom.search.tree import Linked, Read, Variants, leaves, speaks

# Callers have always found these here; they live with the rest of name reading now.
__all__ = ["Compiler", "NameExpander", "Variants", "doc_only", "speaks", "with_names"]

PREFIX_LIMIT = 50  # terms one prefix* may expand to, per field
GROUP_DOC_LIMIT = 50_000  # documents a speaker: group may resolve to

Leaf = Word | Phrase | Variants
DOC_ONLY_FIELDS = frozenset({"title", *s.FILTERS})


def doc_only(node: Read) -> bool:
    """Whether ``node`` only filters on document fields (answerable without passages)."""
    return all(
        isinstance(leaf, DateRange | MatchAll) or getattr(leaf, "field", None) in DOC_ONLY_FIELDS
        for leaf in leaves(node)
    )


def _all_of(clauses: list[tuple[Occur, Query]], everything: Query | None = None) -> Query:
    """AND; exclusions alone are taken from ``everything`` (all entries unless given)."""
    if not any(occur != Occur.MustNot for occur, _ in clauses):
        clauses = [(Occur.Must, everything or Query.all_query()), *clauses]
    if len(clauses) == 1 and clauses[0][0] == Occur.Must:
        return clauses[0][1]
    return Query.boolean_query(clauses)


def _any_of(queries: list[Query | None]) -> Query | None:
    """OR; ``None`` (no constraint) anywhere makes the whole OR unconstrained."""
    if not queries or any(q is None for q in queries):
        return None
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _exclude(query: Query | None, everything: Query | None = None) -> Query:
    if query is None:
        return Query.empty_query()
    everything = everything or Query.all_query()
    return Query.boolean_query([(Occur.Must, everything), (Occur.MustNot, query)])


@dataclass
class Compiler:
    schema: tantivy.Schema
    searcher: tantivy.Searcher
    warnings: list[str] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)
    languages: tuple[str, ...] = ()  # codes of the other languages the index holds texts in
    groups: list[Query] = field(default_factory=list)  # passage queries of speaker: groups
    texts: list[Query] = field(default_factory=list)  # passage queries of positive words
    _prefix_cache: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _recorded: set[tuple[str, ...]] = field(default_factory=set)

    # ------------------------------------------------------------ entry points

    def doc_query(self, node: Read, record: bool = True) -> Query:
        """Query over document entries; ``record`` collects highlights and snippet queries.

        Every document-level clause matches document entries only (their fields are theirs
        alone, and "everything" means every document), so no match needs checking against
        the entry kind: that check cost a third of a broad search.
        """
        query = self._doc(node, record)
        return self._documents() if query is None else query

    def snippet_query(self) -> Query | None:
        """Which passages show as snippets: the speaker groups, else the positive words."""
        queries = self.groups or self.texts
        return _any_of(queries) if queries else None

    def _documents(self) -> Query:
        return self.restrict(s.DOC, None)

    def restrict(self, kind: str, query: Query | None) -> Query:
        kind_q = Query.term_query(self.schema, s.KIND, kind)
        return kind_q if query is None else _all_of([(Occur.Must, kind_q), (Occur.Must, query)])

    def doc_ids(self, query: Query) -> list[int]:
        """Distinct document ids of the entries ``query`` matches (capped)."""
        agg = {"ids": {"terms": {"field": s.DOC_ID, "size": GROUP_DOC_LIMIT}}}
        result = self.searcher.aggregate(query, agg)["ids"]
        if result.get("sum_other_doc_count"):
            self.warnings.append(
                f"Part of this search matched more than {GROUP_DOC_LIMIT:,} documents; "
                "only the ones with the most matches were kept. Narrow the search."
            )
        return [int(b["key"]) for b in result["buckets"]]

    # ------------------------------------------------------------ document level

    def _doc(self, node: Read, record: bool) -> Query | None:
        if isinstance(node, And):
            return self._doc_and(list(node.children), record)
        if isinstance(node, Or):
            return _any_of([self._doc(c, record) for c in node.children])
        if isinstance(node, Not):
            return _exclude(self._doc(node.child, False), self._documents())
        if isinstance(node, MatchAll):
            return None
        if isinstance(node, DateRange):
            return self._dates(node)
        if isinstance(node, Linked):
            return Query.term_set_query(self.schema, s.FILTERS["person"][1], list(node.people))
        if speaks(node):
            return self._speaker_group([node], record)
        return self._leaf(node, s.DOC, record)

    def _doc_and(self, children: list[Read], record: bool) -> Query | None:
        clauses: list[tuple[Occur, Query]] = []
        if any(speaks(c) for c in children):
            in_passage = [c for c in children if not doc_only(c)]
            clauses.append((Occur.Must, self._speaker_group(in_passage, record)))
            scoring = [c for c in in_passage if not speaks(c)]
            if scoring and (q := self._doc(_conj(scoring), False)) is not None:
                clauses.append((Occur.Should, q))  # rank by the words, not just the match
            children = [c for c in children if doc_only(c)]
        for child in children:
            if isinstance(child, Not):
                q = self._doc(child.child, False)
                if q is None:
                    return Query.empty_query()
                clauses.append((Occur.MustNot, q))
            elif (q := self._doc(child, record)) is not None:
                clauses.append((Occur.Must, q))
        return _all_of(clauses, self._documents()) if clauses else None

    def _speaker_group(self, children: list[Read], record: bool) -> Query:
        passage_q = self.restrict(s.PASSAGE, self._passage(_conj(children), record))
        if record:
            self.groups.append(passage_q)
        ids = self.doc_ids(passage_q)
        if not ids:
            return Query.empty_query()
        return self.restrict(s.DOC, Query.term_set_query(self.schema, s.DOC_ID, ids))

    def _dates(self, node: DateRange) -> Query:
        """Overlap: the document starts before the range ends and ends after it starts.

        The years the range touches come from their posting lists; the day columns,
        which are read entry by entry, only decide where the range cuts a year.
        """
        bounded_start, bounded_end = node.start > date.min, node.end < date.max
        if not (bounded_start or bounded_end):
            return self._documents()
        first = node.start.year if bounded_start else None
        last = node.end.year if bounded_end else None
        clauses = [(Occur.Must, self._range(s.YEARS, first, last, inverted=True))]
        if bounded_end and (node.end.month, node.end.day) != (12, 31):
            clauses.append((Occur.Must, self._range(s.DATE_START, None, node.end.toordinal())))
        if bounded_start and (node.start.month, node.start.day) != (1, 1):
            clauses.append((Occur.Must, self._range(s.DATE_END, node.start.toordinal(), None)))
        return _all_of(clauses)

    def _range(self, name: str, low: int | None, high: int | None, inverted: bool = False) -> Query:
        kind = tantivy.FieldType.Integer
        return Query.range_query(self.schema, name, kind, low, high, use_inverted_index=inverted)

    # ------------------------------------------------------------ passage level

    def _passage(self, node: Read, record: bool) -> Query | None:
        if isinstance(node, And):
            clauses: list[tuple[Occur, Query]] = []
            for child in node.children:
                neg = isinstance(child, Not)
                q = self._passage(child.child if neg else child, record and not neg)
                if q is None and neg:
                    return Query.empty_query()
                if q is not None:
                    clauses.append((Occur.MustNot if neg else Occur.Must, q))
            return _all_of(clauses) if clauses else None
        if isinstance(node, Or):
            return _any_of([self._passage(c, record) for c in node.children])
        if isinstance(node, Not):
            return _exclude(self._passage(node.child, False))
        if isinstance(node, MatchAll):
            return None
        if doc_only(node):  # a document property inside a passage group
            ids = self.doc_ids(self.doc_query(node, record=False))
            return Query.term_set_query(self.schema, s.DOC_ID, ids)
        return self._leaf(node, s.PASSAGE, record)

    # ------------------------------------------------------------ leaves

    def _leaf(self, leaf: Leaf, level: str, record: bool) -> Query | None:
        fld = leaf.field
        if fld == "event":  # a slug, matched whole: "…-conversation" is not "…-conversation-2"
            return Query.term_query(self.schema, s.FILTERS["event"][1], _texts(leaf)[0].lower())
        if fld is None:
            boosts = s.DOC_TEXT_BOOSTS if level == s.DOC else s.PASSAGE_TEXT_BOOSTS
            prefix_fields = [s.TITLE_WORDS, s.WORDS] if level == s.DOC else [s.TEXT]
        elif fld == "title":
            boosts, prefix_fields = {s.TITLE: 1.0}, [s.TITLE_WORDS]
        elif fld == "speaker":
            boosts, prefix_fields = {s.SPEAKER: 1.0}, [s.SPEAKER]
        else:
            folded = s.FILTERS[fld][0]
            boosts, prefix_fields = {folded: 1.0}, [folded]
        if isinstance(leaf, Word) and leaf.prefix:
            return self._prefix(leaf.text, prefix_fields, record and fld in (None, "person"))
        texts = _texts(leaf)
        if record and fld in (None, "person", "place"):
            self._record(texts)
        queries = []
        for name, boost in boosts.items():
            analyzer = analysis.STEMMED if name in s.STEMMED_FIELDS else analysis.FOLDED
            for words in shortest_phrases(texts, analyzer):
                q = self._match(name, words)
                queries.append(q if boost == 1.0 else Query.boost_query(q, boost))
        if fld is None:
            queries += self._other_languages(
                s.OTHER_BODY if level == s.DOC else s.OTHER_TEXT, texts
            )
        return _any_of(queries) if queries else None

    def _other_languages(self, field_name: str, texts: list[str]) -> list[Query]:
        """The texts read as each other language the index holds (`analysis.language_terms`)."""
        queries = []
        for code in self.languages:
            for words in shortest_phrases(texts, analysis.language_analyzer(code)):
                queries.append(self._match(field_name, tuple(f"{code}:{w}" for w in words)))
        return queries

    def _match(self, field_name: str, words: tuple[str, ...]) -> Query:
        if len(words) == 1:
            return Query.term_query(self.schema, field_name, words[0])
        return Query.phrase_query(self.schema, field_name, list(words))

    def _record(self, texts: list[str]) -> None:
        """Remember positive words: to highlight them and to pick snippet passages.

        Once per set of words: a name read as people carries its spellings twice (in the
        text and in ``person:``), and one snippet query is enough."""
        if tuple(texts) in self._recorded:
            return
        self._recorded.add(tuple(texts))
        phrases = shortest_phrases(texts, analysis.STEMMED)
        queries = [self._match(s.TEXT, words) for words in phrases]
        queries += self._other_languages(s.OTHER_TEXT, texts)
        for code in self.languages:
            analyzer = analysis.language_analyzer(code)
            self.marks.languages[code].update(
                t for text in texts for t in analysis.terms(text, analyzer)
            )
        if queries:
            self.texts.append(self.restrict(s.PASSAGE, _any_of(queries)))
        for text in texts:
            words = tuple(analysis.terms(text))
            if len(words) == 1:
                self.marks.terms.add(words[0])
            elif words:
                self.marks.phrases.add(words)

    def _prefix(self, text: str, fields: list[str], record: bool) -> Query:
        """``word*`` as an OR of the real index terms it expands to (scored by BM25)."""
        words = analysis.terms(text, analysis.FOLDED)
        if not words:
            return Query.empty_query()
        stem, queries = words[-1], []
        for name in fields:
            terms = self._expand_prefix(name, stem)
            if name == s.TEXT:  # passages keep only stemmed text: map the words to stems
                queries.append(self._text_query(terms))
            else:
                queries += [Query.term_query(self.schema, name, t) for t in terms]
            if record:
                self.marks.folded.update(terms)
        if record:
            self.texts.append(
                self.restrict(s.PASSAGE, self._text_query(self._expand_prefix(s.TEXT, stem)))
            )
        return _any_of(queries) or Query.empty_query()

    def _text_query(self, words: list[str]) -> Query:
        """Passages holding any of the words, in English or as another language reads them."""
        stems = dict.fromkeys(t for w in words for t in analysis.terms(w))
        queries = [Query.term_query(self.schema, s.TEXT, t) for t in stems]
        for code in self.languages:
            tagged = dict.fromkeys(t for w in words for t in analysis.language_terms(w, code))
            queries += [Query.term_query(self.schema, s.OTHER_TEXT, t) for t in tagged]
        return _any_of(queries) or Query.empty_query()

    def _expand_prefix(self, field_name: str, stem: str) -> list[str]:
        """Index words starting with ``stem`` (passage text is looked up in its unstemmed twin)."""
        field_name = s.WORDS if field_name == s.TEXT else field_name
        key = (field_name, stem)
        if key not in self._prefix_cache:
            found = self.searcher.terms_with_prefix(field_name, stem, limit=PREFIX_LIMIT)
            if len(found) >= PREFIX_LIMIT:
                self.warnings.append(
                    f'"{stem}*" matches many words; only the {PREFIX_LIMIT} most common were '
                    "searched. Add letters to narrow it."
                )
            self._prefix_cache[key] = [term for term, _ in found]
        return self._prefix_cache[key]


def _texts(leaf: Leaf) -> list[str]:
    if isinstance(leaf, Variants):
        return list(leaf.names)
    if isinstance(leaf, Phrase):
        return [" ".join(leaf.words)]
    return [leaf.text]


def shortest_phrases(texts: list[str], analyzer: str) -> list[tuple[str, ...]]:
    """The texts' word sequences, leaving out any that holds another one whole.

    "Nikita S. Khrushchev" finds no document that "Khrushchev" does not, yet a name's
    spellings as phrases cost a search that grows with the archive several times over
    (docs/benchmarks.md): the shortest spellings match the same documents.
    """
    found = [w for w in dict.fromkeys(tuple(analysis.terms(t, analyzer)) for t in texts) if w]
    return [a for a in found if not any(b != a and _holds(a, b) for b in found)]


def _holds(longer: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(longer[i : i + n] == part for i in range(len(longer) - n + 1))


def _conj(children: list[Read]) -> Read:
    return children[0] if len(children) == 1 else And(tuple(children))  # type: ignore[arg-type]
