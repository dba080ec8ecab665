"""The /oai endpoint: GET or POST OAI-PMH requests in, XML out."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oai_repo import OAIRepository
from oai_repo.error import OAIErrorResponse
from oai_repo.exceptions import (
    OAIError,
    OAIErrorBadArgument,
    OAIErrorBadResumptionToken,
    OAIErrorBadVerb,
)

from readingroom.api.oai import DayOnly, ReadingRoomData, mark_deleted

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What XML 1.0 cannot carry (control characters but tab and line breaks, NUL among them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Repository(OAIRepository):
    def valid_date(self, datestr: str | None) -> datetime | None:
        """As oai-repo reads it, but a bare day is marked so `until` can cover the whole day."""
        parsed = super().valid_date(datestr)
        if parsed is not None and _DAY.match(datestr.strip()):
            return DayOnly(parsed.year, parsed.month, parsed.day, tzinfo=UTC)
        return parsed


def check_characters(args: dict[str, list[str]]) -> None:
    """No argument may hold a character XML cannot carry: the answer could not be written,
    and no identifier, set, prefix, date or token of ours holds one. The value is not quoted
    back, for the same reason."""
    for key, values in args.items():
        if not any(NOT_XML.search(text) for text in (key, *values)):
            continue
        if key == "verb":
            raise OAIErrorBadVerb("The verb holds control characters, so it is not a verb.")
        named = f"The argument {key}" if not NOT_XML.search(key) else "An argument's name"
        raise OAIErrorBadArgument(f"{named} holds control characters, which no value may hold.")


def check_arguments(args: dict[str, list[str]]) -> None:
    """What the protocol forbids and oai-repo lets through: control characters, repeats,
    mixed granularities, and a resumption token for ListSets (whose lists are never split)."""
    check_characters(args)
    repeated = [k for k, values in args.items() if len(values) > 1]
    if repeated:
        raise OAIErrorBadArgument(f"The argument {repeated[0]} is repeated.")
    dates = [args[k][0] for k in ("from", "until") if k in args]
    if len(dates) == 2 and len(dates[0].strip()) != len(dates[1].strip()):
        raise OAIErrorBadArgument("from and until must have the same granularity.")
    if args.get("verb") == ["ListSets"] and "resumptionToken" in args:
        raise OAIErrorBadResumptionToken("ListSets never issues resumption tokens.")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    args = {key: params.getlist(key) for key in params}
    data = ReadingRoomData(request)
    repository = Repository(data)
    try:
        check_arguments(args)
    except OAIError as exc:
        response = OAIErrorResponse(repository, exc)
    else:
        response = repository.process({key: values[0] for key, values in args.items()})
        if response:
            mark_deleted(response.xmlr, data.deleted)
    return HttpResponse(bytes(response), content_type="text/xml; charset=utf-8")
