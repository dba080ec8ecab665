"""Bulk export as a Frictionless data package: documents.csv, documents.parquet and a
datapackage.json describing both (the same columns as the CSV export, with typed dates).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import QuerySet

from readingroom.api import csvexport, exporting
from readingroom.ingest.csvrows import COLUMNS, DATES, JOINED, SEP, STATUSES

CSV_NAME = "documents.csv"
PARQUET_NAME = "documents.parquet"
PACKAGE_NAME = "datapackage.json"
BATCH = 500


def field(name: str) -> dict[str, Any]:
    """A Table Schema field for one CSV column."""
    described: dict[str, Any] = {"name": name, "type": "date" if name in DATES else "string"}
    if name in ("identifier", "title"):
        described["constraints"] = {"required": True}
    if name == "status":
        described["constraints"] = {"required": True, "enum": list(STATUSES)}
    if name in JOINED:
        described["description"] = f"values joined with '{SEP}'"
    return described


def table_schema() -> dict[str, Any]:
    return {"fields": [field(c) for c in COLUMNS], "primaryKey": ["identifier"]}


def arrow_schema() -> pa.Schema:
    return pa.schema([pa.field(c, pa.date32() if c in DATES else pa.string()) for c in COLUMNS])


def descriptor(public: bool) -> dict[str, Any]:
    """datapackage.json: the CSV and the Parquet file, one table schema for both."""
    common = {"profile": "tabular-data-resource", "schema": table_schema()}
    return {
        "name": "readingroom-documents",
        "title": "readingroom documents" + (" (public)" if public else ""),
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": "documents-csv",
                "path": CSV_NAME,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **common,
            },
            {
                "name": "documents-parquet",
                "path": PARQUET_NAME,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                **common,
            },
        ],
    }


def _typed(row: dict[str, str]) -> dict[str, Any]:
    return {k: (date.fromisoformat(v) if v else None) if k in DATES else v for k, v in row.items()}


def write_parquet(path: Path, docs: QuerySet | None) -> int:
    """documents.parquet, written a batch of rows at a time; returns the row count."""
    schema, batch, count = arrow_schema(), [], 0
    with pq.ParquetWriter(path, schema) as writer:
        for doc in exporting.documents_in_order(docs):
            batch.append(_typed(csvexport.csv_row(doc)))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count + len(batch)


def write_package(directory: Path, *, public: bool = False) -> int:
    """The whole package into `directory` (created if needed); returns the document count."""
    directory.mkdir(parents=True, exist_ok=True)
    docs = exporting.public_only()[0] if public else None
    with (directory / CSV_NAME).open("w", encoding="utf-8", newline="") as stream:
        exporting.write_lines(csvexport.csv_lines(docs), stream)
    count = write_parquet(directory / PARQUET_NAME, docs)
    text = json.dumps(descriptor(public), indent=2, ensure_ascii=False) + "\n"
    (directory / PACKAGE_NAME).write_text(text, encoding="utf-8")
    return count
