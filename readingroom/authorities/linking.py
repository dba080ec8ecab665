"""Find or create the authority records an imported file refers to.

People are matched across files on their name key, never on a volume's own ids alone, so
"Khrushchev, Nikita S." in two volumes is one person with each volume's description as evidence.
"""

from __future__ import annotations

import re

from readingroom.authorities.models import Name, Person, PersonDescription, Term
from readingroom.enrich.linking import display_name, person_authority
from readingroom.enrich.namekeys import key_string
from readingroom.enrich.speakers import parse_label
from readingroom.enrich.titles import TITLES
from readingroom.records.bulk import check_lengths
from readingroom.records.contract import PersonEntry, TermEntry
from readingroom.records.models import Collection


def person_for(
    name: str, *, source: str, sort_name: str = "", known: dict | None = None
) -> Person | None:
    """The person whose key `name` has, created with `name` as its primary form if new.

    None when the name has no key: a title or an office alone ("The Secretary", "Director")
    names nobody by itself, and must never become one person collecting every other name
    without a key. `known` maps keys to people already looked up, to spare a query per name.
    """
    key = key_string(name)
    if not key:
        return None
    person = known.get(key) if known is not None else None
    if person is None:
        person = Person.objects.filter(key=key, merged_into=None).first()
    if person is None:
        shown = display_name(name)
        person = Person.objects.create(name=shown, sort_name=sort_name or shown, key=key)
        Name.objects.create(person=person, text=name, key=key, source=source, primary=True)
    elif not person.names.filter(text=name).exists():
        Name.objects.create(person=person, text=name, key=key, source=source)
    if known is not None:
        known[key] = person
    return person


class VolumeLinker:
    """Resolves a file's names and source ids to authority records (see records.writer.Linker)."""

    def __init__(self, collection: Collection | None) -> None:
        self.collection = collection
        self.source = collection.key if collection else "import"
        self.persons: dict[str, int] = {}
        self.terms: dict[str, int] = {}
        self.by_name: dict[tuple[str, bool], int | None] = {}

    def load(self, persons: list[PersonEntry], terms: list[TermEntry]) -> None:
        """Find or create every listed person and term, a few queries per list, not per entry."""
        keys = {key_string(person_authority(e.key, e.name).name) for e in persons}
        known = {p.key: p for p in Person.objects.filter(key__in=keys, merged_into=None)}
        for entry in persons:
            listed = person_authority(entry.key, entry.name)
            person = person_for(listed.name, source=self.source, sort_name=entry.name, known=known)
            if person is not None:
                self.persons[entry.key] = person.pk
                as_listed = re.sub(r"\s*\([^()]*\)", "", entry.name).strip()
                self._variants(person, (as_listed, *listed.variants))
        self._describe([e for e in persons if e.key in self.persons])
        self._load_terms(terms)

    def _variants(self, person: Person, variants: tuple[str, ...]) -> None:
        """The name as listed, and other spellings it gives in parentheses ("Choe Kyu-ha
        (Ch'oe Kyu-ha)"), beside the display name."""
        for text in variants:
            Name.objects.get_or_create(
                person=person, text=text, defaults={"key": key_string(text), "source": self.source}
            )

    def _describe(self, persons: list[PersonEntry]) -> None:
        """Each volume's role description of a person, kept as evidence (updated in place)."""
        stored = {
            d.source_key: d for d in PersonDescription.objects.filter(collection=self.collection)
        }
        new = []
        for entry in persons:
            found = stored.get(entry.key)
            if found is None:
                new.append(
                    PersonDescription(
                        person_id=self.persons[entry.key],
                        collection=self.collection,
                        source_key=entry.key,
                        text=entry.description,
                    )
                )
            elif (found.person_id, found.text) != (self.persons[entry.key], entry.description):
                found.person_id, found.text = self.persons[entry.key], entry.description
                found.save(update_fields=["person", "text"])
        for row in new:
            check_lengths(row)  # bulk_create sends no pre_save
        PersonDescription.objects.bulk_create(new)

    def _load_terms(self, terms: list[TermEntry]) -> None:
        stored = {t.source_key: t for t in Term.objects.filter(collection=self.collection)}
        new = [
            Term(
                collection=self.collection,
                source_key=e.key,
                abbreviation=e.term,
                expansion=e.expansion,
            )
            for e in terms
            if e.key not in stored
        ]
        for entry in terms:
            found = stored.get(entry.key)
            if found and (found.abbreviation, found.expansion) != (entry.term, entry.expansion):
                found.abbreviation, found.expansion = entry.term, entry.expansion
                found.save(update_fields=["abbreviation", "expansion"])
        for row in new:
            check_lengths(row)
        Term.objects.bulk_create(new)
        for term in Term.objects.filter(collection=self.collection).only("source_key"):
            self.terms[term.source_key] = term.pk

    def mention(self, kind: str, key: str) -> tuple[int | None, int | None]:
        if kind == "person":
            return self.persons.get(key), None
        if kind == "term":
            return None, self.terms.get(key)
        return None, None

    def person_named(self, name: str, key: str = "", *, create: bool = True) -> int | None:
        """A speaker is a person of record (created if new); an unlinked participant is only
        looked up here, and left to enrichment when unknown."""
        if key in self.persons:
            return self.persons[key]
        parsed = parse_label(name)  # "Comrade Enver Hoxha" stands for Enver Hoxha
        bare = parsed[1] if parsed else name.strip()
        if not bare:
            return None
        # "Rusk", "Mr. Vance", "JFK", "The President", "CIA Director Helms" name nobody out of
        # context: enrichment reads them in their document and sets the speaker then.
        create = create and parsed is not None and _full_name(bare)
        if (bare, create) not in self.by_name:
            if create:
                person = person_for(bare, source=self.source)
                found = person.pk if person else None
            else:
                key = key_string(bare)
                person = Person.objects.filter(key=key, merged_into=None).first() if key else None
                found = person.pk if person else None
            self.by_name[(bare, create)] = found
        return self.by_name[(bare, create)]


def _full_name(name: str) -> bool:
    """Two words or more and none a title or an office's ("Director")."""
    words = [w.strip(".,").lower() for w in name.split()]
    return len(words) > 1 and not any(w in TITLES for w in words)
