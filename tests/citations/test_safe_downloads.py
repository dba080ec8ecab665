"""Downloads a record's text cannot break: one RIS record, one BibTeX entry, inert CSV cells.

A summary holding "\\r\\nER  - \\r\\nTY  - GEN…" once made `cite.ris` three records; a title with a
lone brace and an `@` line could end a BibTeX entry and start another; a CSV cell
`=HYPERLINK(…)` reached a spreadsheet as a formula.
"""

from __future__ import annotations

import csv
import io
import re

import bibtexparser
import pyarrow.parquet as pq
import pytest
import rispy
from django.core.management import call_command

from readingroom.api import csvexport, parquetexport
from readingroom.citations import crosswalk
from readingroom.citations.citable import citable
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from tests.citations.test_citations import FRUS, FRUS_COLLECTIONS, FRUS_URL, SEED, SEED_URL

RIS_BREAK = "Talks\r\nER  - \r\nTY  - GEN\r\nTI  - Injected\r\n"
BIB_BREAK = "Talks}},\n@misc{injected,\n  title = {Injected}\n}\n@comment{"
SEPARATORS = "Talks\u2028ER  - \u2029TY  - GEN\x85TI  - Injected\x0bER  - \x0c"
HOSTILE = [RIS_BREAK, BIB_BREAK, SEPARATORS, "{Talks", "Talks}", "} { \\ ~"]
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - ")


def _seed(value: str, field: str) -> dict:
    if field == "source":
        return dict(SEED, source=dict(SEED["source"], text=value, fonds=value))
    if field == "credits":
        return dict(SEED, credits=[{"role": "translated_by", "name": value}])
    if field == "date":
        return dict(SEED, date=dict(SEED["date"], text=value))
    return dict(SEED, **{field: [value] if field == "types" else value})


def items_with(value: str) -> list:
    """The seed and the FRUS record with `value` in every field a download writes."""
    seeds = [_seed(value, f) for f in ("title", "summary", "source", "credits", "types", "date")]
    volume = dict(FRUS_COLLECTIONS["frus1958-60v19"], title=value, editors=[value, f"A {value}"])
    volume |= {"publisher": value, "publication_place": value}
    frus = [dict(FRUS, title=value, number=value)]
    return [citable(s, url=SEED_URL, collections={}) for s in seeds] + [
        citable(f, url=FRUS_URL, collections={"frus1958-60v19": volume}) for f in frus
    ]


def assert_one_ris_record(text: str) -> None:
    lines = [line for line in text.splitlines() if line]
    assert all(RIS_LINE.match(line) for line in lines), text
    assert [line[:2] for line in lines].count("TY") == 1
    assert [line[:2] for line in lines].count("ER") == 1 and lines[-1].startswith("ER")
    assert len(rispy.loads(text)) == 1


def braces_balance(value: str) -> bool:
    """As BibTeX counts them: every brace, escaped or not."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def assert_one_bibtex_entry(text: str, fields: set[str]) -> None:
    assert [line for line in text.splitlines() if line.lstrip().startswith("@")] == [
        text.splitlines()[0]
    ], text
    library = bibtexparser.parse_string(text)
    assert len(library.entries) == 1 and not library.failed_blocks, text
    (entry,) = library.entries
    assert set(entry.fields_dict) == fields
    assert all(braces_balance(f.value) for f in entry.fields), text


@pytest.mark.parametrize("value", HOSTILE)
def test_no_field_adds_a_record_or_an_entry(value):
    clean = items_with("Talks")
    for item, plain in zip(items_with(value), clean, strict=True):
        assert_one_ris_record(crosswalk.ris(item))
        fields = set(bibtexparser.parse_string(crosswalk.bibtex(plain)).entries[0].fields_dict)
        assert_one_bibtex_entry(crosswalk.bibtex(item), fields)


def test_the_text_survives_on_one_line():
    item = citable(
        dict(SEED, summary=RIS_BREAK, title="A {lone brace"), url=SEED_URL, collections={}
    )
    (record,) = rispy.loads(crosswalk.ris(item))
    assert record["abstract"] == "Talks ER - TY - GEN TI - Injected"
    (entry,) = bibtexparser.parse_string(crosswalk.bibtex(item)).entries
    assert entry.fields_dict["title"].value == r"{A \textbraceleft{}lone brace}"


@pytest.fixture
def stored(seed_paths, index_dir) -> Document:
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1959)
    doc.summary, doc.title = RIS_BREAK, BIB_BREAK
    doc.save()
    return doc


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_page_downloads_hold_one_record(client, stored):
    ris = client.get(f"/documents/{stored.identifier}/cite.ris")
    assert ris.status_code == 200
    assert_one_ris_record(ris.content.decode())
    bib = client.get(f"/documents/{stored.identifier}/cite.bib").content.decode()
    assert len(bibtexparser.parse_string(bib).entries) == 1
    assert sum(line.startswith("@") for line in bib.splitlines()) == 1


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","click")',
    "summary": "+1+1",
    "rights": "-2+3",
    "classification": "@SUM(A1)",
    "number": "\tleading tab",
    "date_text": "\rleading return",
}


@pytest.fixture
def formulas(seed_paths, index_dir) -> Document:
    import_paths(seed_paths)
    Document.objects.filter(date_start__year=1959).update(**FORMULAS)
    return Document.objects.get(date_start__year=1959)


def rows_of(text: str) -> dict[str, dict[str, str]]:
    return {r["identifier"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def assert_inert(row: dict[str, str]) -> None:
    columns = {"date_text": "date"}  # the CSV's name for it
    for field, value in FORMULAS.items():
        assert row[columns.get(field, field)] == "'" + value, field


@pytest.mark.django_db
@pytest.mark.postgres
def test_csv_cells_that_start_a_formula_are_inert(formulas, capsys, tmp_path):
    other = Document.objects.exclude(pk=formulas.pk).get()
    public = rows_of("".join(csvexport.csv_lines(Document.objects.public())))
    assert_inert(public[formulas.identifier])
    assert public[other.identifier]["title"] == other.title  # the rest as it was
    call_command("export", "--format", "csv", "--public")
    assert_inert(rows_of(capsys.readouterr().out)[formulas.identifier])
    parquetexport.write_package(tmp_path, public=True)
    packaged = (tmp_path / parquetexport.CSV_NAME).read_bytes().decode()
    assert_inert(rows_of(packaged)[formulas.identifier])
    table = pq.read_table(tmp_path / parquetexport.PARQUET_NAME).to_pylist()
    typed = next(r for r in table if r["identifier"] == formulas.identifier)
    assert typed["title"] == FORMULAS["title"]  # Parquet is no spreadsheet: values as stored
