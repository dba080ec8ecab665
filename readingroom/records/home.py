"""Where the archive lives, and whether `readingroom init` has made it yet.

The default home never depends on the working directory: a command run from elsewhere must
find the same archive. A source checkout (where `make run` works) keeps it in its own `var/`;
an installed package keeps it in the user's data directory.

The "initialised?" question is asked before a command touches the database, because opening a
missing SQLite file creates it empty, and the command would then fail with a traceback and
leave that empty file behind.
"""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def default_home() -> Path:
    """`<checkout>/var` in a source checkout, else the platform's user data directory."""
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "readingroom").is_dir():
        return CHECKOUT / "var"
    from platformdirs import user_data_path  # only an installed package needs it

    return user_data_path("readingroom")


def archive_missing() -> str | None:
    """Why there is no archive to work on yet (the home or database named), or None."""
    # Imported here: settings.py imports this module for default_home, before Django is set up.
    from django.conf import settings
    from django.db import DatabaseError, connection

    from readingroom.records.models import Document

    if connection.vendor == "sqlite":
        where = f"in {settings.HOME}"
        if not Path(connection.settings_dict["NAME"]).is_file():
            return f"no archive {where}"
    else:
        where = f"in the database {connection.settings_dict['NAME']!r}"
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        return f"cannot open the archive {where}: {error}".strip()
    if Document._meta.db_table not in tables:
        return f"no archive {where} (the database has no tables)"
    return None
