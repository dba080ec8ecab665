"""The query tree: what :mod:`query` parses a query into and every backend compiles.

Kept apart from the parser so a compiler depends on the tree's shape, not on how
text becomes a tree. Nodes are frozen so a parsed query can be shared and cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Word:
    """One word (or a word-like token such as ``Yong-geon``); ``prefix`` for ``word*``."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order."""

    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class DateRange:
    """Documents whose own date range overlaps [start, end] (inclusive)."""

    start: date
    end: date


@dataclass(frozen=True)
class MatchAll:
    """The empty query: every document."""


Node = Word | Phrase | And | Or | Not | DateRange | MatchAll


# ---------------------------------------------------------------- read names (see :mod:`reading`)


@dataclass(frozen=True)
class Variants:
    """A name replaced by every spelling the caller knows (matched as phrases)."""

    names: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class Linked:
    """The documents linked to these people, named as the index's person facet holds them."""

    people: tuple[str, ...]
    field: str = "person"


Read = Node | Variants | Linked  # a tree once its names are read: what the compiler takes


def leaves(node: Read) -> Iterable[Read]:
    """The leaves under ``node``, through AND, OR and NOT."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        yield node


def speaks(node: Read) -> bool:
    """Whether a speaker: term sits anywhere under ``node``."""
    return any(getattr(leaf, "field", None) == "speaker" for leaf in leaves(node))


@dataclass(frozen=True)
class ParsedQuery:
    """The tree plus the warnings parsing produced, shown beside the results."""

    tree: Node
    warnings: list[str] = field(default_factory=list)
