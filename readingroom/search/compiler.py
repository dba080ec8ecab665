"""Compile a query tree (see :mod:`query`) into Tantivy queries.

Two levels: document entries (ranked, counted, faceted) and passage entries.
A ``speaker:`` term makes its AND-group a passage-level question — Hoxha must
say the other words in the same turn — whose answer is a set of document ids.
While compiling, the compiler also records what to highlight and which passage
query picks the snippets, so the tree is walked once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import tantivy
from tantivy import Occur, Query

from readingroom.search import analysis
from readingroom.search import schema as s
from readingroom.search.query import And, DateRange, MatchAll, Node, Not, Or, Phrase, Word
from readingroom.search.snippets import Marks

PREFIX_LIMIT = 50  # terms one prefix* may expand to, per field
GROUP_DOC_LIMIT = 50_000  # documents a speaker: group may resolve to

NameExpander = Callable[[str], Iterable[str] | None]


@dataclass(frozen=True)
class Variants:
    """A name replaced by every spelling the caller knows (matched as phrases)."""

    names: tuple[str, ...]
    field: str | None = None


Leaf = Word | Phrase | Variants
DOC_ONLY_FIELDS = frozenset({"title", *s.FILTERS})


def _leaves(node: Node | Variants) -> Iterable[Node | Variants]:
    if isinstance(node, And | Or):
        for child in node.children:
            yield from _leaves(child)
    elif isinstance(node, Not):
        yield from _leaves(node.child)
    else:
        yield node


def speaks(node: Node | Variants) -> bool:
    """Whether a speaker: term sits anywhere under ``node``."""
    return any(getattr(leaf, "field", None) == "speaker" for leaf in _leaves(node))


def doc_only(node: Node | Variants) -> bool:
    """Whether ``node`` only filters on document fields (answerable without passages)."""
    return all(
        isinstance(leaf, DateRange | MatchAll) or getattr(leaf, "field", None) in DOC_ONLY_FIELDS
        for leaf in _leaves(node)
    )


def _all_of(clauses: list[tuple[Occur, Query]]) -> Query:
    if not any(occur != Occur.MustNot for occur, _ in clauses):
        clauses = [(Occur.Must, Query.all_query()), *clauses]
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


def _exclude(query: Query | None) -> Query:
    if query is None:
        return Query.empty_query()
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])


@dataclass
class Compiler:
    schema: tantivy.Schema
    searcher: tantivy.Searcher
    warnings: list[str] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)
    groups: list[Query] = field(default_factory=list)  # passage queries of speaker: groups
    texts: list[Query] = field(default_factory=list)  # passage queries of positive words
    _prefix_cache: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    # ------------------------------------------------------------ entry points

    def doc_query(self, node: Node | Variants, record: bool = True) -> Query:
        """Query over document entries; ``record`` collects highlights and snippet queries."""
        return self.restrict(s.DOC, self._doc(node, record))

    def snippet_query(self) -> Query | None:
        """Which passages show as snippets: the speaker groups, else the positive words."""
        queries = self.groups or self.texts
        return _any_of(queries) if queries else None

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

    def _doc(self, node: Node | Variants, record: bool) -> Query | None:
        if isinstance(node, And):
            return self._doc_and(list(node.children), record)
        if isinstance(node, Or):
            return _any_of([self._doc(c, record) for c in node.children])
        if isinstance(node, Not):
            return _exclude(self._doc(node.child, False))
        if isinstance(node, MatchAll):
            return None
        if isinstance(node, DateRange):
            return self._dates(node)
        if speaks(node):
            return self._speaker_group([node], record)
        return self._leaf(node, s.DOC, record)

    def _doc_and(self, children: list[Node | Variants], record: bool) -> Query | None:
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
        return _all_of(clauses) if clauses else None

    def _speaker_group(self, children: list[Node | Variants], record: bool) -> Query:
        passage_q = self.restrict(s.PASSAGE, self._passage(_conj(children), record))
        if record:
            self.groups.append(passage_q)
        ids = self.doc_ids(passage_q)
        return Query.term_set_query(self.schema, s.DOC_ID, ids) if ids else Query.empty_query()

    def _dates(self, node: DateRange) -> Query:
        """Overlap: the document starts before the range ends and ends after it starts."""
        clauses = []
        if node.end < date.max:
            end = node.end.toordinal()
            q = Query.range_query(self.schema, s.DATE_START, tantivy.FieldType.Integer, None, end)
            clauses.append((Occur.Must, q))
        if node.start > date.min:
            start = node.start.toordinal()
            q = Query.range_query(self.schema, s.DATE_END, tantivy.FieldType.Integer, start, None)
            clauses.append((Occur.Must, q))
        return _all_of(clauses)

    # ------------------------------------------------------------ passage level

    def _passage(self, node: Node | Variants, record: bool) -> Query | None:
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
        if fld is None:
            boosts = s.DOC_TEXT_BOOSTS if level == s.DOC else s.PASSAGE_TEXT_BOOSTS
            prefix_fields = [s.TITLE_WORDS, s.WORDS] if level == s.DOC else [s.BODY]
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
            analyzer = analysis.STEMMED if name in s.DOC_TEXT_BOOSTS else analysis.FOLDED
            for text in texts:
                if (q := self._match(name, text, analyzer)) is not None:
                    queries.append(q if boost == 1.0 else Query.boost_query(q, boost))
        return _any_of(queries) if queries else None

    def _match(self, field_name: str, text: str, analyzer: str) -> Query | None:
        words = analysis.terms(text, analyzer)
        if not words:
            return None
        if len(words) == 1:
            return Query.term_query(self.schema, field_name, words[0])
        return Query.phrase_query(self.schema, field_name, words)

    def _record(self, texts: list[str]) -> None:
        """Remember positive words: to highlight them and to pick snippet passages."""
        queries = [self._match(s.BODY, t, analysis.STEMMED) for t in texts]
        queries = [q for q in queries if q is not None]
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
            if name == s.BODY:  # passages keep only stemmed text: map the words to stems
                queries.append(self._body_query(terms))
            else:
                queries += [Query.term_query(self.schema, name, t) for t in terms]
            if record:
                self.marks.folded.update(terms)
        if record:
            self.texts.append(
                self.restrict(s.PASSAGE, self._body_query(self._expand_prefix(s.BODY, stem)))
            )
        return _any_of(queries) or Query.empty_query()

    def _body_query(self, words: list[str]) -> Query:
        stems = dict.fromkeys(t for w in words for t in analysis.terms(w))
        queries = [Query.term_query(self.schema, s.BODY, t) for t in stems]
        return _any_of(queries) or Query.empty_query()

    def _expand_prefix(self, field_name: str, stem: str) -> list[str]:
        """Index words starting with ``stem`` (BODY is looked up in its unstemmed twin)."""
        field_name = s.WORDS if field_name == s.BODY else field_name
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


def _conj(children: list[Node | Variants]) -> Node | Variants:
    return children[0] if len(children) == 1 else And(tuple(children))  # type: ignore[arg-type]


# ---------------------------------------------------------------- name variants

NAME_FIELDS = frozenset({None, "person", "speaker"})
MAX_NAME_WORDS = 4


class _Names:
    """Calls the caller's ``expand_name`` at most once per text, and never lets it fail a search."""

    def __init__(self, expand: NameExpander):
        self.expand, self.cache = expand, {}

    def variants(self, text: str) -> tuple[str, ...]:
        if text not in self.cache:
            try:
                found = [v for v in (self.expand(text) or ()) if isinstance(v, str) and v.strip()]
            except Exception:  # a broken lookup must not break the search page
                found = []
            names = dict.fromkeys([text, *found]) if found else {}
            self.cache[text] = tuple(names)
        return self.cache[text]


