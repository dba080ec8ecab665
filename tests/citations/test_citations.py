"""Golden citations of a seed document and a FRUS document, in Chicago, MLA and APA.

Checked against the Chicago Manual's rules for archival documents (CMOS 17, 14.221–14.232):
the item's title in quotation marks with the comma or period inside them, its date, the
collection and the repository as the source states them, the identifier, then the URL.
"""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy

from readingroom.citations import crosswalk
from readingroom.citations import styles as citations
from readingroom.citations.citable import citable
from readingroom.citations.citing import citable_document
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from tests.frus_data import volume_path

SEED_URL = "https://rr.example/documents/seed-001_3f704298176807c3/"
FRUS_URL = "https://rr.example/documents/frus1958-60v19-d252/"
SEED_TITLE = "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon"
FRUS_TITLE = (
    "Memorandum From the President’s Special Assistant for National Security Affairs (Gray) "
    "to the Under Secretary of State (Herter)"
)
VOLUME = "Foreign Relations of the United States, 1958–1960, China, Volume XIX"
SOURCE = "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959."
CREDITS = "Obtained by Ana Lalaj and translated by Enkel Daljani."

SEED = {
    "identifier": "seed-001_3f704298176807c3",
    "record_id": "",
    "title": SEED_TITLE,
    "number": "",
    "date": {
        "text": "June 6, 1959",
        "start": "1959-06-06",
        "end": "1959-06-06",
        "precision": "day",
    },
    "types": ["Minutes of Conversation"],
    "languages": [],
    "subjects": [],
    "funders": ["Leon Levy Foundation"],
    "collections": [],
    "summary": "Enver Hoxha and Choe Yeonggeon discuss industry.",
    "source": {
        "text": f"{SOURCE} {CREDITS}",
        "archive": "Albanian State Archives",
        "archive_abbr": "AQPPSH",
        "fonds": "MPP Korese",
        "file": "D1",
        "volume": "1959",
    },
    "credits": [
        {"role": "obtained_by", "name": "Ana Lalaj"},
        {"role": "translated_by", "name": "Enkel Daljani"},
        {"role": "note_taker", "name": "Haxhi Kroi"},
    ],
    "rights": "",
    "classification": "",
    "places": [],
}
FRUS = {
    "identifier": "frus1958-60v19-d252",
    "record_id": "frus1958-60v19/d252",
    "title": FRUS_TITLE,
    "number": "252",
    "date": {
        "text": "January 14, 1959",
        "start": "1959-01-14",
        "end": "1959-01-14",
        "precision": "day",
    },
    "types": ["Memorandum"],
    "languages": ["en"],
    "subjects": ["Communist China"],
    "collections": ["frus1958-60v19"],
    "source": {"text": "Department of State, Central Files, 611.93/1–1459. Secret."},
    "credits": [],
    "places": ["Washington"],
}
FRUS_COLLECTIONS = {
    "frus1958-60v19": {
        "title": VOLUME,
        "editors": ["Harriet Dashiell Schwar", "Glenn W. LaFantasie"],
        "publisher": "United States Government Printing Office",
        "publication_place": "Washington",
        "publication_year": "1996",
    }
}
IMPRINT = "Washington: United States Government Printing Office, 1996"

