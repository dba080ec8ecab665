"""Every example the README gives finds something on the demo archive `make run` serves.

The README's examples are read from the README itself, so a new example is tested as soon as
it is written: each query of the search section (its table, and the spellings and queries in
its prose) must find at least one public document, and each address it names (`/events/`,
`/api/v1/events`) must answer 200. The demo archive is what `make run` imports: the two seed
pages and three FRUS volumes, enriched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from readingroom.authorities.enrichment import pending
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.search import service
from tests.conftest import SEEDS
from tests.frus_data import REPO, volume_path

pytestmark = [pytest.mark.frus, pytest.mark.django_db]

# Fenced blocks (commands, TOML) are not examples of queries or addresses, and their triple
# backticks would pair with the inline ones.
README = re.sub(r"```.*?```", "", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.S)
DEMO_VOLUMES = ("frus1964-68v29p1", "frus1958-60v19", "frus1961-63v05")  # as the Makefile
CODE = re.compile(r"`([^`]+)`")
PLACEHOLDER = re.compile(r"…|<|>|\b(?!OR\b|NOT\b|AND\b)[A-Z]{2,}\b|\bA OR B\b")  # SLUG, <slug>
# In prose, a query is a field with a value (`lang:Albanian`) or a name (`Choe Yong Gon`).
PROSE_QUERY = re.compile(r"^(?:[a-z]+:\S.*|[A-Z][\w'ŏ-]*(?: [\w'ŏ-]+)+)$")


def section(heading: str) -> str:
    """The README's text under a heading, up to the next heading of any level."""
    start = README.index(f"\n{heading}\n")
    end = README.find("\n#", start + len(heading) + 2)
    return README[start : end if end > 0 else None]


def searching_examples() -> list[str]:
    """The queries of "Searching": the table's first column, and the code in its prose that
    is a query (names in other spellings, `lang:` and the like)."""
    text = section("### Searching")
    queries = []
    for line in text.splitlines():
        if line.startswith("| `"):
            cell = line.split("|")[1]
            queries += CODE.findall(cell)
        elif not line.startswith("|"):
            queries += [c for c in CODE.findall(line) if PROSE_QUERY.match(c)]
    queries += [q for q in re.findall(r"\?q=([^`&)]+)", README) if "…" not in q]
    queries += re.findall(r"`(lang:\w+)`", README)
    kept = [q for q in queries if not PLACEHOLDER.search(q) and "=" not in q]
    return list(dict.fromkeys(q.strip() for q in kept))


def addresses() -> list[str]:
    """The reading room's and the API's addresses the README names without a placeholder,
    leaving out those that need a curator's login."""
    found = [c for c in CODE.findall(README) if c.startswith("/") and " " not in c]
    public = [
        a
        for a in found
        if not PLACEHOLDER.search(a)
        and not a.startswith(("/curation", "/admin", "/iiif/", "/usr/"))
        and not re.search(r"\.\w+\?q=$", a)
    ]
    return list(dict.fromkeys(public))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo archive of `make run`, imported and enriched once for the module."""
    index = tmp_path_factory.mktemp("index")
    paths: list[Path] = [*SEEDS, *(volume_path(stem) for stem in DEMO_VOLUMES)]
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index):
        try:
            report = import_paths(paths)
            assert not report.rejections
            enrich_ids(pending())
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def test_the_readme_gives_examples_to_test() -> None:
    queries = searching_examples()
    for expected in ('"Soviet Union"', "date:1959", "lang:English", "place:Pyongyang"):
        assert expected in queries
    assert "/events/" in addresses()


@pytest.mark.parametrize("query", searching_examples())
def test_every_search_example_finds_something(demo: None, query: str, settings) -> None:
    result = service.search(query)
    assert result.total > 0, f"{query!r} finds nothing on the demo archive"


@pytest.mark.parametrize("address", addresses())
def test_every_address_answers(demo: None, address: str, client) -> None:
    response = client.get(address)
    assert response.status_code == 200, f"{address} answered {response.status_code}"
