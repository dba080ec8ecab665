"""Check a whole backup by copying it into a staging directory and proving the copy sound.

What is checked is the copy the restore will move into place, not the backup it came from:
every byte is hashed as it is written, then the database is opened (SQLite's
`PRAGMA integrity_check`) or read through (`pg_restore`, which decompresses every table's
data). Nothing here touches the live archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from readingroom.curation.backup import (
    FILES,
    FORMAT,
    MANIFEST,
    PG_FILE,
    SQLITE_FILE,
    BackupError,
    engine,
    pg_bin,
)
from readingroom.records.files import chunks

SHOWN = 10  # problems named in one error; the rest are counted
SHA256 = frozenset("0123456789abcdef")


@dataclass
class Manifest:
    engine: str
    files: dict[str, str]
    database: str  # its file name inside the backup
    database_sha256: str | None  # None in backups made before the manifest carried it
    warnings: list[str] = field(default_factory=list)


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= SHA256


def _safe_name(name: object) -> bool:
    """A relative path that stays inside the files directory."""
    path = PurePosixPath(name) if isinstance(name, str) else None
    return bool(path and name and not path.is_absolute() and ".." not in path.parts)


def _parse(data: object, where: Path) -> Manifest:
    if not isinstance(data, dict) or data.get("engine") not in ("sqlite", "postgresql"):
        raise BackupError(f"{where}: expected an object with engine sqlite or postgresql")
    files = data.get("files")
    if not isinstance(files, dict):
        raise BackupError(f'{where}: expected "files" to map names to SHA-256 checksums')
    for name, sha256 in files.items():
        if not (_safe_name(name) and _is_sha256(sha256)):
            raise BackupError(
                f"{where}: file entry {name!r}: expected a relative path and a checksum"
            )
    version = data.get("format", 1)
    if version not in (1, FORMAT):
        raise BackupError(f"{where}: format {version!r} is not one this readingroom reads")
    default = SQLITE_FILE if data["engine"] == "sqlite" else PG_FILE
    database = data.get("database")
    if database is None and version == 1:
        note = f"{where} predates database checksums: the database is checked by its content only"
        return Manifest(data["engine"], files, default, None, [note])
    if not (isinstance(database, dict) and _is_sha256(database.get("sha256"))):
        raise BackupError(f'{where}: expected "database" to hold a SHA-256 checksum')
    if database.get("name", default) != default:
        raise BackupError(f"{where}: expected the database in {default}, not {database['name']!r}")
    return Manifest(data["engine"], files, default, database["sha256"])


def read_manifest(src: Path) -> Manifest:
    """The backup's manifest, checked for shape and for this archive's database engine."""
    where = src / MANIFEST
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{src}: not a readingroom backup ({error})") from error
    manifest = _parse(data, where)
    if manifest.engine != engine():
        raise BackupError(f"backup is of {manifest.engine}, this archive uses {engine()}")
    return manifest


def copy_hashed(source: Path, target: Path) -> str:
    """Copy `source` to `target` (synced to disk) and return the SHA-256 of what was written."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("wb") as writer:
        for block in chunks(reader):
            digest.update(block)
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def _copy_checked(source: Path, target: Path, label: str, expected: str | None) -> list[str]:
    """Copy one file of the backup into staging; what is wrong with it, if anything."""
    if not source.is_file():
        return [f"{label}: missing"]
    try:
        found = copy_hashed(source, target)
    except OSError as error:
        raise BackupError(f"could not copy {source} to {target}: {error}") from error
    if expected is not None and found != expected:
        return [
            f"{label}: does not match its checksum in {MANIFEST} (expected {expected}, got {found})"
        ]
    return []


def sqlite_problems(path: Path) -> list[str]:
    """What SQLite's integrity check finds wrong in the database at `path` (none: [])."""
    try:
        with closing(sqlite3.connect(path)) as db:
            found = [row[0] for row in db.execute(f"PRAGMA integrity_check({SHOWN})")]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        return [f"not a sound SQLite database ({error})"]
    if found != ["ok"]:
        return [f"SQLite's integrity check: {line}" for line in found]
    if "django_migrations" not in tables:
        return ["holds no readingroom tables"]
    return []


def pg_dump_problems(path: Path) -> list[str]:
    """What `pg_restore` finds reading the whole dump (its contents list and every table)."""
    for args in (["--list"], ["--file", os.devnull]):
        done = subprocess.run(
            [pg_bin("pg_restore"), *args, str(path)], capture_output=True, text=True
        )
        if done.returncode != 0:
            return [f"pg_restore {args[0]} cannot read it: {done.stderr.strip()}"]
    return []


def stage(src: Path, staging: Path) -> Manifest:
    """Copy the backup in `src` into `staging` and check the copy; BackupError names each fault.

    `staging` then holds the database (under the backup's own name) and `files/`, ready to
    be moved into place by rename.
    """
    manifest = read_manifest(src)
    label = manifest.database
    problems = _copy_checked(src / label, staging / label, label, manifest.database_sha256)
    if not problems:
        check = sqlite_problems if manifest.engine == "sqlite" else pg_dump_problems
        problems = [f"{label}: {problem}" for problem in check(staging / label)]
    (staging / FILES).mkdir(parents=True, exist_ok=True)
    for name, sha256 in sorted(manifest.files.items()):
        source, target = src / FILES / name, staging / FILES / name
        problems += _copy_checked(source, target, f"{FILES}/{name}", sha256)
    if problems:
        more = len(problems) - SHOWN
        lines = problems[:SHOWN] + ([f"and {more} more"] if more > 0 else [])
        raise BackupError(f"backup damaged: {src}\n  " + "\n  ".join(lines))
    return manifest
