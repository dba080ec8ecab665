"""The crosswalk from a citable record to every machine-readable output.

CSL-JSON, BibTeX (bibtexparser), RIS (rispy), the ``citation_*`` and Dublin
Core meta tags and COinS that Zotero reads from a page, and schema.org JSON-LD.
One place, so the page, the API and the exports describe a record alike.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import bibtexparser
import rispy
from bibtexparser import model

from readingroom.citations.citable import DIGITAL_ARCHIVE, Citable, date_parts, split_name
from readingroom.citations.escaping import one_line, one_line_values, plain_url, tex

# ---------------------------------------------------------------- CSL-JSON


def _csl_name(name: str) -> dict[str, str]:
    family, given = split_name(name)
    return {"family": family, "given": given} if given else {"literal": family}


def csl_json(item: Citable) -> dict[str, Any]:
    """One CSL-JSON item: "manuscript" for an archival document, "chapter" in a volume."""
    data: dict[str, Any] = {"id": item.identifier, "title": item.title, "URL": item.url}
    parts = date_parts(item)
    if parts:
        data["issued"] = {"date-parts": parts}
        if item.precision == "circa":
            data["issued"]["circa"] = True
    elif item.date_text:
        data["issued"] = {"literal": item.date_text}
    if item.volume:
        data |= {"type": "chapter", "container-title": item.volume.title}
        data["editor"] = [_csl_name(e) for e in item.volume.editors]
        data["chapter-number"] = item.volume.number
        imprint = {"publisher": item.volume.publisher, "publisher-place": item.volume.place}
        data |= {k: v for k, v in imprint.items() if v}
    else:
        data |= {"type": "manuscript", "source": DIGITAL_ARCHIVE}
        if item.repository:
            data["archive"] = item.repository
        volume = item.file_volume and f"V. {item.file_volume}"
        location = ", ".join(p for p in (item.fonds, item.file, volume) if p)
        if location:
            data["archive_location"] = location
    translators = item.credited("translated_by")
    if translators:
        data["translator"] = [_csl_name(n) for n in translators]
    optional = {
        "genre": "; ".join(item.types),
        "language": ", ".join(item.languages),
        "abstract": item.summary,
        "note": item.source_text,
    }
    data |= {k: v for k, v in optional.items() if v}
    return data


def csl_json_text(item: Citable) -> str:
    return csl_json_list([item])


def csl_json_list(items: list[Citable]) -> str:
    return json.dumps([csl_json(i) for i in items], ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- BibTeX


def bibtex_key(item: Citable) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", item.identifier) or "record"


def _bib_fields(item: Citable) -> dict[str, str]:
    fields = {"title": "{" + tex(item.title) + "}", "url": plain_url(item.url)}
    if item.start:
        fields["year"] = str(item.start.year)
        if item.precision in ("day", "month"):
            fields["month"] = str(item.start.month)
    if item.date_text:
        fields["date"] = tex(item.date_text)
    if item.volume:
        editors = [", ".join(tex(p) for p in split_name(e) if p) for e in item.volume.editors]
        fields |= {"booktitle": tex(item.volume.title), "editor": " and ".join(editors)}
        fields["chapter"] = tex(item.volume.number)
        imprint = {"publisher": item.volume.publisher, "address": item.volume.place}
        fields |= {k: tex(v) for k, v in imprint.items() if v}
    else:
        fields["howpublished"] = tex(DIGITAL_ARCHIVE)
        if item.source_text:
            fields["note"] = tex(item.source_text)
    translators = item.credited("translated_by")
    if translators:
        fields["translator"] = " and ".join(tex(t) for t in translators)
    if item.types:
        fields["type"] = tex("; ".join(item.types))
    return fields


def bibtex_entry(item: Citable, key: str = "") -> model.Entry:
    """One entry: @incollection for a volume document, @misc for an archival one; each
    field on one line with its braces balanced (`citations.escaping`)."""
    kind = "incollection" if item.volume else "misc"
    fields = [model.Field(k, v) for k, v in one_line_values(_bib_fields(item)).items()]
    return model.Entry(kind, key or bibtex_key(item), fields)


def bibtex(item: Citable) -> str:
    return bibtexparser.write_string(bibtexparser.Library([bibtex_entry(item)]))


def unique_keys(items: list[Citable]) -> list[str]:
    """Each item's key, a repeat numbered ("x", "x-2"): a list's keys must differ."""
    keys: list[str] = []
    taken: set[str] = set()
    for item in items:
        key, n = bibtex_key(item), 1
        while (key if n == 1 else f"{key}-{n}") in taken:
            n += 1
        keys.append(key if n == 1 else f"{key}-{n}")
        taken.add(keys[-1])
    return keys


def bibtex_list(items: list[Citable], comment: str = "") -> str:
    """A list of entries with unique keys, after an `@comment` when there is something to
    say of the list (it was cut at the cap); the comment's text is kept on one line."""
    blocks: list[model.Block] = [model.ExplicitComment(tex(one_line(comment)))] if comment else []
    blocks += [bibtex_entry(i, k) for i, k in zip(items, unique_keys(items), strict=True)]
    return bibtexparser.write_string(bibtexparser.Library(blocks))


