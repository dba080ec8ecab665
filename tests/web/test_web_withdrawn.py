import pytest

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_withdrawn_record_is_gone_but_still_cited(client, seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    Document.objects.filter(pk=doc.pk).update(status=Status.WITHDRAWN)
    page = client.get(f"/documents/{doc.identifier}/")
    assert page.status_code == 410
    html = page.content.decode()
    assert "withdrawn" in html and "History and Public Policy Program Digital Archive" in html
    assert "Comrade Enver Hoxha" not in html  # the text itself is not shown
    Document.objects.filter(pk=doc.pk).update(status=Status.DRAFT)
    assert client.get(f"/documents/{doc.identifier}/").status_code == 404
