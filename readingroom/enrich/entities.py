"""Recognizing people, places and organizations in running text, and linking them.

Rules and lists, no statistical model (docs/architecture.md, Entities): places and organizations
are phrases from the shipped gazetteer, acronyms go through the glossary, and people are runs of
capitalized words that are either names the document already vouches for (speakers, bracket
targets, participants, credits), names of known people (by name key), or names after a personal
title ("Comrade", "Ambassador"). A bare surname is linked only when the document or the closest
authority list leaves exactly one candidate; ties go to review, never to a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readingroom.enrich.cast import Cast
from readingroom.enrich.gazetteer import PhraseMatcher
from readingroom.enrich.glossary import Glossary, is_acronym
from readingroom.enrich.linking import UNRESOLVED, PersonIndex, key_of, unknown_key
from readingroom.enrich.namewords import (
    HONORIFICS,
    NAMED_THINGS,
    NOT_NAMES,
    PARTICLES,
    PERSON_CUES,
    ROLE_NOUNS,
)
from readingroom.enrich.results import EntityMention, ReviewCase, TextSpan
from readingroom.enrich.titles import SURNAME_TITLES, TITLES
from readingroom.enrich.tokens import Token, adjacent, normalize, tokenize
from readingroom.records.contract import BlockRecord

_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_MAX_NAME = 4
_SENTENCE_END = re.compile(r"(?:^|[.!?:;“\"(\[]\s*)$")
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")


@dataclass
class Context:
    """What recognition needs across a document: its people and the lists to link against."""

    document: str
    cast: Cast
    index: PersonIndex
    matcher: PhraseMatcher
    glossary: Glossary
    lowercase: set[str] = field(default_factory=set)  # words the document writes in lowercase
    review: list[ReviewCase] = field(default_factory=list)
    cast_words: set[str] = field(default_factory=set)  # folded words of the document's names

    def note_cast(self) -> None:
        """Remember the words of names met so far, the pre-filter for surnames."""
        self.cast_words = {w.lower() for n in self.cast.full_names() for w in n.split()}


@dataclass
class _Candidate:
    mention: EntityMention
    rank: int  # lower wins overlaps: fixed spans, then phrases and full names, then surnames
    bare: str = ""  # the surname, for a bare person mention resolved after the scan
    title: str = ""


def name_form(token: Token) -> str:
    return _POSSESSIVE.sub("", token.text)


def _text(tokens: list[Token]) -> str:
    return " ".join(name_form(t) for t in tokens)


def _is_name_word(token: Token) -> bool:
    if _INITIALS.fullmatch(token.text):
        return True
    return token.capitalized and token.text not in NOT_NAMES and not is_acronym(token.text)


def capitalized_runs(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, end) index ranges of capitalized words joined by spaces (particles allowed)."""
    runs, i = [], 0
    while i < len(tokens):
        if not tokens[i].capitalized:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and adjacent(text, tokens[j - 1], tokens[j]):
            if not (tokens[j].capitalized or tokens[j].text in PARTICLES):
                break
            j += 1
        while j - 1 > i and not tokens[j - 1].capitalized:
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def _sentence_start(text: str, token: Token) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, token.start - 3) : token.start]))


def _mention(ctx: Context, block: int, tokens: list[Token], key: str, source: str) -> EntityMention:
    start, end = tokens[0].start, tokens[-1].end
    return EntityMention("person", key, _text(tokens), block, start, end, source)


def _full_name(ctx: Context, window: list[Token]) -> str | None:
    """The person key when `window` is a full name the document or an authority vouches for."""
    return ctx.cast.add(_text(window)) if _known(ctx, window) else None


def _east_asian_name(ctx: Context, window: list[Token]) -> bool:
    """ "Pak Chong-hui", but not "Huang Letter": given names the text writes in lowercase."""
    key = key_of(_text(window))
    if any(t.norm.lower() in ctx.lowercase for t in window[1:]):
        return False
    return key.east_asian and bool(key.given) and 2 <= len(window) <= 3


