"""One index per node: processes take turns writing, and a lost index is rebuilt while serving."""

from __future__ import annotations

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.search import analysis, sync
from readingroom.search.index import SearchIndex
from readingroom.search.service import REBUILDING, search
from tests.builders import index_document, index_passage


def doc(doc_id: int, text: str):
    passage = index_passage(block_id=doc_id, order=0, speaker="", speaker_names=[], text=text)
    return index_document(doc_id=doc_id, identifier=f"d{doc_id}", title=text, passages=[passage])


def test_two_openers_of_one_directory_both_write(tmp_path):
    """The server's index used to keep Tantivy's writer for life: the CLI then met LockBusy."""
    server, command_line = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    server.add_documents([doc(1, "first")])
    command_line.add_documents([doc(2, "second")])
    server.delete_documents([1])
    server.reload(), command_line.reload()
    assert server.count() == command_line.count() == 1


def test_a_reader_sees_what_another_opener_committed(tmp_path):
    reader, writer = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    writer.add_documents([doc(1, "first")])
    reader.reload()
    assert reader.search("first").total == 1


def test_a_huge_word_is_not_indexed_but_its_neighbours_are():
    word = "x" * (analysis.MAX_TOKEN_BYTES + 1)
    assert analysis.terms(f"{word} Hoxha") == ["hoxha"]
    kept = "x" * (analysis.MAX_TOKEN_BYTES - 1)
    assert analysis.terms(kept) == [kept]


@pytest.mark.django_db(transaction=True)
def test_a_deleted_index_is_rebuilt_while_serving(seed_paths, index_dir, monkeypatch):
    import_paths(seed_paths)
    assert search("Hoxha").total == 2
    monkeypatch.setattr(sync, "serving", True)  # searches never wait; builds run in a thread
    for item in index_dir.iterdir():
        item.unlink()
    index_dir.rmdir()
    page = search("Hoxha")
    assert page.rebuilding and page.warnings == [REBUILDING] and page.total == 2
    sync._builder.join()
    assert search("Hoxha").total == 2


@pytest.mark.django_db(transaction=True)
def test_a_damaged_index_is_wiped_and_rebuilt(seed_paths, index_dir):
    import_paths(seed_paths)
    assert search("Hoxha").total == 2
    sync._open.clear()  # as a process starting on the damaged directory would
    (index_dir / "meta.json").write_text("{not json")
    sync._looked.clear()
    assert search("Hoxha").total == 2


def test_a_document_with_a_huge_word_is_found_and_highlighted(tmp_path):
    word = "x" * (1 << 20)
    index = SearchIndex(tmp_path / "index")
    index.add_documents([doc(1, f"Hoxha {word} spoke")])
    page = index.search("Hoxha spoke")
    assert page.total == 1
    assert "<mark>" in page.hits[0].snippets[0].html
