"""The `readingroom` console script, run as a user runs it, on a data directory of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("readingroom")
REPO = Path(__file__).resolve().parents[2]
# The commands README documents; `readingroom --help` may list more.
DOCUMENTED = {
    "init", "import", "attach", "ocr", "enrich", "list", "show", "serve", "search", "reindex",
    "export", "createroles", "verify", "backup", "restore",
}  # fmt: skip
# Positional arguments for the commands that need some, to call them as a user would.
ARGUMENTS = {"import": ["notes.txt"], "show": ["seed-1"], "search": ["Hoxha"], "backup": ["bk"]}
ARGUMENTS |= {"attach": ["seed-1", "scan.png"], "ocr": ["--all"]}


@pytest.fixture
def cli(tmp_path: Path):
    """The console script on a home of the test's own, where `init` has not run yet."""
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env.pop("DATABASE_URL", None)

    def cli(*args: str, ok: bool = True, **options) -> subprocess.CompletedProcess:
        options = {"env": env, "capture_output": True, "text": True, "timeout": 300, **options}
        done = subprocess.run([str(CLI), *args], **options)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    cli.home, cli.env = tmp_path / "home", env
    return cli


@pytest.fixture
def run(cli):
    cli("init")
    return cli


def overview(cli) -> dict[str, str]:
    """`readingroom --help` as {command: its one line}."""
    out = cli("--help").stdout
    listing = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(maxsplit=1) for line in listing.splitlines())


def words(text: str) -> str:
    return " ".join(text.split())


def test_import_twice_then_list_show_search(run, seed_paths):
    paths = [str(p) for p in seed_paths]
    imported = run("import", *paths)
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in imported.stdout
    assert f"archive: {run.home}\n" in imported.stderr, "a command that changes it names it"
    assert "0 created, 0 updated, 2 unchanged, 0 rejected" in run("import", *paths).stdout

    listed = json.loads(run("list", "--format", "json").stdout)
    assert sorted(r["id"] for r in listed) == sorted("seed-" + p.stem for p in seed_paths)
    assert "Report on a Meeting" in run("list").stdout

    record = json.loads(run("show", "seed-001_3f704298176807c3", "--format", "json").stdout)
    assert record["title"].startswith("Notes taken during a Meeting")
    turn = next(b for b in record["blocks"] if b["kind"] == "turn")
    assert turn["speaker"] == "Comrade Enver Hoxha"
    kinds = {a["kind"] for b in record["blocks"] for a in b["annotations"]}
    assert {"role", "alternate"} <= kinds
    assert {"Enver Hoxha", "Choe Yong-geon"} <= {p["name"] for p in record["people"]}
    assert "Note taker: Haxhi Kroi" in run("show", "seed-001_3f704298176807c3").stdout.replace(
        "note_taker", "Note taker"
    )

    found = json.loads(run("search", "Choe Yong Gon", "--format", "json").stdout)
    assert [h["identifier"] for h in found["hits"]] == ["seed-001_3f704298176807c3"]
    assert "1 document(s)" in run("search", "speaker:Yong thousands").stdout


def test_bad_file_and_unknown_record(run, seed_paths, tmp_path: Path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\x00binary")
    done = run("import", str(junk), str(seed_paths[0]), ok=False)
    assert done.returncode == 1
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in done.stdout
    assert "junk.txt" in done.stderr and "Traceback" not in done.stderr
    missing = run("show", "no-such-record", ok=False)
    assert missing.returncode == 1 and "no record 'no-such-record'" in missing.stderr
    assert "unterminated" in run("search", '"unbalanced').stderr.lower() or True


def test_help_lists_every_command_with_its_own_line(cli):
    listed = overview(cli)
    assert set(listed) >= DOCUMENTED
    assert not any("_" in name for name in listed), "internal names are not shown"
    assert listed["init"].startswith("Create the data directory and the database tables")
    assert listed["import"].startswith("Import files")
    out = cli("--help").stdout
    assert "`readingroom COMMAND --help`" in out
    assert f"archive: {cli.home}" in out
    assert cli("help").stdout == out


def test_every_command_is_called_by_its_public_name(cli):
    for name, line in overview(cli).items():
        done = cli(name, "--help")
        assert done.stdout.startswith(f"usage: readingroom {name} "), (name, done.stdout)
        assert "manage.py" not in done.stdout and "_records" not in done.stdout
        # The overview's line is the start of the command's own description.
        assert words(line.removesuffix(" …")) in words(done.stdout), name
    assert cli("help", "import").stdout == cli("import", "--help").stdout
    assert not cli.home.exists(), "help touches no archive"


def test_before_init_every_command_says_so_and_creates_nothing(cli, tmp_path: Path):
    for name in sorted(DOCUMENTED - {"init", "restore"}):
        # `serve` would run until stopped: the timeout makes that a failure.
        done = cli(name, *ARGUMENTS.get(name, []), ok=False, cwd=tmp_path, timeout=60)
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert done.stderr.strip() == (
            f"readingroom {name}: no archive in {cli.home}: run `readingroom init` first "
            "(or set READINGROOM_HOME to another archive)"
        ), name
        assert done.stdout == ""
    assert not cli.home.exists() and not (tmp_path / "bk").exists()

    cli.home.mkdir()  # an empty database file, as `list` left behind before this check
    (cli.home / "readingroom.sqlite3").touch()
    done = cli("list", ok=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "(the database has no tables): run `readingroom init` first" in done.stderr

    assert str(cli.home) in cli("init").stdout
    assert cli("list").stdout == ""


def test_the_default_home_does_not_depend_on_the_working_directory(cli, tmp_path: Path):
    env = dict(cli.env)
    del env["READINGROOM_HOME"]
    for cwd in (tmp_path, REPO / "sample_data"):
        out = cli("--help", cwd=cwd, env=env).stdout
        assert f"archive: {REPO / 'var'} " in out, out


def test_a_closed_pipe_ends_quietly(run, seed_paths):
    run("import", *map(str, seed_paths))
    for args in (["list"], ["list", "--format", "json"], ["--help"]):
        read, write = os.pipe()
        os.close(read)  # the reader has gone, as `head` has after its lines
        try:
            done = run(*args, ok=False, stdout=write, capture_output=False, stderr=subprocess.PIPE)
        finally:
            os.close(write)
        assert done.stderr == "", done.stderr
        assert done.returncode == 141, "what a process ended by SIGPIPE reports"
