"""Chicago (note and bibliography), MLA and APA citations of one record, as text and HTML.

Written out rather than run through citeproc-py: with the CSL styles it ships,
citeproc-py 0.11 puts commas and periods outside closing quotation marks, moves
translators and editors into the author position and capitalizes prepositions
in titles — each against the manuals' rules for archival documents. Readers who
want another style take the CSL-JSON download (:mod:`crosswalk`) to Zotero.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from readingroom.citations.citable import DIGITAL_ARCHIVE, MONTHS, Citable, long_date, split_name

MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
STYLES = {
    "chicago-note": "Chicago (note)",
    "chicago-bibliography": "Chicago (bibliography)",
    "mla": "MLA",
    "apa": "APA",
}


class Italic(str):
    """A piece of a citation set in italics."""


@dataclass(frozen=True)
class Formatted:
    text: str  # plain, for copying
    html: SafeString  # escaped, with <i> for italics


def _render(pieces: list[str]) -> Formatted:
    text = "".join(pieces)
    html = "".join(f"<i>{escape(p)}</i>" if isinstance(p, Italic) else escape(p) for p in pieces)
    return Formatted(text, mark_safe(html))  # every piece escaped above


def _quoted(title: str, punct: str) -> str:
    """A title in quotation marks with the following punctuation inside them (CMOS 6.9)."""
    title = title.rstrip()
    if title.endswith(("?", "!")) or (punct == "." and title.endswith(".")):
        punct = ""
    return f"“{title}{punct}”"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _and(names: list[str]) -> str:
    """ "A", "A and B", "A, B, and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _credit_sentence(item: Citable) -> str:
    """ "Obtained by … and translated by …." unless the source line already says it."""
    parts = [f"obtained by {n}" for n in item.credited("obtained_by")]
    parts += [f"translated by {n}" for n in item.credited("translated_by")]
    if not parts or any(n in item.source_text for _, n in item.credits):
        return ""
    sentence = _and(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _source(item: Citable) -> str:
    """The archival source line as written, with the credits sentence."""
    return " ".join(p for p in (_sentence(item.source_text), _credit_sentence(item)) if p)


def chicago_note(item: Citable) -> Formatted:
    """A first full note (CMOS 14.221ff.); for the archive's pages, its own citation form."""
    when = long_date(item) or "n.d."
    if item.volume:
        vol = item.volume
        imprint = f" ({vol.imprint})" if vol.imprint else ""
        return _render(
            [
                f"{_quoted(item.title, ',')} {when}, in ",
                Italic(vol.title),
                f", ed. {_and(list(vol.editors))}{imprint}, document {vol.number}, {item.url}.",
            ]
        )
    source = _source(item)
    tail = f" {source} {item.url}" if source else f" {item.url}"
    return _render([f"{_quoted(item.title, ',')} {when}, {DIGITAL_ARCHIVE},{tail}"])


def chicago_bibliography(item: Citable) -> Formatted:
    """A bibliography entry: the note's elements separated by periods (CMOS 14.222)."""
    when = long_date(item) or "n.d."
    if item.volume:
        vol = item.volume
        imprint = f" {vol.imprint}." if vol.imprint else ""
        return _render(
            [
                f"{_quoted(item.title, '.')} {when}. In ",
                Italic(vol.title),
                f", edited by {_and(list(vol.editors))}, document {vol.number}.{imprint} "
                f"{item.url}.",
            ]
        )
    parts = [_quoted(item.title, "."), _sentence(when), _sentence(DIGITAL_ARCHIVE), _source(item)]
    return _render([" ".join(p for p in parts if p) + f" {item.url}."])


def _mla_date(item: Citable) -> str:
    start = item.start
    if start and item.precision == "day":
        return f"{start.day} {MLA_MONTHS[start.month - 1]} {start.year}"
    if start and item.precision == "month":
        return f"{MLA_MONTHS[start.month - 1]} {start.year}"
    return long_date(item)


def _bare_url(url: str) -> str:
    """MLA 9 drops the scheme from URLs."""
    return url.split("://", 1)[-1]


def mla(item: Citable) -> Formatted:
    """MLA 9: title, container, other contributors, date, location."""
    when = _mla_date(item)
    if item.volume:
        vol = item.volume
        published = ", ".join(p for p in (vol.publisher, vol.year) if p)
        # The container's slot takes the imprint when there is one; the document's own date
        # then follows its title (MLA's optional date of the original).
        title = _quoted(item.title, ".") + (f" {when}." if when and published else "")
        slot = published or when
        slot = f" {slot}," if slot else ""
        return _render(
            [
                f"{title} ",
                Italic(vol.title),
                f", edited by {_and(list(vol.editors))},{slot} document {vol.number}, "
                f"{_bare_url(item.url)}.",
            ]
        )
    head = " ".join(p for p in (_quoted(item.title, "."), _sentence(when), _source(item)) if p)
    return _render([head + " ", Italic(DIGITAL_ARCHIVE), f", {_bare_url(item.url)}."])


def _apa_date(item: Citable) -> str:
    start = item.start
    if start is None:
        return "(n.d.)"
    if item.precision == "day":
        return f"({start.year}, {MONTHS[start.month - 1]} {start.day})"
    if item.precision == "month":
        return f"({start.year}, {MONTHS[start.month - 1]})"
    return f"({start.year})"


def _initials(name: str) -> str:
    """ "Harriet Dashiell Schwar" → "H. D. Schwar" (APA lists editors and translators so)."""
    family, given = split_name(name)
    initials = " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
    return f"{initials} {family}".strip()


def _apa_repository(item: Citable) -> str:
    """Collection (identifier), repository — or the source line as written."""
    if item.fonds and item.repository:
        where = ", ".join(
            p for p in (item.file, item.file_volume and f"V. {item.file_volume}") if p
        )
        fonds = f"{item.fonds} ({where})" if where else item.fonds
        return f"{fonds}, {item.repository}."
    return _sentence(item.source_text)


def apa(item: Citable) -> Formatted:
    """APA 7: an unauthored work is entered under its title, then the date."""
    when = _apa_date(item)
    if item.volume:
        vol = item.volume
        editors = " & ".join(_initials(e) for e in vol.editors)
        label = "Ed." if len(vol.editors) == 1 else "Eds."
        publisher = f" {_sentence(vol.publisher)}" if vol.publisher else ""
        return _render(
            [
                f"{_sentence(item.title)} {when}. In {editors} ({label}), ",
                Italic(vol.title),
                f" (Document {vol.number}).{publisher} {item.url}",
            ]
        )
    translators = [_initials(n) for n in item.credited("translated_by")]
    pieces: list[str] = [Italic(item.title)]
    if translators:
        pieces.append(f" ({', '.join(translators)}, Trans.)")
    if item.types:
        pieces.append(f" [{'; '.join(item.types)}]")
    repository = _apa_repository(item)
    tail = " ".join(p for p in (repository, _sentence(DIGITAL_ARCHIVE), item.url) if p)
    pieces.append(f". {when}. {tail}")
    return _render(pieces)


FORMATTERS = {
    "chicago-note": chicago_note,
    "chicago-bibliography": chicago_bibliography,
    "mla": mla,
    "apa": apa,
}


def all_styles(item: Citable) -> list[tuple[str, str, Formatted]]:
    """(key, label, citation) for every style, in the order the page shows them."""
    return [(key, STYLES[key], FORMATTERS[key](item)) for key in STYLES]
