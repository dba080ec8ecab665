"""Readable differences between two record snapshots, field by field, for people to read.

A changed line also carries which of its words changed, so a one-word edit in a long
paragraph stands out. Everything here is plain text; templates escape it (and
`conflict_html` escapes its own).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join

WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Line:
    kind: str  # "add", "del", "same", "hunk"
    text: str  # with its "+", "-" or " " prefix
    segments: list[tuple[bool, str]] = field(default_factory=list)  # (changed, text)


@dataclass(frozen=True)
class FieldDiff:
    field: str
    lines: list[Line]


def as_lines(value: Any) -> list[str]:
    """Text split into lines; anything structured as indented JSON, one item per line."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines() or [""]
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True).splitlines()


def _kind(text: str) -> str:
    if text.startswith("@@"):
        return "hunk"
    return {"+": "add", "-": "del"}.get(text[:1], "same")


def word_segments(old: str, new: str) -> tuple[list, list]:
    """Each line as (changed, text) runs of words, marking what the other line lacks."""
    a, b = WORDS.split(old), WORDS.split(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = op == "equal"
        if i2 > i1:
            left.append((not same, "".join(a[i1:i2])))
        if j2 > j1:
            right.append((not same, "".join(b[j1:j2])))
    return left, right


def _run(lines: list[Line], start: int, kind: str) -> int:
    """How many lines of `kind` follow one another from `start`."""
    n = start
    while n < len(lines) and lines[n].kind == kind:
        n += 1
    return n - start


def _mark_words(lines: list[Line]) -> list[Line]:
    """Pair each run of removed lines with the added lines after it, line by line."""
    out, i = [], 0
    while i < len(lines):
        run = _run(lines, i, "del")
        if run and _run(lines, i + run, "add") >= run:
            olds, news = [], []
            for d, a in zip(lines[i : i + run], lines[i + run : i + 2 * run], strict=True):
                left, right = word_segments(d.text[1:], a.text[1:])
                olds.append(Line("del", d.text, [(False, "-"), *left]))
                news.append(Line("add", a.text, [(False, "+"), *right]))
            out += olds + news
            i += 2 * run
        else:
            out.append(Line(lines[i].kind, lines[i].text, [(False, lines[i].text)]))
            i += 1
    return out


def field_diff(name: str, before: Any, after: Any) -> FieldDiff:
    raw = difflib.unified_diff(as_lines(before), as_lines(after), n=2, lineterm="")
    lines = [Line(_kind(t), t) for t in raw if not t.startswith(("---", "+++"))]
    return FieldDiff(name, _mark_words(lines))


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldDiff]:
    """Every top-level field that differs, in a stable order."""
    keys = sorted(set(before) | set(after))
    return [
        field_diff(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)
    ]


def conflict_html(loaded: dict[str, Any], current: dict[str, Any]) -> str:
    """The conflict as safe HTML for an error message: escaped lines in a <pre> per field."""
    parts = [
        format_html(
            "<div><strong>{}</strong><pre>{}</pre></div>",
            d.field,
            format_html_join("\n", "{}", ((line.text,) for line in d.lines)),
        )
        for d in snapshot_diff(loaded, current)
    ]
    return format_html(
        "This document was changed by someone else after you opened it; your changes were not "
        "saved. What changed since you loaded it (− yours as loaded, + stored now):{}",
        format_html_join("", "{}", ((p,) for p in parts)),
    )
