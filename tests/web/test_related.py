"""Related documents on the document page: by their words, people and dates, each with why.

The lists are stored by the follower (`search.similar_lists`), which a page queues when the
change log has moved on; the page reads them and re-checks every document is public, so a
draft never appears, and its words are never given as a reason.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from readingroom.authorities.models import Person
from readingroom.records.models import Block, Document, Participant, Status
from readingroom.search import similar_lists
from readingroom.search.models import SimilarDocument
from readingroom.web.related import related
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FILLER = (
    "apple",
    "birch",
    "cobalt",
    "dune",
    "ember",
    "fjord",
    "granite",
    "heron",
    "iris",
    "juniper",
    "kestrel",
    "lagoon",
)


def document(identifier: str, text: str, people=(), *, year=1960, status=Status.PUBLISHED):
    doc = Document.objects.create(
        identifier=identifier,
        title=f"Cable {identifier}",
        status=status,
        date_start=date(year, 3, 1),
        date_text=f"March 1, {year}",
    )
    for order, paragraph in enumerate(text.split("\n")):
        Block.objects.create(document=doc, order=order, kind="paragraph", text=paragraph)
    for order, person in enumerate(people):
        Participant.objects.create(document=doc, order=order, name=person.name, person=person)
    return doc


@pytest.fixture
def archive(index_dir) -> dict[str, Document]:
    """A dozen unrelated cables, and three on one subject, one of them a draft."""
    for i, word in enumerate(FILLER):
        document(f"filler-{word}", f"Routine cable on {word} matters, {word} again.", year=1950 + i)
    ada = Person.objects.create(name='Ada "<i>Ash</i>"')
    ben = Person.objects.create(name="Ben Birchwood")
    return {
        "talks": document(
            "talks",
            "The zeppelin harbour at Tirana was discussed.\nThe zeppelin harbour plan stands.",
            [ada],
        ),
        "report": document("report", "Report on the zeppelin harbour of Tirana.", [ada]),
        "draft": document(
            "draft",
            "Zeppelin harbour quagmire, quagmire at Tirana; a quagmire.",
            [ada, ben],
            status=Status.DRAFT,
        ),
    }


def related_section(client, doc: Document) -> str:
    response = client.get(f"/documents/{doc.identifier}/")
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r'<section aria-labelledby="rel-h">.*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_related_by_words_people_and_year_with_the_reasons_escaped(client, archive):
    similar_lists.follow()
    talks = archive["talks"]
    assert [e.doc.identifier for e in related(talks)] == ["report"]
    section = related_section(client, talks)
    assert "Cable report" in section
    reasons = re.search(r"shares: (.*?)</span>", section, re.S).group(1)
    shown = html.unescape(re.sub(r"<[^>]+>", "", reasons))
    assert shown == 'harbour, zeppelin, Tirana, Ada "<i>Ash</i>", 1960'  # words by weight
    assert "&lt;i&gt;Ash&lt;/i&gt;" in reasons and "<i>" not in reasons  # a name is escaped
    ada = Person.objects.get(name__startswith="Ada")
    assert f'href="{ada.get_absolute_url()}"' in reasons


def test_a_draft_is_never_related_and_its_words_are_never_reasons(client, archive):
    similar_lists.follow()
    stored = SimilarDocument.objects.values_list("related_id", "words")
    assert archive["draft"].pk not in [pk for pk, _ in stored]
    assert not any("quagmire" in words for _, words in stored)
    assert not SimilarDocument.objects.filter(document_id=archive["draft"].pk).exists()
    for doc in Document.objects.public():
        section = related_section(client, doc)
        assert "Cable draft" not in section and "quagmire" not in section
        assert "Ben Birchwood" not in section  # named by the draft alone


def test_a_document_made_draft_leaves_the_lists_at_once(client, archive):
    similar_lists.follow()
    report = archive["report"]
    assert "Cable report" in related_section(client, archive["talks"])
    report.status = Status.DRAFT
    report.save()
    assert "Cable report" not in related_section(client, archive["talks"])  # before any run
    run_queue()
    assert "Cable report" not in related_section(client, archive["talks"])
    assert not SimilarDocument.objects.filter(related_id=report.pk).exists()


def test_a_new_document_joins_the_lists_once_the_queued_run_has_applied_it(client, archive):
    similar_lists.follow()
    talks = archive["talks"]
    document("memo", "Memo: the zeppelin harbour at Tirana, the harbour plan.", year=1960)
    response = client.get(f"/documents/{talks.identifier}/")
    assert "no-cache" in response["Cache-Control"]  # behind: the page is not kept
    waiting = DBTaskResult.objects.filter(task_path=similar_lists.follow_changes.module_path)
    assert waiting.count() == 1
    client.get(f"/documents/{talks.identifier}/")
    assert waiting.count() == 1  # one run waiting is enough
    run_queue()
    assert not similar_lists.behind()
    assert "Cable memo" in related_section(client, talks)  # found by the memo's own list


def test_reading_a_list_does_not_grow_with_the_archive(archive):
    similar_lists.follow()
    talks = archive["talks"]
    with CaptureQueriesContext(connection) as before:
        related(talks)
    ada = Person.objects.get(name__startswith="Ada")
    for n in range(30):
        document(f"more-{n}", f"Note {n} on the {FILLER[n % 12]} matters.", [ada], year=1960)
    similar_lists.follow()
    with CaptureQueriesContext(connection) as after:
        found = related(talks)
    assert len(found) == 6
    assert len(after.captured_queries) == len(before.captured_queries)
    for query in after.captured_queries:
        assert "records_block" not in query["sql"]  # nothing recounted from the text
