"""Another archive's CSV export, read through a mapping file (`readingroom import --mapping`).

A mapping is a TOML file that names, for every column of the export, the column of the
project's own CSV format it holds (`ingest.csvrows`, listed in the README), several of them,
or "ignore":

    [csv]
    list_separator = ";"   # between the values of a multi-valued cell; JSON arrays read too

    [columns]
    record_id = ["identifier", "record_id"]
    title = "title"
    credits = "credit_line"
    document_url = "ignore"

Besides the project's columns a column may hold: `credit_line` (free-text credits, "Obtained
by X and translated by Y", parsed into roles as the saved pages' are), `source_line` (a
source citation with its credits, "AQPPSH, MPP Korese, D 3, V. 1964. Translated for NKIDP by
Y", parsed as the saved pages' "Document Information"), `credits:ROLE` (names, each a credit
with that role: `credits:author`), `archive` (the original archive's name, into the source
citation) and `labels` (people and organizations in one list, told apart by their words). A
column the mapping does not name rejects the file, naming it; the columns it maps to
"ignore" are listed in the import report. Dates may be written as the export writes them
("May 7, 1964"); problems name the export's column.
"""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import cast

from readingroom.enrich.gazetteer import key_for, organizations
from readingroom.ingest.base import Importer, ParseError
from readingroom.ingest.citation import parse_credits, parse_source_line
from readingroom.ingest.csvrows import (
    COLUMNS,
    DATES,
    JOINED,
    SEP,
    RowError,
    RowProblems,
    document_from_row,
    rows,
)
from readingroom.ingest.report import WarnedFile
from readingroom.records.contract import DocumentRecord, SourceCitation
from readingroom.records.dates import parse_date

