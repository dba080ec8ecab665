"""Identifiers and collection keys are page addresses: one rule, kept by the models and imports.

An odd identifier used to import and then take down every page that links its record.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls.converters import SlugConverter
from rich.console import Console

from readingroom.ingest.runner import import_paths
from readingroom.records.identifiers import KEY_LENGTH, is_valid, normalized, problem
from readingroom.records.models import Collection, Document
from tests.builders import jsonl_record
from tests.frus_data import excerpt_path

ODD = ["my vol", "a/b", "d1.5", "a b", "", "ü", "x" * 121, "a?b", "a\nb"]


def quiet_import(paths: list[Path]):
    return import_paths(paths, console=Console(file=io.StringIO()))


def test_the_rule_is_the_url_converters():
    assert SlugConverter.regex == "[-a-zA-Z0-9_]+"
    assert is_valid("frus1958-60v10p2-d55") and is_valid("seed_1") and is_valid("x" * 120)
    for value in ODD:
        assert problem(value), value
    assert "expected" in problem("a b") and "'a b'" in problem("a b")
    assert not is_valid("x" * 101, KEY_LENGTH)


def test_normalized_is_valid_stable_and_keeps_valid_values():
    assert normalized("my vol") == "my-vol" and normalized("d1.5") == "d1-5"
    assert normalized("frus1958-60v10p2-d55") == "frus1958-60v10p2-d55"
    for value in ODD:
        assert is_valid(normalized(value)), value
        assert normalized(value) == normalized(value)
    long_a, long_b = "a" * 130 + "1", "a" * 130 + "2"
    assert normalized(long_a) != normalized(long_b)
    assert len(normalized(long_a)) == 120 and len(normalized("k" * 150, KEY_LENGTH)) == 100
    assert normalized("...") != normalized("!!!")


@pytest.mark.django_db
@pytest.mark.postgres
def test_models_refuse_to_save_an_invalid_identifier_or_key():
    for value in ("a b", "", "d1.5", "x" * 121):
        with pytest.raises(ValidationError):
            Document(identifier=value, title="T").save()
    with pytest.raises(ValidationError):
        Collection(key="my vol", title="T").save()
    with pytest.raises(ValidationError):
        Collection(key="k" * 101, title="T").save()
    doc = Document.objects.create(identifier="fine-1", title="T")
    doc.identifier = "not fine"
    with pytest.raises(ValidationError):
        doc.save()
    assert not Document.objects.exclude(identifier="fine-1").exists()
    assert not Collection.objects.exists()


def odd_volume(tmp_path: Path) -> Path:
    """The committed excerpt, saved as `my vol.xml`, with a document id holding a dot."""
    text = excerpt_path("frus1961-63v06").read_text(encoding="utf-8")
    text = text.replace('xml:id="d2"', 'xml:id="d2.5"', 1)
    path = tmp_path / "my vol.xml"
    path.write_text(text, encoding="utf-8")
    return path


def pages_answer(client) -> None:
    for url in ("/", "/documents/", "/api/v1/documents", "/search?q=president"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_a_frus_volume_with_odd_names_gets_valid_stable_identifiers(tmp_path, index_dir, client):
    path = odd_volume(tmp_path)
    report = quiet_import([path])
    assert not report.rejections and report.counts["created"] == 3
    assert Collection.objects.get().key == "my-vol"
    identifiers = set(Document.objects.values_list("identifier", flat=True))
    assert identifiers == {"my-vol-d1", "my-vol-d2-5", "my-vol-d3"}
    assert Document.objects.get(identifier="my-vol-d2-5").record_id.endswith("/d2.5")
    pages_answer(client)
    assert client.get("/documents/my-vol-d2-5/").status_code == 200
    assert client.get("/collections/my-vol/").status_code == 200

    again = quiet_import([path])
    assert again.counts["unchanged"] == 3 and not again.rejections
    assert Document.objects.count() == 3 and Collection.objects.count() == 1


def write_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "odd.csv"
    path.write_text("\n".join(["identifier,title", *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_invalid_csv_identifiers_reject_their_row_naming_file_line_and_value(
    tmp_path, index_dir, client
):
    path = write_csv(tmp_path, "good-1,Fine", "a b,Space", "a/b,Slash", "a.b,Dot", "good-2,Fine")
    report = quiet_import([path])
    assert report.counts["created"] == 2 and report.counts["rejected"] == 3
    assert set(Document.objects.values_list("identifier", flat=True)) == {"good-1", "good-2"}
    messages = [r.message for r in report.rejections]
    for line, value in ((3, "a b"), (4, "a/b"), (5, "a.b")):
        (message,) = [m for m in messages if f"line {line}:" in m]
        assert str(path) in message and repr(value) in message, message
        assert "column 'identifier'" in message and "expected letters" in message
    pages_answer(client)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_invalid_jsonl_identifiers_and_keys_reject_their_line(tmp_path, index_dir, client):
    path = tmp_path / "odd.jsonl"
    lines = [
        json.dumps({"collection": {"key": "my vol", "title": "Odd"}}),
        json.dumps({"collection": {"key": "vol-1", "title": "Fine"}}),
        jsonl_record("x 1"),
        jsonl_record("x-2", collections=["vol-1"]),
        jsonl_record("x-3", collections=["vol.1"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = quiet_import([path])
    assert report.counts["created"] == 1 and report.counts["rejected"] == 3
    assert list(Document.objects.values_list("identifier", flat=True)) == ["x-2"]
    assert list(Collection.objects.values_list("key", flat=True)) == ["vol-1"]
    messages = "\n".join(r.message for r in report.rejections)
    assert f"{path}, line 1: field 'collection.key': 'my vol' is not valid" in messages
    assert f"{path}, line 3: field 'identifier': 'x 1' is not valid" in messages
    assert f"{path}, line 5: field 'collections[0]': 'vol.1' is not valid" in messages
    pages_answer(client)
