"""Shared fixtures: the sample seeds, the FRUS volumes beside the repo, and a fresh index."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "sample_data" / "seeds").glob("*.txt"))


@pytest.fixture
def seed_paths() -> list[Path]:
    return list(SEEDS)


@pytest.fixture
def seed_copies(tmp_path: Path) -> list[Path]:
    """Copies of the seeds that a test may change."""
    copies = []
    for path in SEEDS:
        target = tmp_path / path.name
        shutil.copy(path, target)
        copies.append(target)
    return copies


@pytest.fixture
def index_dir(settings, tmp_path: Path) -> Path:
    """A search index directory of the test's own, so index state never leaks between tests."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    return settings.SEARCH_INDEX_DIR


def pytest_collection_modifyitems(config, items) -> None:
    """Under DATABASE_URL (the PostgreSQL run) only the tests marked `postgres` are meaningful."""
    if os.environ.get("DATABASE_URL"):
        items[:] = [item for item in items if item.get_closest_marker("postgres")]


@pytest.fixture
def database_url():
    """A database of this test's own on the PostgreSQL server, or None for SQLite: for tests
    whose child processes (the CLI, a server, a worker) cannot share the test's transaction."""
    server = os.environ.get("DATABASE_URL")
    if not server:
        yield None
        return
    import psycopg

    admin = server.replace("postgres://", "postgresql://")
    name = f"own_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
