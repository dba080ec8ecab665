"""Backup and restore: the database (SQLite online backup, or pg_dump custom format) and
the attached files, with a manifest of every file's checksum so a restore checks first."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from readingroom.curation.files import files_root, sha256_of

MANIFEST = "manifest.json"
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


def backup(dest: Path) -> dict:
    """Write the database, then the files (content-addressed, so they only grow), to `dest`."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    kind = engine()
    if kind == "sqlite":
        sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), dest / SQLITE_FILE)
    else:
        args, env = pg_args()
        run([pg_bin("pg_dump"), "--format=custom", "--file", str(dest / PG_FILE), *args], env)
    source = checksums(files_root())
    copy_files(files_root(), dest / FILES, list(source))
    copied = checksums(dest / FILES)
    if copied != source:
        raise BackupError("a file changed while it was copied; run the backup again")
    manifest = {"engine": kind, "created": timezone.now().isoformat(), "files": copied}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def read_manifest(src: Path) -> dict:
    """The backup's manifest, once its files match their checksums and its engine ours."""
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{src}: not a readingroom backup ({error})") from error
    if manifest["engine"] != engine():
        raise BackupError(f"backup is of {manifest['engine']}, this archive uses {engine()}")
    bad = [n for n, s in checksums(src / FILES).items() if manifest["files"].get(n) != s]
    missing = set(manifest["files"]) - set(checksums(src / FILES))
    if bad or missing:
        raise BackupError(f"backup damaged: {', '.join(sorted([*bad, *missing]))}")
    return manifest


def restore_files(src: Path, names: list[str]) -> None:
    """Replace the file store with the backup's, swapping directories at the end."""
    root = files_root()
    fresh, old = root.with_name("files.restoring"), root.with_name("files.replaced")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh.mkdir(parents=True)
    copy_files(src / FILES, fresh, names)
    if root.exists():
        root.rename(old)
    fresh.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def restore(src: Path) -> dict:
    """Replace the database and files with the backup in `src` (checked before anything)."""
    manifest = read_manifest(src)
    connections.close_all()
    settings.HOME.mkdir(parents=True, exist_ok=True)
    if manifest["engine"] == "sqlite":
        sqlite_copy(src / SQLITE_FILE, Path(settings.DATABASES["default"]["NAME"]))
    else:
        args, env = pg_args()
        cmd = [pg_bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        run([*cmd, *args, str(src / PG_FILE)], env)
    restore_files(src, list(manifest["files"]))
    return manifest
