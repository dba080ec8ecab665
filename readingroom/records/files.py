"""Attached files: content-addressed under READINGROOM_HOME/files, type sniffed from the bytes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

MAX_SIZE = 50 * 1024 * 1024
CHUNK = 1024 * 1024

# Media type -> (leading bytes it may start with, file name extensions it may carry).
ALLOWED: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {
    "application/pdf": ((b"%PDF-",), (".pdf",)),
    "image/jpeg": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
    "image/tiff": ((b"II*\x00", b"MM\x00*"), (".tif", ".tiff")),
}


class Rejected(ValueError):
    """An upload that is too large, of a type not allowed, or named as another type."""


def files_root() -> Path:
    return Path(settings.HOME) / "files"


def path_for(sha256: str) -> Path:
    """Where the file with this checksum is stored: files/<first two hex digits>/<sha256>."""
    return files_root() / sha256[:2] / sha256


def sniff(head: bytes) -> str | None:
    """The allowed media type these first bytes belong to, or None."""
    for media_type, (magics, _) in ALLOWED.items():
        if head.startswith(magics):
            return media_type
    return None


def check(head: bytes, name: str, size: int) -> str:
    """The upload's media type; raises `Rejected` when it may not be stored."""
    if size > MAX_SIZE:
        raise Rejected(f"{name}: {size} bytes is over the limit of {MAX_SIZE // 2**20} MB")
    media_type = sniff(head)
    if media_type is None:
        raise Rejected(f"{name}: not a PDF, JPEG, PNG or TIFF file (checked by its content)")
    if not name.lower().endswith(ALLOWED[media_type][1]):
        raise Rejected(f"{name}: the content is {media_type} but the name says otherwise")
    return media_type


def chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while block := stream.read(CHUNK):
        yield block


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in chunks(stream):
            digest.update(block)
    return digest.hexdigest()


def store(blocks: Iterable[bytes]) -> tuple[str, int]:
    """Write the bytes to the store (atomically, synced); returns their sha256 and size."""
    root = files_root()
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            for block in blocks:
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        target = path_for(digest.hexdigest())
        target.parent.mkdir(exist_ok=True)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size