# ---------------------------------------------------------------- RIS


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's "1." counter line, which some readers reject."""

    def set_header(self, count: int) -> str:
        return ""


def ris_entry(item: Citable) -> dict[str, Any]:
    entry: dict[str, Any] = {"type_of_reference": "CHAP" if item.volume else "MANSCPT"}
    entry |= {"title": item.title, "urls": [item.url], "id": item.identifier}
    if item.start:
        entry["year"] = str(item.start.year)
        entry["date"] = item.start.strftime("%Y/%m/%d/")
    if item.volume:
        entry["secondary_title"] = item.volume.title
        entry["secondary_authors"] = [", ".join(split_name(e)) for e in item.volume.editors]
        entry["number"] = item.volume.number
        imprint = {"publisher": item.volume.publisher, "place_published": item.volume.place}
        entry |= {k: v for k, v in imprint.items() if v}
    else:
        entry["publisher"] = DIGITAL_ARCHIVE
        if item.repository:
            entry["database_provider"] = item.repository
    translators = item.credited("translated_by")
    if translators:
        entry["tertiary_authors"] = [", ".join(split_name(t)) for t in translators]
    optional = {"type_of_work": "; ".join(item.types), "abstract": item.summary}
    entry |= {k: v for k, v in optional.items() if v}
    if item.source_text:
        entry["notes"] = [item.source_text]
    if item.languages:
        entry["language"] = ", ".join(item.languages)
    return entry


def ris(item: Citable) -> str:
    """One record, each value on one line: no value can end it or start another."""
    return ris_list([item])


def ris_list(items: list[Citable]) -> str:
    return rispy.dumps([one_line_values(ris_entry(i)) for i in items], implementation=_RisWriter)


# ---------------------------------------------------------------- page metadata


def meta_tags(item: Citable) -> list[tuple[str, str]]:
    """(name, content) pairs: Highwire ``citation_*`` for Zotero, then Dublin Core."""
    tags = [("citation_title", item.title), ("citation_public_url", item.url)]
    if item.start:
        tags.append(("citation_date", item.start.strftime("%Y/%m/%d")))
    if item.volume:
        tags.append(("citation_inbook_title", item.volume.title))
        tags += [("citation_editor", e) for e in item.volume.editors]
        if item.volume.publisher:
            tags.append(("citation_publisher", item.volume.publisher))
    else:
        tags.append(("citation_publisher", DIGITAL_ARCHIVE))
        if item.repository:
            tags.append(("citation_archive", item.repository))
    tags += [("citation_language", lang) for lang in item.languages]
    tags += [("citation_keywords", s) for s in item.subjects]
    return tags + dublin_core(item)


