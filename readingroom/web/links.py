"""Where a document's cross-references lead ("See Document 83", "footnote 2, Document 83").

A "link" annotation (`records.contract`) names a document key (with "#fn2" for a footnote),
a volume's collection key or an http(s) URL. On the page it is a link only to what this
archive holds and the public may see, or to the URL; anything else stays plain words, so a
draft is never linked (nor shown to exist). One document's links are looked up together by
key: their number is the document's, whatever the size of the archive.
"""

from __future__ import annotations

from collections.abc import Iterable

from readingroom.records.models import Collection
from readingroom.web.contents import public_by_key

EXTERNAL = ("http://", "https://")


def link_hrefs(targets: Iterable[str]) -> dict[str, str]:
    """The address of each target that has one here (or is a URL), by target."""
    targets = set(targets)
    hrefs = {t: t for t in targets if t.startswith(EXTERNAL)}
    split = {t: t.partition("#") for t in targets - set(hrefs)}
    documents = public_by_key({key for key, _, _ in split.values()})
    volumes = {key for key, _, _ in split.values() if key not in documents}
    if volumes:
        public = Collection.objects.public().filter(key__in=volumes).only("key")
        collections = {c.key: c for c in public}
    else:
        collections = {}
    for target, (key, _, fragment) in split.items():
        if key in documents:
            note = f"#fn-{fragment.removeprefix('fn')}" if fragment.startswith("fn") else ""
            hrefs[target] = documents[key].get_absolute_url() + note
        elif key in collections:
            hrefs[target] = collections[key].get_absolute_url()
    return hrefs
