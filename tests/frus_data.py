"""Where the FRUS development set lives, the counts its SOURCES.md states, and our excerpts.

Shared by every test that reads the real volumes (those carry the `frus` marker). A missing data
set is an error, never a skip: a green run must mean the volumes were actually read.

Tests that need only a few documents or a volume's lists read the committed excerpts in
tests/fixtures/frus/ instead (`excerpt_path`): the header, the persons and terms lists and a few
documents of a volume, unchanged (tests/fixtures/frus/excerpt.py says which and how).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXCERPTS = Path(__file__).resolve().parent / "fixtures" / "frus"


def frus_dir() -> Path:
    """The folder holding the 12 volumes: $FRUS_DIR, else <repo>/../shared/data/frus."""
    configured = os.environ.get("FRUS_DIR")
    path = Path(configured) if configured else REPO.parent / "shared" / "data" / "frus"
    if not path.is_dir() or not any(path.glob("frus*.xml")):
        raise RuntimeError(
            f"FRUS development set not found at {path} — set FRUS_DIR to the folder holding "
            "frus1955-57v24.xml and the other volumes (see shared/data/frus/SOURCES.md)"
        )
    return path


def volume_path(stem: str) -> Path:
    path = frus_dir() / f"{stem}.xml"
    if not path.is_file():
        raise RuntimeError(f"FRUS volume missing: {path}")
    return path


def excerpt_path(stem: str) -> Path:
    """The committed excerpt of a volume, named like the volume so document keys match."""
    path = EXCERPTS / f"{stem}.xml"
    if not path.is_file():
        raise RuntimeError(f"no FRUS excerpt {path} — see tests/fixtures/frus/excerpt.py")
    return path


@dataclass(frozen=True)
class VolumeCounts:
    """One row of the SOURCES.md table (the columns a parser can reproduce)."""

    documents: int
    dated: int
    persons: int
    terms: int
    moc_any_form: int
    source_notes: int
    footnotes: int


# Copied from SOURCES.md, "Files and counts": one table row each, columns in VolumeCounts' order.
VOLUMES: dict[str, VolumeCounts] = {
    "frus1955-57v24": VolumeCounts(374, 320, 190, 191, 51, 323, 801),
    "frus1955-57v25": VolumeCounts(281, 173, 134, 177, 16, 239, 983),
    "frus1958-60v10p2": VolumeCounts(381, 313, 184, 234, 91, 300, 1031),
    "frus1958-60v18": VolumeCounts(336, 319, 119, 197, 33, 287, 895),
    "frus1958-60v19": VolumeCounts(404, 341, 81, 131, 59, 346, 846),
    "frus1961-63v05": VolumeCounts(390, 255, 110, 164, 55, 260, 597),
    "frus1961-63v06": VolumeCounts(120, 110, 58, 19, 1, 117, 232),
    "frus1961-63v22": VolumeCounts(385, 344, 149, 199, 52, 334, 972),
    "frus1964-68v14": VolumeCounts(335, 307, 112, 134, 70, 309, 663),
    "frus1964-68v17": VolumeCounts(211, 205, 117, 124, 59, 208, 507),
    "frus1964-68v29p1": VolumeCounts(369, 330, 76, 196, 31, 329, 808),
    "frus1964-68v30": VolumeCounts(346, 332, 103, 194, 27, 333, 546),
}
