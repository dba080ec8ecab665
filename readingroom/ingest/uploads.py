"""Files an archivist uploads for import: where they wait, and how far their import got.

An upload is a directory under READINGROOM_HOME/uploads/ holding the file and, once its
import runs, `progress.json`. The queue's worker may run on another machine than the page
that shows the progress, so progress lives beside the file (on the storage the archive's
files share) rather than in a database transaction the import itself holds open.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SUFFIXES = (".txt", ".xml", ".jsonl", ".csv")
PROGRESS = "progress.json"


@dataclass(frozen=True)
class Upload:
    folder: Path

    @classmethod
    def create(cls, name: str, chunks) -> Upload:
        """Store an uploaded file (an iterable of byte chunks) under a fresh folder."""
        folder = Path(settings.HOME) / "uploads" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        with (folder / Path(name).name).open("wb") as target:
            for chunk in chunks:
                target.write(chunk)
        return cls(folder)

    @classmethod
    def named(cls, key: str) -> Upload | None:
        folder = Path(settings.HOME) / "uploads" / key
        return cls(folder) if key.isalnum() and folder.is_dir() else None

    @property
    def key(self) -> str:
        return self.folder.name

    @property
    def file(self) -> Path:
        return next(p for p in sorted(self.folder.iterdir()) if p.name != PROGRESS)

    def progress(self) -> dict:
        try:
            return json.loads((self.folder / PROGRESS).read_text())
        except (OSError, ValueError):
            return {}


class ProgressNote:
    """Writes an import's progress every STEP records (and its rate), for the status page."""

    STEP = 25

    def __init__(self, upload: Upload) -> None:
        self.path, self.started = upload.folder / PROGRESS, time.monotonic()

    def __call__(self, name: str, done: int, total: int | None) -> None:
        if done % self.STEP and done != total:
            return
        seconds = max(time.monotonic() - self.started, 1e-6)
        note = {"file": name, "done": done, "total": total, "rate": done / seconds}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(note))
        tmp.replace(self.path)