SHIPPED = Path(__file__).resolve().parent / "mappings"
IGNORE = "ignore"
EXTRA = ("credit_line", "source_line", "credits:ROLE", "archive", "labels", IGNORE)
TARGETS = (*COLUMNS, *EXTRA)
LISTS = (*JOINED, "credit_line", "labels")  # and "credits:ROLE"
# Words that make a label an organization's name rather than a person's.
_ORGANIZATION_WORDS = frozenset(
    """party committee ministry union council embassy government department agency bureau
    army navy front association organization organisation nations league congress assembly
    institute university bank company corporation office commission academy federation
    service command forces republic kingdom secretariat delegation""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Mapping:
    """Which field of the project's CSV format each column of an export holds."""

    path: str
    columns: dict[str, tuple[str, ...]]
    separator: str = ";"

    def check_header(self, names: list[str], where: str) -> None:
        unmapped = [n for n in names if n not in self.columns]
        if unmapped:
            listed = ", ".join(repr(n) for n in unmapped)
            raise ParseError(
                f"row 1: {listed} not in the mapping {self.path}; map each column to a field "
                'or to "ignore"',
                path=where,
                line=1,
            )
        held = {target for name in names for target in self.columns[name]}
        for required in ("identifier", "title"):
            if required not in held:
                raise ParseError(
                    f"row 1: no column maps to '{required}' in {self.path}", path=where, line=1
                )

    def ignored(self, names: list[str]) -> list[str]:
        return [n for n in names if self.columns.get(n) == (IGNORE,)]

    def read(self, row: dict[str, str | None]) -> DocumentRecord:
        """The record of one export row, its problems named by the export's columns."""
        if None in row:
            raise RowError("(extra)", "more values than there are columns")
        cells: dict[str, list[str] | str] = {}
        problems: list[RowError] = []
        for column, value in row.items():
            for target in self.columns[column]:
                try:
                    self._put(cells, target, (value or "").strip())
                except RowError as problem:
                    problems.append(RowError(column, problem.detail))
        archive, line = str(cells.pop("archive", "")), str(cells.pop("source_line", ""))
        project = {k: SEP.join(v) if isinstance(v, list) else v for k, v in cells.items()}
        try:
            record = document_from_row(project)
        except RowProblems as exc:
            problems += [RowError(self.source_of(p.column), p.detail) for p in exc.problems]
        if problems:
            raise RowProblems(problems)
        if line:
            record.source, credits = parse_source_line(line)
            record.credits += [c for c in credits if c not in record.credits]
        if archive:
            record.source = replace(record.source or SourceCitation(""), archive=archive)
        return record

    def source_of(self, target: str) -> str:
        return next((c for c, targets in self.columns.items() if target in targets), target)

    def _put(self, cells: dict[str, list[str] | str], target: str, value: str) -> None:
        if target == IGNORE or not value:
            return
        if target not in LISTS and not target.startswith("credits:"):
            cells.setdefault(target, _day(value) if target in DATES else value)
            return
        values = self._values(value)
        if target == "credit_line":
            found = [f"{c.role}: {c.name}" for v in values for c in parse_credits(v)]
            _extend(cells, "credits", found)
        elif target.startswith("credits:"):
            _extend(cells, "credits", [f"{target[8:]}: {name}" for name in values])
        elif target == "labels":
            for label in values:
                kind = "organizations" if is_organization(label) else "people"
                _extend(cells, f"associated_{kind}", [label])
        else:
            _extend(cells, target, values)

    def _values(self, cell: str) -> list[str]:
        """A cell's values: a JSON array of strings, or values between separators ("[less
        than 1 line not declassified] Program" is one value, not a broken array)."""
        if cell.startswith('["') or cell == "[]":
            try:
                parsed = json.loads(cell)
            except json.JSONDecodeError as exc:
                raise RowError("", f"not a JSON array ({exc.msg})") from None
            if not isinstance(parsed, list) or not all(isinstance(v, str) for v in parsed):
                raise RowError("", "expected a JSON array of strings")
            values = parsed
        else:
            values = cell.split(self.separator)
        found = [v.strip() for v in values if v.strip()]
        if any(SEP in v for v in found):
            raise RowError(
                "", f"a value holds '{SEP}', which the project's format puts between values"
            )
        return found


def _extend(cells: dict[str, list[str] | str], target: str, values: list[str]) -> None:
    cast(list, cells.setdefault(target, [])).extend(values)  # list targets hold lists only


def _day(value: str) -> str:
    """An ISO date as it is; a date as written ("May 7, 1964") as the ISO day it starts on."""
    if len(value) == 10 and value[4] == "-":
        return value
    start = parse_date(value).start
    if start is None:
        raise RowError("", f"expected a date, found {value!r}")
    return start.isoformat()


@cache
def _organization_keys() -> frozenset[str]:
    return frozenset(a.key for a in organizations())


def is_organization(label: str) -> bool:
    """ "Korean Workers' Party", "KWP" and the gazetteer's organizations; not "Kim Il Sung"."""
    words = {w.strip(".,'’()").lower() for w in label.split()}
    known = key_for("organization", label) in _organization_keys()
    return known or bool(words & _ORGANIZATION_WORDS) or (label.isupper() and " " not in label)


def _credit_role(target: str) -> bool:
    role = target.removeprefix("credits:")
    return role != target and bool(role) and role.replace("_", "").isalpha()


def load_mapping(name: str | Path) -> Mapping:
    """A mapping file, or one shipped with the project by name ("digital_archive")."""
    path = Path(name)
    if not path.exists() and (SHIPPED / f"{name}.toml").exists():
        path = SHIPPED / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParseError(f"cannot read the mapping ({exc.strerror})", path=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"not a TOML mapping ({exc})", path=str(path)) from None
    columns = {}
    for column, targets in data.get("columns", {}).items():
        targets = (targets,) if isinstance(targets, str) else tuple(targets)
        unknown = [t for t in targets if t not in TARGETS and not _credit_role(t)]
        if unknown or not targets:
            raise ParseError(
                f"column {column!r} maps to {unknown[0] if unknown else 'nothing'!r}; expected "
                f"any of {', '.join(TARGETS)}",
                path=str(path),
            )
        columns[column] = targets
    if not columns:
        raise ParseError("the mapping has no [columns] table", path=str(path))
    separator = data.get("csv", {}).get("list_separator", ";")
    return Mapping(str(path), columns, separator)


class MappedCsvImporter(Importer):
    """A CSV export of another archive, read through its mapping."""

    format = "csv-mapped"

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".csv"

    def parse(self, path: Path) -> WarnedFile:
        check, read = self.mapping.check_header, self.mapping.read
        total = sum(1 for _ in rows(path, check, read))  # every row checked before any is saved
        warnings = []
        if ignored := self.mapping.ignored(_header(path)):
            warnings.append(f"{path}, line 1: columns the mapping ignores: {', '.join(ignored)}")
        return WarnedFile(str(path), rows(path, check, read), total=total, warnings=warnings)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])
