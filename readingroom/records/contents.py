"""A volume's table of contents as stored (`Collection.contents`): walked, pruned, searched.

Plain Python over the stored dicts (`contract.contents_dicts`): a volume's size is bounded
(FRUS: a few hundred documents), so reading its tree whole costs the same whatever the size
of the archive. What a reader may see of it (public documents only) is decided by the
caller, which passes the keys it may show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Entry = dict[str, Any]


def document_keys(entries: list[Entry]) -> Iterator[str]:
    """Every document's key, in reading order."""
    for entry in entries:
        if entry["kind"] == "document":
            yield entry["key"]
        else:
            yield from document_keys(entry.get("entries", []))


def pruned(entries: list[Entry], keep: set[str] | frozenset[str]) -> list[Entry]:
    """The tree with only the documents in `keep`; a grouping left empty goes too, so no
    chapter of drafts alone is shown (or said to exist)."""
    out = []
    for entry in entries:
        if entry["kind"] == "document":
            if entry["key"] in keep:
                out.append(entry)
            continue
        inner = pruned(entry.get("entries", []), keep)
        if inner:
            out.append({**entry, "entries": inner})
    return out


@dataclass
class Place:
    """Where a document stands: the groupings around it, outermost first, and the documents
    beside it in the innermost one (its own key among them)."""

    groupings: list[Entry]
    siblings: list[str]


def place_of(entries: list[Entry], key: str) -> Place | None:
    """The document's place in the tree, or None when the tree does not hold it."""
    for entry in entries:
        if entry["kind"] != "document":
            found = place_of(entry.get("entries", []), key)
            if found is not None:
                found.groupings.insert(0, entry)
                return found
        elif entry["key"] == key:
            siblings = [e["key"] for e in entries if e["kind"] == "document"]
            return Place(groupings=[], siblings=siblings)
    return None


def groupings(entries: list[Entry]) -> Iterator[Entry]:
    """Every compilation and chapter, outermost first, in reading order."""
    for entry in entries:
        if entry["kind"] != "document":
            yield entry
            yield from groupings(entry.get("entries", []))
