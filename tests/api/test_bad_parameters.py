"""Bad parameters get a clear 4xx (or the protocol's own error), never a 500; API errors are JSON.

Control characters in OAI-PMH arguments, sitemap pages that do not exist, a NUL character in
any API parameter or address (PostgreSQL refuses NUL in text; SQLite takes it, so those tests
mean most in the PostgreSQL run), and faults of the server itself.
"""

from __future__ import annotations

import base64
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from lxml import etree

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

OAI_NS = {"o": "http://www.openarchives.org/OAI/2.0/"}
GOOD = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}


@pytest.fixture
def seeds(seed_paths, index_dir) -> None:
    import_paths(seed_paths)


@pytest.fixture
def client(client):
    """The test client answering as a server does: a fault is a 500 answer, not a raise."""
    client.raise_request_exception = False
    return client


def oai_error(client, params: dict[str, str]) -> str:
    """The OAI error code of the answer (which must be well-formed XML), or ""."""
    response = client.get("/oai?" + urlencode(params))
    assert response.status_code == 200, params
    root = etree.fromstring(response.content)
    error = root.find("o:error", OAI_NS)
    return "" if error is None else error.get("code")


CONTROL = [  # (argument, the request, the OAI error it must get)
    ("identifier", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "\x01oai:x"}),
    ("prefix", {"verb": "GetRecord", "metadataPrefix": "oai\x01dc", "identifier": "oai:x"}),
    ("from", {**GOOD, "from": "2000-01-01\x01"}),
    ("until", {**GOOD, "until": "\x1f2000-01-01"}),
    ("set", {**GOOD, "set": "\x00"}),
    ("token", {"verb": "ListRecords", "resumptionToken": "\x01abc"}),
    ("token with NUL", {"verb": "ListIdentifiers", "resumptionToken": "abc\x00"}),
    ("argument name", {**GOOD, "a\x02b": "1"}),
]


def test_control_characters_in_oai_arguments_are_a_protocol_error(client, seeds):
    for argument, params in CONTROL:
        assert oai_error(client, params) == "badArgument", argument
    assert oai_error(client, {"verb": "List\x01Records"}) == "badVerb"


def forged(**args: str) -> str:
    return base64.b64encode(urlencode(args).encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        forged(metadataPrefix="oai_dc", set="a\x00b", c="0"),
        forged(metadataPrefix="oai_dc", c="99999999999999999999"),
        forged(metadataPrefix="oai_dc", c="-1000"),
    ],
    ids=["nul-in-set", "far-cursor", "negative-cursor"],
)
def test_a_forged_resumption_token_is_a_bad_token(client, seeds, token):
    for verb in ("ListRecords", "ListIdentifiers"):
        assert oai_error(client, {"verb": verb, "resumptionToken": token}) == ("badResumptionToken")


def test_the_last_day_a_date_can_name_is_a_range_not_a_fault(client, seeds):
    assert oai_error(client, {**GOOD, "until": "9999-12-31"}) == ""
    assert oai_error(client, {**GOOD, "until": "9999-12-31T23:59:59Z"}) == ""


def test_a_sitemap_page_the_index_does_not_list_is_not_found(client, seeds):
    for number in ("0", "2", "00", "01", "-1", "99999999999999999999", "x"):
        assert client.get(f"/sitemaps/documents-{number}.xml").status_code == 404, number
    assert client.get("/sitemaps/documents-1.xml").status_code == 200


NUL = quote("\x00")
API_WITH_NUL = [
    f"/api/v1/documents/{NUL}",
    f"/api/v1/documents/a{NUL}b/tei",
    f"/api/v1/persons/{NUL}",
    f"/api/v1/collections/{NUL}",
    f"/api/v1/places/{NUL}",
    f"/api/v1/organizations/{NUL}",
    f"/api/v1/documents?collection={NUL}",
    f"/api/v1/documents?type={NUL}",
    f"/api/v1/documents?language={NUL}",
    f"/api/v1/documents?q=Hoxha&collection={NUL}",
    f"/api/v1/documents?q={NUL}",
    f"/api/v1/documents?cursor={NUL}",
    f"/api/v1/persons?name={NUL}",
    f"/api/v1/search?q=Hoxha{NUL}",
    f"/api/v1/search?sort={NUL}",
    f"/api/v1/documents?{NUL}=1",
    f"/api/v1/{NUL}",
]
PAGES_WITH_NUL = [
    f"/{NUL}",
    f"/documents/{NUL}/",
    f"/documents/a{NUL}/cite.ris",
    f"/people/{NUL}/",
    f"/collections/{NUL}/",
    f"/search?q={NUL}",
    f"/search?q=Enver+Hoxha{NUL}&person={NUL}&collection={NUL}",
    f"/network/?collection={NUL}&from={NUL}",
    f"/documents/?page={NUL}",
    f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:readingroom:{NUL}",
    f"/oai?verb=ListRecords&metadataPrefix=oai_dc&set={NUL}",
    f"/sitemaps/documents-1{NUL}.xml",
]


def test_a_nul_anywhere_in_an_api_request_is_a_json_4xx(client, seeds):
    for url in API_WITH_NUL:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["message"]


def test_a_nul_in_a_page_address_or_parameter_is_no_fault(client, seeds):
    for url in PAGES_WITH_NUL:
        assert client.get(url).status_code < 500, url


def test_a_method_the_api_does_not_offer_is_a_json_405(client, seeds):
    response = client.post("/api/v1/documents")
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert "GET" in response.json()["message"]


def test_a_missing_docs_asset_is_a_json_404(client, seeds):
    response = client.get("/api/v1/docs/assets/nothing.js")
    assert response.status_code == 404 and response.json()["message"]


def test_a_fault_of_the_server_answers_json(client, seeds):
    """A damaged database (a table gone) is our fault: a JSON 500, the traceback only logged."""
    connection.check_constraints()  # PostgreSQL drops no table with deferred checks pending
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Document.funders.through._meta.db_table}")
    response = client.get("/api/v1/vocabularies")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "Traceback" not in response.json()["message"]


def test_the_search_page_shows_no_control_character_of_the_query(client, seeds):
    page = client.get("/search", {"q": "Enver\x00 Hoxha\x07", "person": "Li\x01"})
    assert page.status_code == 200
    assert not any(c in page.content.decode() for c in "\x00\x01\x07")