def person_candidates(ctx: Context, block: int, text: str, tokens: list[Token]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for first, end in capitalized_runs(text, tokens):
        before = tokens[first - 1] if first else None
        cue = bool(before and before.text in HONORIFICS and adjacent(text, before, tokens[first]))
        found += _run_candidates(ctx, block, text, tokens[first:end], cue)
    return found


def _run_candidates(
    ctx: Context, block: int, text: str, run: list[Token], cue: bool
) -> list[_Candidate]:
    """Names in one run of capitalized words; a title before a name is its cue."""
    found: list[_Candidate] = []
    title: list[str] = ["Comrade"] if cue else []
    p = 0
    while p < len(run):
        if run[p].text in PERSON_CUES:
            title.append(run[p].text)
            p += 1
            continue
        size, candidate = _longest_name(ctx, block, text, run, p, " ".join(title))
        found += [candidate] if candidate else []
        if candidate is None and size == 1:
            found += _joined_surnames(ctx, block, text, run[p])
        title = [] if candidate or size > 1 else title
        p += size
    return found


def _longest_name(
    ctx: Context, block: int, text: str, run: list[Token], p: int, title: str
) -> tuple[int, _Candidate | None]:
    """The longest name starting at run[p]: (words consumed, candidate or None)."""
    words, cue = ctx.index.words, bool(title)
    if run[p].norm.lower() in ctx.lowercase and _sentence_start(text, run[p]):
        return 1, None  # "Later Wang said": a common word opening the sentence
    for size in range(min(_MAX_NAME, len(run) - p), 0, -1):
        if p + size < len(run) and run[p + size].text in NAMED_THINGS:
            return size + 1, None  # "Eisenhower Library", "Lyndon B. Johnson Library"
    for size in range(min(_MAX_NAME, len(run) - p), 1, -1):
        window = run[p : p + size]
        if not all(_is_name_word(t) or t.text in PARTICLES for t in window[1:]):
            continue
        if any(_POSSESSIVE.search(t.text) for t in window[:-1]):
            continue  # "Eisenhower's Files": a name ends at its possessive
        if window[-1].norm.lower() in TITLES or len(window[-1].text) == 1:
            continue  # "Constantine Karamanlis Prime Minister", "Secretary Bowles S/B"
        if not _is_name_word(window[0]) and not key_of(_text(window)).east_asian:
            continue  # "Now N. Khrushchev"; but "An Yong" is a name
        folded = [t.norm.lower() for t in window]
        if any(w in words or w in ctx.cast_words for w in folded) and (
            key := _full_name(ctx, window)
        ):
            return size, _Candidate(_mention(ctx, block, window, key, "known"), 1)
        if not _is_name_word(window[0]):
            continue
        if (cue and p + size == len(run)) or _east_asian_name(ctx, window):
            if all(t.norm.lower() in ctx.lowercase for t in window):
                continue  # "Foreign Policy Developments": words the text writes in lowercase
            if _two_names(ctx, window):
                continue
            if key_of(_text(window)).bare:  # "General De Gaulle": a surname of two words
                mention = _mention(ctx, block, window, "", "surname")
                return size, _Candidate(mention, 3, _text(window), title)
            key = ctx.cast.add(_text(window))
            return size, _Candidate(_mention(ctx, block, window, key, "cue"), 2)
    token = run[p]
    if _single_word_name(ctx, text, token, title):
        candidate = _Candidate(
            _mention(ctx, block, [token], "", "surname"), 3, name_form(token), title
        )
        return 1, candidate
    return 1, None


def _two_names(ctx: Context, window: list[Token]) -> bool:
    """Whether a run after a title holds more than one name: a title inside ("Assistant
    Secretary Allen Ambassador Gork"), two known surnames, or a known name beside other words
    ("Ambassador Dobrynin Robert Kennedy", "Mr. Constantine Karamanlis Regarding")."""
    if any(t.text in PERSON_CUES and t.norm.lower() not in SURNAME_TITLES for t in window[1:]):
        return True
    if len(window) == 2 and all(ctx.index.by_surname(name_form(t)) for t in window):
        return True  # "Secretary Dulles Felt that", "Prime Minister Eden Bulganin posed"
    prefixes = [window[:cut] for cut in range(2, len(window))]
    suffixes = [window[cut:] for cut in range(1, len(window) - 1)]
    return any(_known(ctx, part) for part in prefixes + suffixes)


def _known(ctx: Context, window: list[Token]) -> bool:
    """Whether the words are a full name the document or an authority vouches for."""
    name = _text(window)
    return bool(ctx.cast.match(name) or ctx.index.lookup(name))


def _joined_surnames(ctx: Context, block: int, text: str, token: Token) -> list[_Candidate]:
    """Two surnames joined by a hyphen name two people: "Beam-Wang talks", "Johnson-Pak
    communique". Both must be worth resolving, so "Franco-German" names nobody."""
    parts = token.text.split("-")
    if len(parts) != 2 or not all(len(part) > 2 and part[0].isupper() for part in parts):
        return []
    first = Token(parts[0], normalize(parts[0]), token.start, token.start + len(parts[0]))
    second = Token(parts[1], normalize(parts[1]), first.end + 1, token.end)
    if not all(_single_word_name(ctx, text, t, "") for t in (first, second)):
        return []
    return [
        _Candidate(_mention(ctx, block, [t], "", "surname"), 3, name_form(t))
        for t in (first, second)
    ]


def _single_word_name(ctx: Context, text: str, token: Token, title: str) -> bool:
    """A capitalized word worth resolving as a surname (not a common word opening a sentence)."""
    if not _is_name_word(token) or len(token.text) < 2 or token.text in ROLE_NOUNS:
        return False
    if token.norm.lower() in ctx.lowercase and _sentence_start(text, token):
        return False
    folded = token.norm.lower()
    return bool(title) or folded in ctx.index.words or folded in ctx.cast_words


def resolve_bare(ctx: Context, candidate: _Candidate) -> EntityMention | None:
    """Link a bare surname: the document's one bearer, else the closest authorities' one."""
    mention, surname = candidate.mention, candidate.bare
    key = ctx.cast.resolve_bare(surname, candidate.title)
    if key is None:
        key = _authority_for(ctx, candidate)
    if key is None:
        return None
    mention.key = key
    return mention


def _authority_for(ctx: Context, candidate: _Candidate) -> str | None:
    mention, surname = candidate.mention, candidate.bare
    found = ctx.index.by_surname(surname, candidate.title, ctx.cast.day)
    if len(found) == 1:
        return ctx.cast.add_bare(surname, found[0].key, True, found[0].name)
    evidence = TextSpan(ctx.document, mention.block, mention.start, mention.end)
    for authority in found:
        ctx.review.append(
            ReviewCase(surname, authority.key, authority.name, 0.0, "ambiguous", evidence)
        )
    if found or not candidate.title:
        return None
    if ctx.index.listed:  # the persons list would name him: "Mr. Beale", a mention of nobody
        return UNRESOLVED if candidate.title.split()[-1] in HONORIFICS else None
    if surname.lower() in ctx.lowercase:
        return None  # "General Assembly": a word the text also writes in lowercase
    return ctx.cast.add_bare(surname, unknown_key(surname), False, surname)  # "President Kohl"


def phrase_candidates(ctx: Context, block: int, text: str, tokens: list[Token]) -> list[_Candidate]:
    """Places and organizations from the gazetteer; other acronyms through the glossary."""
    found = []
    for hit in ctx.matcher.find(text, tokens):
        kind = hit.authority.kind
        found.append(
            _Candidate(
                EntityMention(
                    kind,
                    hit.authority.key,
                    text[hit.start : hit.end],
                    block,
                    hit.start,
                    hit.end,
                    "gazetteer",
                ),
                1,
            )
        )
    covered = {i for c in found for i in range(c.mention.start, c.mention.end)}
    for token in tokens:
        if token.start in covered or not is_acronym(token.text):
            continue
        if ctx.glossary.expansion(token.text) is None:
            continue
        authority = ctx.glossary.resolve(token.text, ctx.matcher)
        kind, key = (authority.kind, authority.key) if authority else ("term", "term:" + token.text)
        found.append(
            _Candidate(
                EntityMention(kind, key, token.text, block, token.start, token.end, "glossary"), 1
            )
        )
    return found


def _overlaps(candidate: _Candidate, taken: list[_Candidate]) -> bool:
    m = candidate.mention
    return any(m.start < t.mention.end and t.mention.start < m.end for t in taken)


def select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: fixed spans first, then the longest, then the lowest rank."""
    order = sorted(
        candidates,
        key=lambda c: (c.rank > 0, -(c.mention.end - c.mention.start), c.rank, c.mention.start),
    )
    taken: list[_Candidate] = []
    for candidate in order:
        if not _overlaps(candidate, taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.mention.start)


def recognize(
    ctx: Context, blocks: list[BlockRecord], fixed: dict[int, list[EntityMention]]
) -> list[EntityMention]:
    """Every entity mention of the document, in block and text order.

    `fixed` holds mentions already known with certainty (speaker labels), by block. Full
    names are collected over the whole document before any bare surname is resolved, so
    "Hoxha" on page one can mean the "Enver Hoxha" of page three.
    """
    tokens = [tokenize(block.text) for block in blocks]
    ctx.lowercase = {t.norm.lower() for ts in tokens for t in ts if not t.capitalized}
    ctx.note_cast()
    chosen: list[_Candidate] = []
    for index, block in enumerate(blocks):
        candidates = [_Candidate(m, 0) for m in fixed.get(index, [])]
        candidates += phrase_candidates(ctx, index, block.text, tokens[index])
        candidates += person_candidates(ctx, index, block.text, tokens[index])
        chosen += select(candidates)
    ctx.note_cast()
    mentions = []
    for candidate in chosen:
        mention = resolve_bare(ctx, candidate) if candidate.bare else candidate.mention
        mentions += [mention] if mention is not None else []
    return mentions