GOLDEN = {
    ("seed", "chicago-note"): (
        f"“{SEED_TITLE},” June 6, 1959, History and Public Policy Program Digital Archive, "
        f"{SOURCE} {CREDITS} {SEED_URL}"
    ),
    ("seed", "chicago-bibliography"): (
        f"“{SEED_TITLE}.” June 6, 1959. History and Public Policy Program Digital Archive. "
        f"{SOURCE} {CREDITS} {SEED_URL}."
    ),
    ("seed", "mla"): (
        f"“{SEED_TITLE}.” 6 June 1959. {SOURCE} {CREDITS} "
        "History and Public Policy Program Digital Archive, "
        "rr.example/documents/seed-001_3f704298176807c3/."
    ),
    ("seed", "apa"): (
        f"{SEED_TITLE} (E. Daljani, Trans.) [Minutes of Conversation]. (1959, June 6). "
        "MPP Korese (D1, V. 1959), Albanian State Archives (AQPPSH). "
        f"History and Public Policy Program Digital Archive. {SEED_URL}"
    ),
    ("frus", "chicago-note"): (
        f"“{FRUS_TITLE},” January 14, 1959, in {VOLUME}, "
        f"ed. Harriet Dashiell Schwar and Glenn W. LaFantasie ({IMPRINT}), document 252, "
        f"{FRUS_URL}."
    ),
    ("frus", "chicago-bibliography"): (
        f"“{FRUS_TITLE}.” January 14, 1959. In {VOLUME}, "
        f"edited by Harriet Dashiell Schwar and Glenn W. LaFantasie, document 252. {IMPRINT}. "
        f"{FRUS_URL}."
    ),
    ("frus", "mla"): (
        f"“{FRUS_TITLE}.” 14 Jan. 1959. {VOLUME}, edited by Harriet Dashiell Schwar and "
        "Glenn W. LaFantasie, United States Government Printing Office, 1996, document 252, "
        "rr.example/documents/frus1958-60v19-d252/."
    ),
    ("frus", "apa"): (
        f"{FRUS_TITLE}. (1959, January 14). In H. D. Schwar & G. W. LaFantasie (Eds.), "
        f"{VOLUME} (Document 252). United States Government Printing Office. {FRUS_URL}"
    ),
}
# A volume whose imprint is not recorded (say, a collection imported from JSON Lines without it).
NO_IMPRINT = {
    "chicago-note": (
        f"“{FRUS_TITLE},” January 14, 1959, in {VOLUME}, "
        f"ed. Harriet Dashiell Schwar and Glenn W. LaFantasie, document 252, {FRUS_URL}."
    ),
    "chicago-bibliography": (
        f"“{FRUS_TITLE}.” January 14, 1959. In {VOLUME}, "
        f"edited by Harriet Dashiell Schwar and Glenn W. LaFantasie, document 252. {FRUS_URL}."
    ),
    "mla": (
        f"“{FRUS_TITLE}.” {VOLUME}, edited by Harriet Dashiell Schwar and Glenn W. LaFantasie, "
        "14 Jan. 1959, document 252, rr.example/documents/frus1958-60v19-d252/."
    ),
    "apa": (
        f"{FRUS_TITLE}. (1959, January 14). In H. D. Schwar & G. W. LaFantasie (Eds.), "
        f"{VOLUME} (Document 252). {FRUS_URL}"
    ),
}


def seed_item():
    return citable(SEED, url=SEED_URL, collections={})


def frus_item():
    return citable(FRUS, url=FRUS_URL, collections=FRUS_COLLECTIONS)


ITEMS = {"seed": seed_item, "frus": frus_item}


@pytest.mark.parametrize(("record", "style"), sorted(GOLDEN))
def test_golden_citations(record, style):
    assert citations.FORMATTERS[style](ITEMS[record]()).text == GOLDEN[record, style]


@pytest.mark.parametrize("style", sorted(NO_IMPRINT))
def test_a_volume_without_imprint_leaves_it_out(style):
    volume = FRUS_COLLECTIONS["frus1958-60v19"]
    bare = {"title": volume["title"], "editors": volume["editors"]}
    item = citable(FRUS, url=FRUS_URL, collections={"frus1958-60v19": bare})
    assert citations.FORMATTERS[style](item).text == NO_IMPRINT[style]


def test_chicago_rules_for_an_archival_document():
    """Title in quotes (comma inside), date, archive's name, repository, identifier, URL."""
    note = citations.chicago_note(seed_item()).text
    order = [f"“{SEED_TITLE},”", "June 6, 1959", "Digital Archive", "Albanian State Archives"]
    order += ["(AQPPSH)", "MPP Korese, D1, V. 1959", SEED_URL]
    positions = [note.index(part) for part in order]
    assert positions == sorted(positions)
    assert note.endswith(SEED_URL)  # the archive's own form: the URL closes the citation


