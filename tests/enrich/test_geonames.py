"""Where places are: the installed gazetteers (GeoNames cities, countries), read in plain Python."""

from __future__ import annotations

import pytest

from readingroom.enrich.gazetteer import organizations, place_hints, places
from readingroom.enrich.geonames import fold, locate, locate_known, place_names
from readingroom.enrich.glossary import abbreviations_of, is_abbreviation


def near(found, latitude: float, longitude: float) -> bool:
    return abs(found.latitude - latitude) < 0.2 and abs(found.longitude - longitude) < 0.2


def test_vienna_is_the_austrian_capital_not_the_town_in_virginia() -> None:
    vienna = locate("Vienna")
    assert (vienna.name, vienna.kind, vienna.country_code) == ("Vienna", "city", "AT")
    assert near(vienna, 48.21, 16.37)
    assert vienna.geonames_id == 2761369
    assert "Wien" in vienna.alternate_names


@pytest.mark.parametrize(
    ("written", "name", "country", "point"),
    [
        ("Peking", "Beijing", "CN", (39.91, 116.40)),
        ("Stalingrad", "Volgograd", "RU", (48.71, 44.50)),
        ("Leningrad", "Saint Petersburg", "RU", (59.94, 30.31)),
        ("Saigon", "Ho Chi Minh City", "VN", (10.82, 106.63)),
        ("Pyongyang", "Pyongyang", "KP", (39.03, 125.75)),
        ("P'yongyang", "Pyongyang", "KP", (39.03, 125.75)),
        ("Canton", "Guangzhou", "CN", (23.12, 113.25)),  # not Canton, Ohio
    ],
)
def test_historical_and_romanized_names_resolve(written, name, country, point) -> None:
    found = locate(written)
    assert (found.name, found.country_code) == (name, country)
    assert near(found, *point)


def test_a_qualifier_says_which_one() -> None:
    assert locate("Newport").country_code == "GB"  # the most populous Newport
    rhode_island = locate("Newport, Rhode Island")
    assert (rhode_island.country_code, rhode_island.admin1) == ("US", "RI")
    assert locate("Kyoto, Japan").country_code == "JP"


def test_countries_and_continents_have_centres() -> None:
    north = locate("Democratic People's Republic of Korea")
    assert (north.name, north.kind, north.country_code) == ("North Korea", "country", "KP")
    assert locate("Europe").kind == "region"
    assert locate("Europe").latitude is not None


def test_an_unknown_place_stays_without_coordinates() -> None:
    assert locate("Wshington") is None
    assert locate("") is None
    sichuan = locate_known("Sichuan", ("Szechwan",), place_hints()["sichuan"])
    assert (sichuan.kind, sichuan.latitude, sichuan.country_code) == ("region", None, "CN")


def test_the_shipped_list_says_what_the_gazetteers_cannot() -> None:
    hints = place_hints()
    soviet = locate_known("Soviet Union", ("USSR",), hints["soviet-union"])
    assert (soviet.kind, soviet.country_code) == ("country", "RU")  # drawn where Russia is
    stalin = locate_known("Stalin City", ("Qyteti Stalin", "Kuçova"), hints["stalin-city"])
    assert (stalin.name, stalin.country_code) == ("Kuçovë", "AL")
    panmunjom = locate_known("Panmunjom", (), hints["panmunjom"])
    assert near(panmunjom, 37.96, 126.68)


def test_every_shipped_place_with_coordinates_is_plausible() -> None:
    hints = place_hints()
    for place in places():
        found = locate_known(place.name, place.variants, hints.get(place.key))
        if found.latitude is not None:
            assert -90 <= found.latitude <= 90 and -180 <= found.longitude <= 180, place.key
    located = [p for p in places() if locate_known(p.name, p.variants, hints.get(p.key)).latitude]
    assert len(located) >= 55  # of 69: regions such as the Balkans have no point


def test_other_names_put_the_archives_spellings_first() -> None:
    beijing = locate("Beijing")
    names = place_names(beijing, "Beijing", ("Peking", "Peiping"))
    assert names[:2] == ["Peking", "Peiping"]
    assert "Beijing" not in names
    assert len({fold(n) for n in names}) == len(names)


def test_organizations_know_their_abbreviations() -> None:
    by_key = {o.key: o for o in organizations()}
    assert abbreviations_of(by_key["kwp"]) == ["KWP", "WPK"]
    assert "ALP CC" in abbreviations_of(by_key["alp-cc"])
    assert "FPU of Korea" in abbreviations_of(by_key["fpu-korea"])
    assert is_abbreviation("ALP CC") and is_abbreviation("DPR of Korea")
    assert not is_abbreviation("Korean Workers' Party")
