"""FRUS volumes stored in the database: counts, people across volumes, links, re-imports.

One document and a volume's lists are checked on the committed excerpts (tests/fixtures/frus/);
the tests marked `frus` import whole volumes from ../shared/data/frus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readingroom.authorities.models import Mention, Person, PersonDescription, Term
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Collection, Document
from readingroom.search.service import search
from tests.frus_data import VOLUMES, excerpt_path, frus_dir, volume_path

KNOWN_BAD_LINKS = 1  # "$p_ZGN1" in 1955-57 v24: a publisher typo, kept as published


def counts(report) -> dict[str, int]:
    return {outcome.value: n for outcome, n in report.counts.items() if n}


@pytest.mark.frus
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_all_twelve_volumes(index_dir):
    paths = sorted(frus_dir().glob("frus*.xml"))
    assert len(paths) == 12
    report = import_paths(paths)
    assert counts(report) == {"created": 3932}

    for stem, expected in VOLUMES.items():
        collection = Collection.objects.get(key=stem)
        docs = collection.documents.all()
        assert docs.count() == expected.documents, stem
        assert docs.filter(date_start__isnull=False).count() == expected.dated, stem
        assert PersonDescription.objects.filter(collection=collection).count() == expected.persons
        assert Term.objects.filter(collection=collection).count() == expected.terms, stem
        moc = docs.filter(types__name="Memorandum of Conversation").count()
        assert moc == expected.moc_any_form, stem

    # One person per name across volumes, each volume's description kept as evidence.
    khrushchev = Person.objects.get(names__text="Khrushchev, Nikita S.")
    assert khrushchev.descriptions.count() >= 4
    assert Person.objects.filter(descriptions__isnull=False).distinct().count() < 1433

    # 1961-63 v22 d358 lists a paragraph as a subject: stored as published, on any database
    assert (
        Document.objects.get(identifier="frus1961-63v22-d358")
        .subjects.filter(name__startswith="Under Secretary Ball believes")
        .exists()
    )

    tagged = Mention.objects.filter(kind="person")
    assert tagged.filter(person__isnull=True).count() == KNOWN_BAD_LINKS
    assert Mention.objects.filter(kind="term", term__isnull=True).count() == 0
    assert tagged.count() > 30_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_d55_as_stored(index_dir):
    import_paths([excerpt_path("frus1958-60v10p2")])
    doc = Document.objects.get(identifier="frus1958-60v10p2-d55")
    assert (doc.date_start.isoformat(), doc.date_precision) == ("1958-10-13", "day")
    assert doc.places == ["Washington"]
    assert doc.number == "55"
    assert doc.source_text.startswith("Department of State, EE Files: Lot 67 D 238")
    assert doc.classification == "Confidential"
    assert [t.name for t in doc.types.all()] == ["Memorandum of Conversation"]
    roles = {p.name: p.role for p in doc.participants.all()}
    assert roles and all(p.person_id for p in doc.participants.all() if p.source_key)
    footnote = doc.blocks.get(kind="footnote", n="1")
    assert footnote.text == "This aide-mémoire, dated October 13, is not printed."
    anchor = doc.blocks.get(order=footnote.anchor)
    assert anchor.annotations.get(kind="noteref").text == "1"
    kohler = anchor.mentions.get(source_key="p_KFD1")
    assert kohler.person.descriptions.filter(collection__key="frus1958-60v10p2").exists()
    assert doc.collections.get().key == "frus1958-60v10p2"


@pytest.mark.frus
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reimport_and_revised_volume(index_dir, tmp_path: Path):
    original = volume_path("frus1961-63v06")
    assert counts(import_paths([original])) == {"created": 120}
    assert counts(import_paths([original])) == {"unchanged": 120}

    edited = Document.objects.get(identifier="frus1961-63v06-d2")
    edited.summary = "A curator's summary."
    edited.edited_fields = ["summary"]
    edited.save()
    revised = tmp_path / original.name
    text = original.read_text(encoding="utf-8")
    marker = '<div type="document" xml:id="d2" n="2">'
    assert marker in text
    start = text.index(marker)
    paragraph = text.index("<p>", start) + len("<p>")
    revised.write_text(text[:paragraph] + "Revised wording. " + text[paragraph:], "utf-8")

    assert counts(import_paths([revised])) == {"updated": 1, "unchanged": 119}
    doc = Document.objects.get(identifier="frus1961-63v06-d2")
    assert doc.summary == "A curator's summary."
    assert doc.blocks.filter(text__startswith="Revised wording.").exists()
    assert doc.revisions.count() == 2
    assert search('"revised wording"').total == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_volume_whose_lists_cannot_be_stored_is_refused_and_the_batch_goes_on(
    index_dir, tmp_path: Path, seed_paths
):
    text = excerpt_path("frus1961-63v06").read_text("utf-8")
    too_long = "ACDA" * 30  # 120 characters for a 100-character abbreviation column
    bad = tmp_path / "frus1961-63v06.xml"
    bad.write_text(
        text.replace(
            '<term xml:id="t_ACDA1">ACDA</term>', f'<term xml:id="t_ACDA1">{too_long}</term>'
        ),
        "utf-8",
    )
    report = import_paths([bad, seed_paths[0]])
    (rejection,) = report.rejections
    assert rejection.path == str(bad)
    assert (
        "could not be stored (term abbreviation: 120 characters where at most 100"
        in rejection.message
    )
    assert counts(report) == {"created": 1, "rejected": 1}
    assert not Collection.objects.filter(key="frus1961-63v06").exists()  # nothing half-written


@pytest.mark.frus
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_malformed_volume_is_rejected_whole(index_dir, tmp_path: Path, seed_paths):
    broken = tmp_path / "frus1961-63v06.xml"
    broken.write_bytes(volume_path("frus1961-63v06").read_bytes()[:400_000])
    report = import_paths([broken, seed_paths[0]])
    assert counts(report) == {"created": 1, "rejected": 1}
    [rejection] = report.rejections
    assert str(broken) in rejection.message and "line" in rejection.message
    assert not Document.objects.filter(identifier__startswith="frus1961-63v06").exists()


@pytest.mark.frus
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_other_spellings_find_frus_people(index_dir):
    import_paths([volume_path("frus1961-63v06")])
    khrushchev = search("Khrushchev").total
    assert khrushchev > 50
    assert search("Khrushchov").total == khrushchev
    assert search("N. S. Khrushchov").total >= search('"N. S. Khrushchev"').total > 0