def test_chicago_rules_for_a_document_in_a_published_volume():
    """A document in an edited volume: title, date, "in" the italic volume, editors, number."""
    cite = citations.chicago_note(frus_item())
    assert f"<i>{VOLUME}</i>" in cite.html
    order = [f"“{FRUS_TITLE},”", "January 14, 1959", f"in {VOLUME}", "ed. Harriet", "document 252"]
    positions = [cite.text.index(part) for part in [*order, FRUS_URL]]
    assert positions == sorted(positions)
    assert cite.text.endswith(".")


def test_punctuation_goes_inside_quotes_but_never_doubles():
    item = citable(dict(SEED, title="Who Said It?"), url=SEED_URL, collections={})
    assert citations.chicago_note(item).text.startswith("“Who Said It?” June 6, 1959")
    assert citations.mla(item).text.startswith("“Who Said It?” 6 June 1959.")


def test_html_is_escaped():
    item = citable(dict(SEED, title="<script>x</script> & co"), url=SEED_URL, collections={})
    for _, _, cite in citations.all_styles(item):
        assert "<script>" not in cite.html and "&lt;script&gt;" in cite.html


def test_partial_dates_follow_each_manual():
    month = dict(SEED, date={"text": "October 1966", "start": "1966-10-01", "precision": "month"})
    item = citable(month, url=SEED_URL, collections={})
    assert ",” October 1966, " in citations.chicago_note(item).text
    assert " Oct. 1966. " in citations.mla(item).text
    assert "(1966, October)" in citations.apa(item).text
    undated = citable(dict(SEED, date={"text": ""}), url=SEED_URL, collections={})
    assert ",” n.d., " in citations.chicago_note(undated).text
    assert "(n.d.)" in citations.apa(undated).text


def test_downloads_parse_back():
    for item in (seed_item(), frus_item()):
        library = bibtexparser.parse_string(crosswalk.bibtex(item))
        entry = library.entries[0]
        assert entry.fields_dict["url"].value == item.url
        (ris,) = rispy.loads(crosswalk.ris(item))
        assert ris["title"] == item.title and ris["urls"] == [item.url]
        (csl,) = json.loads(crosswalk.csl_json_text(item))
        assert csl["title"] == item.title and csl["issued"]["date-parts"][0][0] == 1959
    entry = bibtexparser.parse_string(crosswalk.bibtex(frus_item())).entries[0]
    assert entry.entry_type == "incollection"
    assert entry.fields_dict["publisher"].value == "United States Government Printing Office"
    assert entry.fields_dict["address"].value == "Washington"
    (ris,) = rispy.loads(crosswalk.ris(frus_item()))
    assert (ris["publisher"], ris["place_published"]) == (
        "United States Government Printing Office",
        "Washington",
    )
    (csl,) = json.loads(crosswalk.csl_json_text(frus_item()))
    assert csl["publisher-place"] == "Washington"
    book = crosswalk.json_ld(frus_item())["isPartOf"]
    assert book["publisher"]["name"].startswith("United States") and book["datePublished"] == "1996"


def test_bibtex_escapes_tex_specials():
    item = citable(dict(SEED, title="50% of {it} & more_x"), url=SEED_URL, collections={})
    assert r"50\% of \{it\} \& more\_x" in crosswalk.bibtex(item)


@pytest.mark.frus
@pytest.mark.django_db
def test_stored_records_cite_as_the_golden_ones(seed_paths, index_dir, rf, settings):
    settings.ALLOWED_HOSTS = ["rr.example"]
    import_paths([*seed_paths, volume_path("frus1958-60v19")])
    request = rf.get("/", HTTP_HOST="rr.example", secure=True)
    for identifier, record in (
        ("seed-001_3f704298176807c3", "seed"),
        ("frus1958-60v19-d252", "frus"),
    ):
        doc = Document.objects.get(identifier=identifier)
        item = citable_document(doc, request)
        for style in citations.STYLES:
            assert citations.FORMATTERS[style](item).text == GOLDEN[record, style]
