"""Source citation lines: the archive reference split into parts, the credits into roles.

A line looks like "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959. Obtained by Ana
Lalaj and translated by Enkel Daljani." The text is always kept exactly as written; the parts
are a best effort, and a part that cannot be recognized is left empty rather than guessed.

Rules, stated once:
- the archive comes first: "Name (ABBR)", or a bare abbreviation ("AQPPSH"), whose full name is
  taken from `KNOWN_ARCHIVES` when listed there;
- "D1" / "D 3" / "Dosja 3" is the file, kept as written;
- "V. 1959" is the volume, stored as "1959": in Albanian archive references "V." is "Viti"
  (year), and the year is how the file series is volumed, so the number is the useful value;
- the first remaining part is the fonds ("MPP Korese"); later unknown parts stay only in text;
- credit sentences start with "Obtained", "Translated" or "Edited" and follow the reference.
"""

from __future__ import annotations

import re

from readingroom.records.contract import CreditRecord, SourceCitation

KNOWN_ARCHIVES = {"AQPPSH": "Albanian State Archives"}

_ARCHIVE = re.compile(r"(?P<name>.+?)\s*\((?P<abbr>[^()]+)\)")
_ABBR = re.compile(r"[A-Z][A-Z0-9&.\-]{1,15}")
_FILE = re.compile(r"(?:D|Dosja|Delo|File|Dossier)\.?\s*\d[\w/.\-]*", re.IGNORECASE)
_VOLUME = re.compile(r"(?:V|Viti|Vol|Volume)\.?\s*(?P<value>\d[\w/.\-]*)", re.IGNORECASE)
_CREDIT_START = re.compile(r"(?:^|(?<=[.;]\s))(?=(?:Obtained|Translated|Edited)\b)")
_CLAUSE_SPLIT = re.compile(r",?\s+and\s+(?=(?:obtained|translated|edited)\b)", re.IGNORECASE)
_CLAUSE = re.compile(
    r"(?P<verbs>(?:obtained|translated|edited)(?:\s*(?:,|and)\s*(?:obtained|translated|edited))*)"
    r"(?:\s+for\s+(?P<for>.+?))?\s+by\s+(?P<names>.+)",
    re.IGNORECASE,
)
_NAMES_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_ROLES = {"obtained": "obtained_by", "translated": "translated_by", "edited": "editor"}
_LONGEST_PART = 200  # characters; an archive's name or a fonds is far shorter


def split_source_line(line: str) -> tuple[str, str]:
    """(archive reference, credit sentences) of a source line."""
    match = _CREDIT_START.search(line.strip())
    if match is None:
        return line.strip(), ""
    return line.strip()[: match.start()].strip(), line.strip()[match.start() :].strip()


def _archive(first: str) -> tuple[str, str]:
    if match := _ARCHIVE.fullmatch(first):
        return match["name"].strip(), match["abbr"].strip()
    if _ABBR.fullmatch(first):
        return KNOWN_ARCHIVES.get(first, ""), first
    return first, ""


def parse_reference(reference: str, text: str) -> SourceCitation:
    """Split an archive reference into archive, fonds, file and volume; `text` kept as given.
    A part longer than a reference's ever is prose (a FRUS source note): the text alone."""
    parts = [p.strip() for p in reference.rstrip(". ").split(",") if p.strip()]
    citation = SourceCitation(text=text)
    if not parts or max(map(len, parts)) > _LONGEST_PART:
        return citation
    citation.archive, citation.archive_abbr = _archive(parts[0])
    for part in parts[1:]:
        if _FILE.fullmatch(part) and not citation.file:
            citation.file = part
        elif (match := _VOLUME.fullmatch(part)) and not citation.volume:
            citation.volume = match["value"]
        elif not citation.fonds and not citation.file:
            citation.fonds = part
    return citation


def _names(text: str) -> list[str]:
    return [n.strip() for n in _NAMES_SPLIT.split(text.strip().rstrip(".")) if n.strip()]


def _clause_credits(clause: str) -> list[CreditRecord]:
    match = _CLAUSE.fullmatch(clause.strip().rstrip(".").strip())
    if match is None:
        return []
    credits = [CreditRecord("translated_for", name) for name in _names(match["for"] or "")]
    for verb in re.findall(r"obtained|translated|edited", match["verbs"], re.IGNORECASE):
        credits.extend(CreditRecord(_ROLES[verb.lower()], name) for name in _names(match["names"]))
    return credits


def parse_credits(text: str) -> list[CreditRecord]:
    """CreditRecord roles from sentences such as "Translated for NKIDP by Enkel Daljani."

    "Obtained and translated by X" gives X both roles; "A and B" gives two people. Sentences
    that name no known role are ignored (they remain in the citation text).
    """
    credits: list[CreditRecord] = []
    for sentence in re.split(r"(?<=[.;])\s+", text.strip()):
        pending = ""  # "Obtained" in "Obtained and translated by X" waits for its "by"
        for clause in _CLAUSE_SPLIT.split(sentence):
            if not re.search(r"\bby\b", clause):
                pending = f"{pending} and {clause}" if pending else clause
                continue
            clause = f"{pending} and {clause}" if pending else clause
            pending = ""
            credits.extend(c for c in _clause_credits(clause) if c not in credits)
    return credits


def parse_source_line(line: str) -> tuple[SourceCitation, list[CreditRecord]]:
    """The source citation (text = the whole line as written) and its credits."""
    reference, credit_text = split_source_line(line)
    return parse_reference(reference, line.strip()), parse_credits(credit_text)
