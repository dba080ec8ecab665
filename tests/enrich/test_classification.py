"""Original classification and originating archive read from FRUS source notes and seed fields
(issue 18), plain Python; the last test reads the source notes of the 12 FRUS volumes."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import etree

from readingroom.enrich.classification import (
    CAVEATS,
    LEVELS,
    PRECEDENCE,
    Classification,
    agency,
    read,
)
from tests.frus_data import VOLUMES, volume_path

C = Classification


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Source: Department of State, Central Files, 611.93/2–2458. Secret. Drafted by Parsons.",
         C("Secret")),
        ("Source: Department of State, Central Files, 761.00/1–2359. Top Secret; Nodis.",
         C("Top Secret", ["Nodis"])),
        ("Source: Department of State, Central Files, 611.61/3-161. Confidential; Limited "
         "Distribution.", C("Confidential", ["Limdis"])),
        ("Source: Department of State, Central Files, 793.00/9–1858. Secret; Priority; Limit "
         "Distribution. Repeated to Taipei.", C("Secret", ["Limdis"], "Priority")),
        ("Source: Johnson Library, National Security File. Top Secret; Sensitive; Eyes Only.",
         C("Top Secret", ["Sensitive", "Eyes Only"])),
        ("Source: Department of State, Central Files. Secret; Noforn.", C("Secret", ["Noforn"])),
        ("Source: Department of State, Central Files. Confidential; Limdis.",
         C("Confidential", ["Limdis"])),
        ("Source: Department of State, Central Files. Official Use Only; Niact.",
         C("Official Use Only", [], "Niact")),
        ("Source: Department of State, Central Files. Limited Official Use.",
         C("Limited Official Use")),
        ("Source: Department of State, Central Files. Unclassified; Priority.",
         C("Unclassified", [], "Priority")),
        ("Source: Department of State, Central Files. Secret; Exclusive Distribution.",
         C("Secret", ["Exdis"])),
        ("Source: Department of State, Central Files. Secret; Niact; No Distribution.",
         C("Secret", ["Nodis"], "Niact")),
        ("Source: Department of State, Central Files. Secret—Eyes Only.",
         C("Secret", ["Eyes Only"])),
        ("Source: Department of State, Central Files. Secret; Eyes only.",
         C("Secret", ["Eyes Only"])),
        ("Source: Department of State, Central Files. Secret; Immediate; Nodis; Cactus.",
         C("Secret", ["Nodis"], "Immediate", ["Cactus"])),
        ("Source: Department of State, Central Files. Top Secret; Flash, Nodis.",
         C("Top Secret", ["Nodis"], "Flash")),
        ("Source: Department of State, Central Files. Secret, Immediate; Limdis.",
         C("Secret", ["Limdis"], "Immediate")),
        ("Source: Kennedy Library. Secret; Operational Immediate; Limit Distribution.",
         C("Secret", ["Limdis"], "Operational Immediate")),
        ("Source: Central Intelligence Agency: Job 79-S01060A. Top Secret; [codeword not "
         "declassified]; Noforn. Prepared by CIA's Office of Current Intelligence.",
         C("Top Secret", ["Noforn"], "", ["[codeword not declassified]"])),
        ("Source: Central Intelligence Agency, NIE Files. Top Secret; Ruff/[codeword not "
         "declassified].", C("Top Secret", [], "", ["Ruff", "[codeword not declassified]"])),
        ("Source: Central Intelligence Agency. Secret; No Foreign Dissem/Background Use Only.",
         C("Secret", ["Noforn", "Background Use Only"])),
        ("Source: Department of State. Secret; Noforn Except GRC.", C("Secret", ["Noforn"])),
        ("Source: Department of State. Top Secret; Special Handling Required; Not Releasable to "
         "Foreign Nationals.", C("Top Secret", ["Noforn"], "", ["Special Handling Required"])),
        ("Source: Johnson Library. Top Secret; Sensitive; For the Eyes of the President and "
         "Secretary of State Only.", C("Top Secret", ["Sensitive", "Eyes Only"])),
        ("Source: Johnson Library. Secret; Nodis; Literally Eyes Only for the President.",
         C("Secret", ["Nodis", "Eyes Only"])),
        ("Source: Department of State. Secret; Official–Informal; No Distribution Outside "
         "Department.", C("Secret", ["Official–Informal", "No Distribution Outside Department"])),
        ("Source: Department of State. Confidential; Verbatim Text; Niact; Limit Distribution.",
         C("Confidential", ["Verbatim Text", "Limdis"], "Niact")),
        ("Source: Department of State. Top Secret; Specat Exclusive; Immediate.",
         C("Top Secret", ["Specat"], "Immediate")),
        ("Source: Department of State. Secret; Priority; Limdis; Roger Channel.",
         C("Secret", ["Limdis", "Roger Channel"], "Priority")),
        ("Source: Department of State. Secret; Presidential Handling.",
         C("Secret", ["Presidential Handling"])),
        ("Source: Department of State. Secret; Controlled Dissemination.",
         C("Secret", ["Controlled Dissem"])),
        ("Source: Department of State. Confidential; priority; Limit Distribution.",
         C("Confidential", ["Limdis"], "Priority")),
        # Irregular notes as printed.
        ("Source: Department of State, Central Files, 747C.00/12–2355, Secret; Niact. Drafted "
         "by Allen.", C("Secret", [], "Niact")),
        ("Source: Department of State, Central Files, 747C.00/12–2156 Confidential. Drafted by "
         "Williams.", C("Confidential")),
        ("Source: Kennedy Library, President's Office Files, China Security, 1962-63, Secret. "
         "Sent to Kennedy on June 24.", C("Secret")),
        ("Source: Department of State, Central Files, 764.00/12–2757. Confidental. Drafted by "
         "Brown.", C("Confidential")),
        ("Source: Department of State, Central Files, 793.00/7–160. Personal and Confidential.",
         C("Confidential", ["Personal"])),
        ("Source: Department of State. Top Secret and Personal.", C("Top Secret", ["Personal"])),
        ("Source: Department of State, Intelligence Files. Secret/Noforn.",
         C("Secret", ["Noforn"])),
        ("Source: Department of State, Central Files, POL 14 S KOR. Secret: Niact; Limit "
         "Distribution.", C("Secret", ["Limdis"], "Niact")),
        ("Source: Department of State. Secret; Priority: Drafted by Yager; cleared by Evans.",
         C("Secret", [], "Priority")),
        ("Source: Department of State. Confidential Drafted by Beam and Stevens.",
         C("Confidential")),
        ("Source: Department of State. Secret; Limit Distribution Received at 8:13 a.m.",
         C("Secret", ["Limdis"])),
        ("Source: Department of State, OCB Files. Secret.According to a memorandum from Stevens",
         C("Secret")),
        ("Source: Department of State. Secret With Top Secret Attachments.", C("Secret")),
        ("Source: Eisenhower Library, White House Confidential Files. Secret.", C("Secret")),
        ("[Source: Department of State, Central Files, 711.5638/4–1158. Top Secret. 1 page of "
         "source text not declassified.]", C("Top Secret")),
        ("Source: National Archives and Records Administration, RG 59, POL 27–3 VIET S. "
         "Priority; Limdis. Repeated to Tokyo.", C("", ["Limdis"], "Priority")),
        ("Source: Johnson Library, Rostow Files. Literally Eyes Only for the President and "
         "Secretary Rusk.", C("", ["Eyes Only"])),
        # No marking: said so, or not said at all.
        ("Source: Department of State, Presidential Correspondence: Lot 66 D 204. No "
         "classification marking.", C(unmarked=True)),
        ("Source: Kennedy Library. The source text bears no classification or drafting "
         "information.", C(unmarked=True)),
        ("Source: Kennedy Library, Khrushchev Correspondence. No classification marking, but the "
         "Department of State classified the message Top Secret and Eyes Only. (Department of "
         "State, Presidential Correspondence: Lot 77 D 163)", C(unmarked=True)),
        ("Source: Eisenhower Library, Hagerty Papers.", C()),
        ("Source: Department of State Bulletin, November 5, 1956, pp. 697–698.", C()),
        # "secret" that is no marking.
        ("Source: Department of State, Central Files. Drafted by Allen. A secret meeting was "
         "held on May 3.", C()),
        ("Source: Department of State. Secret talks began in Warsaw. Drafted by Allen.", C()),
        ("Source: Department of State. Secret Service agents were present.", C()),
        ("Source: Eisenhower Library. The Top Secret report was later declassified.", C()),
        ("Source: Department of State. Sent to the Secretary, Confidential papers attached.",
         C()),
        # Seed and export fields: the marking alone.
        ("SECRET", C("Secret")),
        ("Top Secret", C("Top Secret")),
        ("Top secret", C("Top Secret")),
        ("Top Secret//Eyes Only", C("Top Secret", ["Eyes Only"])),
        ("TOP SECRET//NOFORN", C("Top Secret", ["Noforn"])),
        ("Strictly Secret", C("Top Secret")),
        ("Completely secret", C("Top Secret")),
        ("Strictly Confidential", C("Confidential")),
        ("Confidential", C("Confidential")),
        ("Unclassified", C("Unclassified")),
        ("", C()),
        ("Restricted", C()),
    ],
)  # fmt: skip
def test_read(note: str, expected: Classification) -> None:
    found = read(note)
    assert found == expected
    assert found.level in (*LEVELS, "")
    assert set(found.caveats) <= set(CAVEATS)
    assert found.precedence in (*PRECEDENCE, "")


@pytest.mark.parametrize(
    ("note", "name"),
    [
        ("Source: Department of State, Central Files, 611.93/2–2458. Secret.",
         "Department of State"),
        ("Department of State, Central Files, 611.93/2–2458. Secret.", "Department of State"),
        ("Source: Department of States, Central Files, 100.4–OCB/11–656.", "Department of State"),
        ("Source Department of State, Central Files, 795B.00/12-258.", "Department of State"),
        ("Source; Johnson Library, National Security File, Country File.", "Johnson Library"),
        ("Source: Department of State Press Release No. 634, Department of State, Conference "
         "Files.", "Department of State"),
        ("Source: Department of State Bulletin, November 5, 1956.",
         "Department of State Bulletin"),
        ("Source: Eisenhower Library, Whitman File, NSC Records.", "Eisenhower Library"),
        ("Source: Kennedy Library, National Security Files, Countries Series.",
         "Kennedy Library"),
        ("Source: Johnson Library, National Security File, Country File, USSR.",
         "Johnson Library"),
        ("Source: Central Intelligence Agency, DCI (McCone) Files: Job 80-B01285A.",
         "Central Intelligence Agency"),
        ("Source: Central Intelligence Agency: Job 79-S01060A. Secret.",
         "Central Intelligence Agency"),
        ("Source: Central Intelligence Agency. Secret.", "Central Intelligence Agency"),
        ("Source: Central Intellience Agency: Job 79-S01060A.", "Central Intelligence Agency"),
        ("Source: CIA Files. Secret.", "Central Intelligence Agency"),
        ("Source: National Archives and Records Administration, RG 59, Central Files 1964–66.",
         "National Archives and Records Administration"),
        ("Source: National Archives and Records Administration RG 59, Central Files.",
         "National Archives and Records Administration"),
        ("Source: National Archives, Nixon Presidential Materials, NSC Files.",
         "National Archives and Records Administration"),
        ("Source: Washington National Records Center, RG 330, OSD Files: FRC 71 A 3479.",
         "Washington National Records Center"),
        ("Source: Library of Congress Manuscript Division, Harriman Papers.",
         "Library of Congress"),
        ("Source: Library of Congress, Manuscript Division, Harriman Papers.",
         "Library of Congress"),
        ("Source: U.S. Army Military History Institute, Department of the Army Files.",
         "U.S. Army Military History Institute"),
        ("Source: U.S. Mission to the United Nations, USUN Files, Formosa (1949–1962).",
         "U.S. Mission to the United Nations"),
        ("Source: National Defense University, Taylor Papers, Box 47.",
         "National Defense University"),
        ("Source: Princeton University, Dulles Papers, Box 127.", "Princeton University"),
        ("Source: National Security Agency, Center for Cryptologic History.",
         "National Security Agency"),
        ("Source: Russian Ministry of Foreign Affairs, Department of History and Records.",
         "Russian Ministry of Foreign Affairs"),
        ("Source: Public Papers of the Presidents of the United States: John F. Kennedy, 1961.",
         "Public Papers of the Presidents"),
        ("Source:American Foreign Policy: Current Documents, 1960, p. 476.",
         "American Foreign Policy: Current Documents"),
        ("[Source: Washington National Records Center, RG 330. Top Secret. 5 pages of source "
         "text not declassified.]", "Washington National Records Center"),
        ("", ""),
    ],
)  # fmt: skip
def test_agency(note: str, name: str) -> None:
    assert agency(note) == name


_TEI = "{http://www.tei-c.org/ns/1.0}"


def _own_text(el: etree._Element) -> str:
    """An element's text without the notes nested in it (their tails kept)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != f"{_TEI}note":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _source_note(div: etree._Element) -> str | None:
    """As SOURCES.md counts them: the note typed "source", else a first note that begins
    "Source:"; also "[Source:", the bracketed note of a document withheld whole."""
    first = None
    for note in div.iter(f"{_TEI}note"):
        if note.get("type") == "source":
            return _own_text(note)
        first = note if first is None else first
    text = _own_text(first) if first is not None else ""
    return text if text.startswith(("Source:", "[Source:")) else None


