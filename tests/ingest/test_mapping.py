"""Another archive's CSV export imported as it is, through a mapping (issue 17, point 5)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rich.console import Console

from readingroom.authorities.models import Mention
from readingroom.ingest.base import ParseError
from readingroom.ingest.mapping import MappedCsvImporter, is_organization, load_mapping
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

# The export columns of the archive the sample pages come from, in its order.
EXPORT_COLUMNS = [
    *("document_url", "original_publication_date", "title", "credits", "text_body", "summary"),
    *("authors", "associated_places", "subjects_discussed", "associated_people_orgs"),
    *("document_contributors", "source", "original_upload_date", "original_archive_title"),
    *("language", "rights", "record_id", "original_classification", "donors"),
]

HOXHA = {
    "document_url": "https://example.org/document/report-meeting-hoxha-li-byeongchan",
    "original_publication_date": "May 7, 1964",
    "title": "Report on a Meeting between Enver Hoxha and Li Byeongchan",
    "credits": "Translated for NKIDP by Enkel Daljani",
    "text_body": "Comrade Enver Hoxha: How are you, Comrade Ambassador?\n\nWe are very happy.",
    "summary": "Enver Hoxha exchanges greetings with the delegation from the DPRK.",
    "authors": "Sadik Myftiu",
    "associated_places": '["Albania", "Korea, North"]',
    "subjects_discussed": "Agriculture; Revisionism",
    "associated_people_orgs": "Hoxha, Enver; Kim Il Sung; Korean Workers' Party; KWP",
    "document_contributors": "",
    "source": "AQPPSH, MPP Korese, D 3, V. 1964. Translated for NKIDP by Enkel Daljani.",
    "original_upload_date": "March 5, 2014",
    "original_archive_title": "Albanian State Archive",
    "language": "Albanian",
    "rights": "The History and Public Policy Program welcomes reuse.",
    "record_id": "116543",
    "original_classification": "",
    "donors": "Leon Levy Foundation",
}


def export(tmp_path: Path, *rows: dict[str, str], columns=EXPORT_COLUMNS) -> Path:
    path = tmp_path / "export.csv"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def read(path: Path) -> list:
    return list(MappedCsvImporter(load_mapping("digital_archive")).parse(path).documents)


def test_the_shipped_mapping_names_every_export_column() -> None:
    mapping = load_mapping("digital_archive")
    assert set(mapping.columns) == set(EXPORT_COLUMNS)


def test_an_export_row_becomes_a_record(tmp_path: Path) -> None:
    (record,) = read(export(tmp_path, HOXHA))
    assert record.key == record.record_id == "116543"
    assert str(record.date.start) == "1964-05-07" and record.date.text == "May 7, 1964"
    assert str(record.uploaded) == "2014-03-05"
    assert record.blocks[0].text.startswith("Comrade Enver Hoxha:")
    assert record.places == ["Albania", "Korea, North"]  # a JSON array
    assert record.subjects == ["Agriculture", "Revisionism"]  # a delimited list
    assert record.associated_people == ["Hoxha, Enver", "Kim Il Sung"]
    assert record.associated_organizations == ["Korean Workers' Party", "KWP"]
    assert record.languages == ["Albanian"] and record.funders == ["Leon Levy Foundation"]
    credits = {(c.role, c.name) for c in record.credits}
    assert ("translated_for", "NKIDP") in credits and ("translated_by", "Enkel Daljani") in credits
    assert ("author", "Sadik Myftiu") in credits
    assert record.source.archive == "Albanian State Archive"
    assert record.source.text.startswith("AQPPSH, MPP Korese")


def test_a_value_opening_with_a_bracket_is_no_json(tmp_path: Path) -> None:
    withheld = "[less than 1 line of source text not declassified] Program"
    row = {**HOXHA, "subjects_discussed": withheld}
    broken = {**HOXHA, "record_id": "116544", "associated_places": '["Albania", '}
    record, refused = read(export(tmp_path, row, broken))
    assert record.subjects == [withheld]
    assert "column 'associated_places': not a JSON array" in str(refused)


def test_people_and_organizations_are_told_apart() -> None:
    assert is_organization("Korean Workers' Party") and is_organization("KWP")
    assert is_organization("Central Committee of the Albanian Party of Labor")
    assert not is_organization("Kim Il Sung") and not is_organization("Hoxha, Enver")


def test_a_column_the_mapping_does_not_name_rejects_the_file(tmp_path: Path) -> None:
    path = export(tmp_path, {**HOXHA, "colour": "red"}, columns=(*EXPORT_COLUMNS, "colour"))
    with pytest.raises(ParseError) as caught:
        read(path)
    assert "'colour' not in the mapping" in str(caught.value) and str(path) in str(caught.value)


def test_a_bad_row_is_refused_alone_naming_the_export_s_column(tmp_path: Path) -> None:
    bad = {**HOXHA, "record_id": "", "original_upload_date": "someday"}
    piped = {**HOXHA, "record_id": "116544", "subjects_discussed": "A|B"}
    found = read(export(tmp_path, bad, piped, {**HOXHA, "record_id": "116545"}))
    assert [getattr(r, "key", None) for r in found] == [None, None, "116545"]
    assert "row 2" in str(found[0]) and "column 'record_id': is empty" in str(found[0])
    assert "column 'original_upload_date': expected a date" in str(found[0])
    assert "column 'subjects_discussed'" in str(found[1]) and "'|'" in str(found[1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[columns]\ntitle = "headline"\n', "column 'title' maps to 'headline'"),
        ("[columns\n", "not a TOML mapping"),
        ('[csv]\nlist_separator = ";"\n', "no [columns] table"),
    ],
)
def test_a_bad_mapping_is_named(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load_mapping(path)
    assert expected in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_import_with_a_mapping_stores_links_and_lists_ignored_columns(
    tmp_path: Path, index_dir, capsys, client
) -> None:
    path = export(tmp_path, HOXHA)
    call_command("import_records", str(path), mapping="digital_archive")
    assert "columns the mapping ignores: document_url" in capsys.readouterr().err
    doc = Document.objects.get(identifier="116543")
    assert doc.associated_people == ["Hoxha, Enver", "Kim Il Sung"]
    labels = Mention.objects.filter(document=doc, block=None)
    linked = {m.text: m.person or m.organization or m.place for m in labels}
    assert linked["Kim Il Sung"].name == "Kim Il Sung"
    assert linked["Hoxha, Enver"].name == "Enver Hoxha"
    assert linked["Korean Workers' Party"] is not None and linked["Albania"] is not None
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Associated people</dt><dd>Hoxha, Enver; Kim Il Sung</dd>" in page
    assert f'href="{linked["Kim Il Sung"].get_absolute_url()}"' in page  # among the people
    found = client.get(reverse("search"), {"q": 'person:"Kim Il Sung" happy'})
    assert doc.get_absolute_url() in found.content.decode()
    mapping = load_mapping("digital_archive")
    report = import_paths([path], console=Console(file=io.StringIO()), mapping=mapping)
    assert report.summary().startswith("0 created, 0 updated, 1 unchanged")


@pytest.mark.django_db
def test_an_unreadable_mapping_stops_the_command(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the mapping"):
        call_command("import_records", str(tmp_path / "x.csv"), mapping=str(tmp_path / "no"))
