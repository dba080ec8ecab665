"""Reading the names in a query: other spellings, and the people a whole name stands for.

Pure Python: the caller passes the lookups. ``expand_name`` gives every recorded spelling of
the people a text names, so any spelling finds the others in the text. ``read_people`` gives
those people, as the person facet names them, so a whole name typed as free text — a quoted
phrase, or a run of two or more words — also finds every document linked to them: the
documents ``person:`` finds, whatever spelling the text uses or whether it names them at all.
A name shared by several people (one key, unmerged people) stands for all of them: each is
named in the notice (:class:`~readingroom.search.results.Reading`), which is safer than
guessing one, and keeps free text finding at least what ``person:`` finds.

A single bare word is never read as people ("Kim", "Green"): too many words are also
surnames. Inside an AND with a ``speaker:`` term a name stays words: there the words must be
said in the speaker's turn. Runs are matched greedily, longest first, up to
:data:`MAX_NAME_WORDS` words; a longer name is read whole when quoted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from readingroom.search.results import Reading
from readingroom.search.tree import (
    And,
    Linked,
    Node,
    Not,
    Or,
    Phrase,
    Read,
    Variants,
    Word,
    speaks,
)

NameExpander = Callable[[str], Iterable[str] | None]  # text -> its spellings
PeopleReader = Callable[[str], Iterable[str] | None]  # text -> the people it names
NAME_FIELDS = frozenset({None, "person", "speaker"})
PEOPLE_FIELDS = frozenset({None, "person"})
MAX_NAME_WORDS = 4


class _Names:
    """Asks each lookup at most once per text, and never lets one fail a search."""

    def __init__(self, expand: NameExpander | None, people: PeopleReader | None):
        self.lookups = {"spellings": expand, "people": people}
        self.cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self.readings: list[Reading] = []  # free text read as people, in order
        self.negated = False  # under an odd number of NOTs: the people's documents are left out

    def variants(self, text: str) -> tuple[str, ...]:
        found = self._ask("spellings", text)
        return tuple(dict.fromkeys([text, *found])) if found else ()

    def people(self, text: str) -> tuple[str, ...]:
        return self._ask("people", text)

    def note(self, text: str, people: tuple[str, ...]) -> None:
        reading = Reading(text, people, excluded=self.negated)
        if reading not in self.readings:
            self.readings.append(reading)

    def _ask(self, kind: str, text: str) -> tuple[str, ...]:
        lookup = self.lookups[kind]
        if lookup is None:
            return ()
        if (kind, text) not in self.cache:
            try:
                found = [v for v in (lookup(text) or ()) if isinstance(v, str) and v.strip()]
            except Exception:  # a broken lookup must not break the search page
                found = []
            self.cache[kind, text] = tuple(dict.fromkeys(found))
        return self.cache[kind, text]


def read_names(
    node: Node, expand: NameExpander | None, people: PeopleReader | None = None
) -> tuple[Read, list[Reading]]:
    """The tree with its names read, and which free-text names were read as which people."""
    if expand is None and people is None:
        return node, []
    names = _Names(expand, people)
    return _rewrite(node, names, read=True), names.readings


def with_names(node: Node, expand: NameExpander | None) -> Read:
    """Replace names the caller knows by :class:`Variants` (spellings only, no people)."""
    return read_names(node, expand)[0]


def _rewrite(node: Node, names: _Names, read: bool) -> Read:
    if isinstance(node, And):
        read = read and not any(speaks(child) for child in node.children)
        return And(tuple(_rewrite_run(list(node.children), names, read)))  # type: ignore[arg-type]
    if isinstance(node, Or):
        return Or(tuple(_rewrite(c, names, read) for c in node.children))  # type: ignore[misc]
    if isinstance(node, Not):
        names.negated = not names.negated
        child = _rewrite(node.child, names, read)
        names.negated = not names.negated
        return Not(child)  # type: ignore[arg-type]
    if isinstance(node, Word | Phrase) and _nameable(node):
        whole = isinstance(node, Phrase) or node.field == "person"
        text = node.text if isinstance(node, Word) else " ".join(node.words)
        return _name(text, node, names, read and whole) or node
    return node


def _name(text: str, typed: Node, names: _Names, read: bool) -> Read | None:
    """``typed`` read as a name: its spellings, and with ``read`` the documents of its people.

    Free text becomes text OR ``person:`` of the same words, so it finds exactly what
    ``person:`` finds plus the words in the text. None when the words name nobody known.
    """
    fld = _field(typed)
    variants = names.variants(text)
    people = names.people(text) if read and fld in PEOPLE_FIELDS else ()
    if not variants and not people:
        return None
    words: Read = Variants(variants, fld) if variants else typed
    if not people:
        return words
    if fld == "person":
        return Or((words, Linked(people)))  # type: ignore[arg-type]
    names.note(text, people)
    as_person = Variants(variants, "person") if variants else Phrase(tuple(text.split()), "person")
    return Or((words, as_person, Linked(people)))  # type: ignore[arg-type]


def _field(node: Node) -> str | None:
    if isinstance(node, And):
        return _field(node.children[0])
    return getattr(node, "field", None)


def _nameable(node: Node) -> bool:
    if isinstance(node, Word):
        return not node.prefix and node.field in NAME_FIELDS
    return isinstance(node, Phrase) and node.field in NAME_FIELDS


def _rewrite_run(children: list[Node], names: _Names, read: bool) -> list[Read]:
    """Greedy, longest first: ``Choe Yong Gon`` typed without quotes is still one name."""
    out: list[Read] = []
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
            part = children[i : i + size]
            text = " ".join(c.text for c in part)  # type: ignore[union-attr]
            if (found := _name(text, And(tuple(part)), names, read)) is not None:
                out.append(found)
                i += size
                break
        else:
            out.append(_rewrite(children[i], names, read))
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
