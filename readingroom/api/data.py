"""/data: downloads of the public archive, built on first request and kept until it changes.

Every file is written under READINGROOM_HOME/exports/<version>/, where the version is the
latest search `IndexChange` id — every saved change to a record appends one — and the number
of embargoes that have ended, since an embargo ends by the calendar with nothing logged. So
any change gives a new version and fresh files (older versions' directories are then
removed). Only what readers see is exported: drafts, embargoed and withdrawn records never are.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from readingroom.api import csvexport, exporting, teiexport
from readingroom.records.models import Document, IndexChange, Status


@dataclass(frozen=True)
class Download:
    name: str  # the file name under the version directory, and in the URL
    title: str
    description: str
    content_type: str
    build: Callable[[Path, str], None]  # (target path, site base URL)


def _write_lines(lines, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as stream:
        exporting.write_lines(lines, stream)


def build_jsonl(target: Path, base_url: str) -> None:
    _write_lines(exporting.jsonl_lines(*exporting.public_only()), target)


def build_csv(target: Path, base_url: str) -> None:
    _write_lines(csvexport.csv_lines(exporting.public_only()[0]), target)


def build_parquet(target: Path, base_url: str) -> None:
    from readingroom.api import parquetexport  # pyarrow is only needed here

    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        package = Path(scratch) / "readingroom-public"
        parquetexport.write_package(package, public=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package.iterdir()):
                archive.write(path, f"{package.name}/{path.name}")


def build_tei(target: Path, base_url: str) -> None:
    teiexport.write_zip(target, public=True, base_url=base_url)


DOWNLOADS = (
    Download(
        "readingroom-public.jsonl",
        "JSON Lines",
        "Every public record, one JSON object a line, collections first.",
        "application/jsonl; charset=utf-8",
        build_jsonl,
    ),
    Download(
        "readingroom-public.csv",
        "CSV",
        "One row per public document: the metadata columns.",
        "text/csv; charset=utf-8",
        build_csv,
    ),
    Download(
        "readingroom-public-parquet.zip",
        "Parquet data package",
        "A zip of a Frictionless data package: documents.parquet, documents.csv and "
        "datapackage.json describing both.",
        "application/zip",
        build_parquet,
    ),
    Download(
        "readingroom-public-tei.zip",
        "TEI P5",
        "A zip of one TEI XML file per public document, named by its identifier.",
        "application/zip",
        build_tei,
    ),
)
BY_NAME = {d.name: d for d in DOWNLOADS}


class Version(NamedTuple):
    change: int  # the latest IndexChange id
    lapsed: int  # embargoed records whose embargo has ended

    def __str__(self) -> str:
        """ "812", or "812-3" once embargoes have ended: the directory and file-name suffix."""
        return f"{self.change}-{self.lapsed}" if self.lapsed else str(self.change)

    @classmethod
    def of(cls, name: str) -> Version | None:
        """The version a directory name stands for, if it is one."""
        change, _, lapsed = name.partition("-")
        if change.isdigit() and (lapsed.isdigit() or lapsed == ""):
            return cls(int(change), int(lapsed or 0))
        return None


def current_version() -> Version:
    change = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
    ended = Document.objects.filter(
        status=Status.EMBARGOED, embargo_until__lte=timezone.localdate()
    )
    return Version(change, ended.count())


def exports_root() -> Path:
    return Path(settings.HOME) / "exports"


def ensure(download: Download, version: Version, base_url: str) -> Path:
    """The file for this version, built first if it is not there yet. It is written beside
    its final name and renamed into place, so a reader never sees half a file."""
    directory = exports_root() / str(version)
    path = directory / download.name
    if path.is_file():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=directory, prefix=f".{download.name}.")
    os.close(fd)
    try:
        download.build(Path(scratch), base_url)
        os.replace(scratch, path)
    finally:
        Path(scratch).unlink(missing_ok=True)
    _drop_older(version)
    return path


def _drop_older(version: Version) -> None:
    for directory in exports_root().iterdir():
        found = Version.of(directory.name)
        if directory.is_dir() and found is not None and found < version:
            shutil.rmtree(directory, ignore_errors=True)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


@require_safe
def page(request: HttpRequest) -> HttpResponse:
    """The downloads, each with its size (so each is built here if it is not yet)."""
    version, base_url = current_version(), _base_url(request)
    files = []
    for download in DOWNLOADS:
        path = ensure(download, version, base_url)
        files.append(
            {
                "download": download,
                "url": reverse("data-download", args=[download.name]),
                "size": human_size(path.stat().st_size),
                "bytes": path.stat().st_size,
            }
        )
    context = {
        "files": files,
        "version": version,
        "api_docs": "/api/v1/docs",
        "api_root": "/api/v1/",
        "oai": reverse("oai"),
        "oai_formats": reverse("oai") + "?verb=ListMetadataFormats",
    }
    return render(request, "api/data.html", context)


@require_safe
def download(request: HttpRequest, name: str) -> FileResponse:
    found = BY_NAME.get(name)
    if found is None:
        raise Http404("No such download")
    version = current_version()
    path = ensure(found, version, _base_url(request))
    stem, dot, extension = name.partition(".")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{stem}-v{version}{dot}{extension}"
    )
    response["Content-Type"] = found.content_type
    response["Cache-Control"] = "no-cache"
    return response