@pytest.mark.frus
def test_the_source_notes_of_the_12_volumes() -> None:
    """Where no level is found (192 of 3,452 notes in the 2015 files):
    - 128 notes say so: "No classification marking" (59 of them the Kennedy–Khrushchev letters
      of 1961–63 v06; presidential letters, press statements, telephone transcripts);
    - 27 are transcripts and diaries FRUS says nothing about (Dulles telephone conversations,
      Hagerty Papers, Eisenhower Diaries), 3 published sources (Department of State Bulletin,
      Public Papers, Problems of Communism);
    - 4 carry caveats or precedence only ("Eyes Only.", "Personal.", "Priority; Limdis.");
    - 30 give a reference and drafting information only (most in the 1955–57 volumes), one of
      them the bracketed note of a withheld document (1958–60 v10p2 d323), and one is cut
      short, its marking spilled into the first paragraph (1964–68 v14 d146).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    levels: Counter[str] = Counter()
    unmarked = 0
    for stem in VOLUMES:
        tree = etree.parse(str(volume_path(stem)), parser)
        for div in tree.iter(f"{_TEI}div"):
            note = _source_note(div) if div.get("type") == "document" else None
            if note is None:
                continue
            found = read(note)
            levels[found.level] += 1
            unmarked += not found.level and found.unmarked
    notes = sum(levels.values())
    read_level = notes - levels[""]
    rate, rate_marked = read_level / notes, read_level / (notes - unmarked)
    print(f"\n{notes} source notes: a level in {read_level} ({rate:.1%}); {unmarked} say there "
          f"is no marking; {levels[''] - unmarked} silent; of the rest {rate_marked:.1%}",
          dict(levels))  # fmt: skip
    assert notes >= sum(v.source_notes for v in VOLUMES.values())  # 3,385 + 67 bracketed
    assert rate_marked >= 0.95  # of the notes that do not say the text bears no marking
    assert (read_level + unmarked) / notes >= 0.98
    assert rate >= 0.94  # 94.4%: below 95% only because 128 notes say there is no marking
