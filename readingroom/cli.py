"""The `readingroom` console script: public names over the management commands.

One place for what every command shares: the overview help, each command's parser named
`readingroom <command>`, the refusal to run before `readingroom init` (nothing is created),
the home named where it matters, and a quiet end when the reader closes the pipe.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence

import django
from django.conf import settings
from django.core.management import execute_from_command_line, get_commands, load_command_class
from django.core.management.base import BaseCommand

from readingroom.records.home import archive_missing

PROG = "readingroom"
# Public names that differ from the management command's (its module name).
RENAMED = {
    "import": "import_records",
    "list": "list_records",
    "show": "show_record",
    "search": "search_records",
}
PUBLIC = {internal: name for name, internal in RENAMED.items()}
# The order of the overview; a command of readingroom's apps not named here comes after.
ORDER = (
    "init",
    "import",
    "attach",
    "ocr",
    "enrich",
    "list",
    "show",
    "search",
    "serve",
    "worker",
    "reindex",
    "export",
    "createroles",
    "verify",
    "backup",
    "restore",
)
# These make the archive, so they run where there is none yet.
BEFORE_INIT = {"init", "restore"}
# These change or copy the archive: they name it (on stderr) before they start.
NAME_THE_HOME = {
    "import",
    "attach",
    "enrich",
    "reindex",
    "createroles",
    "verify",
    "backup",
    "restore",
}
HELP_FLAGS = {"-h", "--help"}
# A process ended by a closed pipe reports what SIGPIPE would (128 + 13), as `yes | head` does.
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> None:
    """The console script's entry point (`argv` as sys.argv, program name first)."""
    args = list(sys.argv[1:] if argv is None else argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    try:
        code = dispatch(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`readingroom list | head -3`): stop without a traceback, and
        # point stdout at /dev/null so the interpreter's own final flush fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = BROKEN_PIPE
    if code:
        sys.exit(code)


def dispatch(args: list[str]) -> int:
    """Run one command by its public name; anything else is handed to Django as is."""
    django.setup()
    commands = public_commands()
    if not args or args[0] in HELP_FLAGS or args == ["help"]:
        print(overview(commands))
        return 0
    if args[0] == "help" and args[1] in commands:
        args = [args[1], "--help"]
    name, rest = PUBLIC.get(args[0], args[0]), args[1:]
    if name not in commands:
        execute_from_command_line([PROG, *args])
        return 0
    asks_help = bool(HELP_FLAGS & set(rest))
    if not asks_help and name not in BEFORE_INIT and (problem := archive_problem()):
        print(f"{PROG} {name}: {problem}", file=sys.stderr)
        return 1
    if not asks_help and name in NAME_THE_HOME:
        print(f"archive: {home()}", file=sys.stderr)
    load(commands[name]).run_from_argv([PROG, name, *rest])
    return 0


def public_commands() -> dict[str, tuple[str, str]]:
    """Public name -> (app, command) for every command readingroom's own apps define."""
    found = {
        PUBLIC.get(internal, internal): (app, internal)
        for internal, app in get_commands().items()
        if app.startswith(f"{PROG}.")
    }
    rank = {name: n for n, name in enumerate(ORDER)}
    return dict(sorted(found.items(), key=lambda item: (rank.get(item[0], len(ORDER)), item[0])))


def load(where: tuple[str, str]) -> BaseCommand:
    return load_command_class(*where)


def archive_problem() -> str | None:
    """What stops a command before `init`, with what to do about it."""
    missing = archive_missing()
    if missing is None:
        return None
    return f"{missing}: run `{PROG} init` first (or set READINGROOM_HOME to another archive)"


def summary(help_text: str, room: int) -> str:
    """A command's help as one line: its first sentence, shortened to the room there is."""
    first = (help_text or "").strip().split(". ")[0]
    return textwrap.shorten(first, room, placeholder=" …", break_on_hyphens=False)


def home() -> str:
    return str(settings.HOME)


def overview(commands: dict[str, tuple[str, str]]) -> str:
    """Every command with the first line of its own help, and where the archive is."""
    width = max(map(len, commands))
    room = max(40, shutil.get_terminal_size((100, 24)).columns - width - 4)
    lines = [f"usage: {PROG} COMMAND [options]", "", "commands:"]
    for name, where in commands.items():
        lines.append(f"  {name:<{width}}  {summary(load(where).help, room)}")
    lines += [
        "",
        f"`{PROG} COMMAND --help` (or `{PROG} help COMMAND`) shows a command's own options.",
        f"Django's management commands work too (e.g. `{PROG} migrate`).",
        "",
        f"archive: {home()} (READINGROOM_HOME names another)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
