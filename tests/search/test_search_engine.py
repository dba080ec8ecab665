"""The Tantivy search engine on a small synthetic corpus (no database)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.engine_calls import feed_documents
from readingroom.search import schema
from readingroom.search.analysis import FOLDED
from readingroom.search.compiler import shortest_phrases
from readingroom.search.entries import IndexDocument, IndexPassage
from readingroom.search.index import SearchIndex
from readingroom.search.query import parse_query
from readingroom.search.results import MAX_DEPTH, MAX_PAGE_SIZE
from readingroom.search.snippets import Marks, highlight
from tests.builders import index_document, index_passage

HOXHA = ("Comrade Enver Hoxha", ["Enver Hoxha", "Hoxha"])
AN_YONG = ("Ambassador An Yong", ["An Yong"])
CHOE = ("Comrade Choe Yong-geon", ["Choe Yong-geon", "Choe Yong Gon", "Choe Yeonggeon"])
LI = ("Comrade Li Byeongchan", ["Li Byeongchan"])
NARRATOR = ("", [])
SCRIPT = "<script>alert('x')</script>"

CHOE_VARIANTS = ["Choe Yong-geon", "Choe Yong Gon", "Choe Yeonggeon"]


def expand_name(text: str) -> list[str] | None:
    """Stands in for the authority lookup the caller passes."""
    key = text.lower().replace("-", " ")
    known = {v.lower().replace("-", " ") for v in CHOE_VARIANTS}
    return CHOE_VARIANTS if key in known else None


def turns(doc_id: int, *items: tuple[tuple[str, list[str]], str]) -> list[IndexPassage]:
    """One passage per (speaker, text), numbered in order; no speaker makes a paragraph."""
    return [
        index_passage(
            block_id=doc_id * 100 + i, order=i, speaker=who[0], speaker_names=who[1], text=text
        )
        for i, (who, text) in enumerate(items)
    ]


def corpus() -> list[IndexDocument]:
    return [
        index_document(
            doc_id=1,
            identifier="119283",
            title="Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon",
            summary="Enver Hoxha and Choe Yeonggeon discuss industry and socialist development "
            "in North Korea and Albania while disproving of revisionism.",
            date_start=date(1959, 6, 6),
            date_end=date(1959, 6, 6),
            types=["Minutes of Conversation"],
            collections=["NKIDP", "Albania in the Cold War"],
            languages=["Albanian"],
            persons=["Enver Hoxha", "Choe Yong-geon", "Mehmet Shehu", "Liri Belishova"],
            places=["Tirana"],
            passages=turns(
                1,
                (
                    HOXHA,
                    "We are extremely happy to receive Comrade Choe Yong-geon [Choe Yong Gon], "
                    "the right hand of Comrade Kim Il Sung.",
                ),
                (CHOE, "Comrade Kim Il Sung asked me to transmit our most sincere greetings."),
                (HOXHA, f"Khrushchev and the revisionists will fail. {SCRIPT} We negotiated."),
                (NARRATOR, "Note taker, Haxhi Kroi."),
            ),
        ),
        index_document(
            doc_id=2,
            identifier="119284",
            title="Report on a Meeting between Enver Hoxha and Li Byeongchan",
            summary="Enver Hoxha and Li Byeongchan discuss agriculture and the theses of "
            "Khrushchev.",
            date_start=date(1964, 5, 7),
            date_end=date(1964, 5, 7),
            types=["Report"],
            collections=["NKIDP"],
            languages=["Albanian"],
            persons=["Enver Hoxha", "Li Byeongchan", "An Yong"],
            places=["Tirana", "Pyongyang"],
            passages=turns(
                2,
                (HOXHA, "We have read the directives of Comrade Kim Il Sung on agriculture."),
                (AN_YONG, "Khrushchev sent his theses; when we get the full text we will send it."),
                (LI, "We had meetings with the Albanian people."),
            ),
        ),
        index_document(
            doc_id=3,
            identifier="200001",
            title="Conversation on the Negotiations in Beijing",
            summary="Albanian and Chinese delegations meet; the talks continue into the new year.",
            date_start=date(1962, 11, 1),
            date_end=date(1963, 2, 28),
            types=["Minutes of Conversation", "Report"],
            collections=["Albania in the Cold War"],
            languages=["Albanian", "Chinese"],
            persons=["Mao Zedong", "Liri Belishovë"],
            places=["Beijing", "Belishovë"],
            passages=turns(
                3,
                (NARRATOR, "The delegation stopped in Belishovë before the negotiations."),
                (HOXHA, "The negotiating position of Mao Zedong is firm."),
            ),
        ),
        index_document(
            doc_id=4,
            identifier="200002",
            title="Telegram from Tirana",
            summary="An undated telegram about the négociations.",
            types=["Telegram"],
            languages=["French"],
            places=["Tirana"],
            passages=turns(4, (NARRATOR, "Shoku Hoxhë greets the comrades; négociations resume.")),
        ),
        index_document(
            doc_id=5,
            identifier="300001",
            title="Record of a Reception for the Albanian Delegation in Pyongyang",
            summary="Choe Yong Gon receives the Albanian delegation.",
            date_start=date(1965, 3, 1),
            date_end=date(1965, 3, 31),
            types=["Minutes of Conversation"],
            collections=["NKIDP"],
            languages=["Korean"],
            persons=["Choe Yong-geon"],
            places=["Pyongyang"],
            passages=turns(5, (CHOE, "We welcome Comrade Hoxha's envoys and speak of Khrushchev.")),
        ),
    ]


@pytest.fixture
def index(tmp_path):
    with SearchIndex(tmp_path / "index") as ix:
        ix.add_documents(corpus())
        yield ix


def ids(page) -> list[int]:
    return [hit.doc_id for hit in page.hits]


def found(index, text: str, **options) -> set[int]:
    return set(ids(index.search(parse_query(text), **options)))


# ---------------------------------------------------------------- building


def test_open_create_and_reopen(tmp_path):
    path = tmp_path / "index"
    with SearchIndex(path) as ix:
        assert ix.created
        assert ix.add_documents(corpus(), batch_size=2) == 5
        assert ix.count() == 5
    with SearchIndex(path) as again:
        assert not again.created
        assert again.count() == 5


def test_outdated_index_is_wiped_for_rebuild(tmp_path, monkeypatch):
    path = tmp_path / "index"
    with SearchIndex(path) as ix:
        ix.add_documents(corpus())
    monkeypatch.setattr(schema, "VERSION", "next")
    with SearchIndex(path) as ix:
        assert ix.created
        assert ix.count() == 0


def test_foreign_index_is_left_alone(tmp_path):
    path = tmp_path / "index"
    SearchIndex(path).close()
    (path / "readingroom-search.version").unlink()
    with pytest.raises(ValueError, match="did not create"):
        SearchIndex(path)


def test_adding_again_replaces(index):
    doc = corpus()[0]
    doc.passages = turns(1, (HOXHA, "Only agriculture now."))
    index.add_documents([doc])
    assert index.count() == 5
    assert found(index, "speaker:Hoxha Khrushchev") == set()
    assert 1 in found(index, "speaker:Hoxha agriculture")


def test_delete_removes_from_results_counts_and_facets(index):
    before = index.search(parse_query("Khrushchev"))
    index.delete_documents([1, 5])
    after = index.search(parse_query("Khrushchev"))
    assert before.total == 3
    assert after.total == 1
    assert ids(after) == [2]
    assert dict(after.facets["type"]) == {"Report": 1}
    assert after.years == [(1964, 1)]
    assert found(index, "speaker:Hoxha Khrushchev") == set()
    assert index.count() == 3


def test_failed_batch_is_rolled_back(tmp_path):
    def docs():
        yield from corpus()[:2]
        raise RuntimeError("database went away")

    with SearchIndex(tmp_path / "index") as ix:
        ix.add_documents(corpus()[2:3])
        with pytest.raises(RuntimeError):
            ix.add_documents(docs(), batch_size=10)
        ix.add_documents(corpus()[3:4])
        assert ix.count() == 2


def test_feed_documents_reports_rates(tmp_path):
    with SearchIndex(tmp_path / "index") as ix:
        stats = feed_documents(ix, corpus())
    assert (stats.documents, stats.passages) == (5, 11)
    assert stats.docs_per_second > 0 and stats.passages_per_second > 0


# ---------------------------------------------------------------- matching


def test_words_and_boolean_operators(index):
    assert found(index, "Khrushchev") == {1, 2, 5}
    assert found(index, "Khrushchev agriculture") == {2}
    assert found(index, "Khrushchev AND agriculture") == {2}
    assert found(index, "agriculture OR Mao") == {2, 3}
    assert found(index, "Khrushchev -agriculture") == {1, 5}
    assert found(index, "Khrushchev NOT agriculture") == {1, 5}
    assert found(index, "NOT Khrushchev") == {3, 4}
    assert found(index, "(agriculture OR Mao) Albanian") == {2, 3}


def test_phrase(index):
    assert found(index, '"Kim Il Sung"') == {1, 2}
    assert found(index, '"Sung Kim"') == set()
    assert found(index, '"Choe Yong Gon"') == {1, 5}


def test_empty_query_lists_everything(index):
    page = index.search(parse_query(""))
    assert page.total == 5
    assert all(hit.snippets == [] for hit in page.hits)


def test_title_field(index):
    assert found(index, "title:report") == {2}
    assert found(index, "title:meeting") == {1, 2}
    assert found(index, "title:negotiat*") == {3}


def test_filters_ignore_case_and_diacritics(index):
    assert found(index, "type:REPORT") == {2, 3}
    assert found(index, 'type:"minutes of conversation"') == {1, 3, 5}
    assert found(index, "collection:nkidp") == {1, 2, 5}
    assert found(index, "lang:albanian") == {1, 2, 3}
    assert found(index, "language:Chinese") == {3}
    assert found(index, "place:tirana") == {1, 2, 4}
    assert found(index, "person:belishovë") == {1, 3}
    assert found(index, "person:Belishova") == {1, 3}
    assert found(index, "Khrushchev -collection:NKIDP") == set()


def test_speaker_requires_the_words_in_that_speakers_turn(index):
    assert found(index, "speaker:Hoxha Khrushchev") == {1}  # An Yong says it in doc 2
    assert found(index, 'speaker:"An Yong" Khrushchev') == {2}
    assert found(index, "speaker:Hoxha") == {1, 2, 3}
    assert found(index, "-speaker:Hoxha") == {4, 5}
    assert found(index, "speaker:Hoxha (Khrushchev OR agriculture)") == {1, 2}
    assert found(index, "speaker:Hoxha Khrushchev type:report") == set()
    assert found(index, "speaker:Hoxha Kim date:1964") == {2}


def test_speaker_snippet_is_the_speakers_turn(index):
    (hit,) = index.search(parse_query("speaker:Hoxha Khrushchev")).hits
    assert [s.speaker for s in hit.snippets] == ["Comrade Enver Hoxha"]
    assert "<mark>Khrushchev</mark>" in hit.snippets[0].html


def test_name_variants_find_every_spelling(index):
    for text in ["Choe Yong Gon", "Choe Yeonggeon", '"Choe Yong-geon"', "choe yong geon"]:
        assert found(index, text, expand_name=expand_name) == {1, 5}, text
    assert found(index, "Choe Yeonggeon") == {1}  # without the lookup: one spelling only
    assert found(index, 'person:"Choe Yeonggeon"', expand_name=expand_name) == {1, 5}
    assert found(index, 'speaker:"Choe Yeonggeon"', expand_name=expand_name) == {1, 5}
    assert found(index, "Choe Yeonggeon agriculture", expand_name=expand_name) == set()
    assert found(index, "Choe Yeonggeon greetings", expand_name=expand_name) == {1}


def test_a_spelling_holding_another_adds_nothing_to_search(index):
    """The longer spellings are left out of the query (they cost without finding more)."""
    spellings = ["Nikita S. Khrushchev", "Khrushchev", "Khrushchev, Nikita S."]
    assert shortest_phrases(spellings, FOLDED) == [("khrushchev",)]
    assert shortest_phrases(["Kim Il Sung", "Il Sung Kim", "Kim Il Sung"], FOLDED) == [
        ("kim", "il", "sung"),
        ("il", "sung", "kim"),
    ]
    with_long = found(index, "Khrushchev", expand_name=lambda text: spellings)
    assert with_long == found(index, "Khrushchev") != set()


def test_a_brief_search_finds_the_same_page_without_counting(index):
    full = index.search(parse_query("Khrushchev"))
    brief = index.search(parse_query("Khrushchev"), brief=True)
    assert ids(brief) == ids(full) and brief.total == full.total > 0
    assert full.facets["person"] and full.years and any(h.snippets for h in full.hits)
    assert brief.facets == {} and brief.years == [] and not any(h.snippets for h in brief.hits)


def test_name_variant_snippets_mark_each_spelling(index):
    page = index.search(parse_query('"Choe Yeonggeon"'), expand_name=expand_name)
    hit = next(h for h in page.hits if h.doc_id == 1)
    html = hit.snippets[0].html
    assert "<mark>Choe Yong-geon</mark> [<mark>Choe Yong Gon</mark>]" in html
    assert "<mark>Choe Yeonggeon</mark>" in hit.summary_html


def test_broken_name_lookup_does_not_break_search(index):
    def broken(text: str) -> list[str]:
        raise RuntimeError("authority service down")

    assert found(index, "Khrushchev", expand_name=broken) == {1, 2, 5}


def test_prefix_expands_to_real_terms(index):
    page = index.search(parse_query("negotiat*"))
    assert set(ids(page)) == {1, 3}
    assert all(hit.score and hit.score > 0 for hit in page.hits)
    assert len({hit.score for hit in page.hits}) == 2  # BM25, not a constant score
    html = " ".join(s.html for hit in page.hits for s in hit.snippets)
    assert "<mark>negotiations</mark>" in html and "<mark>negotiating</mark>" in html


def test_prefix_expansion_is_capped(tmp_path):
    words = " ".join(f"zeta{i:03d}" for i in range(80))
    doc = index_document(
        doc_id=9, title="Many words", summary=words, passages=turns(9, (HOXHA, words))
    )
    with SearchIndex(tmp_path / "index") as ix:
        ix.add_documents([doc])
        page = ix.search(parse_query("zeta*"))
    assert page.total == 1
    assert any("most common" in w for w in page.warnings)


def test_diacritics_fold(index):
    assert found(index, "Hoxhë") == found(index, "Hoxha") == {1, 2, 4, 5}
    assert found(index, "Belishova") == found(index, "Belishovë") == {3}
    assert found(index, "negociations") == {4}


def test_stemming(index):
    """Plurals meet their singulars; a verb is another word (tests/search/test_stemming.py)."""
    assert found(index, "meetings") == {1, 2}  # "Meeting" in the titles, not "meet"
    assert found(index, "negotiation") == {3}  # negotiations, not "negotiated"


def test_date_ranges_overlap(index):
    assert found(index, "date:1959") == {1}
    assert found(index, "date:1959-06") == {1}
    assert found(index, "date:1959-07") == set()
    assert found(index, "date:1963") == {3}  # Nov 1962 – Feb 1963
    assert found(index, "date:1963-03..1964-05") == {2}
    assert found(index, "date:..1962") == {1, 3}
    assert found(index, "date:1965..") == {5}
    assert found(index, "Tirana -date:1900..2000") == {4}  # only the undated one


# ---------------------------------------------------------------- results


def test_facets_count_the_whole_result_set(index):
    page = index.search(parse_query("Albanian"), page_size=1)  # docs 2, 3, 5
    assert len(page.hits) == 1
    assert page.total == 3
    assert dict(page.facets["type"]) == {"Minutes of Conversation": 2, "Report": 2}
    assert dict(page.facets["collection"]) == {"NKIDP": 2, "Albania in the Cold War": 1}
    assert dict(page.facets["language"]) == {"Albanian": 2, "Chinese": 1, "Korean": 1}
    assert dict(page.facets["person"])["Enver Hoxha"] == 1
    assert dict(page.facets["place"])["Pyongyang"] == 2
    assert page.years == [(1962, 1), (1964, 1), (1965, 1)]


def test_sort_by_date(index):
    asc = index.search(parse_query(""), sort="date_asc")
    desc = index.search(parse_query(""), sort="date_desc")
    assert ids(asc) == [1, 3, 2, 5, 4]  # undated last
    assert ids(desc) == [5, 2, 3, 1, 4]
    assert all(hit.score is None for hit in asc.hits)
    assert index.search(parse_query(""), sort="bogus").sort == "relevance"


def test_relevance_puts_title_matches_first(index):
    assert ids(index.search(parse_query("negotiations")))[0] == 3


def test_hit_fields(index):
    (hit,) = index.search(parse_query("title:Telegram")).hits
    assert (hit.doc_id, hit.identifier, hit.date) == (4, "200002", None)
    assert hit.title == "Telegram from Tirana"
    (hit,) = index.search(parse_query("Beijing")).hits
    assert (hit.date, hit.date_end) == (date(1962, 11, 1), date(1963, 2, 28))


def test_snippets_escape_html_and_mark_matches(index):
    (hit,) = index.search(parse_query("revisionists")).hits
    html = hit.snippets[0].html
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>revisionists</mark>" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_script_in_query_is_escaped_in_snippets(index):
    (hit,) = index.search(parse_query("script alert")).hits
    html = hit.snippets[0].html
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>" in html


def test_long_passage_snippet_is_a_window_around_the_matches():
    text = "filler & words " * 60 + "the Khrushchev theses " + "more <text> " * 60
    html = highlight(text, Marks(terms={"khrushchev"}), max_chars=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Khrushchev</mark>" in html
    assert "&amp;" in html and "&lt;text&gt;" in html
    assert len(html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")) < 150


def test_at_most_three_snippets_best_first(index):
    page = index.search(parse_query("Comrade"))
    assert all(len(hit.snippets) <= 3 for hit in page.hits)
    assert any(len(hit.snippets) >= 2 for hit in page.hits)


def test_bad_syntax_gives_warnings_not_errors(index):
    page = index.search(parse_query('(Khrushchev OR "agriculture'))
    assert page.total == 3
    assert len(page.warnings) == 2


# ---------------------------------------------------------------- paging


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    docs = [
        index_document(
            doc_id=n,
            identifier=f"F{n}",
            title=f"Filler report {n}",
            summary="agriculture report",
            date_start=date(1950 + n % 20, 1, 1),
            types=["Report"],
            passages=turns(n, (HOXHA, f"agriculture number {n}")),
        )
        for n in range(1, 1301)
    ]
    with SearchIndex(tmp_path_factory.mktemp("big")) as ix:
        ix.add_documents(docs, batch_size=500)
        yield ix


def test_pages_do_not_overlap(big_index):
    first = big_index.search(parse_query("agriculture"), page=1, page_size=10)
    second = big_index.search(parse_query("agriculture"), page=2, page_size=10)
    assert first.total == second.total == 1300
    assert len(first.hits) == len(second.hits) == 10
    assert not set(ids(first)) & set(ids(second))
    assert all(hit.snippets for hit in first.hits)


def test_page_size_is_capped(big_index):
    page = big_index.search(parse_query("agriculture"), page_size=10_000)
    assert page.page_size == MAX_PAGE_SIZE
    assert len(page.hits) == MAX_PAGE_SIZE


def test_page_depth_is_capped(big_index):
    last = big_index.search(parse_query("report"), page=10, page_size=100)
    assert len(last.hits) == 100
    assert last.last_page == MAX_DEPTH // 100
    beyond = big_index.search(parse_query("report"), page=11, page_size=100)
    assert beyond.hits == []
    assert beyond.total == 1300
    assert any("narrow" in w for w in beyond.warnings)


def test_bad_page_numbers(big_index):
    assert big_index.search(parse_query("report"), page=-3, page_size=0).page == 1


def test_facets_on_large_set(big_index):
    page = big_index.search(parse_query("agriculture"), page_size=1)
    assert dict(page.facets["type"]) == {"Report": 1300}
    assert sum(count for _, count in page.years) == 1300
    assert len(page.years) == 20


# ---------------------------------------------------------------- never raises


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory):
    with SearchIndex(tmp_path_factory.mktemp("shared")) as ix:
        ix.add_documents(corpus())
        yield ix


SYNTAX = [*'ab ()"*-:', "AND", "OR", "NOT", "speaker:", "title:", "person:", "type:", "date:"]
WORDS = ["1959", "..", "Hoxha", "Choe", "Yong", "Gon", "Khrushchev", "negot", "ë", "<b>"]
QUERY_PARTS = st.sampled_from(SYNTAX + WORDS)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(QUERY_PARTS, max_size=25).map("".join),
    sort=st.sampled_from(["relevance", "date_asc"]),
)
def test_search_never_raises(shared_index, text, sort):
    page = shared_index.search(parse_query(text), expand_name=expand_name, sort=sort)
    assert len(corpus()) >= page.total >= len(page.hits)  # documents only, never passages
    assert len({hit.doc_id for hit in page.hits}) == len(page.hits)
    for hit in page.hits:
        for snippet in hit.snippets:
            assert "<" not in snippet.html.replace("<mark>", "").replace("</mark>", "")
