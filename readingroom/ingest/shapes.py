"""A JSON value checked against the type the record contract declares for it.

JSON Lines records arrive as plain dicts and lists. Before they become the contract's
dataclasses, every value is checked against its declared type, so a number where a name
belongs rejects its own record with the field named ("types[0]") instead of failing deep in
storage, after other records were stored. The types are read from the dataclasses
(`records/contract.py`, docs/architecture.md, The record contract), never restated.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from readingroom.records.contract import DocumentRecord

# How a JSON value is named in messages.
_KINDS = {dict: "object", list: "list", str: "string", bool: "boolean", int: "integer"}
_KINDS |= {float: "number", type(None): "null"}
_DATE = "a date as YYYY-MM-DD"


class Problems(list[str]):
    """What is wrong with one record, each naming its field: "field 'title' is empty",
    "field 'types[0]': expected string, found integer"."""

    def add(self, where: str, message: str) -> None:
        sep = " " if message.startswith("is ") else ": "
        self.append(f"field '{where}'{sep}{message}")

    def text(self, listed: int = 5) -> str:
        more = len(self) - listed
        return "; ".join(self[:listed]) + (f"; and {more} more" if more > 0 else "")

    def wrong(self, where: str, expected: str, value: Any) -> None:
        self.add(where, f"expected {expected}, found {found(value)}")


def found(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    return _KINDS.get(type(value), type(value).__name__)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


@cache
def snapshot_hints() -> dict[str, Any]:
    """The type of each field of a record's snapshot line (`records.snapshot`), by name."""
    hints = {"identifier": str}
    for f in fields(DocumentRecord):
        how = f.metadata.get("stored")
        if how in (None, "publication"):
            continue  # not stored, or optional in a line (status, embargo)
        hint = _hints(DocumentRecord)[f.name]
        if how in ("composite", "collections"):  # a snapshot always holds a value
            hint = _not_none(hint)
        hints[f.name] = hint
    return hints


def _optional(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint)


def _not_none(hint: Any) -> Any:
    """`X` of `X | None`; `hint` itself otherwise."""
    if not _optional(hint):
        return hint
    (inner,) = [a for a in get_args(hint) if a is not type(None)]
    return inner


def conform(value: Any, hint: Any, where: str, problems: Problems) -> Any:
    """`value` checked against `hint`, with "" read as null for an optional non-text field;
    what is wrong is added to `problems`."""
    if _optional(hint):
        inner = _not_none(hint)
        if value is None or (value == "" and inner is not str):
            return None
        return _conform(value, inner, where, problems, " or null")
    return _conform(value, hint, where, problems, "")


def _conform(value: Any, hint: Any, where: str, problems: Problems, null: str) -> Any:
    if get_origin(hint) is list:
        if not isinstance(value, list):
            problems.wrong(where, f"list{null}", value)
            return []
        (item,) = get_args(hint)
        return [conform(v, item, f"{where}[{i}]", problems) for i, v in enumerate(value)]
    if is_dataclass(hint):
        return conform_record(value, hint, where, problems, null)
    if hint is date:
        return _date(value, where, problems, null)
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        problems.wrong(where, f"integer{null}", value)
    elif hint is str and not isinstance(value, str):
        problems.wrong(where, f"string{null}", value)
    return value


def conform_record(value: Any, cls: type, where: str, problems: Problems, null: str = "") -> Any:
    """An object with the fields of the dataclass `cls`: those without a default required
    (the others filled in), no others allowed."""
    if not isinstance(value, dict):
        problems.wrong(where, f"object{null}", value)
        return {}
    out = {}
    for f in fields(cls):
        if f.name in value:
            out[f.name] = conform(value[f.name], _hints(cls)[f.name], f"{where}.{f.name}", problems)
        elif f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
        else:
            problems.add(f"{where}.{f.name}", "is missing")
    for name in sorted(set(value) - {f.name for f in fields(cls)}, key=str)[:1]:
        problems.add(f"{where}.{name}", f"not a field of {cls.__name__}")
    return out


def _date(value: Any, where: str, problems: Problems, null: str) -> Any:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.wrong(where, f"{_DATE}{null}", value)
    return value
