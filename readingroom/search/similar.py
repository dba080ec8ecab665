"""Related documents by content, combined with the people and events two documents share.

A document's significant words (its stems weighted by tf-idf against the search index: used
often here, seldom elsewhere) are asked of the index as one BM25 query; the documents it finds,
the documents sharing the most people with it (`authorities.RelatedDocument`) and the other
accounts of its events are then scored together (`Weights`): the BM25 score as a share of the
document's own, the share of its people (rarer people counting more) the other names, an event
in common, and how close their dates are. Each related document keeps why: the significant
words both hold, the people and events in common (`Related`).

Computed by background work and stored (`similar_lists`), never per request: the BM25 query
walks the postings of its words, which grow with the archive (docs/architecture.md, "Related
documents and the network"). Only public documents are candidates: the index holds no other,
and the rest (people's and events' documents) are checked against `Document.public_in_bulk`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import tantivy
from django.db.models import Count
from tantivy import Occur, Query

from readingroom.authorities.models import DocumentPerson, RelatedDocument
from readingroom.events.models import EventDocument
from readingroom.records.models import Block, Document
from readingroom.search import analysis
from readingroom.search import schema as s
from readingroom.search.documents import PASSAGE_KINDS

KEPT = 10  # related documents stored per document: more than a page shows
TERMS = 40  # significant words asked of the index
CANDIDATES = 40  # documents the words find, scored with the others
MIN_LENGTH = 3  # shorter stems are initials and abbreviations' debris
MAX_SHARE = 0.2  # a word in more documents than this share says nothing of a subject
TITLE_BOOST = 1.0  # a word of the title counts once more
LINKED = EventDocument.Status.LINKED
# Words that say nothing of a subject however rare they are in a small archive, as stems.
STOP = frozenset(
    analysis.terms(
        "the and of to in a an is was were be been being are that this these those for on with"
        " as by at it its from or not have has had but his her he she they them their we our"
        " you your which who whom what when where there here all any also such than then into"
        " would could should may might must can will shall said very upon about after before"
    )
)


@dataclass(frozen=True)
class Weights:
    """How the parts add up. Tuned on FRUS chapters (bench/related.py, docs/benchmarks.md)."""

    content: float = 1.0
    people: float = 0.0
    event: float = 0.0
    date: float = 0.0
    days: float = 30.0  # the nearness of two dates halves every `days` days


CONTENT_ONLY = Weights()
TUNED = Weights(content=1.0, people=0.25, event=0.25, date=0.5, days=365.0)


@dataclass(frozen=True)
class Term:
    stem: str  # as the index holds it
    word: str  # as the document writes it most often: what a reason shows
    weight: float


@dataclass
class Candidate:
    """Another document, and what it has in common with the one compared."""

    doc_id: int
    content: float = 0.0  # BM25 over the significant words, as a share of the document's own
    people: float = 0.0  # share of the document's people (weighted by rarity) it names too
    shared_people: list[int] = field(default_factory=list)  # rarest first
    events: list[int] = field(default_factory=list)
    days: int | None = None  # days between their dates; None when either is undated

    def score(self, w: Weights) -> float:
        near = 0.5 ** (self.days / w.days) if self.days is not None and w.days else 0.0
        return (
            w.content * self.content
            + w.people * self.people
            + w.event * bool(self.events)
            + w.date * near
        )


@dataclass
class Profile:
    """One document as it is compared: its significant words and every candidate."""

    doc_id: int
    terms: list[Term]
    candidates: list[Candidate]


@dataclass
class Related:
    """A related document as stored: its rank, score and reasons."""

    doc_id: int
    score: float
    words: list[str]
    people: list[int]
    events: list[int]


def open_searcher(path: str) -> tantivy.Searcher:
    """A searcher on the committed index at `path` (the node's; `search.sync`)."""
    index = tantivy.Index.open(path)
    analysis.register(index)
    return index.searcher()


# ---------------------------------------------------------------- significant words


def _texts(ids: list[int]) -> dict[int, list[str]]:
    """Each document's title, summary and passages of its main text: what its words are."""
    texts: dict[int, list[str]] = defaultdict(list)
    for pk, title, summary in Document.objects.filter(pk__in=ids).values_list(
        "pk", "title", "summary"
    ):
        texts[pk] += [title, summary]
    rows = Block.objects.filter(document_id__in=ids, kind__in=PASSAGE_KINDS).order_by(
        "document_id", "order"
    )
    for doc_id, text in rows.values_list("document_id", "text"):
        texts[doc_id].append(text)
    return texts


def significant_terms(searcher: tantivy.Searcher, texts: list[str], total: int) -> list[Term]:
    """The TERMS words of these texts that say most about them: tf-idf against the index,
    keeping words of letters only, not in STOP, in at least one other document and in at most
    MAX_SHARE of them."""
    counts: Counter[str] = Counter()
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        normal = analysis.normalize(text)
        for stem, start, end in analysis.tokens(normal):
            if len(stem) >= MIN_LENGTH and stem.isalpha() and stem not in STOP:
                counts[stem] += 1
                written[stem][normal[start:end]] += 1
    found = []
    for stem, n in counts.items():
        df = searcher.doc_freq(s.BODY, stem)
        if 2 <= df <= MAX_SHARE * total:
            weight = (1 + math.log(n)) * math.log(total / df)
            found.append(Term(stem, written[stem].most_common(1)[0][0], weight))
    found.sort(key=lambda t: (-t.weight, t.stem))
    return found[:TERMS]


def _words_query(schema: tantivy.Schema, terms: list[Term]) -> Query:
    """The significant words as one BM25 query over the documents' text and titles."""
    top = terms[0].weight
    clauses = []
    for term in terms:
        boost = term.weight / top
        clauses.append((Occur.Should, _boosted(schema, s.BODY, term.stem, boost)))
        clauses.append((Occur.Should, _boosted(schema, s.TITLE, term.stem, boost * TITLE_BOOST)))
    return Query.boolean_query(clauses)


def _boosted(schema: tantivy.Schema, name: str, stem: str, boost: float) -> Query:
    return Query.boost_query(Query.term_query(schema, name, stem), boost)


def content_scores(searcher: tantivy.Searcher, doc_id: int, terms: list[Term]) -> dict[int, float]:
    """The CANDIDATES documents the words find best, each score a share of the document's own
    (so that scores of different documents compare); the document itself left out."""
    if not terms:
        return {}
    query = _words_query(searcher_schema(searcher), terms)
    hits = searcher.search(query, CANDIDATES + 1, count=False).hits
    if not hits:
        return {}
    ids = searcher.fast_field_values(s.DOC_ID, [address for _, address in hits])
    scores = dict(zip(ids, (score for score, _ in hits), strict=True))
    own = scores.pop(doc_id, None) or max(scores.values(), default=1.0)
    return {pk: score / own for pk, score in list(scores.items())[:CANDIDATES]}


_schema: list[tantivy.Schema] = []


def searcher_schema(searcher: tantivy.Searcher) -> tantivy.Schema:
    """The index's schema (the same for every searcher of this version)."""
    if not _schema:
        _schema.append(s.build())
    return _schema[0]


# ---------------------------------------------------------------- people, events, dates


def _people(ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for doc_id, person_id in DocumentPerson.objects.filter(document_id__in=ids).values_list(
        "document_id", "person_id"
    ):
        found[doc_id].append(person_id)
    return found


def _rarity(people: set[int], total: int) -> dict[int, float]:
    """How much sharing each person says: log(documents / the person's documents)."""
    rows = DocumentPerson.objects.filter(person_id__in=people).values("person_id")
    counts = dict(rows.annotate(n=Count("document_id")).values_list("person_id", "n"))
    return {p: math.log(1 + total / counts.get(p, 1)) for p in people}


def _events(ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = EventDocument.objects.filter(document_id__in=ids, status=LINKED)
    for doc_id, event_id in rows.order_by("event_id").values_list("document_id", "event_id"):
        found[doc_id].append(event_id)
    return found


def _event_accounts(events: set[int]) -> dict[int, list[int]]:
    """The documents linked to each of these events."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = EventDocument.objects.filter(event_id__in=events, status=LINKED)
    for event_id, doc_id in rows.values_list("event_id", "document_id"):
        found[event_id].append(doc_id)
    return found


def _people_candidates(doc_id: int) -> list[int]:
    """The documents sharing the most people with it, as the derived data keeps them."""
    rows = RelatedDocument.objects.filter(document_id=doc_id).order_by("rank")
    return list(rows.values_list("related_id", flat=True))


# ---------------------------------------------------------------- putting them together


def document_count(searcher: tantivy.Searcher) -> int:
    """How many documents the index holds (not passages)."""
    query = Query.term_query(searcher_schema(searcher), s.KIND, s.DOC)
    return max(1, searcher.search(query, 1).count)


def profiles(searcher: tantivy.Searcher, ids: list[int]) -> dict[int, Profile]:
    """Each of these documents with its significant words and its scored candidates: the
    documents its words find, those sharing the most people with it, and its events' others."""
    total = document_count(searcher)
    texts = _texts(ids)
    words = {pk: significant_terms(searcher, texts.get(pk, []), total) for pk in ids}
    content = {pk: content_scores(searcher, pk, words[pk]) for pk in ids}
    events = _events(ids)
    accounts = _event_accounts({e for found in events.values() for e in found})
    others = {
        pk: {*content[pk], *_people_candidates(pk), *(d for e in events[pk] for d in accounts[e])}
        - {pk}
        for pk in ids
    }
    everyone = {*ids, *(d for found in others.values() for d in found)}
    known = _Known(
        public=Document.objects.public_in_bulk(everyone, "date_start"),
        people=_people(list(everyone)),
        events=events,
        accounts={e: set(docs) for e, docs in accounts.items()},
    )
    rarity = _rarity({p for pk in ids for p in known.people[pk]}, total)
    found = {}
    for pk in ids:
        mine = {p: rarity[p] for p in known.people[pk]}
        candidates = [
            known.candidate(pk, other, content[pk].get(other, 0.0), mine)
            for other in sorted(others[pk])
            if other in known.public
        ]
        found[pk] = Profile(pk, words[pk], candidates)
    return found


@dataclass
class _Known:
    """What was read of a chunk's documents and their candidates."""

    public: dict[int, Document]
    people: dict[int, list[int]]
    events: dict[int, list[int]]
    accounts: dict[int, set[int]]

    def candidate(self, pk: int, other: int, content: float, mine: dict[int, float]) -> Candidate:
        """`other` as a candidate for `pk`, whose people weigh `mine`."""
        shared = sorted(set(self.people[other]) & set(mine), key=lambda p: (-mine[p], p))
        own = self.public[pk].date_start if pk in self.public else None
        theirs = self.public[other].date_start
        return Candidate(
            doc_id=other,
            content=content,
            people=sum(mine[p] for p in shared) / (sum(mine.values()) or 1.0),
            shared_people=shared,
            events=[e for e in self.events[pk] if other in self.accounts[e]],
            days=abs((own - theirs).days) if own and theirs else None,
        )


def ranked(profile: Profile, weights: Weights, limit: int = KEPT) -> list[Candidate]:
    """The best candidates under `weights`, best first; ties by id, so a re-run is the same."""
    scored = [(c.score(weights), c) for c in profile.candidates]
    scored = [(score, c) for score, c in scored if score > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].doc_id))
    return [c for _, c in scored[:limit]]


def shared_words(
    searcher: tantivy.Searcher, terms: list[Term], ids: list[int]
) -> dict[int, list[str]]:
    """Which of the document's significant words each of `ids` holds too, weightiest first:
    one small search per word, restricted to these documents."""
    schema = searcher_schema(searcher)
    among = Query.boolean_query(  # a few postings each; a term set would read them all
        [(Occur.Should, Query.term_query(schema, s.DOC_ID, pk)) for pk in ids]
    )
    found: dict[int, list[str]] = defaultdict(list)
    for term in terms:
        either = Query.boolean_query(
            [(Occur.Should, Query.term_query(schema, f, term.stem)) for f in (s.BODY, s.TITLE)]
        )
        query = Query.boolean_query([(Occur.Must, among), (Occur.Must, either)])
        hits = searcher.search(query, len(ids), count=False).hits
        for doc_id in searcher.fast_field_values(s.DOC_ID, [a for _, a in hits]) if hits else []:
            found[doc_id].append(term.word)
    return found


def compute(
    searcher: tantivy.Searcher, ids: list[int], weights: Weights = TUNED
) -> dict[int, list[Related]]:
    """The related documents of each of these, with their reasons."""
    out = {}
    for pk, profile in profiles(searcher, ids).items():
        best = ranked(profile, weights)
        words = shared_words(searcher, profile.terms, [c.doc_id for c in best]) if best else {}
        out[pk] = [
            Related(c.doc_id, c.score(weights), words.get(c.doc_id, []), c.shared_people, c.events)
            for c in best
        ]
    return out
