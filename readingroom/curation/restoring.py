"""`readingroom restore`: put a checked backup in place of the live archive, losing nothing.

The backup is first copied into a staging directory inside READINGROOM_HOME and checked
there (`staging`); only then is the live archive touched. Its database and files are moved
aside into `replaced-<time>/` beside them (same filesystem, so every step is a rename; a
PostgreSQL database is dumped there instead), the staged copy is renamed into place and
checked again. Any failure moves everything back. A home that already holds an archive is
replaced only when asked (`--replace`), and the replaced archive is kept.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from readingroom.curation.backup import (
    FILES,
    PG_FILE,
    BackupError,
    engine,
    pg_args,
    pg_bin,
    run,
    write_database,
)
from readingroom.curation.staging import Manifest, stage
from readingroom.records.files import files_root, sha256_of
from readingroom.records.models import Document

# Rows every fresh archive has (`readingroom init`): they do not make a home "not empty".
BOOKKEEPING = frozenset({"django_migrations", "django_content_type", "auth_permission"})
SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's companions, moved with the database
DERIVED = ("exports",)  # built from the database: set aside with it, so none is served stale


@dataclass
class Restored:
    manifest: Manifest
    replaced: Path | None  # where the replaced archive is kept; None when the home was empty
    held: list[str]  # what the replaced archive held


def home() -> Path:
    return Path(settings.HOME)


def sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t not in BOOKKEEPING]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def held() -> list[str]:
    """What the live archive holds beyond a fresh `init` (e.g. "757 documents"); [] if empty."""
    found = []
    if engine() != "sqlite" or sqlite_path().exists():
        try:
            counts = _row_counts()
        except DatabaseError as error:
            counts, found = {}, [f"a database that cannot be read ({error})"]
        finally:
            connections.close_all()
        for noun, model in (("document", Document), ("user account", get_user_model())):
            if count := counts.pop(model._meta.db_table, 0):
                found.append(counted(count, noun, f"{noun}s"))
        if other := sum(counts.values()):
            found.append(counted(other, "row in other tables", "rows in other tables"))
    root = files_root()
    stored = sum(1 for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0
    return found + ([counted(stored, "stored file", "stored files")] if stored else [])


def new_dir(prefix: str) -> Path:
    """A new directory `<prefix>-<UTC time>` in the home (a suffix when that one exists)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 100):
        path = home() / (f"{prefix}-{stamp}" + (f"-{attempt}" if attempt > 1 else ""))
        try:
            path.mkdir(parents=True)
            return path
        except FileExistsError:
            continue
        except OSError as error:
            raise BackupError(f"cannot create {path}: {error.strerror or error}") from error
    raise BackupError(f"{home()}: too many {prefix}-{stamp} directories")


class Moves:
    """The renames done so far, so that a failure can undo them in reverse order."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, Path]] = []

    def move(self, source: Path, target: Path) -> None:
        if source.exists() or source.is_symlink():
            os.rename(source, target)
            self.done.append((source, target))

    def undo(self) -> None:
        while self.done:
            source, target = self.done.pop()
            os.rename(target, source)


def set_aside(aside: Path, moves: Moves) -> None:
    """Move the live database (or dump it, for PostgreSQL), files and derived data to `aside`."""
    if engine() == "sqlite":
        live = sqlite_path()
        for path in (live, *(live.with_name(live.name + end) for end in SIDECARS)):
            moves.move(path, aside / path.name)
    else:
        write_database(aside / PG_FILE)
    moves.move(files_root(), aside / FILES)
    for name in DERIVED:
        moves.move(home() / name, aside / name)


def pg_restore(dump: Path) -> None:
    """Load a dump over the live PostgreSQL database in one transaction: all of it or nothing."""
    args, env = pg_args()
    cmd = [pg_bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    run([*cmd, *args, str(dump)], env)


def check_in_place(manifest: Manifest, database_sha256: str) -> None:
    """The live archive is now the staged one: same database bytes, readable, every file there."""
    if engine() == "sqlite" and sha256_of(sqlite_path()) != database_sha256:
        raise BackupError(f"{sqlite_path()} is not the checked copy after the move")
    try:
        Document.objects.count()
    except DatabaseError as error:
        raise BackupError(f"the restored database cannot be read: {error}") from error
    finally:
        connections.close_all()
    missing = [name for name in manifest.files if not (files_root() / name).is_file()]
    if missing:
        raise BackupError(f"{len(missing)} files missing after the move, e.g. {missing[0]}")


def put_back(moves: Moves, loaded: bool, aside: Path, error: BaseException) -> None:
    """Undo a swap that failed part way (or was interrupted); say where things are if that fails."""
    connections.close_all()
    try:
        moves.undo()
        if loaded:
            pg_restore(aside / PG_FILE)
    except (BackupError, OSError) as undo_error:
        raise BackupError(
            f"restore failed ({error}), and so did putting the archive back ({undo_error}): "
            f"what it replaced is in {aside}"
        ) from error
    shutil.rmtree(aside, ignore_errors=True)


def swap(staging: Path, manifest: Manifest, aside: Path) -> None:
    """Replace the live archive with the staged one; on any failure put the old one back."""
    database_sha256 = manifest.database_sha256 or sha256_of(staging / manifest.database)
    moves, loaded = Moves(), False
    try:
        set_aside(aside, moves)
        if engine() == "sqlite":
            moves.move(staging / manifest.database, sqlite_path())
        else:
            pg_restore(staging / manifest.database)
            loaded = True
        moves.move(staging / FILES, files_root())
        check_in_place(manifest, database_sha256)
    except (BackupError, OSError, DatabaseError) as error:
        put_back(moves, loaded, aside, error)
        raise BackupError(
            f"restore failed ({error}); the archive was put back as it was"
        ) from error
    except BaseException as error:  # Ctrl-C half way: put the archive back, then stop
        put_back(moves, loaded, aside, error)
        raise


def restore(src: Path, *, replace: bool = False) -> Restored:
    """Replace the live archive with the backup in `src`, checked in full before it is touched.

    A home holding anything beyond a fresh `init` is replaced only with `replace`; the
    replaced archive is then kept in the returned `replaced` directory.
    """
    home().mkdir(parents=True, exist_ok=True)
    found = held()
    if found and not replace:
        raise BackupError(
            f"{home()} already holds an archive ({', '.join(found)}); nothing was changed.\n"
            f"To replace it, run `readingroom restore --replace {src}` "
            "(the replaced archive is kept aside)."
        )
    staging = new_dir("restoring")
    try:
        try:
            manifest = stage(src, staging)
        except BackupError as error:
            raise BackupError(f"{error}\nThe live archive in {home()} was not touched.") from error
        aside = new_dir("replaced")
        swap(staging, manifest, aside)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not found:
        shutil.rmtree(aside, ignore_errors=True)  # nothing but an empty `init` was there
    return Restored(manifest, aside if found else None, found)
