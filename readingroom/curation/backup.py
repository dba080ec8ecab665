"""Backups: the database (SQLite online backup, or pg_dump custom format) and the attached
files, with a manifest of every file's checksum, the database's included, so a restore can
check all of it before it touches the live archive (`staging`, `restoring`)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from readingroom.records.files import files_root, sha256_of

MANIFEST = "manifest.json"
# 2: the manifest carries the database's checksum; 1 (no "format" key) had the files' only.
FORMAT = 2
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
FILES = "files"


class BackupError(Exception):
    pass


def engine() -> str:
    """ "sqlite" or "postgresql", from the default database's settings."""
    return "sqlite" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "postgresql"


def pg_bin(name: str) -> str:
    """A PostgreSQL client program: on PATH, or the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(f"{name} not found; install PostgreSQL's client programs")


def pg_args() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, and the environment with the password."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()}")


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently with the online backup API."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def checksums(root: Path) -> dict[str, str]:
    """Every stored file under `root` by its relative path, with its sha256."""
    if not root.is_dir():
        return {}
    found = (p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".upload-"))
    return {str(p.relative_to(root)): sha256_of(p) for p in sorted(found)}


def copy_files(source: Path, target: Path, names: list[str]) -> None:
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target / name)


def database_file() -> str:
    """The database's name inside a backup of this archive's engine."""
    return SQLITE_FILE if engine() == "sqlite" else PG_FILE


def write_database(target: Path) -> None:
    """The live database into `target`: a consistent SQLite copy, or a pg_dump archive."""
    if engine() == "sqlite":
        sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), target)
    else:
        args, env = pg_args()
        run([pg_bin("pg_dump"), "--format=custom", "--file", str(target), *args], env)


def backup(dest: Path) -> dict:
    """Write the database, then the files (content-addressed, so they only grow), to `dest`.

    The manifest is written last: a backup cut short has none, and restore refuses it.
    """
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    name = database_file()
    write_database(dest / name)
    database = {
        "name": name,
        "sha256": sha256_of(dest / name),
        "size": (dest / name).stat().st_size,
    }
    source = checksums(files_root())
    copy_files(files_root(), dest / FILES, list(source))
    copied = checksums(dest / FILES)
    if copied != source:
        raise BackupError("a file changed while it was copied; run the backup again")
    manifest = {
        "format": FORMAT,
        "engine": engine(),
        "created": timezone.now().isoformat(),
        "database": database,
        "files": copied,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest
