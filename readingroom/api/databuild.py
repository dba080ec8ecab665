"""Builds of the Data page's files, made by a queue worker and installed whole.

A build lives in READINGROOM_HOME/exports/<version>/: the files, `build.json` (its version,
date, counts and file sizes; a build lacking a file since added to the downloads is not
one) and `documents.json` (the ids of the documents it holds, so the page can tell when one
of them has since left the public). The version is the latest search `IndexChange` id —
every saved change to a record appends one — and the number of embargoes that have ended,
since an embargo ends by the calendar with nothing logged
(`records.changelog.current_version`, the definition the page cache shares).

A build reads one snapshot of the database, writes into a scratch directory and renames it
into place, so readers only ever see complete builds and a worker killed mid-build leaves the
previous one served; the next attempt clears the scratch and starts over. Builds on one home
take turns under a file lock, and a build already at the current version is kept as it is,
so running the task twice gives the same files.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from readingroom.api import exporting
from readingroom.api.datafiles import BY_NAME, DOWNLOADS
from readingroom.events.models import Event
from readingroom.records.changelog import Version, current_version

MANIFEST = "build.json"
DOCUMENT_IDS = "documents.json"
SCRATCH_PREFIX = ".build-"


def exports_root() -> Path:
    return Path(settings.HOME) / "exports"


@dataclass(frozen=True)
class Build:
    """A complete build, as its manifest describes it."""

    directory: Path
    version: Version
    built_at: datetime
    documents: int
    collections: int
    sizes: dict[str, int]
    events: int = 0

    @classmethod
    def read(cls, directory: Path) -> Build | None:
        """The build in `directory`, or None if it is not one (or was just replaced)."""
        version = Version.of(directory.name)
        try:
            manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError, ValueError):
            return None
        if version is None or manifest.get("version") != str(version):
            return None
        if not set(BY_NAME) <= set(manifest["files"]):  # made before a file was added
            return None
        return cls(
            directory,
            version,
            datetime.fromisoformat(manifest["built_at"]),
            manifest["documents"],
            manifest["collections"],
            manifest["files"],
            manifest.get("events", 0),
        )

    def document_ids(self) -> set[int]:
        return set(json.loads((self.directory / DOCUMENT_IDS).read_text(encoding="utf-8")))

    def summary(self) -> dict[str, object]:
        """What the build task reports (JSON, kept in the queue's result)."""
        return {
            "version": str(self.version),
            "built_at": self.built_at.isoformat(),
            "documents": self.documents,
            "collections": self.collections,
            "events": self.events,
        }


def latest_build() -> Build | None:
    """The newest complete build: a directory listing and one small file, nothing more."""
    root = exports_root()
    if not root.is_dir():
        return None
    found = [(v, p) for p in root.iterdir() if (v := Version.of(p.name)) is not None]
    for _, directory in sorted(found, reverse=True):
        if (build := Build.read(directory)) is not None:
            return build
    return None


@contextmanager
def _turn(root: Path) -> Iterator[None]:
    """One build at a time on this home; the lock goes with the process if it dies."""
    with (root / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database for the whole build, so the files, counts and
    version agree, without holding up writers: a deferred transaction on SQLite (whose
    default here is IMMEDIATE, a write lock), REPEATABLE READ on PostgreSQL. Inside a
    caller's transaction, that one governs."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def build() -> Build:
    """Build the downloads of the archive as it is now, unless the latest build already is."""
    root = exports_root()
    root.mkdir(parents=True, exist_ok=True)
    with _turn(root):
        for leftover in root.glob(f"{SCRATCH_PREFIX}*"):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        latest = latest_build()
        if latest is not None and latest.version == current_version():
            return latest
        scratch = Path(tempfile.mkdtemp(dir=root, prefix=SCRATCH_PREFIX))
        try:
            version = _write(scratch)
            return _install(scratch, version)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def _write(scratch: Path) -> Version:
    """Every file, the document ids and the manifest into `scratch`, flushed to disk."""
    with _snapshot():
        version = current_version()
        docs, collections = exporting.public_only()
        ids = sorted(docs.values_list("pk", flat=True))
        collection_count = collections.count()
        event_count = Event.objects.public().count()
        for download in DOWNLOADS:
            download.build(scratch / download.name, settings.SITE_URL)
    (scratch / DOCUMENT_IDS).write_text(json.dumps(ids), encoding="utf-8")
    manifest = {
        "version": str(version),
        "built_at": timezone.now().isoformat(),
        "documents": len(ids),
        "collections": collection_count,
        "events": event_count,
        "files": {d.name: (scratch / d.name).stat().st_size for d in DOWNLOADS},
    }
    (scratch / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    for path in scratch.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    return version


def _install(scratch: Path, version: Version) -> Build:
    """Rename the scratch into place whole, then drop every other build."""
    target = exports_root() / str(version)
    if target.exists():  # an incomplete or outdated directory of that name
        shutil.rmtree(target)
    scratch.rename(target)
    for other in exports_root().iterdir():
        if other != target and other.is_dir() and Version.of(other.name) is not None:
            shutil.rmtree(other, ignore_errors=True)
    installed = Build.read(target)
    if installed is None:
        raise RuntimeError(f"{target}: the build just installed has no readable {MANIFEST}")
    return installed
