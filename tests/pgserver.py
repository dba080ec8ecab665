"""Run a command against a throwaway PostgreSQL server on loopback (the test setup's server).

    python tests/pgserver.py -- pytest -m postgres

initdb refuses to run as root, so as root the server runs as the `postgres` system user.
The server's directory is removed afterwards; DATABASE_URL is set for the command.
The functions also serve the cluster test (tests/system/test_cluster.py): a primary and a
streaming replica of it.
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


def run_as_server(cmd: list[str]) -> None:
    """Run a server program (as `postgres` when root); its own output names what failed."""
    done = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"pgserver: {' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")


def server_root(prefix: str = "readingroom-pg-") -> Path:
    """A fresh directory the server's user owns (pytest's own are closed to other users)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    return root


def launch(root: Path, data: Path, port: int) -> None:
    """Start the server of ``data`` on loopback ``port``, its socket and log in ``root``.

    No autovacuum: a test's rows are uncommitted until it ends, and a vacuum that runs
    meanwhile (when depends on the clock and on the other workers' tests) records their
    tables as empty, after which the planner nests loops over thousands of rows for minutes
    (seen with `-n 2`: a document page's prefetch of its blocks' annotations)."""
    options = f"-h 127.0.0.1 -p {port} -k {root} -F -c fsync=off -c autovacuum=off"
    run_as_server(
        [pg_bin("pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "start", "-o", options]
    )


def start(root: Path, port: int) -> Path:
    """A new primary in ``root``/data; replication from loopback is allowed (initdb's trust)."""
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    auth = ["-U", "readingroom", "--auth=trust", "-E", "UTF8"]
    run_as_server([pg_bin("initdb"), "-D", str(data), *auth])
    launch(root, data, port)
    return data


def start_replica(root: Path, port: int, primary_port: int) -> Path:
    """A streaming replica of the primary on ``primary_port`` (hot standby, read-only)."""
    data = root / "data"
    copy = ["-D", str(data), "-R", "-c", "fast", "-h", "127.0.0.1", "-p", str(primary_port)]
    run_as_server([pg_bin("pg_basebackup"), *copy, "-U", "readingroom"])
    launch(root, data, port)
    return data


def stop(data: Path) -> None:
    subprocess.run(
        as_server_user([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
        capture_output=True,
    )


def url(port: int, database: str = "postgres") -> str:
    return f"postgres://readingroom@127.0.0.1:{port}/{database}"


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    root = server_root()
    port = free_port()
    data = start(root, port)
    env = dict(os.environ, DATABASE_URL=url(port))
    try:
        return subprocess.call(command, env=env)
    finally:
        stop(data)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
