"""Production settings pass Django's deployment checks with no warnings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean(tmp_path):
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path), READINGROOM_SECURE="1")
    env["READINGROOM_SECRET_KEY"] = secrets.token_urlsafe(60)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_secure_mode_refuses_the_development_key(tmp_path):
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path), READINGROOM_SECURE="1")
    env.pop("READINGROOM_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "READINGROOM_SECRET_KEY" in done.stderr
