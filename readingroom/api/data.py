"""/data: the downloads of the public archive, served from the last complete build.

Nothing is built here: a request costs a few aggregate queries and a small file read. When
the archive has changed since the last build, the request queues a rebuild
(`datatasks.build_downloads`, run by `readingroom worker`) and the page says a newer build is
being prepared, while the last build stays served — unless a record it holds has since left
the public (unpublished, embargoed, withdrawn or deleted): then nothing is served until the
rebuild is done, so unpublished records never leak through a stale file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from readingroom.api import datatasks
from readingroom.api.databuild import Build, current_version, latest_build
from readingroom.api.datafiles import BY_NAME, DOWNLOADS
from readingroom.records.models import Document, IndexChange

RETRY_SECONDS = 60


@dataclass(frozen=True)
class Offer:
    """What the Data page can serve now."""

    build: Build | None  # None: no build yet, or the last one is withheld
    preparing: bool  # a newer build is queued or running
    withheld: bool  # the last build holds a record that is no longer public


def offer() -> Offer:
    latest, version = latest_build(), current_version()
    if latest is not None and latest.version == version:
        return Offer(latest, preparing=False, withheld=False)
    datatasks.request_build(version)
    if latest is not None and holds_unpublished(latest, version.change):
        return Offer(None, preparing=True, withheld=True)
    return Offer(latest, preparing=True, withheld=False)


def holds_unpublished(build: Build, change: int) -> bool:
    """Whether a document of `build` changed since and is not public now. Only documents
    changed since the build are looked at, and only the not-public ones among them."""
    if build.version.change > change:  # the log went back (a restore): trust nothing
        return True
    left = (
        IndexChange.objects.filter(id__gt=build.version.change)
        .exclude(document_id__in=Document.objects.public().values("pk"))
        .values_list("document_id", flat=True)
        .distinct()
    )
    candidates = set(left.iterator())
    return bool(candidates) and not candidates.isdisjoint(build.document_ids())


def human_size(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _files(build: Build | None) -> list[dict[str, object]]:
    """Each file of the build with its link and size (from the manifest: no disk walk)."""
    if build is None:
        return []
    return [
        {
            "download": download,
            "url": reverse("data-download", args=[download.name]),
            "size": human_size(build.sizes[download.name]),
            "bytes": build.sizes[download.name],
        }
        for download in DOWNLOADS
    ]


@require_safe
def page(request: HttpRequest) -> HttpResponse:
    """The last complete build's files with its date and counts, or why there are none."""
    current = offer()
    files = []
    if current.build is not None:
        for download in DOWNLOADS:
            size = current.build.sizes[download.name]
            url = reverse("data-download", args=[download.name])
            files.append(
                {"download": download, "url": url, "size": human_size(size), "bytes": size}
            )
    context = {
        "build": current.build,
        "preparing": current.preparing,
        "withheld": current.withheld,
        "files": _files(current.build),
        "api_docs": "/api/v1/docs",
        "api_root": "/api/v1/",
        "oai": reverse("oai"),
        "oai_formats": reverse("oai") + "?verb=ListMetadataFormats",
    }
    return render(request, "api/data.html", context)


def _not_ready() -> HttpResponse:
    response = HttpResponse(
        "The downloads are being prepared; try again in a few minutes.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    return response


@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse:
    found = BY_NAME.get(name)
    if found is None:
        raise Http404("No such download")
    build = offer().build
    if build is None:
        return _not_ready()
    try:
        handle = (build.directory / name).open("rb")
    except FileNotFoundError:  # replaced by a newer build just now
        return _not_ready()
    stem, dot, extension = name.partition(".")
    response = FileResponse(
        handle, as_attachment=True, filename=f"{stem}-v{build.version}{dot}{extension}"
    )
    response["Content-Type"] = found.content_type
    response["Cache-Control"] = "no-cache"
    return response