def with_names(node: Node, expand: NameExpander | None) -> Node | Variants:
    """Replace names the caller knows by :class:`Variants`, including unquoted runs of words."""
    return node if expand is None else _rewrite(node, _Names(expand))


def _rewrite(node: Node, names: _Names) -> Node | Variants:
    if isinstance(node, And):
        return And(tuple(_rewrite_run(list(node.children), names)))
    if isinstance(node, Or):
        return Or(tuple(_rewrite(c, names) for c in node.children))
    if isinstance(node, Not):
        return Not(_rewrite(node.child, names))
    if isinstance(node, Word | Phrase) and _nameable(node):
        found = names.variants(_texts(node)[0])
        return Variants(found, node.field) if found else node
    return node


def _nameable(node: Node) -> bool:
    if isinstance(node, Word):
        return not node.prefix and node.field in NAME_FIELDS
    return isinstance(node, Phrase) and node.field in NAME_FIELDS


def _rewrite_run(children: list[Node], names: _Names) -> list[Node | Variants]:
    """Greedy, longest first: ``Choe Yong Gon`` typed without quotes is still one name."""
    out: list[Node | Variants] = []
    i = 0
    while i < len(children):
        run = 1
        while (
            i + run < len(children)
            and run < MAX_NAME_WORDS
            and _bare_word(children[i], children[i + run])
        ):
            run += 1
        for size in range(run, 1, -1):
            words = " ".join(c.text for c in children[i : i + size])  # type: ignore[union-attr]
            if found := names.variants(words):
                out.append(Variants(found, children[i].field))  # type: ignore[union-attr]
                i += size
                break
        else:
            out.append(_rewrite(children[i], names))
            i += 1
    return out


def _bare_word(first: Node, other: Node) -> bool:
    """Both are plain words of the same nameable field (so they may form one name)."""
    return (
        isinstance(first, Word)
        and isinstance(other, Word)
        and _nameable(first)
        and _nameable(other)
        and first.field == other.field
    )
