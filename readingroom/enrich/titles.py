"""Words that go with a name without being part of it: titles, courtesies, suffixes, qualifiers.

Name keys (`namekeys`) drop them, office references (`offices`) read them; one list for both.
"""

from __future__ import annotations

TITLES = frozenset(
    """
    comrade comrades shoku shoqja shoqe tovarishch mr mrs ms miss mister madame mme monsieur
    dr doctor prof professor sir lord lady hon honorable honourable his her excellency the
    ambassador amb envoy consul charge chargé attache attaché counselor counsellor secretary
    general gen marshal generalissimo admiral adm colonel col lieutenant lt major maj
    captain capt commander premier chairman chairwoman president vice deputy prime minister
    foreign first second third under assistant senator sen governor gov representative rep
    king queen prince princess emperor chief leader director member comandante brigadier rear
    air chancellor fonmin defmin finmin primin secy pres secretaries acting ambassador-at-large
    congressman justice mayor
    special attorney executive permanent principal senior personal military naval premiers
    d'affaires d’affaires chargé-d'affaires minister-designate ambassador-designate
    asst sec dep messrs radm vadm ltgen mgen bgen ltcol archbishop bishop cardinal field
    pandit sri shri sheikh haji
    """.split()  # noqa: SIM905 - a word list reads better than 90 quoted strings
)
#: Courtesy titles after which a title word is a surname, and the titles that are surnames too.
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "comrade", "sir", "lord", "lady"})
SURNAME_TITLES = frozenset({"marshall", "king", "major", "prince", "lord", "chancellor", "young"})
#: Lowercase particles inside surnames ("de Gaulle", "von Brentano").
PARTICLES = frozenset({"de", "du", "da", "di", "del", "der", "den", "van", "von", "la", "le"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq"})
#: Words that qualify a title before it ("Soviet Ambassador Dobrynin"), not given names.
QUALIFIERS = frozenset(
    """
    soviet american british french german chinese korean japanese polish indian italian israeli
    egyptian canadian australian turkish greek iranian iraqi pakistani vietnamese indonesian
    philippine thai cuban mexican dutch belgian spanish portuguese swedish norwegian danish
    finnish yugoslav czech hungarian romanian bulgarian albanian austrian swiss laotian
    cambodian burmese afghan syrian jordanian lebanese saudi brazilian argentine chilean
    defense finance trade
    """.split()  # noqa: SIM905
)


def _plain(word: str) -> str:
    return word.rstrip(".").lower()


def drop_titles(words: list[str]) -> list[str]:
    """Leading titles and trailing suffixes go; a title later on may be a surname (John Major),
    and so may the last word after a courtesy title ("Mr. Marshall", but not "The Marshal").
    A qualifier before a title goes with it ("CIA Director Helms", "Polish Minister Rapacki")."""
    first = words[0] if words else ""
    while words and (
        _plain(words[0]) in TITLES
        or (len(words) > 1 and _plain(words[1]) in TITLES and _qualifier(words[0]))
    ):
        words = words[1:]
        if len(words) == 1 and _courtesy_surname(first, words[0]):
            break
    while words and _plain(words[-1]) in SUFFIXES:
        words = words[:-1]
    return words


def _courtesy_surname(courtesy: str, word: str) -> bool:
    return _plain(courtesy) in COURTESY and _plain(word) in SURNAME_TITLES


def _qualifier(word: str) -> bool:
    """An agency acronym or a nationality: "CIA", "U.N.", "Soviet"."""
    letters = word.replace(".", "")
    return (len(letters) >= 2 and letters.isupper()) or _plain(word) in QUALIFIERS


#: Western given names that would otherwise read as romanized syllables ("George Yeh").
WESTERN_GIVEN = frozenset(
    """
    george james john paul peter frank thomas henry david charles robert william richard joseph
    michael anna maria marie james jean louis walter arthur albert alfred harold harry
    """.split()  # noqa: SIM905
)
#: What an office is of ("Minister of National Defense"): never a surname after a title.
OFFICE_OBJECTS = frozenset(
    """
    State Defense Defence Treasury Commerce Agriculture Labor Labour Interior Justice Affairs
    Development Planning Security Economy Finance Trade Industry Health Education Information
    Staff Navy Army Force Reconstruction Communications Transport Mines Works Agency Countries
    States Republic Republics Union Nations Kingdom Government Embassy Office Department Bureau
    Committee Council Commission Board Service Forces Command Corps Group Mission Delegation
    Intelligence Operations Administration Division Section Staffs Chiefs Assembly Party
    """.split()  # noqa: SIM905
)
