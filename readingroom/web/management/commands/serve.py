"""`readingroom serve`: gunicorn's worker processes over the WSGI application.

The port opens at once: a missing search index is built in the background while searches
say so (`search.sync`). With `--with-worker` a queue worker runs beside the server, as
`make run` wants; in production workers run on their own (`readingroom worker`).
"""

from __future__ import annotations

import ipaddress
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from gunicorn.app.base import BaseApplication

SECRET_WARNING = (
    "warning: serving on a non-loopback address without READINGROOM_SECURE=1 "
    "(development secret key, no HTTPS settings); see docs/deploy.md"
)


class Server(BaseApplication):
    """Gunicorn configured from the command's options, loading readingroom.wsgi per worker."""

    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from readingroom.wsgi import application

        return application


def stop(worker: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask the queue worker to stop after its task; past the grace, kill it: a task cut
    short is run again by the next worker (readingroom.work)."""
    worker.terminate()
    try:
        worker.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Command(BaseCommand):
    help = "Serve the reading room (gunicorn; a missing index is built in the background)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="server processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per process")
        parser.add_argument(
            "--with-worker", action="store_true", help="also run a queue worker (make run)"
        )

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options) -> None:
        if not is_loopback(host) and not getattr(settings, "SECURE_SSL_REDIRECT", False):
            self.stderr.write(SECRET_WARNING)
        worker = self._start_worker() if options["with_worker"] else None
        self.stdout.write(f"Serving {settings.HOME} at http://{host}:{port}/", ending="\n")
        self.stdout.flush()
        connections.close_all()  # no connection may cross the fork into the workers
        config = {"bind": f"{host}:{port}", "workers": workers, "threads": threads}
        config |= {"worker_class": "gthread", "graceful_timeout": 10}
        config |= {"control_socket_disable": True}  # one per user: two servers would collide
        try:
            Server(config).run()
        finally:
            if worker is not None:
                stop(worker)

    def _start_worker(self) -> subprocess.Popen:
        argv = [sys.executable, "-m", "readingroom.cli", "worker", "--no-startup-delay"]
        return subprocess.Popen(argv)
