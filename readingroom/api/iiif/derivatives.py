"""Derived images on disk: READINGROOM_HOME/cache/iiif/<sha[:2]>/<sha>/<key>.<format>.

A derivative is named by its scan's checksum and the request's canonical form, so it never
goes stale: the bytes of a checksum never change (`records.files`), and a record whose scans
change names other checksums. Equivalent requests (`full` and `0,0,w,h`) share one file.
The directory is a cache only: removing any of it at any time is safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from readingroom.api.iiif import imaging, rendering
from readingroom.records import files


def cache_root() -> Path:
    return Path(settings.HOME) / "cache" / "iiif"


def key_of(sha256: str, plan: imaging.Plan) -> str:
    """The derivative's name, and its ETag: the checksum and the canonical request."""
    return hashlib.sha256(f"{sha256}/{plan.canonical()}".encode()).hexdigest()[:32]


def path_of(sha256: str, plan: imaging.Plan) -> Path:
    return cache_root() / sha256[:2] / sha256 / f"{key_of(sha256, plan)}.{plan.format}"


def derivative(sha256: str, plan: imaging.Plan) -> Path:
    """The derivative's file, rendered and stored first when it is missing (or empty: a file
    cut short by a crash is made again, as the cache is written without fsync)."""
    target = path_of(sha256, plan)
    try:
        if target.stat().st_size > 0:
            return target
    except FileNotFoundError:
        pass
    data = rendering.render(files.path_for(sha256), plan)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)  # readers see the whole file or none: two writers are fine
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
