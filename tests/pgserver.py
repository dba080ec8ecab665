"""Run a command against a throwaway PostgreSQL server on loopback (the test setup's server).

    python tests/pgserver.py -- pytest -m postgres

initdb refuses to run as root, so as root the server runs as the `postgres` system user.
The server's directory is removed afterwards; DATABASE_URL is set for the command.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    sys.exit(f"pgserver: {name} not found; install PostgreSQL (apt-get install postgresql)")


def as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root: Path, port: int) -> Path:
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    run = lambda cmd: subprocess.run(as_server_user(cmd), check=True, capture_output=True)  # noqa: E731
    run([pg_bin("initdb"), "-D", str(data), "-U", "readingroom", "--auth=trust", "-E", "UTF8"])
    run(
        [
            pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "start",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {root} -F -c fsync=off",
        ]
    )
    return data


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    root = Path(tempfile.mkdtemp(prefix="readingroom-pg-"))
    port = free_port()
    data = start(root, port)
    env = dict(os.environ, DATABASE_URL=f"postgres://readingroom@127.0.0.1:{port}/postgres")
    try:
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(
            as_server_user([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
