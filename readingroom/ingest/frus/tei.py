"""The TEI and FRUS names the importer looks for, in one place so every module reads the same."""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
# The 2015 files use the first; upstream moved to the second in 2017.
FRUS_NAMESPACES = ("http://history.state.gov/ns/1.0", "http://history.state.gov/frus/ns/1.0")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NAMESPACES = {"t": TEI_NS}


def tei(name: str) -> str:
    """The Clark name lxml uses for a TEI element ("{ns}div")."""
    return f"{{{TEI_NS}}}{name}"


_TAG_NAMES = (
    "TEI text body div head note pb list item hi dateline date placeName opener "
    "persName gloss term table row cell closer signed time ref"
)
(TEI, TEXT, BODY, DIV, HEAD, NOTE, PB, LIST, ITEM, HI, DATELINE, DATE, PLACENAME, OPENER,
 PERSNAME, GLOSS, TERM, TABLE, ROW, CELL, CLOSER, SIGNED, TIME, REF
 ) = map(tei, _TAG_NAMES.split())  # fmt: skip
