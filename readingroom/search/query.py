"""The reading room's query language, parsed once into a small tree.

Every backend compiles the same tree, so the syntax lives here only. Parsing never raises: a
researcher's odd input becomes a best-effort tree plus short warnings shown by the results.

Syntax: words (implicit AND), "phrases", AND / OR / NOT and ``-word``,
``prefix*``, parentheses, ``field:value`` / ``field:"quoted value"`` /
``field:(group)`` for the fields in :data:`FIELDS`, and date filters
``date:1959``, ``date:1959-06``, ``date:1959-06-06``, ``date:1959..1964-05``,
``date:..1960``, ``date:1960..``. Precedence: NOT > AND > OR. The tree's nodes live in
:mod:`tree` and are re-exported here, where callers have always found them.

Names are read after parsing (:mod:`reading`): a known name finds its other spellings, and a
whole name typed as free text (two or more words, or quoted) also finds what ``person:``
finds. The caller may turn reading off (the page's ``exact=1``, ``search --exact``).
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from readingroom.search.tree import (
    And,
    DateRange,
    MatchAll,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Word,
)

MAX_QUERY_CHARS = 1000
MAX_LEAVES = 100
MAX_DEPTH = 20

FIELDS = frozenset(
    {"title", "speaker", "person", "place", "written", "type", "collection", "lang"}
    | {"classification", "withheld", "agency", "event"}
)
FIELD_ALIASES = {"language": "lang", "people": "person", "speakers": "speaker"}
DATE_FIELD = "date"
OPERATORS = frozenset({"AND", "OR", "NOT"})


# ---------------------------------------------------------------- lexer


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(" ")" "op" "leaf" "group" (field applied to a parenthesised group)
    text: str = ""
    field: str | None = None
    neg: bool = False
    quoted: bool = False


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACE = re.compile(r"[\s\u00a0]+")
_FIELD_NAME = re.compile(r"^([A-Za-z_]+):(.*)$", re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def _clean(text: str, warn: list[str]) -> str:
    """Cap the length and drop control characters so the lexer sees plain text."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        text = cut.rsplit(" ", 1)[0] if " " in cut[-50:] else cut
        warn.append(f"Query too long: only the first {MAX_QUERY_CHARS:,} characters were used.")
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
        warn.append("Control characters in the query were ignored.")
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def _lex(text: str, warn: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n, leaves, depth = 0, len(text), 0, 0
    while i < n:
        c = text[i]
        if c == " ":
            i += 1
        elif c in "()":
            i += 1
            depth += 1 if c == "(" else -1
            if depth > MAX_DEPTH or (c == ")" and depth >= MAX_DEPTH):  # flatten deep nesting
                warn.append("Parentheses nested too deeply were flattened.")
                continue
            toks.append(_Tok(c))
        else:
            i, tok = _lex_word(text, i, warn)
            if tok is None:
                continue
            if tok.kind == "leaf":
                leaves += 1
                if leaves > MAX_LEAVES:
                    warn.append(f"Only the first {MAX_LEAVES} search terms were used.")
                    break
            toks.append(tok)
    return toks


def _lex_word(text: str, i: int, warn: list[str]) -> tuple[int, _Tok | None]:
    """Read one bare word, ``-word``, ``"phrase"`` or ``field:value`` starting at ``i``."""
    j = i
    while j < len(text) and text[j] not in ' ()"':
        j += 1
    raw = text[i:j]
    if raw in OPERATORS:
        return j, _Tok("op", raw)
    neg = raw.startswith("-") and (len(raw) > 1 or (j < len(text) and text[j] == '"'))
    body = raw[1:] if neg else raw
    fname = None
    m = _FIELD_NAME.match(body)
    if m:
        fname, body = m.group(1).lower(), m.group(2)
    if body == "" and j < len(text) and text[j] == '"':
        j, body = _read_quoted(text, j, warn)
        return j, _Tok("leaf", body, fname, neg, quoted=True)
    if body == "" and fname and j < len(text) and text[j] == "(":
        return j, _Tok("group", field=fname, neg=neg)
    if body == "" and fname:
        warn.append(f'"{fname}:" needs a value after the colon; it was ignored.')
        return j, None
    if body == "":
        return j, None
    return j, _Tok("leaf", body, fname, neg)


def _read_quoted(text: str, j: int, warn: list[str]) -> tuple[int, str]:
    end = text.find('"', j + 1)
    if end < 0:
        warn.append("A quotation mark was not closed; the phrase runs to the end of the query.")
        return len(text), text[j + 1 :]
    return end + 1, text[j + 1 : end]


# ---------------------------------------------------------------- parser


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary."""

    def __init__(self, toks: list[_Tok], warn: list[str]):
        self.toks, self.pos, self.warn = toks, 0, warn

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        self.pos += 1
        return self.toks[self.pos - 1]

    def parse(self) -> Node:
        node = self.parse_or(None)
        while self.peek() is not None:  # stray ")" — skip it and keep going
            self.take()
            self.warn.append('An unmatched ")" was ignored.')
            more = self.parse_or(None)
            node = _and([node, more])
        return node

    def parse_or(self, fld: str | None) -> Node:
        parts = [self.parse_and(fld)]
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "OR":
            self.take()
            parts.append(self.parse_and(fld))
        operands = [p for p in parts if not isinstance(p, MatchAll)]
        if len(parts) > 1 and len(operands) < len(parts):
            self.warn.append("OR needs a search term on each side; the empty side was ignored.")
        return _or(operands)

    def parse_and(self, fld: str | None) -> Node:
        parts: list[Node] = []
        while (t := self.peek()) is not None and t.kind != ")":
            if t.kind == "op" and t.text == "OR":
                break
            if t.kind == "op" and t.text == "AND":
                self.take()
                nxt = self.peek()
                if not parts or nxt is None or (nxt.kind in (")", "op") and nxt.text != "NOT"):
                    self.warn.append("AND needs a search term on each side; it was ignored.")
                continue
            parts.append(self.parse_unary(fld))
        return _and(parts)

    def parse_unary(self, fld: str | None) -> Node:
        t = self.peek()
        if t is not None and t.kind == "op" and t.text == "NOT":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind == ")" or (nxt.kind == "op" and nxt.text != "NOT"):
                self.warn.append("NOT needs a search term after it; it was ignored.")
                return MatchAll()
            return _not(self.parse_unary(fld))
        return self.parse_primary(fld)

    def parse_primary(self, fld: str | None) -> Node:
        t = self.take()
        if t.kind == "(":
            return self.parse_group(fld, neg=False)
        if t.kind == "group":
            name = _field_name(t.field, self.warn)
            if self.peek() is not None and self.peek().kind == "(":
                self.take()
            return self.parse_group(name if name != DATE_FIELD else fld, neg=t.neg)
        return _leaf(t, fld, self.warn)

    def parse_group(self, fld: str | None, neg: bool) -> Node:
        inner = self.parse_or(fld)
        if self.peek() is None:
            self.warn.append('A "(" was not closed; it was closed at the end of the query.')
        else:
            self.take()
        return _not(inner) if neg else inner


# ---------------------------------------------------------------- leaves


def _field_name(name: str | None, warn: list[str]) -> str | None:
    """Resolve aliases; unknown names return ``None`` (the caller searches them as words)."""
    if name is None:
        return None
    name = FIELD_ALIASES.get(name, name)
    if name in FIELDS or name == DATE_FIELD:
        return name
    known = ", ".join(sorted(FIELDS | {DATE_FIELD}))
    warn.append(f'Unknown field "{name}:" was searched as words. Known fields: {known}.')
    return None


def _leaf(t: _Tok, ctx_field: str | None, warn: list[str]) -> Node:
    fld = ctx_field
    text = t.text
    if t.field is not None:
        fld = _field_name(t.field, warn)
        if fld is None:
            text = f"{t.field} {text}"
    if fld == DATE_FIELD:
        node: Node = _date_leaf(text, warn)
    elif t.quoted:
        node = _phrase_leaf(text, fld, warn)
    else:
        node = _word_leaf(text, fld, warn)
    return _not(node) if t.neg else node


def _phrase_leaf(text: str, fld: str | None, warn: list[str]) -> Node:
    words = tuple(text.replace("*", " ").split())
    if not words:
        warn.append("An empty phrase was ignored.")
        return MatchAll()
    if len(words) == 1:
        return Word(words[0], fld)
    return Phrase(words, fld)


def _word_leaf(text: str, fld: str | None, warn: list[str]) -> Node:
    prefix = text.endswith("*")
    core = text.rstrip("*")
    if "*" in core or "?" in core:
        warn.append(
            "Wildcards work only at the end of a word (like negotiat*); others were ignored."
        )
        core = core.replace("*", " ").replace("?", " ").strip()
    if not core:
        warn.append('"*" alone matches everything; add a few letters before it.')
        return MatchAll()
    if not any(ch.isalnum() for ch in core):
        warn.append(f'"{text}" has no letters or digits; it was ignored.')
        return MatchAll()
    if " " in core:  # "a*b" became two words
        return _and([Word(w, fld) for w in core.split()])
    return Word(core, fld, prefix=prefix)


# ---------------------------------------------------------------- dates

_DATE_PART = re.compile(r"^(\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date_leaf(text: str, warn: list[str]) -> Node:
    text = text.strip()
    lo_txt, sep, hi_txt = text.partition("..")
    try:
        if not sep:
            lo, hi = _date_bounds(text)
        else:
            lo = _date_bounds(lo_txt)[0] if lo_txt else date.min
            hi = _date_bounds(hi_txt)[1] if hi_txt else date.max
    except ValueError:
        warn.append(
            f'"date:{text}" is not a date this search understands; it was ignored. '
            "Try date:1959, date:1959-06, date:1959-06-06 or date:1959..1964."
        )
        return MatchAll()
    if lo > hi:
        warn.append(f'"date:{text}" runs backwards; the two ends were swapped.')
        lo, hi = _date_bounds(hi_txt)[0], _date_bounds(lo_txt)[1]
    if lo == date.min and hi == date.max:
        return MatchAll()
    return DateRange(lo, hi)


def _date_bounds(text: str) -> tuple[date, date]:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError if invalid."""
    m = _DATE_PART.match(text.strip())
    if not m or int(m.group(1)) < 1:
        raise ValueError(text)
    year = int(m.group(1))
    if m.group(3):
        day = date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        last = monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return date(year, month, 1), date(year, month, last)
    return date(year, 1, 1), date(year, 12, 31)


# ---------------------------------------------------------------- builders


def _and(parts: list[Node]) -> Node:
    flat: list[Node] = []
    for p in parts:
        if isinstance(p, And):
            flat.extend(p.children)
        elif not isinstance(p, MatchAll):
            flat.append(p)
    if not flat:
        return MatchAll()
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _or(parts: list[Node]) -> Node:
    flat: list[Node] = []
    for p in parts:
        flat.extend(p.children if isinstance(p, Or) else (p,))
    if not flat:
        return MatchAll()
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def _not(node: Node) -> Node:
    if isinstance(node, MatchAll):
        return node
    return node.child if isinstance(node, Not) else Not(node)


def _lowercase_operator_hint(toks: list[_Tok], warn: list[str]) -> None:
    words = {t.text for t in toks if t.kind == "leaf" and not t.quoted and t.field is None}
    for op in ("or", "not"):
        if op in words:
            up = op.upper()
            warn.append(f'"{op}" was searched as a word; write {up} in capitals to use it.')


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text`` into a tree; never raises (bad input becomes warnings)."""
    warn: list[str] = []
    try:
        toks = _lex(_clean(text, warn), warn)
        _lowercase_operator_hint(toks, warn)
        tree = _Parser(toks, warn).parse()
    except RecursionError:
        warn.append("The query was too complex and was ignored.")
        tree = MatchAll()
    return ParsedQuery(tree, _dedupe(warn))


__all__ = [
    "DATE_FIELD",
    "FIELDS",
    "MAX_LEAVES",
    "MAX_QUERY_CHARS",
    "And",
    "DateRange",
    "MatchAll",
    "Node",
    "Not",
    "Or",
    "ParsedQuery",
    "Phrase",
    "Word",
    "parse_query",
]
