"""Cross-reference targets a reader may be given ("link" annotations, `records.contract`).

A link names a document key (with "#fn2" for a footnote), a volume's collection key or a URL.
What reaches the public (the page's JSON, the API, the public download) keeps a target only
when it is a URL or names a public document or a collection with one: the key of a draft
would tell that it exists. The words of the reference ("Document 83") stay, as printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from readingroom.records.models import Collection, Document

EXTERNAL = ("http://", "https://")


def key_of(target: str) -> str:
    """The document or collection key a target names ("vol-d83#fn2" → "vol-d83")."""
    return target.partition("#")[0]


def visible(targets: Iterable[str]) -> set[str]:
    """The targets a reader may be given: URLs, public documents, public collections."""
    targets = set(targets)
    shown = {t for t in targets if t.startswith(EXTERNAL)}
    keys = {key_of(t) for t in targets - shown}
    if keys:
        public = set(
            Document.objects.public()
            .filter(identifier__in=keys)
            .values_list("identifier", flat=True)
        )
        rest = keys - public
        if rest:
            public |= set(
                Collection.objects.public().filter(key__in=rest).values_list("key", flat=True)
            )
        shown |= {t for t in targets if key_of(t) in public}
    return shown


def _link_annotations(snapshot: dict[str, Any]) -> Iterator[dict[str, Any]]:
    texts = [snapshot.get("blocks", []), *(t.get("blocks", []) for t in snapshot.get("texts", []))]
    for blocks in texts:
        for block in blocks:
            yield from (a for a in block.get("annotations", []) if a.get("kind") == "link")


def hide_unpublished_links(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with the target of every link to what the public may not see emptied."""
    links = [a for a in _link_annotations(snapshot) if a.get("target")]
    if links:
        shown = visible(a["target"] for a in links)
        for annotation in links:
            if annotation["target"] not in shown:
                annotation["target"] = ""
    return snapshot