def dublin_core(item: Citable) -> list[tuple[str, str]]:
    tags = [("DC.title", item.title), ("DC.identifier", item.url)]
    if item.volume:
        tags.append(("DC.relation.isPartOf", item.volume.title))
        if item.volume.publisher:
            tags.append(("DC.publisher", item.volume.publisher))
    else:
        tags.append(("DC.publisher", DIGITAL_ARCHIVE))
    if item.start:
        tags.append(("DC.date", item.start.isoformat()))
    tags += [("DC.type", t) for t in item.types]
    tags += [("DC.language", lang) for lang in item.languages]
    tags += [("DC.subject", s) for s in item.subjects]
    tags += [("DC.coverage", p) for p in item.places]
    tags += [("DC.contributor", name) for _, name in item.credits]
    optional = {"DC.source": item.source_text, "DC.rights": item.rights}
    optional["DC.description"] = item.summary
    return tags + [(k, v) for k, v in optional.items() if v]


def coins(item: Citable) -> str:
    """The COinS ContextObject (an OpenURL query string) for the span's title attribute."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book")]
    if item.volume:
        pairs += [("rft.genre", "bookitem"), ("rft.atitle", item.title)]
        pairs += [("rft.btitle", item.volume.title)]
        imprint = {"rft.pub": item.volume.publisher, "rft.place": item.volume.place}
        pairs += [(k, v) for k, v in imprint.items() if v]
    else:
        pairs += [("rft.genre", "document"), ("rft.title", item.title)]
        pairs += [("rft.pub", DIGITAL_ARCHIVE)]
    if item.start:
        pairs.append(("rft.date", item.start.isoformat()))
    pairs.append(("rft_id", item.url))
    return urlencode(pairs)


def json_ld(item: Citable) -> dict[str, Any]:
    """schema.org: an ArchiveComponent, or a CreativeWork that is part of a Book."""
    data: dict[str, Any] = {"@context": "https://schema.org", "name": item.title}
    data |= {"url": item.url, "identifier": item.record_id or item.identifier}
    if item.volume:
        data["@type"] = "CreativeWork"
        data["position"] = item.volume.number
        data["isPartOf"] = {
            "@type": "Book",
            "name": item.volume.title,
            "editor": [{"@type": "Person", "name": e} for e in item.volume.editors],
        }
        if item.volume.publisher:
            data["isPartOf"]["publisher"] = {"@type": "Organization", "name": item.volume.publisher}
        if item.volume.year:
            data["isPartOf"]["datePublished"] = item.volume.year
    else:
        data["@type"] = "ArchiveComponent"
        data["publisher"] = {"@type": "Organization", "name": DIGITAL_ARCHIVE}
        if item.repository:
            data["holdingArchive"] = {"@type": "ArchiveOrganization", "name": item.repository}
    if item.start:
        data["dateCreated"] = item.start.isoformat()
    translators = item.credited("translated_by")
    data["translator"] = [{"@type": "Person", "name": n} for n in translators]
    optional = {
        "genre": list(item.types),
        "inLanguage": list(item.languages),
        "about": list(item.subjects),
        "abstract": item.summary,
        "usageInfo": item.rights,
        "mentions": [{"@type": "Person", "name": n} for n in item.people],
        "spatialCoverage": [{"@type": "Place", "name": p} for p in item.places],
    }
    data |= {k: v for k, v in optional.items() if v}
    return {k: v for k, v in data.items() if v != []}


def json_ld_script(item: Citable) -> str:
    """JSON-LD safe to put inside a <script> element: no "<", ">" or "&" left raw."""
    text = json.dumps(json_ld(item), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


DOWNLOADS = {
    "bib": ("BibTeX", "application/x-bibtex", bibtex),
    "ris": ("RIS", "application/x-research-info-systems", ris),
    "csl.json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", csl_json_text),
}
