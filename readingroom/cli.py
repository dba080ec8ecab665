"""The `readingroom` console script: thin names over the management commands."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "init": "init",
    "import": "import_records",
    "enrich": "enrich",
    "list": "list_records",
    "show": "show_record",
    "serve": "serve",
    "search": "search_records",
    "reindex": "reindex",
    "export": "export",
    "createroles": "createroles",
    "verify": "verify",
    "backup": "backup",
    "restore": "restore",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and argv[1] in COMMANDS:
        argv[1] = COMMANDS[argv[1]]
    elif len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print("usage: readingroom {" + ",".join(COMMANDS) + "} [options]")
        print("Any Django management command works too (e.g. `readingroom migrate`).")
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
