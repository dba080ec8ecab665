"""What is still withheld in the documents a query finds: the declassification page's figures.

Counted by the index in one aggregation pass over fast fields (`schema.WITHHELD_LINES`,
`WITHHELD_PASSAGES`, `OPENED`, per document), grouped by year, collection, agency and
classification, so the page costs the same for ten documents or the whole archive, and counts
exactly the documents a search with the same words finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readingroom.search import schema as s

# figure -> (the fast field it groups by, buckets kept); years are all kept, in order.
GROUPS = {
    "year": (s.YEAR, 5000),
    "collection": ("collection_raw", 50),
    "agency": ("agency_raw", 30),
    "classification": ("classification_raw", 30),
}


@dataclass
class Row:
    """One group's documents and what they withhold."""

    key: str
    documents: int = 0
    withheld: int = 0  # documents with at least one withheld passage
    passages: int = 0  # withheld passages
    lines: float = 0.0  # their extent, in lines of the original
    opened: int = 0  # passages later releases opened

    @property
    def share(self) -> float:
        """The share of the documents with anything withheld, in per cent."""
        return 100.0 * self.withheld / self.documents if self.documents else 0.0


@dataclass
class Figures:
    total: Row
    groups: dict[str, list[Row]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _sums() -> dict:
    return {
        "lines": {"sum": {"field": s.WITHHELD_LINES}},
        "passages": {"sum": {"field": s.WITHHELD_PASSAGES}},
        "opened": {"sum": {"field": s.OPENED}},
        "any": {"range": {"field": s.WITHHELD_PASSAGES, "ranges": [{"from": 1}]}},
    }


def request() -> dict:
    """The aggregations: the sums over all, and by each group."""
    everything = {"range": {"field": s.WITHHELD_PASSAGES, "ranges": [{"from": 0}]}}
    aggs = {"all": {**everything, "aggs": _sums()}}
    for name, (fast, size) in GROUPS.items():
        aggs[name] = {"terms": {"field": fast, "size": size}, "aggs": _sums()}
    return aggs


def _from(buckets: list[dict]) -> dict:
    """A range aggregation's bucket of "from" (its other one holds what is below)."""
    return next(b for b in buckets if "from" in b)


def _row(key: str, bucket: dict) -> Row:
    withheld = _from(bucket["any"]["buckets"])
    return Row(
        key=key,
        documents=bucket["doc_count"],
        withheld=withheld["doc_count"],
        passages=round(bucket["passages"]["value"] or 0),
        lines=bucket["lines"]["value"] or 0.0,
        opened=round(bucket["opened"]["value"] or 0),
    )


def figures(result: dict, warnings: list[str]) -> Figures:
    """The aggregation `result` as rows: years in order, the other groups by lines withheld."""
    out = Figures(_row("all", _from(result["all"]["buckets"])), warnings=warnings)
    for name in GROUPS:
        rows = [_row(str(b["key"]), b) for b in result[name]["buckets"]]
        if name == "year":
            rows.sort(key=lambda r: int(float(r.key)))
            for row in rows:
                row.key = str(int(float(row.key)))
        else:
            rows.sort(key=lambda r: (-r.lines, -r.documents, r.key))
        out.groups[name] = rows
    return out
