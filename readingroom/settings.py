"""Settings: the embedded default (SQLite in READINGROOM_HOME), or PostgreSQL via DATABASE_URL."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from readingroom.records.home import default_home

BASE_DIR = Path(__file__).resolve().parent
# Never the working directory: see readingroom/records/home.py.
HOME = Path(os.environ.get("READINGROOM_HOME") or default_home()).resolve()

DEBUG = os.environ.get("READINGROOM_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("READINGROOM_SECRET_KEY", "dev-only-not-secret-readingroom")
ALLOWED_HOSTS = os.environ.get("READINGROOM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "readingroom.records",
    "readingroom.authorities",
    "readingroom.events",
    "readingroom.search",
    "readingroom.ingest",
    "readingroom.curation",
    "readingroom.web",
    "readingroom.api",
    "django_tasks",
    "django_tasks_db",
    "readingroom.work",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "readingroom.web.caching.PageCacheMiddleware",  # outside the rest: it keeps their headers
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "readingroom.curation.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a throttled login into a 429 page
]

# Curator accounts: Argon2 hashes (older hashes are upgraded at the next login), and login
# throttling by account: the 101st failed attempt within an hour is refused.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "readingroom.curation.auth.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 100
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lockout is by account on purpose (a curator behind a shared address is not locked out by
# others); axes warns about any policy without the address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

ROOT_URLCONF = "readingroom.urls"
WSGI_APPLICATION = "readingroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_url(url: str, name: str = "DATABASE_URL") -> dict:
    """PostgreSQL settings from a postgres:// URL (the scale-out deployment)."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"{name}: expected postgres://…, got {parts.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


SQLITE_DEFAULT = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": HOME / "readingroom.sqlite3",
    "OPTIONS": {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
}

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else SQLITE_DEFAULT
}
# A streaming replica of the PostgreSQL primary serves the public pages' reads; writes, the
# change log, the queue and curators read the primary (readingroom/records/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    if not os.environ.get("DATABASE_URL"):
        raise ValueError("DATABASE_REPLICA_URL: needs DATABASE_URL, the primary it copies")
    DATABASES["replica"] = database_from_url(
        os.environ["DATABASE_REPLICA_URL"], "DATABASE_REPLICA_URL"
    ) | {"TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["readingroom.records.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Each web node keeps its own local index, shared by its processes (search.sync takes turns).
SEARCH_INDEX_DIR = Path(os.environ.get("READINGROOM_INDEX_DIR", HOME / "index")).resolve()

# Background work: Django's tasks API on the database (`readingroom worker` runs the tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_LEASE_SECONDS = float(os.environ.get("READINGROOM_TASK_LEASE", "60"))
# The archive's public address: links in downloads are built from it, never from a request.
SITE_URL = os.environ.get("READINGROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The page cache (readingroom/web/caching.py): public pages and API answers, keyed by the
# change log's version. By default each process keeps its own bounded copy in memory; several
# nodes can share one cache server: add it to CACHES in a settings module of their own and
# name it in READINGROOM_PAGE_CACHE ("" turns the cache off). docs/architecture.md, Page cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "readingroom-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("READINGROOM_PAGE_CACHE_ENTRIES", "1000"))},
    },
}
PAGE_CACHE = os.environ.get("READINGROOM_PAGE_CACHE", "pages")
PAGE_CACHE_SECONDS = int(os.environ.get("READINGROOM_PAGE_CACHE_SECONDS", "600"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True

# Production (behind HTTPS): READINGROOM_SECURE=1 with a real READINGROOM_SECRET_KEY.
# `readingroom check --deploy` passes with these.
if os.environ.get("READINGROOM_SECURE") == "1":
    if SECRET_KEY.startswith("dev-only"):
        raise RuntimeError("READINGROOM_SECURE=1 needs READINGROOM_SECRET_KEY (50+ random chars)")
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    DEBUG = False
