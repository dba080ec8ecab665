"""The place, organization and glossary pages' queries walk their indexes (SQLite's plans).

Without statistics SQLite picks by the shape of a query: an `IN (subquery) OR …` filter made
the glossary gather every term of every volume and sort them (34 ms at ten times the FRUS
set), where walking the (abbreviation, id) index stops at a page (under 1 ms)."""

from __future__ import annotations

import pytest
from django.db import connection

from readingroom.authorities.derived_models import MENTIONED, PLACE, DocumentAuthority
from readingroom.authorities.models import Place
from readingroom.web.namedpage import documents_page, name_page, public
from readingroom.web.views.glossary import shown_terms

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "; ".join(row[3] for row in cursor.fetchall())


def test_the_glossary_walks_its_index_and_sorts_nothing():
    found = plan(shown_terms().order_by("abbreviation", "pk")[:201])
    assert "USING INDEX term_by_abbreviation" in found
    assert "TEMP B-TREE" not in found


def test_the_list_of_places_walks_the_names():
    found = plan(public(Place, PLACE).order_by("name", "pk")[:101])
    assert "USING INDEX place_by_name" in found and "TEMP B-TREE" not in found


def test_a_page_of_documents_is_one_range_of_the_listed_index():
    rows = DocumentAuthority.objects.filter(kind=PLACE, authority_id=1, relation=MENTIONED)
    found = plan(rows.filter(order__gt="1961").order_by("order").values("document_id")[:51])
    assert "COVERING INDEX docauth_listed" in found and "TEMP B-TREE" not in found
    assert documents_page(PLACE, 1, MENTIONED).documents == []  # and it runs
    assert name_page(public(Place, PLACE)).rows == []
